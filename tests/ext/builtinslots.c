/* builtinslots.c — test extension `builtinslots`: calls the builtin types' own C slots directly (PyLong_Type.tp_hash, Py_TYPE(o)->tp_as_number->nb_add ...) and lists which they fill. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <string.h>

/* Where a slot lives: in the type object or one of its suites. */
enum suite { TP, NB, SQ, MP };

/* How a slot is called: its C signature. */
enum kind {
    K_UNARY,    /* unaryfunc, reprfunc, getiterfunc, iternextfunc */
    K_BINARY,   /* binaryfunc, getattrofunc */
    K_TERNARY,  /* ternaryfunc: nb_power, tp_call */
    K_HASH,     /* hashfunc */
    K_COMPARE,  /* richcmpfunc */
    K_LEN,      /* lenfunc */
    K_INQUIRY,  /* inquiry: nb_bool */
    K_OBJOBJ,   /* objobjproc: sq_contains */
    K_SSIZE,    /* ssizeargfunc: sq_item, sq_repeat, sq_inplace_repeat */
    K_SSIZEOBJ, /* ssizeobjargproc: sq_ass_item */
    K_OBJOBJARG /* objobjargproc, setattrofunc */
};

static const struct slot {
    const char *name;
    enum suite suite;
    size_t offset;
    enum kind kind;
} slots[] = {
#define TPS(f, k) {#f, TP, offsetof(PyTypeObject, f), k},
#define NBS(f, k) {#f, NB, offsetof(PyNumberMethods, f), k},
#define SQS(f, k) {#f, SQ, offsetof(PySequenceMethods, f), k},
#define MPS(f, k) {#f, MP, offsetof(PyMappingMethods, f), k},
    TPS(tp_repr, K_UNARY) TPS(tp_hash, K_HASH) TPS(tp_call, K_TERNARY) TPS(tp_str, K_UNARY)
    TPS(tp_getattro, K_BINARY) TPS(tp_setattro, K_OBJOBJARG) TPS(tp_richcompare, K_COMPARE)
    TPS(tp_iter, K_UNARY) TPS(tp_iternext, K_UNARY)
    NBS(nb_add, K_BINARY) NBS(nb_subtract, K_BINARY) NBS(nb_multiply, K_BINARY)
    NBS(nb_remainder, K_BINARY) NBS(nb_divmod, K_BINARY) NBS(nb_power, K_TERNARY)
    NBS(nb_negative, K_UNARY) NBS(nb_positive, K_UNARY) NBS(nb_absolute, K_UNARY)
    NBS(nb_bool, K_INQUIRY) NBS(nb_invert, K_UNARY) NBS(nb_lshift, K_BINARY)
    NBS(nb_rshift, K_BINARY) NBS(nb_and, K_BINARY) NBS(nb_xor, K_BINARY) NBS(nb_or, K_BINARY)
    NBS(nb_int, K_UNARY) NBS(nb_float, K_UNARY)
    NBS(nb_inplace_add, K_BINARY) NBS(nb_inplace_subtract, K_BINARY)
    NBS(nb_inplace_multiply, K_BINARY) NBS(nb_inplace_remainder, K_BINARY)
    NBS(nb_inplace_power, K_TERNARY) NBS(nb_inplace_lshift, K_BINARY)
    NBS(nb_inplace_rshift, K_BINARY) NBS(nb_inplace_and, K_BINARY)
    NBS(nb_inplace_xor, K_BINARY) NBS(nb_inplace_or, K_BINARY)
    NBS(nb_floor_divide, K_BINARY) NBS(nb_true_divide, K_BINARY)
    NBS(nb_inplace_floor_divide, K_BINARY) NBS(nb_inplace_true_divide, K_BINARY)
    NBS(nb_index, K_UNARY) NBS(nb_matrix_multiply, K_BINARY)
    NBS(nb_inplace_matrix_multiply, K_BINARY)
    SQS(sq_length, K_LEN) SQS(sq_concat, K_BINARY) SQS(sq_repeat, K_SSIZE)
    SQS(sq_item, K_SSIZE) SQS(sq_ass_item, K_SSIZEOBJ) SQS(sq_contains, K_OBJOBJ)
    SQS(sq_inplace_concat, K_BINARY) SQS(sq_inplace_repeat, K_SSIZE)
    MPS(mp_length, K_LEN) MPS(mp_subscript, K_BINARY) MPS(mp_ass_subscript, K_OBJOBJARG)
#undef TPS
#undef NBS
#undef SQS
#undef MPS
};

static const char *const suite_names[] = {NULL, "tp_as_number", "tp_as_sequence", "tp_as_mapping"};

/* `NULL` of this module: passed as an argument it is a NULL pointer, and a slot that
   returns NULL without an error (tp_iternext when exhausted) returns it. */
static PyObject *null_marker;

static void *suite_of(PyTypeObject *t, enum suite s)
{
    switch (s) {
    case TP:
        return t;
    case NB:
        return t->tp_as_number;
    case SQ:
        return t->tp_as_sequence;
    case MP:
        return t->tp_as_mapping;
    }
    return NULL;
}

/* The slot `name` of type `t`: *fn is NULL when the type leaves it empty. */
static const struct slot *find_slot(PyTypeObject *t, const char *name, void **fn)
{
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        if (strcmp(slots[i].name, name) != 0)
            continue;
        char *suite = suite_of(t, slots[i].suite);
        *fn = suite ? *(void **)(suite + slots[i].offset) : NULL;
        return &slots[i];
    }
    PyErr_Format(PyExc_ValueError, "no slot named %s", name);
    return NULL;
}

static PyTypeObject *type_arg(PyObject *o)
{
    if (!PyType_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "a type is required");
        return NULL;
    }
    return (PyTypeObject *)o;
}

static int append_name(PyObject *list, const char *name)
{
    PyObject *n = PyUnicode_FromString(name);
    int r = n ? PyList_Append(list, n) : -1;
    Py_XDECREF(n);
    return r;
}

/* slots(type): the names of the suites and slots `type` fills, in struct order. */
static PyObject *bs_slots(PyObject *self, PyObject *arg)
{
    PyTypeObject *t = type_arg(arg);
    if (!t)
        return NULL;
    PyObject *r = PyList_New(0);
    for (enum suite s = NB; r && s <= MP; s++)
        if (suite_of(t, s) && append_name(r, suite_names[s]) < 0)
            Py_CLEAR(r);
    for (size_t i = 0; r && i < sizeof slots / sizeof slots[0]; i++) {
        char *suite = suite_of(t, slots[i].suite);
        if (suite && *(void **)(suite + slots[i].offset) && append_name(r, slots[i].name) < 0)
            Py_CLEAR(r);
    }
    if (!r)
        return NULL;
    PyObject *tuple = PyList_AsTuple(r);
    Py_DECREF(r);
    return tuple;
}

/* generic(type): whether its tp_getattro, tp_setattro and tp_hash are CPython's shared
   PyObject_GenericGetAttr, PyObject_GenericSetAttr and PyObject_HashNotImplemented. */
static PyObject *bs_generic(PyObject *self, PyObject *arg)
{
    PyTypeObject *t = type_arg(arg);
    if (!t)
        return NULL;
    return Py_BuildValue("(OOO)", t->tp_getattro == PyObject_GenericGetAttr ? Py_True : Py_False,
                         t->tp_setattro == PyObject_GenericSetAttr ? Py_True : Py_False,
                         t->tp_hash == PyObject_HashNotImplemented ? Py_True : Py_False);
}

/* same(type1, type2, name): whether the two types hold the same function in slot `name`
   (a type inherits or shares it), or both leave it empty. */
static PyObject *bs_same(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    const char *name;
    void *fa, *fb;
    if (!PyArg_ParseTuple(args, "OOs", &a, &b, &name) || !type_arg(a) || !type_arg(b) ||
        !find_slot((PyTypeObject *)a, name, &fa) || !find_slot((PyTypeObject *)b, name, &fb))
        return NULL;
    return PyBool_FromLong(fa == fb);
}

static PyObject *arg(PyObject *args, Py_ssize_t i)
{
    PyObject *o = PyTuple_GET_ITEM(args, i);
    return o == null_marker ? NULL : o;
}

static PyObject *int_result(Py_ssize_t r)
{
    if (r == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(r);
}

static PyObject *object_result(PyObject *r)
{
    if (!r && !PyErr_Occurred())
        return Py_NewRef(null_marker);
    return r;
}

/* call(type, name, *args): calls slot `name` of `type` with `args` (this module's NULL
   for a NULL pointer; an int for a Py_ssize_t or the comparison operator). An int slot's
   result comes back as an int; a slot that returns NULL without an error returns NULL. */
static PyObject *bs_call(PyObject *self, PyObject *args)
{
    static const Py_ssize_t arity[] = {
        [K_UNARY] = 1, [K_BINARY] = 2, [K_TERNARY] = 3, [K_HASH] = 1, [K_COMPARE] = 3,
        [K_LEN] = 1, [K_INQUIRY] = 1, [K_OBJOBJ] = 2, [K_SSIZE] = 2, [K_SSIZEOBJ] = 3,
        [K_OBJOBJARG] = 3,
    };
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 2 || !type_arg(PyTuple_GET_ITEM(args, 0)) || !PyUnicode_Check(PyTuple_GET_ITEM(args, 1))) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "call(type, name, *args)");
        return NULL;
    }
    PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(args, 0);
    void *fn;
    const struct slot *s = find_slot(t, PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 1)), &fn);
    if (!s)
        return NULL;
    if (!fn)
        return PyErr_Format(PyExc_LookupError, "%s has no %s", t->tp_name, s->name);
    if (n - 2 != arity[s->kind])
        return PyErr_Format(PyExc_TypeError, "%s takes %zd arguments", s->name, arity[s->kind]);
    PyObject *a = arg(args, 2), *b = n > 3 ? arg(args, 3) : NULL, *c = n > 4 ? arg(args, 4) : NULL;
    Py_ssize_t i = 0;
    if (s->kind == K_SSIZE || s->kind == K_SSIZEOBJ || s->kind == K_COMPARE) {
        PyObject *ib = s->kind == K_COMPARE ? c : b;
        i = PyLong_AsSsize_t(ib);
        if (i == -1 && PyErr_Occurred())
            return NULL;
    }
    switch (s->kind) {
    case K_UNARY:
        return object_result(((unaryfunc)fn)(a));
    case K_BINARY:
        return object_result(((binaryfunc)fn)(a, b));
    case K_TERNARY:
        return object_result(((ternaryfunc)fn)(a, b, c));
    case K_HASH:
        return int_result(((hashfunc)fn)(a));
    case K_COMPARE:
        return object_result(((richcmpfunc)fn)(a, b, (int)i));
    case K_LEN:
        return int_result(((lenfunc)fn)(a));
    case K_INQUIRY:
        return int_result(((inquiry)fn)(a));
    case K_OBJOBJ:
        return int_result(((objobjproc)fn)(a, b));
    case K_SSIZE:
        return object_result(((ssizeargfunc)fn)(a, i));
    case K_SSIZEOBJ:
        return int_result(((ssizeobjargproc)fn)(a, i, c));
    case K_OBJOBJARG:
        return int_result(((objobjargproc)fn)(a, b, c));
    }
    return NULL;
}

/* hash(o): PyLong_Type.tp_hash-style direct call through Py_TYPE(o)->tp_hash. */
static PyObject *bs_hash(PyObject *self, PyObject *o)
{
    return int_result(Py_TYPE(o)->tp_hash(o));
}

/* add(a, b): Py_TYPE(a)->tp_as_number->nb_add(a, b), the example. */
static PyObject *bs_add(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    return Py_TYPE(a)->tp_as_number->nb_add(a, b);
}

/* drain(iterator): every item through Py_TYPE(it)->tp_iternext, and whether it ended
   without an error. */
static PyObject *bs_drain(PyObject *self, PyObject *it)
{
    PyObject *items = PyList_New(0), *x;
    if (!items)
        return NULL;
    iternextfunc next = Py_TYPE(it)->tp_iternext;
    while ((x = next(it))) {
        int r = PyList_Append(items, x);
        Py_DECREF(x);
        if (r < 0) {
            Py_DECREF(items);
            return NULL;
        }
    }
    if (PyErr_Occurred()) {
        Py_DECREF(items);
        return NULL;
    }
    return items;
}

static PyMethodDef methods[] = {
    {"slots", bs_slots, METH_O, NULL},
    {"generic", bs_generic, METH_O, NULL},
    {"same", bs_same, METH_VARARGS, NULL},
    {"call", bs_call, METH_VARARGS, NULL},
    {"hash", bs_hash, METH_O, NULL},
    {"add", bs_add, METH_VARARGS, NULL},
    {"drain", bs_drain, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "builtinslots",
    "Calls the builtin types' own C slots directly.",
    -1,
    methods,
};

PyMODINIT_FUNC PyInit_builtinslots(void)
{
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    null_marker = PyUnicode_FromString("<NULL>");
    if (!null_marker || PyModule_AddObjectRef(m, "NULL", null_marker) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

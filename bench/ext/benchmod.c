/* benchmod.c — the benchmark extension: one source, built against Ferry, CPython and PyPy. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Every function does as little as its row asks, so what is measured is the crossing. */

static PyObject *noargs(PyObject *self, PyObject *unused)
{
    Py_RETURN_NONE;
}

static PyObject *onearg(PyObject *self, PyObject *arg)
{
    Py_RETURN_NONE;
}

static PyObject *varargs(PyObject *self, PyObject *args)
{
    if (PyTuple_GET_SIZE(args) != 3) {
        PyErr_SetString(PyExc_TypeError, "varargs() takes 3 arguments");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *kwargs(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"a", "b", NULL};
    PyObject *a, *b = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:kwargs", kwlist, &a, &b))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *fastcall(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "fastcall() takes 3 arguments");
        return NULL;
    }
    Py_RETURN_NONE;
}

/* 1,000,000 is outside every small-int cache (CPython's ends at 256, PyPy boxes all). */
static PyObject *allocate_int(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(1000000);
}

static PyObject *allocate_tuple(PyObject *self, PyObject *unused)
{
    PyObject *t = PyTuple_New(2);
    if (!t)
        return NULL;
    PyObject *a = PyLong_FromLong(1000000), *b = PyLong_FromLong(2000000);
    if (!a || !b) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(t);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, b);
    return t;
}

/* The sum of a list of ints through borrowed references, as extensions read lists. */
static PyObject *list_sum(PyObject *self, PyObject *list)
{
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "list_sum() wants a list");
        return NULL;
    }
    long sum = 0;
    Py_ssize_t n = PyList_Size(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PyList_GetItem(list, i));
        if (v == -1 && PyErr_Occurred())
            return NULL;
        sum += v;
    }
    return PyLong_FromLong(sum);
}

static PyObject *parse_ii(PyObject *self, PyObject *args)
{
    int a, b;
    if (!PyArg_ParseTuple(args, "ii:parse_ii", &a, &b))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *float_roundtrip(PyObject *self, PyObject *arg)
{
    double d = PyFloat_AsDouble(arg);
    if (d == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(d);
}

static PyObject *str_roundtrip(PyObject *self, PyObject *arg)
{
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    if (!s)
        return NULL;
    return PyUnicode_FromStringAndSize(s, n);
}

/* The floor: a trivial C function with external linkage, for FFI calls and plain
   function pointers (dlsym finds it in the built module). */
PyMODINIT_FUNC PyInit_benchmod(void);
long benchmod_floor(long x);
long benchmod_floor(long x)
{
    return x + 1;
}

static PyMethodDef module_methods[] = {
    {"noargs", noargs, METH_NOARGS, NULL},
    {"onearg", onearg, METH_O, NULL},
    {"varargs", varargs, METH_VARARGS, NULL},
    {"kwargs", (PyCFunction)(void (*)(void))kwargs, METH_VARARGS | METH_KEYWORDS, NULL},
    {"fastcall", (PyCFunction)(void (*)(void))fastcall, METH_FASTCALL, NULL},
    {"allocate_int", allocate_int, METH_NOARGS, NULL},
    {"allocate_tuple", allocate_tuple, METH_NOARGS, NULL},
    {"list_sum", list_sum, METH_O, NULL},
    {"parse_ii", parse_ii, METH_VARARGS, NULL},
    {"float_roundtrip", float_roundtrip, METH_O, NULL},
    {"str_roundtrip", str_roundtrip, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* Obj: an extension type with the same calls as methods, and a 3-item sequence. */
typedef struct {
    PyObject_HEAD
    PyObject *items[3];
} ObjObject;

static PyObject *obj_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    ObjObject *self = (ObjObject *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    for (int i = 0; i < 3; i++)
        if (!(self->items[i] = PyLong_FromLong(i))) {
            Py_DECREF(self);
            return NULL;
        }
    return (PyObject *)self;
}

static void obj_dealloc(PyObject *self)
{
    ObjObject *o = (ObjObject *)self;
    for (int i = 0; i < 3; i++)
        Py_XDECREF(o->items[i]);
    Py_TYPE(self)->tp_free(self);
}

static Py_ssize_t obj_len(PyObject *self)
{
    return 3;
}

static PyObject *obj_item(PyObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "Obj index out of range");
        return NULL;
    }
    PyObject *item = ((ObjObject *)self)->items[i];
    Py_INCREF(item);
    return item;
}

static PyMethodDef obj_methods[] = {
    {"noargs", noargs, METH_NOARGS, NULL},
    {"onearg", onearg, METH_O, NULL},
    {"varargs", varargs, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods obj_as_sequence = {
    .sq_length = obj_len,
    .sq_item = obj_item,
};

static PyTypeObject ObjType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "benchmod.Obj",
    .tp_basicsize = sizeof(ObjObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = obj_new,
    .tp_dealloc = obj_dealloc,
    .tp_as_sequence = &obj_as_sequence,
    .tp_methods = obj_methods,
};

static struct PyModuleDef benchmod_def = {
    PyModuleDef_HEAD_INIT, "benchmod", "The cpyext microbenchmark extension.", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit_benchmod(void)
{
    if (PyType_Ready(&ObjType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&benchmod_def);
    if (!m)
        return NULL;
    Py_INCREF(&ObjType);
    if (PyModule_AddObject(m, "Obj", (PyObject *)&ObjType) < 0) {
        Py_DECREF(&ObjType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

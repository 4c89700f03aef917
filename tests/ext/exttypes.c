/* exttypes.c — test extension `exttypes`: static PyTypeObjects readied with PyType_Ready, one or more per slot family. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>

/*
 * The types, each named for what it exercises (capi_exttypes.lines walks them in order):
 *   Point     tp_new/init/alloc/dealloc/free (a live-instance counter, `live()`), repr,
 *             str, hash, richcompare, call, every METH_* kind, METH_CLASS, METH_STATIC,
 *             __reduce__, T_LONG members, getsets (getter only, getter+setter, closure)
 *   Point3    "exttypes.sub.Point3", a subclass of Point: overrides init, repr and one
 *             method, inherits the rest
 *   Nodot     a tp_name without a dot, and a tp_doc with a signature line
 *   Countdown an iterable whose iterator type (tp_iter + tp_iternext) is defined in C
 *   Num       the number slots
 *   Vec       the sequence slots only (negative indexes come adjusted by the length)
 *   Table     the mapping slots (ints and slices), over a list
 *   Buf       bf_getbuffer/bf_releasebuffer
 *   Open      tp_dictoffset (with a `__dict__` getset), tp_weaklistoffset,
 *             PyObject_GenericGetAttr/GenericSetAttr
 *   Attr      a custom tp_getattro/tp_setattro in front of the generic ones (an instance
 *             dict, but no `__dict__` attribute)
 *   Descr, NonData, Holder   a data and a non-data descriptor type, as class attributes
 *   Caller    tp_vectorcall_offset
 *   Members   one member of every T_* type, and READONLY
 *   MyList, MyDict, MyInt, MyError   subclasses of list, dict, int and Exception
 */

/* 1 if a constructor got no keyword arguments, else 0 with CPython's TypeError. */
static int no_keywords(const char *name, PyObject *kwds)
{
    if (kwds && PyDict_GET_SIZE(kwds)) {
        PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", name);
        return 0;
    }
    return 1;
}

/* ---- Point ------------------------------------------------------------------------------------ */

static long live; /* Point and Point3 instances not yet deallocated */

typedef struct {
    PyObject_HEAD
    long x, y;
} PointObject;

static PyTypeObject PointType;
#define Point_Check(o) PyObject_TypeCheck(o, &PointType)

static PyObject *Point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PointObject *self = (PointObject *)type->tp_alloc(type, 0);
    if (self)
        live++;
    return (PyObject *)self;
}

static int Point_init(PointObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    return PyArg_ParseTupleAndKeywords(args, kwds, "|ll:Point", kwlist, &self->x, &self->y) ? 0
                                                                                            : -1;
}

static void Point_dealloc(PyObject *self)
{
    live--;
    Py_TYPE(self)->tp_free(self);
}

static PyObject *Point_repr(PointObject *self)
{
    return PyUnicode_FromFormat("Point(%ld, %ld)", self->x, self->y);
}

static PyObject *Point_str(PointObject *self)
{
    return PyUnicode_FromFormat("(%ld, %ld)", self->x, self->y);
}

static Py_hash_t Point_hash(PointObject *self)
{
    Py_hash_t h = (Py_hash_t)(self->x * 1000003) ^ (Py_hash_t)self->y;
    return h == -1 ? -2 : h;
}

/* Lexicographic on (x, y) between Points (subclasses included); NotImplemented otherwise. */
static PyObject *Point_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!Point_Check(a) || !Point_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    PointObject *p = (PointObject *)a, *q = (PointObject *)b;
    int c = p->x != q->x ? (p->x < q->x ? -1 : 1) : p->y != q->y ? (p->y < q->y ? -1 : 1) : 0;
    Py_RETURN_RICHCOMPARE(c, 0, op);
}

/* p(factor, *, offset=0): a new Point of the same type, scaled and shifted. */
static PyObject *Point_call(PointObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"factor", "offset", NULL};
    long f, off = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "l|$l:Point.__call__", kwlist, &f, &off))
        return NULL;
    return PyObject_CallFunction((PyObject *)Py_TYPE(self), "ll", self->x * f + off,
                                 self->y * f + off);
}

static PyObject *Point_noargs(PointObject *self, PyObject *unused)
{
    return Py_BuildValue("(sl)", "noargs", self->x);
}

static PyObject *Point_one(PointObject *self, PyObject *o)
{
    return Py_BuildValue("(lO)", self->x, o);
}

static PyObject *Point_varargs(PointObject *self, PyObject *args)
{
    return Py_NewRef(args);
}

static PyObject *Point_keywords(PointObject *self, PyObject *args, PyObject *kwds)
{
    return Py_BuildValue("(OO)", args, kwds ? kwds : Py_None);
}

static PyObject *Point_fast(PointObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *t = PyTuple_New(nargs);
    for (Py_ssize_t i = 0; t && i < nargs; i++)
        PyTuple_SET_ITEM(t, i, Py_NewRef(args[i]));
    return t;
}

static PyObject *Point_fastkw(PointObject *self, PyObject *const *args, Py_ssize_t nargs,
                              PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *all = Point_fast(self, args, nargs + nkw);
    if (!all)
        return NULL;
    PyObject *r = Py_BuildValue("(nOO)", nargs, all, kwnames ? kwnames : Py_None);
    Py_DECREF(all);
    return r;
}

/* A class method: cls(0, 0), so a subclass gets one of its own. */
static PyObject *Point_origin(PyTypeObject *cls, PyObject *unused)
{
    return PyObject_CallFunction((PyObject *)cls, "ll", 0L, 0L);
}

/* A static method: the sum of its int arguments. */
static PyObject *Point_total(PyObject *null, PyObject *args)
{
    long s = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(args, i));
        if (v == -1 && PyErr_Occurred())
            return NULL;
        s += v;
    }
    return Py_BuildValue("(Ol)", null ? null : Py_None, s);
}

static PyObject *Point_reduce(PointObject *self, PyObject *unused)
{
    return Py_BuildValue("(O(ll))", (PyObject *)Py_TYPE(self), self->x, self->y);
}

static PyMethodDef Point_methods[] = {
    {"noargs", (PyCFunction)Point_noargs, METH_NOARGS, "noargs() -> ('noargs', x)"},
    {"one", (PyCFunction)Point_one, METH_O, "one(o) -> (x, o)"},
    {"varargs", (PyCFunction)Point_varargs, METH_VARARGS, NULL},
    {"keywords", (PyCFunction)(void (*)(void))Point_keywords, METH_VARARGS | METH_KEYWORDS,
     NULL},
    {"fast", (PyCFunction)(void (*)(void))Point_fast, METH_FASTCALL, NULL},
    {"fastkw", (PyCFunction)(void (*)(void))Point_fastkw, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"origin", (PyCFunction)Point_origin, METH_NOARGS | METH_CLASS, "origin() -> cls(0, 0)"},
    {"total", (PyCFunction)Point_total, METH_VARARGS | METH_STATIC, NULL},
    {"__reduce__", (PyCFunction)Point_reduce, METH_NOARGS, NULL},
    {NULL},
};

static PyMemberDef Point_members[] = {
    {"x", T_LONG, offsetof(PointObject, x), 0, "the x coordinate"},
    {"y", T_LONG, offsetof(PointObject, y), 0, NULL},
    {NULL},
};

static PyObject *Point_get_norm1(PointObject *self, void *closure)
{
    return PyLong_FromLong(labs(self->x) + labs(self->y));
}

static PyObject *Point_get_xy(PointObject *self, void *closure)
{
    return Py_BuildValue("(ll)", self->x, self->y);
}

static int Point_set_xy(PointObject *self, PyObject *value, void *closure)
{
    if (!value) {
        PyErr_SetString(PyExc_TypeError, "cannot delete xy");
        return -1;
    }
    long x, y;
    if (!PyTuple_Check(value) || !PyArg_ParseTuple(value, "ll", &x, &y)) {
        PyErr_Clear();
        PyErr_SetString(PyExc_TypeError, "xy must be a pair of ints");
        return -1;
    }
    self->x = x;
    self->y = y;
    return 0;
}

/* Two getsets sharing a getter and a setter, told apart by their closure. */
static PyObject *Point_get_label(PointObject *self, void *closure)
{
    return PyUnicode_FromString((const char *)closure);
}

static int Point_set_label(PointObject *self, PyObject *value, void *closure)
{
    PyErr_Format(PyExc_ValueError, "label %s is fixed", (const char *)closure);
    return -1;
}

static PyGetSetDef Point_getset[] = {
    {"norm1", (getter)Point_get_norm1, NULL, "|x| + |y|", NULL},
    {"xy", (getter)Point_get_xy, (setter)Point_set_xy, "(x, y)", NULL},
    {"label_a", (getter)Point_get_label, (setter)Point_set_label, NULL, "first label"},
    {"label_b", (getter)Point_get_label, (setter)Point_set_label, NULL, "second label"},
    {NULL},
};

static PyTypeObject PointType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = Point_dealloc,
    .tp_repr = (reprfunc)Point_repr,
    .tp_hash = (hashfunc)Point_hash,
    .tp_call = (ternaryfunc)Point_call,
    .tp_str = (reprfunc)Point_str,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A point in the plane.",
    .tp_richcompare = Point_richcompare,
    .tp_methods = Point_methods,
    .tp_members = Point_members,
    .tp_getset = Point_getset,
    .tp_init = (initproc)Point_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = Point_new,
    .tp_free = PyObject_Del,
};

/* ---- Point3: a subclass of Point ----------------------------------------------------------------- */

typedef struct {
    PointObject point;
    long z;
} Point3Object;

static int Point3_init(Point3Object *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", "z", NULL};
    return PyArg_ParseTupleAndKeywords(args, kwds, "|lll:Point3", kwlist, &self->point.x,
                                       &self->point.y, &self->z)
               ? 0
               : -1;
}

static PyObject *Point3_repr(Point3Object *self)
{
    return PyUnicode_FromFormat("Point3(%ld, %ld, %ld)", self->point.x, self->point.y, self->z);
}

static PyObject *Point3_noargs(Point3Object *self, PyObject *unused)
{
    return Py_BuildValue("(sll)", "noargs3", self->point.x, self->z);
}

static PyObject *Point3_reduce(Point3Object *self, PyObject *unused)
{
    return Py_BuildValue("(O(lll))", (PyObject *)Py_TYPE(self), self->point.x, self->point.y,
                         self->z);
}

static PyMethodDef Point3_methods[] = {
    {"noargs", (PyCFunction)Point3_noargs, METH_NOARGS, NULL},
    {"__reduce__", (PyCFunction)Point3_reduce, METH_NOARGS, NULL},
    {NULL},
};

static PyMemberDef Point3_members[] = {
    {"z", T_LONG, offsetof(Point3Object, z), 0, NULL},
    {NULL},
};

static PyTypeObject Point3Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.sub.Point3",
    .tp_basicsize = sizeof(Point3Object),
    .tp_repr = (reprfunc)Point3_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Point3_methods,
    .tp_members = Point3_members,
    .tp_base = &PointType,
    .tp_init = (initproc)Point3_init,
};

/* ---- Nodot --------------------------------------------------------------------------------------- */

static PyTypeObject NodotType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "Nodot",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Nodot()\n--\n\nA type whose name has no dot.",
    .tp_new = PyType_GenericNew,
};

/* ---- Countdown and its iterator ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    long n;
} CountObject;

static PyTypeObject CountdownType, CountdownIterType;

static PyObject *Countdown_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long n;
    if (!no_keywords("Countdown", kwds) || !PyArg_ParseTuple(args, "l:Countdown", &n))
        return NULL;
    CountObject *self = (CountObject *)type->tp_alloc(type, 0);
    if (self)
        self->n = n;
    return (PyObject *)self;
}

static PyObject *Countdown_iter(CountObject *self)
{
    CountObject *it = PyObject_New(CountObject, &CountdownIterType);
    if (it)
        it->n = self->n;
    return (PyObject *)it;
}

/* n-1, ..., 0, then NULL without an exception: the end of the iteration. */
static PyObject *CountdownIter_next(CountObject *it)
{
    if (it->n <= 0)
        return NULL;
    return PyLong_FromLong(--it->n);
}

static PyTypeObject CountdownType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Countdown",
    .tp_basicsize = sizeof(CountObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = (getiterfunc)Countdown_iter,
    .tp_new = Countdown_new,
};

static PyTypeObject CountdownIterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.CountdownIter",
    .tp_basicsize = sizeof(CountObject),
    .tp_dealloc = (destructor)PyObject_Del,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)CountdownIter_next,
};

/* ---- Num: the number slots ----------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long v;
} NumObject;

static PyTypeObject NumType;

static PyObject *num_make(long v)
{
    NumObject *n = PyObject_New(NumObject, &NumType);
    if (n)
        n->v = v;
    return (PyObject *)n;
}

static PyObject *Num_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v = 0;
    static char *kwlist[] = {"v", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Num", kwlist, &v))
        return NULL;
    return num_make(v);
}

/* 1 with the value of a Num or an exact int, 0 for anything else, -1 on overflow. */
static int num_val(PyObject *o, long *out)
{
    if (Py_IS_TYPE(o, &NumType)) {
        *out = ((NumObject *)o)->v;
        return 1;
    }
    if (!PyLong_CheckExact(o))
        return 0;
    *out = PyLong_AsLong(o);
    return *out == -1 && PyErr_Occurred() ? -1 : 1;
}

#define NUM_BINARY(name, expr)                                                                     \
    static PyObject *Num_##name(PyObject *x, PyObject *y)                                          \
    {                                                                                              \
        long a, b;                                                                                 \
        int ra = num_val(x, &a), rb = ra > 0 ? num_val(y, &b) : 0;                                  \
        if (ra < 0 || rb < 0)                                                                      \
            return NULL;                                                                           \
        if (!ra || !rb)                                                                            \
            Py_RETURN_NOTIMPLEMENTED;                                                              \
        return expr;                                                                               \
    }

static PyObject *zero_division(void)
{
    PyErr_SetString(PyExc_ZeroDivisionError, "Num division by zero");
    return NULL;
}

static long ipow(long a, long b)
{
    long r = 1;
    while (b-- > 0)
        r *= a;
    return r;
}

NUM_BINARY(add, num_make(a + b))
NUM_BINARY(subtract, num_make(a - b))
NUM_BINARY(multiply, num_make(a * b))
NUM_BINARY(remainder, b ? num_make(a % b) : zero_division())
NUM_BINARY(divmod, b ? Py_BuildValue("(NN)", num_make(a / b), num_make(a % b)) : zero_division())
NUM_BINARY(lshift, num_make(a << b))
NUM_BINARY(rshift, num_make(a >> b))
NUM_BINARY(and, num_make(a & b))
NUM_BINARY(xor, num_make(a ^ b))
NUM_BINARY(or, num_make(a | b))
NUM_BINARY(floor_divide, b ? num_make(a / b) : zero_division())
NUM_BINARY(true_divide, b ? PyFloat_FromDouble((double)a / (double)b) : zero_division())
NUM_BINARY(matrix_multiply, Py_BuildValue("(sll)", "matmul", a, b))

/* pow(a, b[, m]) for any mix of Nums and ints; m None for two arguments. */
static PyObject *Num_power(PyObject *x, PyObject *y, PyObject *z)
{
    long a, b, m = 0;
    int ra = num_val(x, &a), rb = ra > 0 ? num_val(y, &b) : 0;
    int rm = z == Py_None ? 1 : rb > 0 ? num_val(z, &m) : 0;
    if (ra < 0 || rb < 0 || rm < 0)
        return NULL;
    if (!ra || !rb || !rm)
        Py_RETURN_NOTIMPLEMENTED;
    if (b < 0) {
        PyErr_SetString(PyExc_ValueError, "Num power must be >= 0");
        return NULL;
    }
    long r = ipow(a, b);
    if (z == Py_None)
        return num_make(r);
    return m ? num_make(r % m) : zero_division();
}

static PyObject *Num_negative(NumObject *self) { return num_make(-self->v); }
static PyObject *Num_positive(NumObject *self) { return num_make(self->v + 1000); }
static PyObject *Num_absolute(NumObject *self) { return num_make(labs(self->v)); }
static PyObject *Num_invert(NumObject *self) { return num_make(~self->v); }
static int Num_bool(NumObject *self) { return self->v != 0; }
static PyObject *Num_int(NumObject *self) { return PyLong_FromLong(self->v); }
static PyObject *Num_float(NumObject *self) { return PyFloat_FromDouble(self->v + 0.5); }
static PyObject *Num_index(NumObject *self) { return PyLong_FromLong(self->v); }

/* In place: Nums are mutable, so += and -= change the left operand and return it. */
static PyObject *Num_inplace(PyObject *self, PyObject *other, int sign)
{
    long b;
    int r = num_val(other, &b);
    if (r < 0)
        return NULL;
    if (!r)
        Py_RETURN_NOTIMPLEMENTED;
    ((NumObject *)self)->v += sign * b;
    return Py_NewRef(self);
}
static PyObject *Num_inplace_add(PyObject *self, PyObject *other)
{
    return Num_inplace(self, other, 1);
}
static PyObject *Num_inplace_subtract(PyObject *self, PyObject *other)
{
    return Num_inplace(self, other, -1);
}

static PyObject *Num_repr(NumObject *self)
{
    return PyUnicode_FromFormat("Num(%ld)", self->v);
}

static PyNumberMethods Num_as_number = {
    .nb_add = Num_add,
    .nb_subtract = Num_subtract,
    .nb_multiply = Num_multiply,
    .nb_remainder = Num_remainder,
    .nb_divmod = Num_divmod,
    .nb_power = Num_power,
    .nb_negative = (unaryfunc)Num_negative,
    .nb_positive = (unaryfunc)Num_positive,
    .nb_absolute = (unaryfunc)Num_absolute,
    .nb_bool = (inquiry)Num_bool,
    .nb_invert = (unaryfunc)Num_invert,
    .nb_lshift = Num_lshift,
    .nb_rshift = Num_rshift,
    .nb_and = Num_and,
    .nb_xor = Num_xor,
    .nb_or = Num_or,
    .nb_int = (unaryfunc)Num_int,
    .nb_float = (unaryfunc)Num_float,
    .nb_inplace_add = Num_inplace_add,
    .nb_inplace_subtract = Num_inplace_subtract,
    .nb_floor_divide = Num_floor_divide,
    .nb_true_divide = Num_true_divide,
    .nb_index = (unaryfunc)Num_index,
    .nb_matrix_multiply = Num_matrix_multiply,
};

static PyMemberDef Num_members[] = {
    {"v", T_LONG, offsetof(NumObject, v), READONLY, NULL},
    {NULL},
};

static PyTypeObject NumType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Num",
    .tp_basicsize = sizeof(NumObject),
    .tp_dealloc = (destructor)PyObject_Del,
    .tp_repr = (reprfunc)Num_repr,
    .tp_as_number = &Num_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = Num_members,
    .tp_new = Num_new,
};

/* ---- Vec: the sequence slots --------------------------------------------------------------------- */

#define VEC_MAX 64

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
    long items[VEC_MAX];
} VecObject;

static PyTypeObject VecType;

static VecObject *vec_make(Py_ssize_t n)
{
    if (n > VEC_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Vec too long");
        return NULL;
    }
    VecObject *v = PyObject_New(VecObject, &VecType);
    if (v)
        v->n = n < 0 ? 0 : n;
    return v;
}

static PyObject *Vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (!no_keywords("Vec", kwds))
        return NULL;
    VecObject *v = vec_make(PyTuple_GET_SIZE(args));
    for (Py_ssize_t i = 0; v && i < v->n; i++) {
        v->items[i] = PyLong_AsLong(PyTuple_GET_ITEM(args, i));
        if (v->items[i] == -1 && PyErr_Occurred())
            Py_CLEAR(v);
    }
    return (PyObject *)v;
}

static PyObject *Vec_repr(VecObject *v)
{
    PyObject *list = PyList_New(v->n);
    for (Py_ssize_t i = 0; list && i < v->n; i++)
        PyList_SET_ITEM(list, i, PyLong_FromLong(v->items[i]));
    if (!list)
        return NULL;
    PyObject *r = PyUnicode_FromFormat("Vec%R", list);
    Py_DECREF(list);
    return r;
}

static Py_ssize_t Vec_length(VecObject *v) { return v->n; }

/* `i` arrives with the length already added when it was negative. */
static PyObject *Vec_item(VecObject *v, Py_ssize_t i)
{
    if (i < 0 || i >= v->n) {
        PyErr_Format(PyExc_IndexError, "Vec index %zd out of range", i);
        return NULL;
    }
    return PyLong_FromLong(v->items[i]);
}

static int Vec_ass_item(VecObject *v, Py_ssize_t i, PyObject *value)
{
    if (i < 0 || i >= v->n) {
        PyErr_Format(PyExc_IndexError, "Vec assignment index %zd out of range", i);
        return -1;
    }
    if (!value) {
        PyErr_SetString(PyExc_TypeError, "Vec items cannot be deleted");
        return -1;
    }
    long x = PyLong_AsLong(value);
    if (x == -1 && PyErr_Occurred())
        return -1;
    v->items[i] = x;
    return 0;
}

static int Vec_contains(VecObject *v, PyObject *o)
{
    if (!PyLong_Check(o))
        return 0;
    long x = PyLong_AsLong(o);
    if (x == -1 && PyErr_Occurred())
        return -1;
    for (Py_ssize_t i = 0; i < v->n; i++)
        if (v->items[i] == x)
            return 1;
    return 0;
}

static PyObject *Vec_concat(VecObject *v, PyObject *o)
{
    if (!Py_IS_TYPE(o, &VecType)) {
        PyErr_Format(PyExc_TypeError, "can only concatenate Vec (not \"%s\") to Vec",
                     Py_TYPE(o)->tp_name);
        return NULL;
    }
    VecObject *w = (VecObject *)o, *r = vec_make(v->n + w->n);
    if (r) {
        memcpy(r->items, v->items, v->n * sizeof(long));
        memcpy(r->items + v->n, w->items, w->n * sizeof(long));
    }
    return (PyObject *)r;
}

static PyObject *Vec_repeat(VecObject *v, Py_ssize_t k)
{
    VecObject *r = vec_make(k > 0 ? v->n * k : 0);
    for (Py_ssize_t i = 0; r && i < r->n; i++)
        r->items[i] = v->items[i % v->n];
    return (PyObject *)r;
}

static PySequenceMethods Vec_as_sequence = {
    .sq_length = (lenfunc)Vec_length,
    .sq_concat = (binaryfunc)Vec_concat,
    .sq_repeat = (ssizeargfunc)Vec_repeat,
    .sq_item = (ssizeargfunc)Vec_item,
    .sq_ass_item = (ssizeobjargproc)Vec_ass_item,
    .sq_contains = (objobjproc)Vec_contains,
};

static PyTypeObject VecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Vec",
    .tp_basicsize = sizeof(VecObject),
    .tp_dealloc = (destructor)PyObject_Del,
    .tp_repr = (reprfunc)Vec_repr,
    .tp_as_sequence = &Vec_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Vec_new,
};

/* ---- Table: the mapping slots -------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *list;
} TableObject;

static PyObject *Table_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (!no_keywords("Table", kwds))
        return NULL;
    TableObject *t = (TableObject *)type->tp_alloc(type, 0);
    if (t && !(t->list = PySequence_List(args)))
        Py_CLEAR(t);
    return (PyObject *)t;
}

static void Table_dealloc(TableObject *t)
{
    Py_XDECREF(t->list);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static Py_ssize_t Table_length(TableObject *t) { return PyList_GET_SIZE(t->list); }

/* Ints (negative ones counted from the end, here) and slices; anything else is refused. */
static PyObject *Table_subscript(TableObject *t, PyObject *key)
{
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t n = PySlice_AdjustIndices(PyList_GET_SIZE(t->list), &start, &stop, step);
        PyObject *r = PyList_New(n);
        for (Py_ssize_t i = 0, j = start; r && i < n; i++, j += step)
            PyList_SET_ITEM(r, i, Py_NewRef(PyList_GET_ITEM(t->list, j)));
        return r;
    }
    if (!PyLong_Check(key)) {
        PyErr_Format(PyExc_TypeError, "Table indices must be integers or slices, not %s",
                     Py_TYPE(key)->tp_name);
        return NULL;
    }
    Py_ssize_t i = PyLong_AsSsize_t(key);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    if (i < 0)
        i += PyList_GET_SIZE(t->list);
    if (i < 0 || i >= PyList_GET_SIZE(t->list)) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return Py_NewRef(PyList_GET_ITEM(t->list, i));
}

/* Assignment and deletion (value NULL), handed to the list once the key is checked. */
static int Table_ass_subscript(TableObject *t, PyObject *key, PyObject *value)
{
    if (!PyLong_Check(key) && !PySlice_Check(key)) {
        PyErr_Format(PyExc_TypeError, "Table indices must be integers or slices, not %s",
                     Py_TYPE(key)->tp_name);
        return -1;
    }
    return value ? PyObject_SetItem(t->list, key, value) : PyObject_DelItem(t->list, key);
}

static PyMappingMethods Table_as_mapping = {
    .mp_length = (lenfunc)Table_length,
    .mp_subscript = (binaryfunc)Table_subscript,
    .mp_ass_subscript = (objobjargproc)Table_ass_subscript,
};

static PyObject *Table_repr(TableObject *t)
{
    return PyUnicode_FromFormat("Table(%R)", t->list);
}

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Table",
    .tp_basicsize = sizeof(TableObject),
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_repr = (reprfunc)Table_repr,
    .tp_as_mapping = &Table_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Table_new,
};

/* ---- Buf: the buffer slots ----------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    char data[8];
    Py_ssize_t exports;
} BufObject;

static PyObject *Buf_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    const char *s = "";
    Py_ssize_t n = 0;
    if (!no_keywords("Buf", kwds) || !PyArg_ParseTuple(args, "|y#:Buf", &s, &n))
        return NULL;
    BufObject *b = (BufObject *)type->tp_alloc(type, 0);
    if (b)
        memcpy(b->data, s, n < 8 ? n : 8);
    return (PyObject *)b;
}

static int Buf_getbuffer(BufObject *self, Py_buffer *view, int flags)
{
    if (PyBuffer_FillInfo(view, (PyObject *)self, self->data, sizeof self->data, 0, flags) < 0)
        return -1;
    self->exports++;
    return 0;
}

static void Buf_releasebuffer(BufObject *self, Py_buffer *view)
{
    self->exports--;
}

static PyBufferProcs Buf_as_buffer = {
    .bf_getbuffer = (getbufferproc)Buf_getbuffer,
    .bf_releasebuffer = (releasebufferproc)Buf_releasebuffer,
};

static PyMemberDef Buf_members[] = {
    {"exports", T_PYSSIZET, offsetof(BufObject, exports), READONLY, NULL},
    {NULL},
};

static PyTypeObject BufType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Buf",
    .tp_basicsize = sizeof(BufObject),
    .tp_as_buffer = &Buf_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = Buf_members,
    .tp_new = Buf_new,
};

/* ---- Open: an instance dict and weak references -------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weakrefs;
    long tag;
} OpenObject;

static void Open_dealloc(OpenObject *self)
{
    if (self->weakrefs)
        PyObject_ClearWeakRefs((PyObject *)self);
    Py_XDECREF(self->dict);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef Open_members[] = {
    {"tag", T_LONG, offsetof(OpenObject, tag), 0, NULL},
    {NULL},
};

/* A C type with tp_dictoffset has no `__dict__` attribute unless it defines one. */
static PyGetSetDef Open_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};

static PyTypeObject OpenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Open",
    .tp_basicsize = sizeof(OpenObject),
    .tp_dealloc = (destructor)Open_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_setattro = PyObject_GenericSetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_weaklistoffset = offsetof(OpenObject, weakrefs),
    .tp_members = Open_members,
    .tp_getset = Open_getset,
    .tp_dictoffset = offsetof(OpenObject, dict),
    .tp_new = PyType_GenericNew,
};

/* ---- Attr: custom getattro and setattro ---------------------------------------------------------- */

/* "dyn_NAME" reads as "dynamic NAME"; "ro_NAME" cannot be set or deleted; the rest is generic. */
static PyObject *Attr_getattro(PyObject *self, PyObject *name)
{
    const char *s = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (s && strncmp(s, "dyn_", 4) == 0)
        return PyUnicode_FromFormat("dynamic %s", s + 4);
    return PyObject_GenericGetAttr(self, name);
}

static int Attr_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    const char *s = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (s && strncmp(s, "ro_", 3) == 0) {
        PyErr_Format(PyExc_AttributeError, "'%s' is read-only (%s)", s,
                     value ? "set" : "delete");
        return -1;
    }
    return PyObject_GenericSetAttr(self, name, value);
}

static PyTypeObject AttrType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Attr",
    .tp_basicsize = sizeof(OpenObject),
    .tp_dealloc = (destructor)Open_dealloc,
    .tp_getattro = Attr_getattro,
    .tp_setattro = Attr_setattro,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = Open_members,
    .tp_dictoffset = offsetof(OpenObject, dict),
    .tp_new = PyType_GenericNew,
};

/* ---- Descr, NonData and Holder: descriptors ------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *value; /* what the data descriptor holds (shared by every instance) */
} DescrObject;

static void Descr_dealloc(DescrObject *self)
{
    Py_XDECREF(self->value);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ("get", through an instance?, owner, value) */
static PyObject *Descr_get(DescrObject *self, PyObject *obj, PyObject *type)
{
    return Py_BuildValue("(sOOO)", "get", obj && obj != Py_None ? Py_True : Py_False,
                         type ? type : Py_None, self->value ? self->value : Py_None);
}

static int Descr_set(DescrObject *self, PyObject *obj, PyObject *value)
{
    if (!value && !self->value) {
        PyErr_SetString(PyExc_AttributeError, "Descr holds nothing to delete");
        return -1;
    }
    Py_XSETREF(self->value, Py_XNewRef(value));
    return 0;
}

static PyTypeObject DescrType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Descr",
    .tp_basicsize = sizeof(DescrObject),
    .tp_dealloc = (destructor)Descr_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_descr_get = (descrgetfunc)Descr_get,
    .tp_descr_set = (descrsetfunc)Descr_set,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject NonDataType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.NonData",
    .tp_basicsize = sizeof(DescrObject),
    .tp_dealloc = (destructor)Descr_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_descr_get = (descrgetfunc)Descr_get,
    .tp_new = PyType_GenericNew,
};

/* Holder's dict gets a Descr as `data` and a NonData as `nondata` at module init. */
static PyTypeObject HolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Holder",
    .tp_basicsize = sizeof(OpenObject),
    .tp_dealloc = (destructor)Open_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_getset = Open_getset,
    .tp_dictoffset = offsetof(OpenObject, dict),
    .tp_new = PyType_GenericNew,
};

/* ---- Caller: vectorcall through tp_vectorcall_offset --------------------------------------------- */

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
} CallerObject;

static PyObject *Caller_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                                   PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *all = PyTuple_New(nargs + nkw);
    for (Py_ssize_t i = 0; all && i < nargs + nkw; i++)
        PyTuple_SET_ITEM(all, i, Py_NewRef(args[i]));
    if (!all)
        return NULL;
    return Py_BuildValue("(snNO)", "vectorcall", nargs, all, kwnames ? kwnames : Py_None);
}

static PyObject *Caller_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CallerObject *c = (CallerObject *)PyType_GenericNew(type, args, kwds);
    if (c)
        c->vectorcall = Caller_vectorcall;
    return (PyObject *)c;
}

static PyTypeObject CallerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Caller",
    .tp_basicsize = sizeof(CallerObject),
    .tp_vectorcall_offset = offsetof(CallerObject, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = Caller_new,
};

/* ---- Members: every T_* type ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    short s;
    int i;
    long l;
    float f;
    double d;
    const char *str;
    PyObject *obj;
    PyObject *objex;
    char c;
    signed char b;
    unsigned char ub;
    unsigned int ui;
    unsigned short us;
    unsigned long ul;
    char flag;
    long long ll;
    unsigned long long ull;
    Py_ssize_t ssize;
    int ro;
} MembersObject;

static PyObject *Members_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    MembersObject *m = (MembersObject *)PyType_GenericNew(type, args, kwds);
    if (m) {
        m->str = "a C string";
        m->c = 'c';
        m->ro = 7;
    }
    return (PyObject *)m;
}

static void Members_dealloc(MembersObject *m)
{
    Py_XDECREF(m->obj);
    Py_XDECREF(m->objex);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

#define M(name, type, field, flags) {name, type, offsetof(MembersObject, field), flags, NULL}
static PyMemberDef Members_members[] = {
    M("short", T_SHORT, s, 0),
    M("int", T_INT, i, 0),
    M("long", T_LONG, l, 0),
    M("float", T_FLOAT, f, 0),
    M("double", T_DOUBLE, d, 0),
    M("string", T_STRING, str, 0),
    M("object", T_OBJECT, obj, 0),
    M("object_ex", T_OBJECT_EX, objex, 0),
    M("char", T_CHAR, c, 0),
    M("byte", T_BYTE, b, 0),
    M("ubyte", T_UBYTE, ub, 0),
    M("uint", T_UINT, ui, 0),
    M("ushort", T_USHORT, us, 0),
    M("ulong", T_ULONG, ul, 0),
    M("bool", T_BOOL, flag, 0),
    M("longlong", T_LONGLONG, ll, 0),
    M("ulonglong", T_ULONGLONG, ull, 0),
    M("pyssizet", T_PYSSIZET, ssize, 0),
    M("none", T_NONE, s, 0),
    M("readonly", T_INT, ro, READONLY),
    {"documented", T_INT, offsetof(MembersObject, i), READONLY, "an int, documented"},
    {NULL},
};

static PyTypeObject MembersType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.Members",
    .tp_basicsize = sizeof(MembersObject),
    .tp_dealloc = (destructor)Members_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = Members_members,
    .tp_new = Members_new,
};

/* ---- MyList: a list with a C field, init through PyList_Type.tp_init ----------------------------- */

typedef struct {
    PyListObject list;
    int tag;
} MyListObject;

static int MyList_init(MyListObject *self, PyObject *args, PyObject *kwds)
{
    if (PyList_Type.tp_init((PyObject *)self, args, kwds) < 0)
        return -1;
    self->tag = (int)PyList_GET_SIZE(self);
    return 0;
}

/* The sum of the items read the C way: PyList_GET_SIZE and PyList_GET_ITEM on the subclass. */
static PyObject *MyList_total(PyObject *self, PyObject *unused)
{
    PyObject *sum = PyLong_FromLong(0);
    for (Py_ssize_t i = 0; sum && i < PyList_GET_SIZE(self); i++)
        Py_SETREF(sum, PyNumber_Add(sum, PyList_GET_ITEM(self, i)));
    return sum;
}

static PyMethodDef MyList_methods[] = {
    {"total", MyList_total, METH_NOARGS, NULL},
    {NULL},
};

static PyMemberDef MyList_members[] = {
    {"tag", T_INT, offsetof(MyListObject, tag), 0, NULL},
    {NULL},
};

static PyTypeObject MyListType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.MyList",
    .tp_basicsize = sizeof(MyListObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = MyList_methods,
    .tp_members = MyList_members,
    .tp_init = (initproc)MyList_init,
};

/* ---- MyDict: tp_new through PyDict_Type.tp_new, one mapping slot overridden ---------------------- */

typedef struct {
    PyDictObject dict;
    long hits;
} MyDictObject;

static PyObject *MyDict_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *self = PyDict_Type.tp_new(type, args, kwds);
    if (self)
        ((MyDictObject *)self)->hits = 100;
    return self;
}

/* d[k] counts, then is dict's; len() and assignment stay dict's (inherited slot by slot). */
static PyObject *MyDict_subscript(PyObject *self, PyObject *key)
{
    ((MyDictObject *)self)->hits++;
    return PyDict_Type.tp_as_mapping->mp_subscript(self, key);
}

static PyMappingMethods MyDict_as_mapping = {
    .mp_subscript = MyDict_subscript,
};

static PyMemberDef MyDict_members[] = {
    {"hits", T_LONG, offsetof(MyDictObject, hits), READONLY, NULL},
    {NULL},
};

static PyTypeObject MyDictType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.MyDict",
    .tp_basicsize = sizeof(MyDictObject),
    .tp_as_mapping = &MyDict_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_members = MyDict_members,
    .tp_new = MyDict_new,
};

/* ---- MyInt: an int subclass with its own repr and a method -------------------------------------- */

static PyObject *MyInt_repr(PyObject *self)
{
    PyObject *r = PyLong_Type.tp_repr(self);
    if (!r)
        return NULL;
    PyObject *s = PyUnicode_FromFormat("MyInt(%U)", r);
    Py_DECREF(r);
    return s;
}

static PyObject *MyInt_double(PyObject *self, PyObject *unused)
{
    return PyNumber_Add(self, self);
}

static PyMethodDef MyInt_methods[] = {
    {"double", MyInt_double, METH_NOARGS, NULL},
    {NULL},
};

static PyTypeObject MyIntType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.MyInt",
    .tp_repr = MyInt_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = MyInt_methods,
};

/* ---- MyError: an Exception subclass with a C field ---------------------------------------------- */

typedef struct {
    PyBaseExceptionObject base;
    int code;
} MyErrorObject;

/* MyError(message, code=0): args as Exception keeps them, and the code in a C field. */
static int MyError_init(MyErrorObject *self, PyObject *args, PyObject *kwds)
{
    if (((PyTypeObject *)PyExc_Exception)->tp_init((PyObject *)self, args, kwds) < 0)
        return -1;
    PyObject *msg;
    self->code = 0;
    return PyArg_ParseTuple(args, "O|i:MyError", &msg, &self->code) ? 0 : -1;
}

static PyMemberDef MyError_members[] = {
    {"code", T_INT, offsetof(MyErrorObject, code), 0, NULL},
    {NULL},
};

static PyTypeObject MyErrorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exttypes.MyError",
    .tp_basicsize = sizeof(MyErrorObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "An error with a code.",
    .tp_members = MyError_members,
    .tp_init = (initproc)MyError_init,
};

/* ---- module functions ----------------------------------------------------------------------------- */

static PyObject *fn_live(PyObject *m, PyObject *unused)
{
    return PyLong_FromLong(live);
}

static PyObject *fn_weakref(PyObject *m, PyObject *o)
{
    return PyWeakref_NewRef(o, NULL);
}

static PyObject *fn_weakref_get(PyObject *m, PyObject *r)
{
    return Py_XNewRef(PyWeakref_GetObject(r));
}

/* raise_myerror(message, code): raises MyError from C. */
static PyObject *fn_raise_myerror(PyObject *m, PyObject *args)
{
    PyObject *e = PyObject_Call((PyObject *)&MyErrorType, args, NULL);
    if (e) {
        PyErr_SetObject((PyObject *)&MyErrorType, e);
        Py_DECREF(e);
    }
    return NULL;
}

/* catch_myerror(f, *args): f(*args), or ("caught", str(error), error.code) when it raises
   MyError; other errors pass through. */
static PyObject *fn_catch_myerror(PyObject *m, PyObject *args)
{
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_SetString(PyExc_TypeError, "catch_myerror needs a callable");
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    if (!rest)
        return NULL;
    PyObject *r = PyObject_Call(PyTuple_GET_ITEM(args, 0), rest, NULL);
    Py_DECREF(rest);
    if (r || !PyErr_ExceptionMatches((PyObject *)&MyErrorType))
        return r;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    r = Py_BuildValue("(sNi)", "caught", PyObject_Str(value), ((MyErrorObject *)value)->code);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return r;
}

/* is_type(o, T): PyObject_TypeCheck from C, which must agree with isinstance. */
static PyObject *fn_type_check(PyObject *m, PyObject *args)
{
    PyObject *o, *t;
    if (!PyArg_ParseTuple(args, "OO!:type_check", &o, &PyType_Type, &t))
        return NULL;
    return PyBool_FromLong(PyObject_TypeCheck(o, (PyTypeObject *)t));
}

static PyMethodDef exttypes_functions[] = {
    {"live", fn_live, METH_NOARGS, "Point and Point3 instances alive"},
    {"weakref", fn_weakref, METH_O, NULL},
    {"weakref_get", fn_weakref_get, METH_O, NULL},
    {"raise_myerror", fn_raise_myerror, METH_VARARGS, NULL},
    {"catch_myerror", fn_catch_myerror, METH_VARARGS, NULL},
    {"type_check", fn_type_check, METH_VARARGS, NULL},
    {NULL},
};

static struct PyModuleDef exttypes_module = {
    PyModuleDef_HEAD_INIT, "exttypes", "Static extension types, one per slot family.", -1,
    exttypes_functions,
};

/* Puts a new instance of `type` into `holder`'s dict under `name`. */
static int add_descriptor(PyTypeObject *holder, const char *name, PyTypeObject *type)
{
    PyObject *d = PyObject_CallNoArgs((PyObject *)type);
    if (!d)
        return -1;
    int r = PyDict_SetItemString(holder->tp_dict, name, d);
    Py_DECREF(d);
    PyType_Modified(holder);
    return r;
}

PyMODINIT_FUNC PyInit_exttypes(void)
{
    PyTypeObject *exported[] = {
        &PointType, &Point3Type, &NodotType, &CountdownType, &NumType,     &VecType,
        &TableType, &BufType,    &OpenType,  &AttrType,      &DescrType,   &NonDataType,
        &HolderType, &CallerType, &MembersType, &MyListType, &MyDictType, &MyIntType,
        &MyErrorType,
    };
    MyListType.tp_base = &PyList_Type;
    MyDictType.tp_base = &PyDict_Type;
    MyIntType.tp_base = &PyLong_Type;
    MyErrorType.tp_base = (PyTypeObject *)PyExc_Exception;
    if (PyType_Ready(&CountdownIterType) < 0)
        return NULL;
    for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++)
        if (PyType_Ready(exported[i]) < 0)
            return NULL;
    if (add_descriptor(&HolderType, "data", &DescrType) < 0 ||
        add_descriptor(&HolderType, "nondata", &NonDataType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&exttypes_module);
    if (!m)
        return NULL;
    for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++)
        if (PyModule_AddType(m, exported[i]) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    return m;
}

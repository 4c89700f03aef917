/* hello.c — the smallest test extension: module `hello`, a function for each METH_* convention. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *hello_greet(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString("hello");
}

static PyObject *hello_echo(PyObject *module, PyObject *x)
{
    Py_INCREF(x);
    return x;
}

/* METH_VARARGS: the number of arguments. */
static PyObject *hello_count(PyObject *module, PyObject *args)
{
    return PyLong_FromSsize_t(PyTuple_GET_SIZE(args));
}

/* METH_VARARGS | METH_KEYWORDS: (args, kwargs), kwargs None when none were given. */
static PyObject *hello_both(PyObject *module, PyObject *args, PyObject *kwargs)
{
    return PyTuple_Pack(2, args, kwargs ? kwargs : Py_None);
}

/* METH_FASTCALL: the last argument, or None. */
static PyObject *hello_last(PyObject *module, PyObject *const *args, Py_ssize_t n)
{
    return Py_NewRef(n ? args[n - 1] : Py_None);
}

/* METH_FASTCALL | METH_KEYWORDS: (positional args, keyword names, keyword values). */
static PyObject *hello_fast_kw(PyObject *module, PyObject *const *args, Py_ssize_t n,
                               PyObject *kwnames)
{
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *pos = PyTuple_New(n), *vals = PyTuple_New(nkw);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(pos, i, Py_NewRef(args[i]));
    for (Py_ssize_t i = 0; i < nkw; i++)
        PyTuple_SET_ITEM(vals, i, Py_NewRef(args[n + i]));
    PyObject *r = PyTuple_Pack(3, pos, kwnames ? kwnames : Py_None, vals);
    Py_DECREF(pos);
    Py_DECREF(vals);
    return r;
}

/* A function made at run time from a METH_STATIC definition (the flag only matters in a
   type's tp_methods; PyCFunction_New ignores it, as CPython does). */
static PyObject *static_body(PyObject *self, PyObject *arg)
{
    return PyTuple_Pack(2, self ? self : Py_None, arg);
}

static PyMethodDef static_def = {"made", static_body, METH_O | METH_STATIC, "made at run time"};

static PyObject *hello_make(PyObject *module, PyObject *self)
{
    return PyCFunction_New(&static_def, self == Py_None ? NULL : self);
}

/* Methods for descriptors of existing types: (receiver, argument). */
static PyObject *pair(PyObject *self, PyObject *arg)
{
    return PyTuple_Pack(2, self, arg);
}

static PyObject *receiver(PyObject *self, PyObject *unused)
{
    return Py_NewRef(self);
}

static PyObject *fast_pair(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kwnames)
{
    PyObject *rest = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(rest, i, Py_NewRef(args[i]));
    PyObject *r = PyTuple_Pack(3, self, rest, kwnames ? kwnames : Py_None);
    Py_DECREF(rest);
    return r;
}

static PyMethodDef method_defs[] = {
    {"pair", pair, METH_O, "pair(x) -> (self, x)"},
    {"receiver", receiver, METH_NOARGS, NULL},
    {"fast_pair", (PyCFunction)(void (*)(void))fast_pair, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"cpair", pair, METH_CLASS | METH_O, "cpair(x) -> (cls, x)"},
};

/* method_of(type, i): a method descriptor of method_defs[i] for `type` (METH_CLASS ones
   make class method descriptors). */
static PyObject *hello_method_of(PyObject *module, PyObject *args)
{
    PyObject *type;
    int i;
    if (!PyArg_ParseTuple(args, "O!i", &PyType_Type, &type, &i))
        return NULL;
    if (i < 0 || i >= (int)(sizeof method_defs / sizeof method_defs[0])) {
        PyErr_SetString(PyExc_IndexError, "no such method");
        return NULL;
    }
    PyMethodDef *ml = &method_defs[i];
    return ml->ml_flags & METH_CLASS ? PyDescr_NewClassMethod((PyTypeObject *)type, ml)
                                     : PyDescr_NewMethod((PyTypeObject *)type, ml);
}

static PyMethodDef hello_methods[] = {
    {"greet", hello_greet, METH_NOARGS, "greet() -> 'hello'"},
    {"echo", hello_echo, METH_O, "echo(x) -> x"},
    {"count", hello_count, METH_VARARGS, NULL},
    {"method_of", hello_method_of, METH_VARARGS, NULL},
    {"make", hello_make, METH_O, "make(self) -> a new function bound to self (None: none)"},
    {"both", (PyCFunction)(void (*)(void))hello_both, METH_VARARGS | METH_KEYWORDS, NULL},
    {"last", (PyCFunction)(void (*)(void))hello_last, METH_FASTCALL, NULL},
    {"fast_kw", (PyCFunction)(void (*)(void))hello_fast_kw, METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef hello_module = {
    PyModuleDef_HEAD_INIT,
    "hello",
    "A test extension: greet() and echo(x).",
    -1,
    hello_methods,
};

PyMODINIT_FUNC PyInit_hello(void)
{
    return PyModule_Create(&hello_module);
}

/* code.c — code objects (PyCode_Type): a function's names, counts and source position, described (Ferry runs no bytecode). */
#include <stddef.h>

#include "capi/capi.h"
#include "structmember.h"

static int ready(void)
{
    return PyCode_Type.tp_flags & Py_TPFLAGS_READY ? 0 : PyType_Ready(&PyCode_Type);
}

/* The object fields, in the order `replace` and the members list them. */
#define OBJECT_FIELDS(X)                                                                  \
    X(co_code) X(co_consts) X(co_names) X(co_varnames) X(co_freevars) X(co_cellvars)      \
    X(co_filename) X(co_name) X(co_qualname) X(co_linetable) X(co_exceptiontable)
#define INT_FIELDS(X)                                                                     \
    X(co_argcount) X(co_posonlyargcount) X(co_kwonlyargcount) X(co_nlocals)              \
    X(co_stacksize) X(co_flags) X(co_firstlineno)

static PyCodeObject *code_alloc(void)
{
    if (ready() < 0)
        return NULL;
    PyCodeObject *co = PyObject_GC_New(PyCodeObject, &PyCode_Type);
    if (!co)
        return NULL;
    memset((char *)co + sizeof(PyObject), 0, sizeof *co - sizeof(PyObject));
    return co;
}

/* co_nfreevars and friends follow the tuples. */
static void code_counts(PyCodeObject *co)
{
    co->co_nfreevars = (int)PyTuple_GET_SIZE(co->co_freevars);
    co->co_ncellvars = co->co_nplaincellvars = (int)PyTuple_GET_SIZE(co->co_cellvars);
}

PyCodeObject *PyCode_NewEmpty(const char *filename, const char *funcname, int firstlineno)
{
    PyCodeObject *co = code_alloc();
    if (!co)
        return NULL;
    PyObject *empty = PyTuple_New(0), *nothing = PyBytes_FromStringAndSize(NULL, 0);
    co->co_filename = PyUnicode_FromString(filename);
    co->co_name = PyUnicode_FromString(funcname);
    if (!empty || !nothing || !co->co_filename || !co->co_name) {
        Py_XDECREF(empty);
        Py_XDECREF(nothing);
        Py_DECREF(co);
        return NULL;
    }
    co->co_qualname = Py_NewRef(co->co_name);
    co->co_consts = Py_NewRef(empty);
    co->co_names = Py_NewRef(empty);
    co->co_varnames = Py_NewRef(empty);
    co->co_freevars = Py_NewRef(empty);
    co->co_cellvars = empty;
    co->co_code = Py_NewRef(nothing);
    co->co_linetable = Py_NewRef(nothing);
    co->co_exceptiontable = nothing;
    co->co_firstlineno = firstlineno;
    code_counts(co);
    PyObject_GC_Track(co);
    return co;
}

static void code_dealloc(PyObject *o)
{
    PyCodeObject *co = (PyCodeObject *)o;
    PyObject_GC_UnTrack(co);
    if (co->co_weakreflist)
        PyObject_ClearWeakRefs(o);
#define CLEAR(f) Py_XDECREF(co->f);
    OBJECT_FIELDS(CLEAR)
#undef CLEAR
    PyObject_GC_Del(co);
}

static int code_traverse(PyObject *o, visitproc visit, void *arg)
{
    PyCodeObject *co = (PyCodeObject *)o;
#define VISIT(f) Py_VISIT(co->f);
    OBJECT_FIELDS(VISIT)
#undef VISIT
    return 0;
}

/* code.replace(**changes): a copy with the given fields replaced; each must have the
   field's type (int, str, bytes or tuple). */
static int check_field(const char *name, PyObject *v)
{
    PyTypeObject *want = &PyTuple_Type;
    if (!strcmp(name, "co_filename") || !strcmp(name, "co_name") || !strcmp(name, "co_qualname"))
        want = &PyUnicode_Type;
    else if (!strcmp(name, "co_code") || !strcmp(name, "co_linetable") ||
             !strcmp(name, "co_exceptiontable"))
        want = &PyBytes_Type;
    if (PyObject_TypeCheck(v, want))
        return 0;
    PyErr_Format(PyExc_TypeError, "replace() argument '%s' must be %s, not %s", name,
                 want->tp_name, Py_TYPE(v)->tp_name);
    return -1;
}

static PyObject *code_replace(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyCodeObject *old = (PyCodeObject *)self;
    if (PyTuple_GET_SIZE(args)) {
        PyErr_SetString(PyExc_TypeError, "replace() takes no positional arguments");
        return NULL;
    }
    PyCodeObject *co = code_alloc();
    if (!co)
        return NULL;
#define COPY(f) co->f = Py_XNewRef(old->f);
    OBJECT_FIELDS(COPY)
#undef COPY
#define COPY(f) co->f = old->f;
    INT_FIELDS(COPY)
#undef COPY
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (kwds && PyDict_Next(kwds, &pos, &key, &value)) {
        const char *k = PyUnicode_AsUTF8(key);
        if (!k)
            goto fail;
#define SET_OBJECT(f)                                                                     \
    if (!strcmp(k, #f)) {                                                                 \
        if (check_field(#f, value) < 0)                                                   \
            goto fail;                                                                    \
        Py_SETREF(co->f, Py_NewRef(value));                                               \
        continue;                                                                         \
    }
        OBJECT_FIELDS(SET_OBJECT)
#undef SET_OBJECT
#define SET_INT(f)                                                                        \
    if (!strcmp(k, #f)) {                                                                 \
        int n = _PyLong_AsInt(value);                                                     \
        if (n == -1 && PyErr_Occurred())                                                  \
            goto fail;                                                                    \
        co->f = n;                                                                        \
        continue;                                                                         \
    }
        INT_FIELDS(SET_INT)
#undef SET_INT
        PyErr_Format(PyExc_TypeError, "'%U' is an invalid keyword argument for replace()", key);
        goto fail;
    }
    code_counts(co);
    PyObject_GC_Track(co);
    return (PyObject *)co;
fail:
    PyObject_GC_Track(co);
    Py_DECREF(co);
    return NULL;
}

/* CPython's '<code object NAME at 0x..., file "FILE", line N>'. */
static PyObject *code_repr(PyObject *o)
{
    PyCodeObject *co = (PyCodeObject *)o;
    return PyUnicode_FromFormat("<code object %U at %p, file \"%U\", line %d>", co->co_name,
                                o, co->co_filename, co->co_firstlineno);
}

static PyMethodDef code_methods[] = {
    {"replace", _PyCFunction_CAST(code_replace), METH_VARARGS | METH_KEYWORDS,
     "Return a copy of the code object with new values for the specified fields."},
    {NULL, NULL, 0, NULL},
};

#define MEMBER_OBJ(f) {#f, T_OBJECT, offsetof(PyCodeObject, f), READONLY, NULL},
#define MEMBER_INT(f) {#f, T_INT, offsetof(PyCodeObject, f), READONLY, NULL},
static PyMemberDef code_members[] = {
    OBJECT_FIELDS(MEMBER_OBJ) INT_FIELDS(MEMBER_INT) {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyCode_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "code",
    .tp_basicsize = sizeof(PyCodeObject),
    .tp_dealloc = code_dealloc,
    .tp_repr = code_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = code_traverse,
    .tp_weaklistoffset = offsetof(PyCodeObject, co_weakreflist),
    .tp_methods = code_methods,
    .tp_members = code_members,
};

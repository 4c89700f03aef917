/* classobject.c — bound methods (PyMethod_Type): a callable and the instance it is bound to. */
#include "capi/capi.h"
#include "structmember.h"

/* A C type, readied on first use: its instances' data is the PyMethodObject itself. */
static int ready(void)
{
    return PyMethod_Type.tp_flags & Py_TPFLAGS_READY ? 0 : PyType_Ready(&PyMethod_Type);
}

PyObject *PyMethod_New(PyObject *func, PyObject *self)
{
    if (!func || !self) {
        capi_bad_internal_call();
        return NULL;
    }
    if (ready() < 0)
        return NULL;
    PyMethodObject *m = PyObject_GC_New(PyMethodObject, &PyMethod_Type);
    if (!m)
        return NULL;
    m->im_func = Py_NewRef(func);
    m->im_self = Py_NewRef(self);
    m->im_weakreflist = NULL;
    m->vectorcall = NULL;
    PyObject_GC_Track(m);
    return (PyObject *)m;
}

static PyMethodObject *method_of(PyObject *meth)
{
    if (!meth || !PyMethod_Check(meth)) {
        capi_bad_internal_call();
        return NULL;
    }
    return (PyMethodObject *)meth;
}

PyObject *PyMethod_Function(PyObject *meth)
{
    PyMethodObject *m = method_of(meth);
    return m ? m->im_func : NULL;
}

PyObject *PyMethod_Self(PyObject *meth)
{
    PyMethodObject *m = method_of(meth);
    return m ? m->im_self : NULL;
}

static void method_dealloc(PyObject *o)
{
    PyMethodObject *m = (PyMethodObject *)o;
    PyObject_GC_UnTrack(m);
    if (m->im_weakreflist)
        PyObject_ClearWeakRefs(o);
    Py_DECREF(m->im_func);
    Py_DECREF(m->im_self);
    PyObject_GC_Del(m);
}

static int method_traverse(PyObject *o, visitproc visit, void *arg)
{
    PyMethodObject *m = (PyMethodObject *)o;
    Py_VISIT(m->im_func);
    Py_VISIT(m->im_self);
    return 0;
}

/* The call: im_func(im_self, *args, **kwds). */
static PyObject *method_call(PyObject *o, PyObject *args, PyObject *kwds)
{
    PyMethodObject *m = (PyMethodObject *)o;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *full = PyTuple_New(n + 1);
    if (!full)
        return NULL;
    PyTuple_SET_ITEM(full, 0, Py_NewRef(m->im_self));
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(full, i + 1, Py_NewRef(PyTuple_GET_ITEM(args, i)));
    PyObject *r = PyObject_Call(m->im_func, full, kwds);
    Py_DECREF(full);
    return r;
}

/* CPython's "<bound method QUALNAME of SELF>", the function's __qualname__ (else its
   __name__, else "?"). */
static PyObject *method_repr(PyObject *o)
{
    PyMethodObject *m = (PyMethodObject *)o;
    PyObject *name = PyObject_GetAttrString(m->im_func, "__qualname__");
    if (!name) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        name = PyObject_GetAttrString(m->im_func, "__name__");
        if (!name) {
            if (!PyErr_ExceptionMatches(PyExc_AttributeError))
                return NULL;
            PyErr_Clear();
        }
    }
    if (name && !PyUnicode_Check(name))
        Py_CLEAR(name);
    PyObject *r = PyUnicode_FromFormat("<bound method %V of %R>", name, "?", m->im_self);
    Py_XDECREF(name);
    return r;
}

/* Equal when bound to the same object (identity) and their functions are equal. */
static PyObject *method_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_NE) || !PyMethod_Check(a) || !PyMethod_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    PyMethodObject *x = (PyMethodObject *)a, *y = (PyMethodObject *)b;
    int eq = x->im_self == y->im_self;
    if (eq && (eq = PyObject_RichCompareBool(x->im_func, y->im_func, Py_EQ)) < 0)
        return NULL;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static Py_hash_t method_hash(PyObject *o)
{
    PyMethodObject *m = (PyMethodObject *)o;
    Py_hash_t y = PyObject_Hash(m->im_func);
    if (y == -1)
        return -1;
    Py_hash_t x = (Py_hash_t)((uintptr_t)m->im_self >> 4 | (uintptr_t)m->im_self << 60);
    x ^= y;
    return x == -1 ? -2 : x;
}

/* The method's own attributes, then the function's (__name__, __doc__ ...). */
static PyObject *method_getattro(PyObject *o, PyObject *name)
{
    PyObject *r = PyObject_GenericGetAttr(o, name);
    if (r || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return r;
    PyErr_Clear();
    return PyObject_GetAttr(((PyMethodObject *)o)->im_func, name);
}

/* Already bound: getting it from an object gives itself. */
static PyObject *method_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    (void)obj;
    (void)type;
    return Py_NewRef(self);
}

static PyMemberDef method_members[] = {
    {"__func__", T_OBJECT, offsetof(PyMethodObject, im_func), READONLY,
     "the function (or other callable) implementing a method"},
    {"__self__", T_OBJECT, offsetof(PyMethodObject, im_self), READONLY,
     "the instance to which a method is bound"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "method",
    .tp_basicsize = sizeof(PyMethodObject),
    .tp_dealloc = method_dealloc,
    .tp_repr = method_repr,
    .tp_hash = method_hash,
    .tp_call = method_call,
    .tp_getattro = method_getattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Create a bound instance method object.",
    .tp_traverse = method_traverse,
    .tp_richcompare = method_richcompare,
    .tp_weaklistoffset = offsetof(PyMethodObject, im_weakreflist),
    .tp_members = method_members,
    .tp_descr_get = method_descr_get,
};

/* classobject.h — bound methods (PyMethod_*): a callable bound to an instance, as functions that are descriptors bind. */
#ifndef FERRY_CLASSOBJECT_H
#define FERRY_CLASSOBJECT_H

/*
 * A bound method: calling it calls im_func with im_self first. Its data lives in this C
 * struct (capi/classobject.c), so the macros read the fields as CPython's do. The
 * runtime's own builtins bind without it (a bound builtin is a builtin function).
 */
typedef struct {
    PyObject_HEAD
    PyObject *im_func;
    PyObject *im_self;
    PyObject *im_weakreflist;
    vectorcallfunc vectorcall;
} PyMethodObject;

PyAPI_DATA(PyTypeObject) PyMethod_Type;
#define PyMethod_Check(op) Py_IS_TYPE((op), &PyMethod_Type)

/* A new bound method; `self` must not be NULL (SystemError). */
PyAPI_FUNC(PyObject *) PyMethod_New(PyObject *func, PyObject *self);
/* Borrowed; NULL with SystemError when `meth` is not a bound method. */
PyAPI_FUNC(PyObject *) PyMethod_Function(PyObject *meth);
PyAPI_FUNC(PyObject *) PyMethod_Self(PyObject *meth);
#define PyMethod_GET_FUNCTION(meth) (((PyMethodObject *)(meth))->im_func)
#define PyMethod_GET_SELF(meth) (((PyMethodObject *)(meth))->im_self)

#endif

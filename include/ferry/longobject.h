/* longobject.h — int objects. */
#ifndef FERRY_LONGOBJECT_H
#define FERRY_LONGOBJECT_H

/*
 * An int proxy caches the value when it fits in 64 bits (ob_ferry_small is 1), so that
 * PyLong_AsLong on it never reaches the runtime; a bigger int lives only in the runtime
 * object. Extensions must not rely on these fields (CPython's ob_digit is not here).
 */
typedef struct _longobject {
    PyObject_HEAD
    int64_t ob_ferry_value;
    int ob_ferry_small;
} PyLongObject;

PyAPI_DATA(PyTypeObject) PyLong_Type;
#define PyLong_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LONG_SUBCLASS)
#define PyLong_CheckExact(op) Py_IS_TYPE((op), &PyLong_Type)

PyAPI_FUNC(PyObject *) PyLong_FromLong(long);
PyAPI_FUNC(long) PyLong_AsLong(PyObject *);

#endif

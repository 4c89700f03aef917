/* setobject.h — sets and frozensets: the proxy is a view of the runtime set. */
#ifndef FERRY_SETOBJECT_H
#define FERRY_SETOBJECT_H

/* A set proxy carries nothing but the header (CPython's PySetObject fields are not there;
   PySet_GET_SIZE is a call). */
PyAPI_DATA(PyTypeObject) PySet_Type;
PyAPI_DATA(PyTypeObject) PyFrozenSet_Type;

#define PySet_CheckExact(op) Py_IS_TYPE((op), &PySet_Type)
#define PySet_Check(op) (Py_IS_TYPE((op), &PySet_Type) || PyType_IsSubtype(Py_TYPE(op), &PySet_Type))
#define PyFrozenSet_CheckExact(op) Py_IS_TYPE((op), &PyFrozenSet_Type)
#define PyFrozenSet_Check(op)                                                             \
    (Py_IS_TYPE((op), &PyFrozenSet_Type) || PyType_IsSubtype(Py_TYPE(op), &PyFrozenSet_Type))
#define PyAnySet_CheckExact(op)                                                           \
    (Py_IS_TYPE((op), &PySet_Type) || Py_IS_TYPE((op), &PyFrozenSet_Type))
#define PyAnySet_Check(op)                                                                \
    (PyAnySet_CheckExact(op) || PyType_IsSubtype(Py_TYPE(op), &PySet_Type) ||             \
     PyType_IsSubtype(Py_TYPE(op), &PyFrozenSet_Type))

PyAPI_FUNC(PyObject *) PySet_New(PyObject *iterable);
PyAPI_FUNC(PyObject *) PyFrozenSet_New(PyObject *iterable);
/* Adds to a set, or to a frozenset that one of the last PyFrozenSet_New calls made and
   that only the caller holds (C filling a frozenset it has just made). */
PyAPI_FUNC(int) PySet_Add(PyObject *set, PyObject *key);
PyAPI_FUNC(int) PySet_Discard(PyObject *set, PyObject *key);
PyAPI_FUNC(int) PySet_Contains(PyObject *anyset, PyObject *key);
PyAPI_FUNC(Py_ssize_t) PySet_Size(PyObject *anyset);
#define PySet_GET_SIZE(so) PySet_Size(so)
PyAPI_FUNC(PyObject *) PySet_Pop(PyObject *set);
PyAPI_FUNC(int) PySet_Clear(PyObject *set);
/* Walks the set: *pos starts at 0; *key is borrowed. 1 while there are entries, then 0. */
PyAPI_FUNC(int) _PySet_NextEntry(PyObject *set, Py_ssize_t *pos, PyObject **key, Py_hash_t *hash);
PyAPI_FUNC(int) _PySet_Update(PyObject *set, PyObject *iterable);

#endif

/* tupleobject.h — tuples: the proxy carries a real item array (PyTuple_GET_ITEM reads it). */
#ifndef FERRY_TUPLEOBJECT_H
#define FERRY_TUPLEOBJECT_H

/*
 * A tuple proxy owns one reference to each item proxy in ob_item. For a tuple that came
 * from the runtime the array is filled when the proxy is made; a tuple made by
 * PyTuple_New is filled by C (PyTuple_SET_ITEM) before it crosses into the runtime, and
 * is immutable from then on.
 */
typedef struct {
    PyObject_VAR_HEAD
    PyObject *ob_item[1];
} PyTupleObject;

PyAPI_DATA(PyTypeObject) PyTuple_Type;
PyAPI_DATA(PyTypeObject) PyTupleIter_Type;
#define PyTuple_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TUPLE_SUBCLASS)
#define PyTuple_CheckExact(op) Py_IS_TYPE((op), &PyTuple_Type)

PyAPI_FUNC(PyObject *) PyTuple_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyTuple_Size(PyObject *);
PyAPI_FUNC(PyObject *) PyTuple_GetItem(PyObject *, Py_ssize_t);
PyAPI_FUNC(int) PyTuple_SetItem(PyObject *, Py_ssize_t, PyObject *);
PyAPI_FUNC(PyObject *) PyTuple_GetSlice(PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyTuple_Pack(Py_ssize_t, ...);
PyAPI_FUNC(int) _PyTuple_Resize(PyObject **, Py_ssize_t);

#define _PyTuple_CAST(op) ((PyTupleObject *)(op))
#define PyTuple_GET_SIZE(op) Py_SIZE(op)
#define PyTuple_GET_ITEM(op, i) (_PyTuple_CAST(op)->ob_item[i])
static inline void PyTuple_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value)
{
    _PyTuple_CAST(op)->ob_item[index] = value;
}
#define PyTuple_SET_ITEM(op, index, value) PyTuple_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))
#define _PyTuple_ITEMS(op) (_PyTuple_CAST(op)->ob_item)

#endif

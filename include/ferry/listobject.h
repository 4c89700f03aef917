/* listobject.h — lists: borrowed items over the runtime's strategy lists. */
#ifndef FERRY_LISTOBJECT_H
#define FERRY_LISTOBJECT_H

/*
 * A list's items live in the runtime list, which keeps int and float items unboxed (its
 * storage strategies). The proxy keeps CPython's fields in step with it from the first
 * time C asks for the size (Py_SIZE, PyList_GET_SIZE), and from birth for PyList_New:
 *   ob_size    the size (Py_SIZE asks the runtime list first, so it is always right);
 *   ob_item    every item, as PyList_GET_ITEM returns it (NULL for a slot of PyList_New
 *              not filled yet). C may read it directly, fill PyList_New's slots in it
 *              in order, and shrink ob_size to take the last items with the list's
 *              references (Cython does all three); anything else goes through the API.
 *              What C wrote is taken up at its next call on the list or when the list
 *              crosses back;
 *   allocated  always 0, so code that appends by writing ob_item when allocated > size
 *              (Cython's fast append) falls back to PyList_Append.
 * PyList_GET_ITEM and PyList_SET_ITEM are calls. A borrowed item stays valid while the
 * list holds it; for an int or float item, while the list holds an item of its value.
 */
typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
    void *_ferry_private[16]; /* the borrowed-item cache; extension subtypes extend past it */
} PyListObject;

PyAPI_DATA(PyTypeObject) PyList_Type;
#define PyList_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LIST_SUBCLASS)
#define PyList_CheckExact(op) Py_IS_TYPE((op), &PyList_Type)

/* PyList_New(n) makes n slots that C must fill with PyList_SET_ITEM before the list is
   used; PyList_GET_ITEM reads NULL from a slot not filled yet (the runtime sees None). */
PyAPI_FUNC(PyObject *) PyList_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyList_Size(PyObject *);
PyAPI_FUNC(PyObject *) PyList_GetItem(PyObject *, Py_ssize_t);
PyAPI_FUNC(int) PyList_SetItem(PyObject *, Py_ssize_t, PyObject *);
PyAPI_FUNC(int) PyList_Insert(PyObject *, Py_ssize_t, PyObject *);
PyAPI_FUNC(int) PyList_Append(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyList_GetSlice(PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(int) PyList_SetSlice(PyObject *, Py_ssize_t, Py_ssize_t, PyObject *);
PyAPI_FUNC(int) PyList_Sort(PyObject *);
PyAPI_FUNC(int) PyList_Reverse(PyObject *);
PyAPI_FUNC(PyObject *) PyList_AsTuple(PyObject *);
/* list.extend(iterable): a new reference to None, or NULL. */
PyAPI_FUNC(PyObject *) _PyList_Extend(PyListObject *, PyObject *);

/* What the macros call: no type check; an index out of range reads NULL and writes
   nothing (CPython's macros would touch memory out of bounds). */
PyAPI_FUNC(PyObject *) _Ferry_List_GET_ITEM(PyObject *op, Py_ssize_t i);
PyAPI_FUNC(void) _Ferry_List_SET_ITEM(PyObject *op, Py_ssize_t i, PyObject *v);
/* PySequence_Fast_ITEMS of a list: every item in an array (ob_item), valid until the list
   changes. */
PyAPI_FUNC(PyObject **) _Ferry_List_ITEMS(PyObject *op);

#define _PyList_CAST(op) ((PyListObject *)(op))
#define PyList_GET_SIZE(op) Py_SIZE(op)
#define PyList_GET_ITEM(op, i) _Ferry_List_GET_ITEM(_PyObject_CAST(op), (i))
#define PyList_SET_ITEM(op, i, v) _Ferry_List_SET_ITEM(_PyObject_CAST(op), (i), _PyObject_CAST(v))

#endif

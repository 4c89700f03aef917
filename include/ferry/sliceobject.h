/* sliceobject.h — slices: the proxy carries start, stop and step (slices are immutable). */
#ifndef FERRY_SLICEOBJECT_H
#define FERRY_SLICEOBJECT_H

/* The fields hold references to the proxies of the slice's runtime fields (None for an
   omitted one), filled when the proxy is made. */
typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step;
} PySliceObject;

PyAPI_DATA(PyTypeObject) PySlice_Type;
#define PySlice_Check(op) Py_IS_TYPE((op), &PySlice_Type)

PyAPI_FUNC(PyObject *) PySlice_New(PyObject *start, PyObject *stop, PyObject *step);
PyAPI_FUNC(PyObject *) _PySlice_FromIndices(Py_ssize_t start, Py_ssize_t stop);
/* The old form: -1 without an error when a field is not an int or the slice does not fit
   `length` (OverflowError for an int beyond Py_ssize_t). */
PyAPI_FUNC(int) PySlice_GetIndices(PyObject *r, Py_ssize_t length, Py_ssize_t *start,
                                   Py_ssize_t *stop, Py_ssize_t *step);
PyAPI_FUNC(int) PySlice_GetIndicesEx(PyObject *r, Py_ssize_t length, Py_ssize_t *start,
                                     Py_ssize_t *stop, Py_ssize_t *step,
                                     Py_ssize_t *slicelength);
PyAPI_FUNC(int) PySlice_Unpack(PyObject *slice, Py_ssize_t *start, Py_ssize_t *stop,
                               Py_ssize_t *step);
PyAPI_FUNC(Py_ssize_t) PySlice_AdjustIndices(Py_ssize_t length, Py_ssize_t *start,
                                             Py_ssize_t *stop, Py_ssize_t step);
/* As in CPython, the macro form (Unpack, then AdjustIndices) is what extensions use. */
#define PySlice_GetIndicesEx(slice, length, start, stop, step, slicelen)                  \
    (PySlice_Unpack((slice), (start), (stop), (step)) < 0                                 \
         ? ((*(slicelen) = 0), -1)                                                        \
         : ((*(slicelen) = PySlice_AdjustIndices((length), (start), (stop), *(step))), 0))

#endif

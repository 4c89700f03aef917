/* bytearrayobject.h — bytearray objects: the runtime object keeps the bytes, pinned while C uses them. */
#ifndef FERRY_BYTEARRAYOBJECT_H
#define FERRY_BYTEARRAYOBJECT_H

/*
 * The bytes of a bytearray live in its runtime object, which the runtime may resize at
 * any time. PyByteArray_AS_STRING / PyByteArray_AsString move them, if needed, to
 * storage that the collector never moves, and return it; the pointer stays valid until
 * the bytearray is resized (from C or from the runtime), exactly CPython's rule. The
 * size is always the runtime's (Py_SIZE asks it). The struct fields past ob_base are a
 * snapshot taken by the last PyByteArray_AsString: read the size and the bytes through
 * the macros, never through them.
 */
typedef struct {
    PyObject_VAR_HEAD
    Py_ssize_t ob_alloc;
    char *ob_bytes;
    char *ob_start;
    Py_ssize_t ob_exports;
} PyByteArrayObject;

PyAPI_DATA(PyTypeObject) PyByteArray_Type;
PyAPI_DATA(char) _PyByteArray_empty_string[];
#define PyByteArray_Check(self) PyObject_TypeCheck((self), &PyByteArray_Type)
#define PyByteArray_CheckExact(self) Py_IS_TYPE((self), &PyByteArray_Type)

PyAPI_FUNC(PyObject *) PyByteArray_FromObject(PyObject *);
PyAPI_FUNC(PyObject *) PyByteArray_Concat(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyByteArray_FromStringAndSize(const char *, Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) PyByteArray_Size(PyObject *);
PyAPI_FUNC(char *) PyByteArray_AsString(PyObject *);
PyAPI_FUNC(int) PyByteArray_Resize(PyObject *, Py_ssize_t);

#define PyByteArray_AS_STRING(self) PyByteArray_AsString(_PyObject_CAST(self))
#define PyByteArray_GET_SIZE(self) Py_SIZE(_PyObject_CAST(self))

#endif

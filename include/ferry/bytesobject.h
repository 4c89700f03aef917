/* bytesobject.h — bytes objects: the proxy keeps the bytes (PyBytes_AS_STRING is stable). */
#ifndef FERRY_BYTESOBJECT_H
#define FERRY_BYTESOBJECT_H

#include <stdarg.h>

/*
 * A bytes proxy holds the bytes inline, NUL-terminated, in CPython's layout, so that
 * PyBytes_AS_STRING is a field read and the pointer lives as long as the proxy (for a
 * borrowed bytes, as long as the runtime object). A runtime bytes is copied in once,
 * when it first crosses into C. A bytes C creates (PyBytes_FromStringAndSize(NULL, n))
 * is written by C in place; its runtime object is made when it first crosses into the
 * runtime, after which it must not change (as in CPython). ob_shash stays -1: hashes
 * are the runtime's.
 */
typedef struct {
    PyObject_VAR_HEAD
    Py_hash_t ob_shash;
    char ob_sval[1];
} PyBytesObject;

PyAPI_DATA(PyTypeObject) PyBytes_Type;
#define PyBytes_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_BYTES_SUBCLASS)
#define PyBytes_CheckExact(op) Py_IS_TYPE((op), &PyBytes_Type)

PyAPI_FUNC(PyObject *) PyBytes_FromStringAndSize(const char *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyBytes_FromString(const char *);
PyAPI_FUNC(PyObject *) PyBytes_FromObject(PyObject *);
PyAPI_FUNC(PyObject *) PyBytes_FromFormatV(const char *, va_list)
    Py_GCC_ATTRIBUTE((format(printf, 1, 0)));
PyAPI_FUNC(PyObject *) PyBytes_FromFormat(const char *, ...)
    Py_GCC_ATTRIBUTE((format(printf, 1, 2)));
PyAPI_FUNC(Py_ssize_t) PyBytes_Size(PyObject *);
PyAPI_FUNC(char *) PyBytes_AsString(PyObject *);
PyAPI_FUNC(PyObject *) PyBytes_Repr(PyObject *, int smartquotes);
PyAPI_FUNC(void) PyBytes_Concat(PyObject **, PyObject *);
PyAPI_FUNC(void) PyBytes_ConcatAndDel(PyObject **, PyObject *);
PyAPI_FUNC(int) PyBytes_AsStringAndSize(PyObject *obj, char **s, Py_ssize_t *len);
/* Only for a bytes C created and holds alone that has not crossed into the runtime (an
   empty one may be anything): the proxy moves, *pv is updated. */
PyAPI_FUNC(int) _PyBytes_Resize(PyObject **pv, Py_ssize_t newsize);
/* The escapes of a bytes literal (\\n, \\x41, \\101 ...); an unknown escape is kept and
   warned about (DeprecationWarning), as CPython does. */
PyAPI_FUNC(PyObject *) PyBytes_DecodeEscape(const char *, Py_ssize_t, const char *errors,
                                            Py_ssize_t unused, const char *unused_encoding);
PyAPI_FUNC(PyObject *) _PyBytes_DecodeEscape(const char *, Py_ssize_t, const char *errors,
                                             const char **first_invalid_escape);
/* sep.join(x). */
PyAPI_FUNC(PyObject *) _PyBytes_Join(PyObject *sep, PyObject *x);

static inline char *PyBytes_AS_STRING(PyObject *op)
{
    return ((PyBytesObject *)op)->ob_sval;
}
#define PyBytes_AS_STRING(op) PyBytes_AS_STRING(_PyObject_CAST(op))
static inline Py_ssize_t PyBytes_GET_SIZE(PyObject *op)
{
    return Py_SIZE(op);
}
#define PyBytes_GET_SIZE(op) PyBytes_GET_SIZE(_PyObject_CAST(op))

#endif

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
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLong(unsigned long);
PyAPI_FUNC(PyObject *) PyLong_FromSize_t(size_t);
PyAPI_FUNC(PyObject *) PyLong_FromSsize_t(Py_ssize_t);
PyAPI_FUNC(PyObject *) PyLong_FromLongLong(long long);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLongLong(unsigned long long);
PyAPI_FUNC(PyObject *) PyLong_FromDouble(double);
PyAPI_FUNC(PyObject *) PyLong_FromVoidPtr(void *);
/* Python's int literal syntax in `base` (0, 2..36); *pend (if given) is set past the text,
   or where parsing stopped on a ValueError. */
PyAPI_FUNC(PyObject *) PyLong_FromString(const char *, char **, int);
PyAPI_FUNC(PyObject *) PyLong_FromUnicodeObject(PyObject *u, int base);

/*
 * The As* functions follow CPython 3.11 exactly: AsLong, AsLongLong, their AndOverflow
 * forms and the Mask forms accept any object with __index__; AsSsize_t, AsSize_t,
 * AsUnsignedLong(Long), AsDouble and AsVoidPtr require an int ("an integer is required").
 * They return -1 (cast) with an error set on failure.
 */
PyAPI_FUNC(long) PyLong_AsLong(PyObject *);
PyAPI_FUNC(long) PyLong_AsLongAndOverflow(PyObject *, int *);
PyAPI_FUNC(long long) PyLong_AsLongLong(PyObject *);
PyAPI_FUNC(long long) PyLong_AsLongLongAndOverflow(PyObject *, int *);
PyAPI_FUNC(Py_ssize_t) PyLong_AsSsize_t(PyObject *);
PyAPI_FUNC(size_t) PyLong_AsSize_t(PyObject *);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLong(PyObject *);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLongMask(PyObject *);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLong(PyObject *);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLongMask(PyObject *);
PyAPI_FUNC(double) PyLong_AsDouble(PyObject *);
PyAPI_FUNC(void *) PyLong_AsVoidPtr(PyObject *);
#define PyLong_AS_LONG(op) PyLong_AsLong(op)

/* sys.int_info. Ferry's runtime has no such attribute yet: this raises
   NotImplementedError until it does. */
PyAPI_FUNC(PyObject *) PyLong_GetInfo(void);

/* pid_t is an int, pointers are longs (LP64). */
#define _Py_PARSE_PID "i"
#define PyLong_FromPid PyLong_FromLong
#define PyLong_AsPid PyLong_AsLong
#define _Py_PARSE_INTPTR "l"
#define _Py_PARSE_UINTPTR "k"

/* ---- CPython's private helpers that extensions use ---------------------------------------- */
/* OverflowError "Python int too large to convert to C int" outside int's range. */
PyAPI_FUNC(int) _PyLong_AsInt(PyObject *);
PyAPI_FUNC(int) _PyLong_Sign(PyObject *v);
/* Bits in abs(v): 0 for 0. */
PyAPI_FUNC(size_t) _PyLong_NumBits(PyObject *v);
/* The int whose base-256 digits are bytes[0..n), two's complement if is_signed. */
PyAPI_FUNC(PyObject *) _PyLong_FromByteArray(const unsigned char *bytes, size_t n,
                                             int little_endian, int is_signed);
/* Writes v in n base-256 digits. OverflowError "can't convert negative int to unsigned"
   (bytes untouched) or "int too big to convert" (bytes hold the low n bytes). */
PyAPI_FUNC(int) _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes, size_t n,
                                    int little_endian, int is_signed);
/* str of an int in base 2, 8, 10 or 16 (with 0b/0o/0x prefixes). */
PyAPI_FUNC(PyObject *) _PyLong_Format(PyObject *obj, int base);

#endif

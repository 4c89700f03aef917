/* unicodeobject.h — str objects: the UTF-8 API and PEP 393's canonical representations. */
#ifndef FERRY_UNICODEOBJECT_H
#define FERRY_UNICODEOBJECT_H

typedef uint32_t Py_UCS4;
typedef uint16_t Py_UCS2;
typedef uint8_t Py_UCS1;
typedef wchar_t Py_UNICODE;

/*
 * A str proxy uses CPython 3.11's non-compact layout (PyUnicodeObject): the header says
 * the length in code points, and the two representations C may ask for are separate,
 * stable buffers made on first request and freed with the proxy:
 *   utf8       PyUnicode_AsUTF8[AndSize]: a copy of the runtime str's UTF-8;
 *   data.any   PEP 393 (PyUnicode_DATA/KIND): 1, 2 or 4 bytes per code point, by the
 *              widest one; `state.ready` is 0 until it exists. For an ASCII str it is
 *              the utf8 buffer itself.
 * A str C creates with PyUnicode_New has its data buffer from the start and C fills it;
 * it must not change once it crossed into the runtime (as in CPython).
 */
typedef struct {
    PyObject_HEAD
    Py_ssize_t length;
    Py_hash_t hash;
    struct {
        unsigned int interned : 2;
        unsigned int kind : 3;
        unsigned int compact : 1;
        unsigned int ascii : 1;
        unsigned int ready : 1;
        unsigned int : 24;
    } state;
    wchar_t *wstr;
} PyASCIIObject;

typedef struct {
    PyASCIIObject _base;
    Py_ssize_t utf8_length;
    char *utf8;
    Py_ssize_t wstr_length;
} PyCompactUnicodeObject;

typedef struct {
    PyCompactUnicodeObject _base;
    union {
        void *any;
        Py_UCS1 *latin1;
        Py_UCS2 *ucs2;
        Py_UCS4 *ucs4;
    } data;
} PyUnicodeObject;

PyAPI_DATA(PyTypeObject) PyUnicode_Type;
#define PyUnicode_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)

PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *u);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *unicode, Py_ssize_t *size);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);

#endif

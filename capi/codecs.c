/* codecs.c — encoding and decoding str (PyUnicode_Decode*, PyUnicode_As*String) with the runtime's codecs. */
#include "capi/capi.h"

/*
 * The runtime's codecs are utf-8, ascii and latin-1 (under all their Python aliases), with
 * the error handlers strict, replace, ignore, backslashreplace, surrogateescape,
 * surrogatepass and, when encoding, xmlcharrefreplace and namereplace. Any other
 * encoding raises LookupError "unknown encoding: NAME", as CPython does for a name it
 * does not know.
 */

/* A runtime str for an encoding or error-handler name given as a C string. */
static w_object *name_str(const char *s)
{
    return w_str_decode_utf8(s, strlen(s), "replace");
}

static bool is_strict(const char *errors)
{
    return !errors || strcmp(errors, "strict") == 0;
}

static PyObject *decode(const char *s, Py_ssize_t size, const char *encoding, const char *errors)
{
    if (size < 0 || (!s && size)) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *e = NULL, *h = NULL;
    GC_ROOT(e);
    GC_ROOT(h);
    if ((encoding && !(e = name_str(encoding))) || (errors && !(h = name_str(errors))))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(w_str_decode(s ? s : "", (size_t)size, e, h)));
}

PyObject *PyUnicode_DecodeUTF8(const char *s, Py_ssize_t size, const char *errors)
{
    if (is_strict(errors))
        return PyUnicode_FromStringAndSize(s, size); /* a C-made proxy: no runtime object yet */
    if (size < 0 || (!s && size)) {
        capi_bad_internal_call();
        return NULL;
    }
    return capi_new_ref(w_str_decode_utf8(s ? s : "", (size_t)size, errors));
}

/* The length of an incomplete but so far valid UTF-8 sequence ending s[0..n), or 0. */
static size_t incomplete_tail(const unsigned char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 3 && (s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    unsigned c = s[--i];
    size_t have = n - i, need = c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
                                : c >= 0xF0 && c < 0xF5                ? 4 : 0;
    if (have >= need)
        return 0;
    if (have >= 2) {
        unsigned b = s[i + 1];
        unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (b < lo || b > hi)
            return 0;
    }
    return have;
}

PyObject *PyUnicode_DecodeUTF8Stateful(const char *s, Py_ssize_t size, const char *errors,
                                       Py_ssize_t *consumed)
{
    if (consumed && size > 0 && s) {
        size -= (Py_ssize_t)incomplete_tail((const unsigned char *)s, (size_t)size);
        *consumed = size;
    } else if (consumed) {
        *consumed = size;
    }
    return PyUnicode_DecodeUTF8(s, size, errors);
}

PyObject *PyUnicode_DecodeASCII(const char *s, Py_ssize_t size, const char *errors)
{
    return decode(s, size, "ascii", errors);
}

PyObject *PyUnicode_DecodeLatin1(const char *s, Py_ssize_t size, const char *errors)
{
    return decode(s, size, "latin-1", errors);
}

PyObject *PyUnicode_Decode(const char *s, Py_ssize_t size, const char *encoding,
                           const char *errors)
{
    if (!encoding)
        return PyUnicode_DecodeUTF8(s, size, errors);
    return decode(s, size, encoding, errors);
}

const char *PyUnicode_GetDefaultEncoding(void)
{
    return "utf-8";
}

static PyObject *encode(PyObject *u, const char *encoding, const char *errors)
{
    if (!u || !PyUnicode_Check(u)) {
        PyErr_BadArgument();
        return NULL;
    }
    GC_ENTER();
    w_object *w = NULL, *e = NULL, *h = NULL;
    GC_ROOT(w);
    GC_ROOT(e);
    GC_ROOT(h);
    if (!(e = name_str(encoding)) || (errors && !(h = name_str(errors))) || !(w = capi_w(u)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(w_str_encode(w, e, h)));
}

PyObject *_PyUnicode_AsUTF8String(PyObject *u, const char *errors)
{
    if (!u || !PyUnicode_Check(u)) {
        PyErr_BadArgument();
        return NULL;
    }
    if (!is_strict(errors))
        return encode(u, "utf-8", errors);
    /* the proxy's UTF-8 (made once, kept) becomes a C-made bytes: one copy */
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(u, &n);
    return p ? PyBytes_FromStringAndSize(p, n) : NULL;
}

PyObject *PyUnicode_AsUTF8String(PyObject *u)
{
    return _PyUnicode_AsUTF8String(u, NULL);
}

PyObject *_PyUnicode_AsASCIIString(PyObject *u, const char *errors)
{
    return encode(u, "ascii", errors);
}

PyObject *PyUnicode_AsASCIIString(PyObject *u)
{
    return encode(u, "ascii", NULL);
}

PyObject *_PyUnicode_AsLatin1String(PyObject *u, const char *errors)
{
    return encode(u, "latin-1", errors);
}

PyObject *PyUnicode_AsLatin1String(PyObject *u)
{
    return encode(u, "latin-1", NULL);
}

PyObject *PyUnicode_AsEncodedString(PyObject *u, const char *encoding, const char *errors)
{
    if (!encoding)
        return _PyUnicode_AsUTF8String(u, errors);
    return encode(u, encoding, errors);
}

PyObject *PyUnicode_FromEncodedObject(PyObject *obj, const char *encoding, const char *errors)
{
    if (!obj) {
        capi_bad_internal_call();
        return NULL;
    }
    if (PyBytes_Check(obj))
        return PyUnicode_Decode(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), encoding, errors);
    if (PyUnicode_Check(obj))
        return w_raise_fmt(w_exc_TypeError, "decoding str is not supported");
    if (PyByteArray_Check(obj)) /* pinned: the decoder copies before it allocates anyway */
        return PyUnicode_Decode(PyByteArray_AS_STRING(obj), PyByteArray_GET_SIZE(obj), encoding,
                                errors);
    return w_raise_fmt(w_exc_TypeError, "decoding to str: need a bytes-like object, %.80s found",
                       Py_TYPE(obj)->tp_name);
}

/* ---- the file system encoding: UTF-8 with surrogateescape -------------------------------- */

PyObject *PyUnicode_DecodeFSDefaultAndSize(const char *s, Py_ssize_t size)
{
    return PyUnicode_DecodeUTF8(s, size, "surrogateescape");
}

PyObject *PyUnicode_DecodeFSDefault(const char *s)
{
    if (!s) {
        capi_bad_internal_call();
        return NULL;
    }
    return PyUnicode_DecodeFSDefaultAndSize(s, (Py_ssize_t)strlen(s));
}

PyObject *PyUnicode_EncodeFSDefault(PyObject *u)
{
    return encode(u, "utf-8", "surrogateescape");
}

/* os.fspath(o): str and bytes as they are, else type(o).__fspath__(o). New reference. */
static PyObject *fspath(PyObject *o)
{
    if (PyUnicode_Check(o) || PyBytes_Check(o))
        return Py_NewRef(o);
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[1] = capi_w(o)))
        GC_RETURN(NULL);
    a[0] = w_type_lookup_cstr(W_TYPE(a[1]), "__fspath__");
    if (!a[0])
        GC_RETURN(w_raise_fmt(w_exc_TypeError,
                              "expected str, bytes or os.PathLike object, not %.200s",
                              Py_TYPE(o)->tp_name));
    w_object *r = space_call(a[0], a + 1, 1, NULL);
    if (r && !W_STR_CHECK(r) && !W_TYPE_CHECK(r, w_bytes_type))
        r = w_raise_fmt(w_exc_TypeError,
                        "expected %.200s.__fspath__() to return str or bytes, not %.200s",
                        Py_TYPE(o)->tp_name, W_TYPE(r)->name);
    GC_RETURN(capi_new_ref(r));
}

int PyUnicode_FSConverter(PyObject *arg, void *addr)
{
    PyObject **out = addr;
    if (!arg) {
        Py_CLEAR(*out);
        return 1;
    }
    PyObject *path = fspath(arg);
    if (!path)
        return 0;
    if (PyUnicode_Check(path)) {
        Py_SETREF(path, PyUnicode_EncodeFSDefault(path));
        if (!path)
            return 0;
    }
    if ((size_t)PyBytes_GET_SIZE(path) != strlen(PyBytes_AS_STRING(path))) {
        Py_DECREF(path);
        w_raise_fmt(w_exc_ValueError, "embedded null byte");
        return 0;
    }
    *out = path;
    return Py_CLEANUP_SUPPORTED; /* "O&" calls us again with NULL to clean up */
}

int PyUnicode_FSDecoder(PyObject *arg, void *addr)
{
    PyObject **out = addr;
    if (!arg) {
        Py_CLEAR(*out);
        return 1;
    }
    PyObject *path = fspath(arg);
    if (!path)
        return 0;
    if (PyBytes_Check(path)) {
        Py_SETREF(path, PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path),
                                                         PyBytes_GET_SIZE(path)));
        if (!path)
            return 0;
    }
    if (PyUnicode_FindChar(path, 0, 0, PyUnicode_GET_LENGTH(path), 1) >= 0) {
        Py_DECREF(path);
        w_raise_fmt(w_exc_ValueError, "embedded null character");
        return 0;
    }
    *out = path;
    return Py_CLEANUP_SUPPORTED;
}

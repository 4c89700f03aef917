/* getargs.c — PyArg_Parse* and PyArg_UnpackTuple: CPython 3.11's argument format language. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A parse walks the format once to find its shape (how many units, where '|' and '$' are,
 * the function name after ':' or the message after ';'), then converts the arguments unit
 * by unit, writing through the pointers in the va_list. Nothing is allocated on the way
 * unless a unit needs it (es/et buffers, more than a handful of clean-ups).
 *
 * Errors are worded as CPython 3.11 words them. A unit that fails returns a message:
 * "must be str, not int" becomes TypeError "f() argument 1 must be str, not int", one
 * starting with '(' is a SystemError (a bug in the format or its pointers), and if the
 * unit raised an exception itself (OverflowError of a range check, a converter's error)
 * that exception is what the caller sees.
 *
 * On failure, what earlier units acquired is given back: s*, y*, w* buffers are
 * released, es/et buffers freed, and O& converters that returned Py_CLEANUP_SUPPORTED are
 * called again with NULL.
 */

enum {
    FLAG_COMPAT = 1, /* PyArg_Parse: one object, not a tuple */
    FLAG_SIZE_T = 2, /* PY_SSIZE_T_CLEAN: '#' lengths are Py_ssize_t (else: refused) */
};

#define MAX_LEVELS 32

typedef int (*converter)(PyObject *, void *);

enum cleanup_kind { CLEAN_BUFFER, CLEAN_MEM, CLEAN_CONVERTER };

struct cleanup {
    enum cleanup_kind kind;
    void *ptr;
    converter conv;
};

typedef struct parser {
    va_list va;
    int flags;
    struct cleanup *cl;
    int ncl, capcl;
    struct cleanup cl_small[8];
    char msg[512];
} parser;

static void parser_init(parser *P, va_list va, int flags)
{
    va_copy(P->va, va);
    P->flags = flags;
    P->cl = P->cl_small;
    P->ncl = 0;
    P->capcl = (int)(sizeof P->cl_small / sizeof P->cl_small[0]);
}

static int add_cleanup(parser *P, enum cleanup_kind kind, void *ptr, converter conv)
{
    if (P->ncl == P->capcl) {
        int cap = P->capcl * 2;
        struct cleanup *c = malloc((size_t)cap * sizeof *c);
        if (!c)
            return -1;
        memcpy(c, P->cl, (size_t)P->ncl * sizeof *c);
        if (P->cl != P->cl_small)
            free(P->cl);
        P->cl = c;
        P->capcl = cap;
    }
    P->cl[P->ncl++] = (struct cleanup){kind, ptr, conv};
    return 0;
}

/* Ends a parse: on failure gives back what the converted units acquired. */
static int parser_finish(parser *P, int ok)
{
    if (!ok) {
        for (int i = 0; i < P->ncl; i++) {
            struct cleanup *c = &P->cl[i];
            switch (c->kind) {
            case CLEAN_BUFFER:
                PyBuffer_Release(c->ptr);
                break;
            case CLEAN_MEM:
                PyMem_Free(c->ptr);
                break;
            case CLEAN_CONVERTER:
                c->conv(NULL, c->ptr);
                break;
            }
        }
    }
    if (P->cl != P->cl_small)
        free(P->cl);
    va_end(P->va);
    return ok;
}

/* ---- messages ------------------------------------------------------------------------------ */

static const char *type_name(PyObject *o)
{
    return o == Py_None ? "None" : Py_TYPE(o)->tp_name;
}

/* "must be <expected>, not <type>", or a '('-message as is (a SystemError). */
static const char *must_be(parser *P, const char *expected, PyObject *arg)
{
    if (expected[0] == '(')
        snprintf(P->msg, sizeof P->msg, "%.100s", expected);
    else
        snprintf(P->msg, sizeof P->msg, "must be %.50s, not %.50s", expected, type_name(arg));
    return P->msg;
}

/* The unit raised an exception of its own: that is the error. */
static const char *raised(parser *P)
{
    P->msg[0] = 0;
    return P->msg;
}

static const char *overflow(parser *P, const char *what)
{
    w_raise_fmt(w_exc_OverflowError, "%s", what);
    return raised(P);
}

static const char *need_size_t(parser *P)
{
    w_raise_fmt(w_exc_SystemError, "PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
    return raised(P);
}

/*
 * Raises the error of unit `iarg` (1-based; 0: the single object of PyArg_Parse) unless the
 * unit raised its own: "f() argument 2, item 0 must be ..." — `levels` lists the item
 * indices (1-based, 0-terminated) inside nested tuples — or the custom `message` (';').
 */
static void set_error(Py_ssize_t iarg, const char *msg, const int *levels, const char *fname,
                      const char *message)
{
    if (w_err_occurred())
        return;
    char buf[512];
    if (!message) {
        size_t n = 0;
        if (fname)
            n += (size_t)snprintf(buf, sizeof buf, "%.200s() ", fname);
        if (iarg) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "argument %zd", iarg);
            for (int i = 0; i < MAX_LEVELS && levels[i] > 0 && n < 220; i++)
                n += (size_t)snprintf(buf + n, sizeof buf - n, ", item %d", levels[i] - 1);
        } else {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "argument");
        }
        snprintf(buf + n, sizeof buf - n, " %.256s", msg);
        message = buf;
    }
    w_raise_fmt(msg[0] == '(' ? w_exc_SystemError : w_exc_TypeError, "%s", message);
}

/* "f()" or "function" as the count errors name the function. */
#define FNAME(fname) ((fname) ? (fname) : "function"), ((fname) ? "()" : "")

/* ---- numbers ------------------------------------------------------------------------------- */

/* The value of an int proxy that caches it (int and bool, < 64 bits): no call at all. */
static inline bool cached_int(PyObject *o, long *v)
{
    PyTypeObject *t = Py_TYPE(o);
    if ((t == &PyLong_Type || t == &PyBool_Type) && ((PyLongObject *)o)->ob_ferry_small) {
        *v = (long)((PyLongObject *)o)->ob_ferry_value;
        return true;
    }
    return false;
}

/* PyLong_AsLong (through __index__), with the cached value first. 0 or -1. */
static inline int as_long(PyObject *o, long *v)
{
    if (cached_int(o, v))
        return 0;
    *v = PyLong_AsLong(o);
    return *v == -1 && w_err_occurred() ? -1 : 0;
}

/* PyLong_AsUnsignedLongMask: the value modulo 2**64. 0 or -1. */
static inline int as_mask(PyObject *o, unsigned long *v)
{
    long l;
    if (cached_int(o, &l)) {
        *v = (unsigned long)l;
        return 0;
    }
    *v = PyLong_AsUnsignedLongMask(o);
    return *v == (unsigned long)-1 && w_err_occurred() ? -1 : 0;
}

static const char *convert_long_range(parser *P, PyObject *arg, long *v, long min, long max,
                                      const char *what_min, const char *what_max)
{
    if (as_long(arg, v) < 0)
        return raised(P);
    if (*v < min)
        return overflow(P, what_min);
    if (*v > max)
        return overflow(P, what_max);
    return NULL;
}

/* 'D': a complex from a number. Ferry has no complex type, so an argument is never one:
   as in CPython, __complex__ is called if the type has it (its result, not being a
   complex, is then a TypeError), else the number is the real part. */
static const char *convert_complex(parser *P, PyObject *arg, double *out)
{
    w_object *w = capi_w(arg);
    if (!w)
        return raised(P);
    w_object *method = w_type_lookup_cstr(W_TYPE(w), "__complex__");
    if (method) {
        GC_ENTER();
        GC_ROOT(w);
        w_object *r = space_call_method(w, "__complex__", NULL, 0);
        if (r)
            w_raise_fmt(w_exc_TypeError, "__complex__ returned non-complex (type %.200s)",
                        W_TYPE(r)->name);
        GC_LEAVE();
        return raised(P);
    }
    double d = PyFloat_AsDouble(arg);
    if (d == -1.0 && w_err_occurred())
        return raised(P);
    out[0] = d;
    out[1] = 0.0;
    return NULL;
}

/* ---- strings and buffers --------------------------------------------------------------------- */

/* A C-contiguous buffer of `arg` (PyBUF_SIMPLE); *expected names what was wanted on failure. */
static int get_buffer(PyObject *arg, Py_buffer *view, const char **expected)
{
    if (PyObject_GetBuffer(arg, view, PyBUF_SIMPLE) != 0) {
        *expected = "bytes-like object";
        return -1;
    }
    if (!PyBuffer_IsContiguous(view, 'C')) {
        PyBuffer_Release(view);
        *expected = "contiguous buffer";
        return -1;
    }
    return 0;
}

/* The bytes of a read-only bytes-like object, valid while it lives (s#, y, y#): a type
   with a releasebuffer slot (bytearray, memoryview) could change or free them. */
static Py_ssize_t read_only_bytes(PyObject *arg, const char **p, const char **expected)
{
    *p = NULL;
    if (PyBytes_Check(arg)) {
        *p = PyBytes_AS_STRING(arg);
        return PyBytes_GET_SIZE(arg);
    }
    PyBufferProcs *pb = Py_TYPE(arg)->tp_as_buffer;
    if (PyByteArray_Check(arg) || (pb && pb->bf_releasebuffer)) {
        *expected = "read-only bytes-like object";
        return -1;
    }
    Py_buffer view;
    if (get_buffer(arg, &view, expected) < 0)
        return -1;
    *p = view.buf;
    Py_ssize_t n = view.len;
    PyBuffer_Release(&view);
    return n;
}

#define CONV_UNICODE "(unicode conversion error)"

/* s, s#, s*, z, z#, z*: str as UTF-8, or (but for plain s/z) a bytes-like object. */
static const char *convert_text(parser *P, char c, PyObject *arg, const char **pf)
{
    const char *f = *pf;
    bool none = c == 'z' && arg == Py_None;
    if (*f == '*') {
        Py_buffer *view = va_arg(P->va, Py_buffer *);
        *pf = f + 1;
        if (none) {
            PyBuffer_FillInfo(view, NULL, NULL, 0, 1, 0);
        } else if (PyUnicode_Check(arg)) {
            Py_ssize_t n;
            const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
            if (!s)
                return must_be(P, CONV_UNICODE, arg);
            PyBuffer_FillInfo(view, arg, (void *)s, n, 1, 0);
        } else {
            const char *expected;
            if (get_buffer(arg, view, &expected) < 0)
                return must_be(P, expected, arg);
        }
        if (add_cleanup(P, CLEAN_BUFFER, view, NULL) < 0) {
            PyBuffer_Release(view);
            return must_be(P, "(cleanup problem)", arg);
        }
        return NULL;
    }
    if (*f == '#') {
        const char **p = va_arg(P->va, const char **);
        if (!(P->flags & FLAG_SIZE_T))
            return need_size_t(P);
        Py_ssize_t *psize = va_arg(P->va, Py_ssize_t *);
        *pf = f + 1;
        if (none) {
            *p = NULL;
            *psize = 0;
        } else if (PyUnicode_Check(arg)) {
            Py_ssize_t n;
            const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
            if (!s)
                return must_be(P, CONV_UNICODE, arg);
            *p = s;
            *psize = n;
        } else {
            const char *expected;
            Py_ssize_t n = read_only_bytes(arg, p, &expected);
            if (n < 0)
                return must_be(P, expected, arg);
            *psize = n;
        }
        return NULL;
    }
    const char **p = va_arg(P->va, const char **);
    if (none) {
        *p = NULL;
        return NULL;
    }
    if (!PyUnicode_Check(arg))
        return must_be(P, c == 'z' ? "str or None" : "str", arg);
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    if (!s)
        return must_be(P, CONV_UNICODE, arg);
    if ((Py_ssize_t)strlen(s) != n) {
        w_raise_fmt(w_exc_ValueError, "embedded null character");
        return raised(P);
    }
    *p = s;
    return NULL;
}

/* y, y#, y*: a bytes-like object. */
static const char *convert_bytes(parser *P, PyObject *arg, const char **pf)
{
    const char *f = *pf;
    const char *expected;
    if (*f == '*') {
        Py_buffer *view = va_arg(P->va, Py_buffer *);
        *pf = f + 1;
        if (get_buffer(arg, view, &expected) < 0)
            return must_be(P, expected, arg);
        if (add_cleanup(P, CLEAN_BUFFER, view, NULL) < 0) {
            PyBuffer_Release(view);
            return must_be(P, "(cleanup problem)", arg);
        }
        return NULL;
    }
    const char **p = va_arg(P->va, const char **);
    Py_ssize_t n = read_only_bytes(arg, p, &expected);
    if (n < 0)
        return must_be(P, expected, arg);
    if (*f == '#') {
        if (!(P->flags & FLAG_SIZE_T))
            return need_size_t(P);
        *va_arg(P->va, Py_ssize_t *) = n;
        *pf = f + 1;
    } else if ((Py_ssize_t)strlen(*p) != n) {
        w_raise_fmt(w_exc_ValueError, "embedded null byte");
        return raised(P);
    }
    return NULL;
}

/*
 * es, et, es#, et#: text encoded with a codec into a buffer. `es` encodes any str; `et`
 * passes bytes and bytearray through as they are. Without '#' the buffer is new
 * (PyMem_Malloc: the caller frees it with PyMem_Free) and must hold no NUL; with '#' it
 * is new if *buffer is NULL, else the caller's, *size bytes long (room for the NUL too).
 */
static const char *convert_encoded(parser *P, PyObject *arg, const char **pf)
{
    const char *f = *pf;
    const char *encoding = va_arg(P->va, const char *);
    if (!encoding)
        encoding = "utf-8";
    bool recode = *f == 's';
    if (*f != 's' && *f != 't')
        return must_be(P, "(unknown parser marker combination)", arg);
    char **buffer = va_arg(P->va, char **);
    f++;
    if (!buffer)
        return must_be(P, "(buffer is NULL)", arg);

    PyObject *s;
    const char *data;
    Py_ssize_t size;
    if (!recode && (PyBytes_Check(arg) || PyByteArray_Check(arg))) {
        s = Py_NewRef(arg);
        if (PyBytes_Check(arg)) {
            data = PyBytes_AS_STRING(arg);
            size = PyBytes_GET_SIZE(arg);
        } else {
            data = PyByteArray_AS_STRING(arg);
            size = PyByteArray_GET_SIZE(arg);
        }
    } else if (PyUnicode_Check(arg)) {
        s = PyUnicode_AsEncodedString(arg, encoding, NULL);
        if (!s)
            return must_be(P, "(encoding failed)", arg);
        data = PyBytes_AS_STRING(s);
        size = PyBytes_GET_SIZE(s);
    } else {
        return must_be(P, recode ? "str" : "str, bytes or bytearray", arg);
    }

    const char *err = NULL;
    if (*f == '#') {
        if (!(P->flags & FLAG_SIZE_T)) {
            Py_DECREF(s);
            return need_size_t(P);
        }
        Py_ssize_t *psize = va_arg(P->va, Py_ssize_t *);
        f++;
        if (!psize) {
            err = must_be(P, "(buffer_len is NULL)", arg);
        } else if (!*buffer) {
            if (!(*buffer = PyMem_Malloc((size_t)size + 1))) {
                PyErr_NoMemory();
                err = raised(P);
            } else if (add_cleanup(P, CLEAN_MEM, *buffer, NULL) < 0) {
                err = must_be(P, "(cleanup problem)", arg);
            }
        } else if (size + 1 > *psize) {
            w_raise_fmt(w_exc_ValueError, "encoded string too long (%zd, maximum length %zd)",
                        size, *psize - 1);
            err = raised(P);
        }
        if (!err) {
            memcpy(*buffer, data, (size_t)size + 1);
            *psize = size;
        }
    } else if ((Py_ssize_t)strlen(data) != size) {
        err = must_be(P, "encoded string without null bytes", arg);
    } else if (!(*buffer = PyMem_Malloc((size_t)size + 1))) {
        PyErr_NoMemory();
        err = raised(P);
    } else if (add_cleanup(P, CLEAN_MEM, *buffer, NULL) < 0) {
        err = must_be(P, "(cleanup problem)", arg);
    } else {
        memcpy(*buffer, data, (size_t)size + 1);
    }
    Py_DECREF(s);
    *pf = f;
    return err;
}

/* u, u#, Z, Z#: the deprecated Py_UNICODE forms (removed in 3.12) need a wchar_t copy of
   the str that lives as long as the str; Ferry's str proxies keep none, so these units are
   refused with a SystemError naming the replacement. */
static const char *refuse_wide(parser *P, char c)
{
    snprintf(P->msg, sizeof P->msg,
             "(the deprecated '%c' format is not supported by Ferry: use 'U')", c);
    return P->msg;
}

/* O, O!, O&. */
static const char *convert_object(parser *P, PyObject *arg, const char **pf)
{
    const char *f = *pf;
    if (*f == '!') {
        PyTypeObject *type = va_arg(P->va, PyTypeObject *);
        PyObject **p = va_arg(P->va, PyObject **);
        *pf = f + 1;
        if (!PyType_IsSubtype(Py_TYPE(arg), type))
            return must_be(P, type->tp_name, arg);
        *p = arg;
        return NULL;
    }
    if (*f == '&') {
        converter conv = va_arg(P->va, converter);
        void *addr = va_arg(P->va, void *);
        *pf = f + 1;
        int res = conv(arg, addr);
        if (!res)
            return must_be(P, "(unspecified)", arg);
        if (res == Py_CLEANUP_SUPPORTED && add_cleanup(P, CLEAN_CONVERTER, addr, conv) < 0)
            return must_be(P, "(cleanup problem)", arg);
        return NULL;
    }
    *va_arg(P->va, PyObject **) = arg;
    return NULL;
}

/* One unit that is not a nested tuple. */
static const char *convert_simple(parser *P, PyObject *arg, const char **pf)
{
    char c = *(*pf)++;
    long v;
    unsigned long u;
    const char *err;
    switch (c) {
    case 'b': {
        unsigned char *p = va_arg(P->va, unsigned char *);
        if ((err = convert_long_range(P, arg, &v, 0, UCHAR_MAX,
                                      "unsigned byte integer is less than minimum",
                                      "unsigned byte integer is greater than maximum")))
            return err;
        *p = (unsigned char)v;
        return NULL;
    }
    case 'B': {
        unsigned char *p = va_arg(P->va, unsigned char *);
        if (as_mask(arg, &u) < 0)
            return raised(P);
        *p = (unsigned char)u;
        return NULL;
    }
    case 'h': {
        short *p = va_arg(P->va, short *);
        if ((err = convert_long_range(P, arg, &v, SHRT_MIN, SHRT_MAX,
                                      "signed short integer is less than minimum",
                                      "signed short integer is greater than maximum")))
            return err;
        *p = (short)v;
        return NULL;
    }
    case 'H': {
        unsigned short *p = va_arg(P->va, unsigned short *);
        if (as_mask(arg, &u) < 0)
            return raised(P);
        *p = (unsigned short)u;
        return NULL;
    }
    case 'i': {
        int *p = va_arg(P->va, int *);
        if ((err = convert_long_range(P, arg, &v, INT_MIN, INT_MAX,
                                      "signed integer is less than minimum",
                                      "signed integer is greater than maximum")))
            return err;
        *p = (int)v;
        return NULL;
    }
    case 'I': {
        unsigned int *p = va_arg(P->va, unsigned int *);
        if (as_mask(arg, &u) < 0)
            return raised(P);
        *p = (unsigned int)u;
        return NULL;
    }
    case 'l': {
        long *p = va_arg(P->va, long *);
        if (as_long(arg, &v) < 0)
            return raised(P);
        *p = v;
        return NULL;
    }
    case 'k': {
        unsigned long *p = va_arg(P->va, unsigned long *);
        if (!PyLong_Check(arg))
            return must_be(P, "int", arg);
        if (as_mask(arg, &u) < 0)
            return raised(P);
        *p = u;
        return NULL;
    }
    case 'L': {
        long long *p = va_arg(P->va, long long *);
        if (cached_int(arg, &v)) {
            *p = v;
            return NULL;
        }
        long long ll = PyLong_AsLongLong(arg);
        if (ll == -1 && w_err_occurred())
            return raised(P);
        *p = ll;
        return NULL;
    }
    case 'K': {
        unsigned long long *p = va_arg(P->va, unsigned long long *);
        if (!PyLong_Check(arg))
            return must_be(P, "int", arg);
        if (cached_int(arg, &v)) {
            *p = (unsigned long long)v;
            return NULL;
        }
        unsigned long long ull = PyLong_AsUnsignedLongLongMask(arg);
        if (ull == (unsigned long long)-1 && w_err_occurred())
            return raised(P);
        *p = ull;
        return NULL;
    }
    case 'n': {
        Py_ssize_t *p = va_arg(P->va, Py_ssize_t *);
        if (cached_int(arg, &v)) {
            *p = v;
            return NULL;
        }
        PyObject *index = PyNumber_Index(arg);
        if (!index)
            return raised(P);
        Py_ssize_t n = PyLong_AsSsize_t(index);
        Py_DECREF(index);
        if (n == -1 && w_err_occurred())
            return raised(P);
        *p = n;
        return NULL;
    }
    case 'f':
    case 'd': {
        void *p = va_arg(P->va, void *);
        double d = PyFloat_CheckExact(arg) ? PyFloat_AS_DOUBLE(arg) : PyFloat_AsDouble(arg);
        if (d == -1.0 && w_err_occurred())
            return raised(P);
        if (c == 'f')
            *(float *)p = (float)d;
        else
            *(double *)p = d;
        return NULL;
    }
    case 'D':
        return convert_complex(P, arg, va_arg(P->va, double *));
    case 'c': {
        char *p = va_arg(P->va, char *);
        if (PyBytes_Check(arg) && PyBytes_GET_SIZE(arg) == 1)
            *p = PyBytes_AS_STRING(arg)[0];
        else if (PyByteArray_Check(arg) && PyByteArray_GET_SIZE(arg) == 1)
            *p = PyByteArray_AS_STRING(arg)[0];
        else
            return must_be(P, "a byte string of length 1", arg);
        return NULL;
    }
    case 'C': {
        int *p = va_arg(P->va, int *);
        if (!PyUnicode_Check(arg) || PyUnicode_GetLength(arg) != 1)
            return must_be(P, "a unicode character", arg);
        *p = (int)PyUnicode_ReadChar(arg, 0);
        return NULL;
    }
    case 'p': {
        int *p = va_arg(P->va, int *);
        int t = arg == Py_True ? 1 : arg == Py_False || arg == Py_None ? 0 : PyObject_IsTrue(arg);
        if (t < 0)
            return raised(P);
        *p = t;
        return NULL;
    }
    case 's':
    case 'z':
        return convert_text(P, c, arg, pf);
    case 'y':
        return convert_bytes(P, arg, pf);
    case 'e':
        return convert_encoded(P, arg, pf);
    case 'u':
    case 'Z':
        return refuse_wide(P, c);
    case 'S':
    case 'Y':
    case 'U': {
        PyObject **p = va_arg(P->va, PyObject **);
        if (c == 'S' ? !PyBytes_Check(arg)
                     : c == 'Y' ? !PyByteArray_Check(arg) : !PyUnicode_Check(arg))
            return must_be(P, c == 'S' ? "bytes" : c == 'Y' ? "bytearray" : "str", arg);
        *p = arg;
        return NULL;
    }
    case 'O':
        return convert_object(P, arg, pf);
    case 'w': {
        Py_buffer *view = va_arg(P->va, Py_buffer *);
        if (**pf != '*')
            return must_be(P, "(invalid use of 'w' format character)", arg);
        (*pf)++;
        if (PyObject_GetBuffer(arg, view, PyBUF_WRITABLE) < 0) {
            w_err_clear();
            return must_be(P, "read-write bytes-like object", arg);
        }
        if (!PyBuffer_IsContiguous(view, 'C')) {
            PyBuffer_Release(view);
            return must_be(P, "contiguous buffer", arg);
        }
        if (add_cleanup(P, CLEAN_BUFFER, view, NULL) < 0) {
            PyBuffer_Release(view);
            return must_be(P, "(cleanup problem)", arg);
        }
        return NULL;
    }
    default:
        return must_be(P, "(impossible<bad format char>)", arg);
    }
}

static const char *convert_item(parser *P, PyObject *arg, const char **pf, int *levels);

/* A format unit's letter (ASCII, whatever the locale). */
static inline bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The number of units of a '(' group whose body starts at f. */
static int group_units(const char *f)
{
    int level = 0, n = 0;
    for (;; f++) {
        char c = *f;
        if (c == '(') {
            if (level++ == 0)
                n++;
        } else if (c == ')') {
            if (level-- == 0)
                return n;
        } else if (c == ':' || c == ';' || c == '\0') {
            return n;
        } else if (level == 0 && is_alpha(c) && c != 'e') {
            n++;
        }
    }
}

/* A '(' group: a sequence (not bytes) of exactly that many items, each converted. */
static const char *convert_group(parser *P, PyObject *arg, const char **pf, int *levels)
{
    int n = group_units(*pf);
    if (!PySequence_Check(arg) || PyBytes_Check(arg)) {
        levels[0] = 0;
        snprintf(P->msg, sizeof P->msg, "must be %d-item sequence, not %.50s", n,
                 type_name(arg));
        return P->msg;
    }
    Py_ssize_t len = PySequence_Size(arg);
    if (len != n) {
        levels[0] = 0;
        if (len < 0)
            w_err_clear();
        snprintf(P->msg, sizeof P->msg, "must be sequence of length %d, not %zd", n, len);
        return P->msg;
    }
    const char *f = *pf;
    for (int i = 0; i < n; i++) {
        /* a tuple's items are borrowed from it; other sequences hand out new references,
           which, as in CPython, are dropped before the parse returns */
        PyObject *item = PyTuple_Check(arg) ? Py_NewRef(PyTuple_GET_ITEM(arg, i))
                                            : PySequence_GetItem(arg, i);
        if (!item) {
            w_err_clear();
            levels[0] = i + 1;
            levels[1] = 0;
            snprintf(P->msg, sizeof P->msg, "is not retrievable");
            return P->msg;
        }
        const char *msg = convert_item(P, item, &f, levels + 1);
        Py_DECREF(item);
        if (msg) {
            levels[0] = i + 1;
            return msg;
        }
    }
    *pf = f;
    return NULL;
}

static const char *convert_item(parser *P, PyObject *arg, const char **pf, int *levels)
{
    const char *f = *pf;
    const char *msg;
    if (*f == '(') {
        f++;
        msg = convert_group(P, arg, &f, levels);
        if (!msg)
            f++;
    } else {
        msg = convert_simple(P, arg, &f);
        if (msg)
            levels[0] = 0;
    }
    if (!msg)
        *pf = f;
    return msg;
}

/*
 * The units most functions take, on the arguments that need no call: an int whose value
 * its proxy caches (i l n L), an exact float (d), any object (plain O). Takes the unit and
 * its pointer and returns true, or touches nothing and returns false (the general path
 * then does the work, errors included).
 */
static inline bool convert_fast(parser *P, PyObject *arg, const char **pf)
{
    const char *f = *pf;
    long v;
    switch (*f) {
    case 'i':
        if (!cached_int(arg, &v) || v < INT_MIN || v > INT_MAX)
            return false;
        *va_arg(P->va, int *) = (int)v;
        break;
    case 'l':
        if (!cached_int(arg, &v))
            return false;
        *va_arg(P->va, long *) = v;
        break;
    case 'n':
        if (!cached_int(arg, &v))
            return false;
        *va_arg(P->va, Py_ssize_t *) = v;
        break;
    case 'L':
        if (!cached_int(arg, &v))
            return false;
        *va_arg(P->va, long long *) = v;
        break;
    case 'd':
        if (!PyFloat_CheckExact(arg))
            return false;
        *va_arg(P->va, double *) = PyFloat_AS_DOUBLE(arg);
        break;
    case 'O':
        if (f[1] == '!' || f[1] == '&')
            return false;
        *va_arg(P->va, PyObject **) = arg;
        break;
    default:
        return false;
    }
    *pf = f + 1;
    return true;
}

/* ---- PyArg_Parse, PyArg_ParseTuple ------------------------------------------------------ */

/* The shape of a positional format: units (max), required units (min), name, message. */
typedef struct {
    int min, max;
    const char *fname, *message;
} shape;

static int format_shape(const char *f, shape *s)
{
    int level = 0;
    s->min = -1;
    s->max = 0;
    s->fname = s->message = NULL;
    for (;;) {
        char c = *f++;
        if (c == '(') {
            if (level == 0)
                s->max++;
            if (++level >= 30) {
                w_raise_fmt(w_exc_SystemError,
                            "too many tuple nesting levels in argument format string");
                return -1;
            }
        } else if (c == ')') {
            if (level == 0) {
                w_raise_fmt(w_exc_SystemError, "excess ')' in getargs format");
                return -1;
            }
            level--;
        } else if (c == '\0' || c == ':' || c == ';') {
            if (c == ':')
                s->fname = f;
            else if (c == ';')
                s->message = f;
            break;
        } else if (c == '|') {
            if (level == 0)
                s->min = s->max;
        } else if (level == 0 && is_alpha(c) && c != 'e') {
            s->max++;
        }
    }
    if (level != 0) {
        w_raise_fmt(w_exc_SystemError, "missing ')' in getargs format");
        return -1;
    }
    if (s->min < 0)
        s->min = s->max;
    return 0;
}

/* PyArg_Parse: `arg` is the one object the format describes. */
static int parse_compat(parser *P, PyObject *arg, const char *format, const shape *s)
{
    int levels[MAX_LEVELS];
    if (s->max == 0) {
        if (!arg)
            return 1;
        w_raise_fmt(w_exc_TypeError, "%.200s%s takes no arguments", FNAME(s->fname));
        return 0;
    }
    if (s->min != 1 || s->max != 1) {
        w_raise_fmt(w_exc_SystemError, "old style getargs format uses new features");
        return 0;
    }
    if (!arg) {
        w_raise_fmt(w_exc_TypeError, "%.200s%s takes at least one argument", FNAME(s->fname));
        return 0;
    }
    const char *msg = convert_item(P, arg, &format, levels);
    if (!msg)
        return 1;
    set_error(levels[0], msg, levels + 1, s->fname, s->message);
    return 0;
}

static int parse_tuple(parser *P, PyObject *args, const char *format, const shape *s)
{
    int levels[MAX_LEVELS];
    if (!args || !PyTuple_Check(args)) {
        w_raise_fmt(w_exc_SystemError, "new style getargs format but argument is not a tuple");
        return 0;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs < s->min || nargs > s->max) {
        if (s->message) {
            w_raise_fmt(w_exc_TypeError, "%s", s->message);
        } else {
            int n = nargs < s->min ? s->min : s->max;
            w_raise_fmt(w_exc_TypeError, "%.150s%s takes %s %d argument%s (%zd given)",
                        FNAME(s->fname),
                        s->min == s->max ? "exactly" : nargs < s->min ? "at least" : "at most",
                        n, n == 1 ? "" : "s", nargs);
        }
        return 0;
    }
    const char *f = format;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (*f == '|')
            f++;
        PyObject *arg = PyTuple_GET_ITEM(args, i);
        if (convert_fast(P, arg, &f))
            continue;
        const char *msg = convert_item(P, arg, &f, levels);
        if (msg) {
            set_error(i + 1, msg, levels, s->fname, s->message);
            return 0;
        }
    }
    if (*f && !is_alpha(*f) && *f != '(' && *f != '|' && *f != ':' &&
        *f != ';') {
        w_raise_fmt(w_exc_SystemError, "bad format string: %.200s", format);
        return 0;
    }
    return 1;
}

static int vgetargs(PyObject *args, const char *format, va_list va, int flags)
{
    shape s;
    if (!format) {
        capi_bad_internal_call();
        return 0;
    }
    if (format_shape(format, &s) < 0)
        return 0;
    parser P;
    parser_init(&P, va, flags);
    int ok = flags & FLAG_COMPAT ? parse_compat(&P, args, format, &s)
                                 : parse_tuple(&P, args, format, &s);
    return parser_finish(&P, ok);
}

int PyArg_Parse(PyObject *arg, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int ok = vgetargs(arg, format, va, FLAG_COMPAT);
    va_end(va);
    return ok;
}

int _PyArg_Parse_SizeT(PyObject *arg, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int ok = vgetargs(arg, format, va, FLAG_COMPAT | FLAG_SIZE_T);
    va_end(va);
    return ok;
}

/*
 * The common case in one pass: a format of up to 8 plain units (i l n L d O, then the end
 * or ':'/';'), a tuple of exactly as many arguments, each converting without a call
 * (convert_fast's cases). The values are gathered first and written only once all of them
 * are known, so that "not this case" (0) has written nothing and has not touched `va`:
 * the general path then parses from the start.
 */
static inline int parse_plain(PyObject *args, const char *format, va_list va)
{
    union {
        long l;
        double d;
        PyObject *o;
    } val[8];
    if (!args || !PyTuple_Check(args))
        return 0;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    const char *f = format;
    int n = 0;
    for (;; f++, n++) {
        char c = *f;
        if (c == '\0' || c == ':' || c == ';')
            break;
        if (n == nargs || n == 8)
            return 0;
        PyObject *arg = PyTuple_GET_ITEM(args, n);
        switch (c) {
        case 'i':
            if (!cached_int(arg, &val[n].l) || val[n].l < INT_MIN || val[n].l > INT_MAX)
                return 0;
            break;
        case 'l':
        case 'n':
        case 'L':
            if (!cached_int(arg, &val[n].l))
                return 0;
            break;
        case 'd':
            if (!PyFloat_CheckExact(arg))
                return 0;
            val[n].d = PyFloat_AS_DOUBLE(arg);
            break;
        case 'O':
            val[n].o = arg; /* O! and O& stop at their '!' or '&' */
            break;
        default:
            return 0;
        }
    }
    if (n != nargs)
        return 0;
    for (int i = 0; i < n; i++) {
        switch (format[i]) {
        case 'i':
            *va_arg(va, int *) = (int)val[i].l;
            break;
        case 'l':
            *va_arg(va, long *) = val[i].l;
            break;
        case 'n':
            *va_arg(va, Py_ssize_t *) = val[i].l;
            break;
        case 'L':
            *va_arg(va, long long *) = val[i].l;
            break;
        case 'd':
            *va_arg(va, double *) = val[i].d;
            break;
        default:
            *va_arg(va, PyObject **) = val[i].o;
            break;
        }
    }
    return 1;
}

int PyArg_ParseTuple(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int ok = (format && parse_plain(args, format, va)) || vgetargs(args, format, va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseTuple_SizeT(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int ok = (format && parse_plain(args, format, va)) || vgetargs(args, format, va, FLAG_SIZE_T);
    va_end(va);
    return ok;
}

int PyArg_VaParse(PyObject *args, const char *format, va_list va)
{
    return vgetargs(args, format, va, 0);
}

int _PyArg_VaParse_SizeT(PyObject *args, const char *format, va_list va)
{
    return vgetargs(args, format, va, FLAG_SIZE_T);
}

/* ---- PyArg_ParseTupleAndKeywords ------------------------------------------------------- */

#define END_OF_FORMAT(c) ((c) == '\0' || (c) == ':' || (c) == ';')

/* Steps over one unit without converting, taking its pointers off the va_list; NULL, or
   what is wrong with the format. */
static const char *skip_item(parser *P, const char **pf)
{
    const char *f = *pf;
    char c = *f++;
    switch (c) {
    case 'b': case 'B': case 'h': case 'H': case 'i': case 'I': case 'l': case 'k':
    case 'L': case 'K': case 'n': case 'f': case 'd': case 'D': case 'c': case 'C':
    case 'p': case 'S': case 'Y': case 'U':
        (void)va_arg(P->va, void *);
        break;
    case 'e':
        /* the encoding, then the buffer and its length as for s# */
        (void)va_arg(P->va, const char *);
        if (*f != 's' && *f != 't')
            return "impossible<bad format char>";
        f++;
        /* fall through */
    case 's': case 'z': case 'y': case 'u': case 'Z': case 'w':
        (void)va_arg(P->va, char **);
        if (*f == '#') {
            if (!(P->flags & FLAG_SIZE_T))
                return "PY_SSIZE_T_CLEAN macro must be defined for '#' formats";
            (void)va_arg(P->va, Py_ssize_t *);
            f++;
        } else if ((c == 's' || c == 'z' || c == 'y' || c == 'w') && *f == '*') {
            f++;
        }
        break;
    case 'O':
        if (*f == '!' || *f == '&') {
            (void)va_arg(P->va, void *);
            f++;
        }
        (void)va_arg(P->va, void *);
        break;
    case '(':
        while (*f != ')') {
            if (END_OF_FORMAT(*f))
                return "Unmatched left paren in format string";
            const char *msg = skip_item(P, &f);
            if (msg)
                return msg;
        }
        f++;
        break;
    case ')':
        return "Unmatched right paren in format string";
    default:
        return "impossible<bad format char>";
    }
    *pf = f;
    return NULL;
}

/* The value of keyword `name` in the runtime dict `kw`, as a borrowed proxy; NULL if
   absent. Never allocates. */
static PyObject *kw_lookup(w_object *kw, const char *name)
{
    w_object *v = w_dict_get_cstr(kw, name);
    return v ? capi_proxy(v) : NULL;
}

static bool kwlist_has(char **kwlist, int from, int len, w_object *key)
{
    for (int i = from; i < len; i++)
        if (w_str_eq_cstr(key, kwlist[i]))
            return true;
    return false;
}

/* Keywords left over after every parameter took its argument: which one is wrong. */
static void extra_keyword_error(PyObject *kwargs, char **kwlist, int pos, int len,
                                Py_ssize_t nargs, const char *fname)
{
    w_object *kw = capi_link(kwargs);
    for (int i = pos; i < nargs; i++) {
        if (w_dict_get_cstr(kw, kwlist[i])) {
            w_raise_fmt(w_exc_TypeError,
                        "argument for %.200s%s given by name ('%s') and position (%d)",
                        FNAME(fname), kwlist[i], i + 1);
            return;
        }
    }
    int64_t it = 0;
    w_object *key;
    while (w_dict_next(kw, &it, &key, NULL)) {
        if (!W_STR_CHECK(key)) {
            w_raise_fmt(w_exc_TypeError, "keywords must be strings");
            return;
        }
        if (!kwlist_has(kwlist, pos, len, key)) {
            w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for %.200s%s",
                        w_str_utf8(key), fname ? fname : "this function", fname ? "()" : "");
            return;
        }
    }
    w_raise_fmt(w_exc_TypeError, "invalid keyword argument for %.200s%s",
                fname ? fname : "this function", fname ? "()" : "");
}

static int parse_keywords(parser *P, PyObject *args, PyObject *kwargs, const char *format,
                          char **kwlist)
{
    int levels[MAX_LEVELS];
    const char *fname = strchr(format, ':'), *custom = NULL;
    if (fname)
        fname++;
    else if ((custom = strchr(format, ';')))
        custom++;

    /* leading empty names are positional-only parameters */
    int pos = 0, len;
    while (kwlist[pos] && !*kwlist[pos])
        pos++;
    for (len = pos; kwlist[len]; len++) {
        if (!*kwlist[len]) {
            w_raise_fmt(w_exc_SystemError, "Empty keyword parameter name");
            return 0;
        }
    }

    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    w_object *kw = NULL;
    Py_ssize_t nkw = 0;
    if (kwargs) {
        if (!(kw = capi_w(kwargs)))
            return 0;
        nkw = w_dict_size(kw);
    }
    if (nargs + nkw > len) {
        w_raise_fmt(w_exc_TypeError, "%.200s%s takes at most %d %sargument%s (%zd given)",
                    FNAME(fname), len, nargs == 0 ? "keyword " : "", len == 1 ? "" : "s",
                    nargs + nkw);
        return 0;
    }

    const char *f = format;
    int min = INT_MAX, max = INT_MAX, i;
    bool skip = false; /* a positional-only parameter is missing: report once | or $ is known */
    for (i = 0; i < len; i++) {
        if (*f == '|') {
            if (min != INT_MAX) {
                w_raise_fmt(w_exc_SystemError, "Invalid format string (| specified twice)");
                return 0;
            }
            min = i;
            f++;
            if (max != INT_MAX) {
                w_raise_fmt(w_exc_SystemError, "Invalid format string ($ before |)");
                return 0;
            }
        }
        if (*f == '$') {
            if (max != INT_MAX) {
                w_raise_fmt(w_exc_SystemError, "Invalid format string ($ specified twice)");
                return 0;
            }
            max = i;
            f++;
            if (max < pos) {
                w_raise_fmt(w_exc_SystemError, "Empty parameter name after $");
                return 0;
            }
            if (skip)
                break;
            if (max < nargs) {
                if (max == 0)
                    w_raise_fmt(w_exc_TypeError, "%.200s%s takes no positional arguments",
                                FNAME(fname));
                else
                    w_raise_fmt(w_exc_TypeError,
                                "%.200s%s takes %s %d positional argument%s (%zd given)",
                                FNAME(fname), min != INT_MAX ? "at most" : "exactly", max,
                                max == 1 ? "" : "s", nargs);
                return 0;
            }
        }
        if (END_OF_FORMAT(*f)) {
            w_raise_fmt(w_exc_SystemError,
                        "More keyword list entries (%d) than format specifiers (%d)", len, i);
            return 0;
        }
        if (!skip) {
            PyObject *arg = NULL;
            if (i < nargs) {
                arg = PyTuple_GET_ITEM(args, i);
            } else if (nkw && i >= pos) {
                /* the dict is rooted by the call that passed it; re-read its link, as a
                   conversion may have moved it */
                if ((arg = kw_lookup(capi_link(kwargs), kwlist[i])))
                    nkw--;
            }
            if (arg) {
                if (convert_fast(P, arg, &f))
                    continue;
                const char *msg = convert_item(P, arg, &f, levels);
                if (msg) {
                    set_error(i + 1, msg, levels, fname, custom);
                    return 0;
                }
                continue;
            }
            if (i < min) {
                if (i < pos) {
                    skip = true;
                } else {
                    w_raise_fmt(w_exc_TypeError,
                                "%.200s%s missing required argument '%s' (pos %d)",
                                FNAME(fname), kwlist[i], i + 1);
                    return 0;
                }
            }
            /* every required parameter has its argument and no keyword is left: done,
               without looking at the rest of the format (as CPython) */
            if (!nkw && !skip)
                return 1;
        }
        const char *msg = skip_item(P, &f);
        if (msg) {
            w_raise_fmt(w_exc_SystemError, "%s: '%s'", msg, f);
            return 0;
        }
    }

    if (skip) {
        int n = pos < min ? pos : min;
        w_raise_fmt(w_exc_TypeError, "%.200s%s takes %s %d positional argument%s (%zd given)",
                    FNAME(fname), n < i ? "at least" : "exactly", n, n == 1 ? "" : "s", nargs);
        return 0;
    }
    if (!END_OF_FORMAT(*f) && *f != '|' && *f != '$') {
        w_raise_fmt(w_exc_SystemError,
                    "more argument specifiers than keyword list entries (remaining format:'%s')",
                    f);
        return 0;
    }
    if (nkw > 0) {
        extra_keyword_error(kwargs, kwlist, pos, len, nargs, fname);
        return 0;
    }
    return 1;
}

static int vgetargs_keywords(PyObject *args, PyObject *kwargs, const char *format,
                             char **kwlist, va_list va, int flags)
{
    if (!args || !PyTuple_Check(args) || (kwargs && !PyDict_Check(kwargs)) || !format ||
        !kwlist) {
        capi_bad_internal_call();
        return 0;
    }
    parser P;
    parser_init(&P, va, flags);
    return parser_finish(&P, parse_keywords(&P, args, kwargs, format, kwlist));
}

int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format,
                                char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int ok = vgetargs_keywords(args, kwargs, format, kwlist, va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format,
                                       char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int ok = vgetargs_keywords(args, kwargs, format, kwlist, va, FLAG_SIZE_T);
    va_end(va);
    return ok;
}

int PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format,
                                  char **kwlist, va_list va)
{
    return vgetargs_keywords(args, kwargs, format, kwlist, va, 0);
}

int _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs,
                                         const char *format, char **kwlist, va_list va)
{
    return vgetargs_keywords(args, kwargs, format, kwlist, va, FLAG_SIZE_T);
}

int PyArg_ValidateKeywordArguments(PyObject *kwargs)
{
    if (!kwargs || !PyDict_Check(kwargs)) {
        capi_bad_internal_call();
        return 0;
    }
    w_object *kw = capi_w(kwargs);
    if (!kw)
        return 0;
    int64_t it = 0;
    w_object *key;
    while (w_dict_next(kw, &it, &key, NULL)) {
        if (!W_STR_CHECK(key)) {
            w_raise_fmt(w_exc_TypeError, "keywords must be strings");
            return 0;
        }
    }
    return 1;
}

/* ---- unpacking (the count check is argclinic.c's _PyArg_CheckPositional) ------------------- */

int PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, ...)
{
    if (!args || !PyTuple_Check(args)) {
        w_raise_fmt(w_exc_SystemError, "PyArg_UnpackTuple() argument list is not a tuple");
        return 0;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (!(_PyArg_CheckPositional)(name, nargs, min, max))
        return 0;
    va_list va;
    va_start(va, max);
    for (Py_ssize_t i = 0; i < nargs; i++)
        *va_arg(va, PyObject **) = PyTuple_GET_ITEM(args, i);
    va_end(va);
    return 1;
}

int _PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs, const char *name,
                       Py_ssize_t min, Py_ssize_t max, ...)
{
    if (!(_PyArg_CheckPositional)(name, nargs, min, max))
        return 0;
    va_list va;
    va_start(va, max);
    for (Py_ssize_t i = 0; i < nargs; i++)
        *va_arg(va, PyObject **) = args[i];
    va_end(va);
    return 1;
}

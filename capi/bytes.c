/* bytes.c — bytes proxies (the bytes inline, in CPython's layout) and the PyBytes_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

#define HEADER offsetof(PyBytesObject, ob_sval)

static void bytes_dealloc(PyObject *o)
{
    free(o);
}

PyTypeObject PyBytes_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "bytes",
    .tp_basicsize = HEADER + 1,
    .tp_itemsize = 1,
    .tp_dealloc = bytes_dealloc,
};

/* A proxy for `n` bytes (plus the NUL, set), refcnt 0 and no link; NULL if out of memory. */
static PyBytesObject *bytes_alloc(PyTypeObject *type, Py_ssize_t n)
{
    PyBytesObject *b = malloc(HEADER + (size_t)n + 1);
    if (!b)
        return NULL;
    b->ob_base.ob_base.ob_refcnt = 0;
    b->ob_base.ob_base.ob_pypy_link = 0;
    b->ob_base.ob_base.ob_type = type;
    b->ob_base.ob_size = n;
    b->ob_shash = -1;
    b->ob_sval[n] = 0;
    return b;
}

/* The proxy of a runtime bytes: a copy of its bytes. Never allocates in the GC heap. */
static PyObject *bytes_proxy(w_object *w)
{
    int64_t n = w_bytes_size(w);
    PyBytesObject *b = bytes_alloc(NULL, n);
    if (!b) {
        fprintf(stderr, "ferry: out of memory making a bytes proxy of %lld bytes\n", (long long)n);
        abort();
    }
    memcpy(b->ob_sval, w_bytes_data(w), (size_t)n);
    return (PyObject *)b;
}

static w_object *bytes_w(PyObject *o, bool owned)
{
    return w_bytes_from(PyBytes_AS_STRING(o), (size_t)Py_SIZE(o));
}

PyObject *PyBytes_FromStringAndSize(const char *s, Py_ssize_t size)
{
    if (size < 0)
        return w_raise_fmt(w_exc_SystemError, "Negative size passed to PyBytes_FromStringAndSize");
    if ((size_t)size > PY_SSIZE_T_MAX - HEADER - 1)
        return w_raise_fmt(w_exc_OverflowError, "byte string is too large");
    PyBytesObject *b = bytes_alloc(&PyBytes_Type, size);
    if (!b)
        return PyErr_NoMemory();
    if (s)
        memcpy(b->ob_sval, s, (size_t)size);
    else
        memset(b->ob_sval, 0, (size_t)size);
    b->ob_base.ob_base.ob_refcnt = 1;
    return (PyObject *)b;
}

PyObject *PyBytes_FromString(const char *s)
{
    if (!s) {
        capi_bad_internal_call();
        return NULL;
    }
    size_t n = strlen(s);
    if (n > PY_SSIZE_T_MAX - HEADER - 1)
        return w_raise_fmt(w_exc_OverflowError, "byte string is too long");
    return PyBytes_FromStringAndSize(s, (Py_ssize_t)n);
}

static void *not_bytes(PyObject *o)
{
    if (!o)
        capi_bad_internal_call();
    else
        w_raise_fmt(w_exc_TypeError, "expected bytes, %.200s found", Py_TYPE(o)->tp_name);
    return NULL;
}

char *PyBytes_AsString(PyObject *o)
{
    if (!o || !PyBytes_Check(o))
        return not_bytes(o);
    return PyBytes_AS_STRING(o);
}

Py_ssize_t PyBytes_Size(PyObject *o)
{
    if (!o || !PyBytes_Check(o)) {
        not_bytes(o);
        return -1;
    }
    return Py_SIZE(o);
}

int PyBytes_AsStringAndSize(PyObject *o, char **s, Py_ssize_t *len)
{
    if (!s) {
        capi_bad_internal_call();
        return -1;
    }
    if (!o || !PyBytes_Check(o)) {
        not_bytes(o);
        return -1;
    }
    *s = PyBytes_AS_STRING(o);
    if (len) {
        *len = Py_SIZE(o);
    } else if (strlen(*s) != (size_t)Py_SIZE(o)) {
        w_raise_fmt(w_exc_ValueError, "embedded null byte");
        return -1;
    }
    return 0;
}

int _PyBytes_Resize(PyObject **pv, Py_ssize_t newsize)
{
    PyObject *v = *pv;
    if (!v || !PyBytes_Check(v) || newsize < 0)
        goto error;
    if (Py_SIZE(v) == newsize)
        return 0;
    if (Py_SIZE(v) == 0) { /* CPython's empty bytes is shared: it is replaced, not resized */
        *pv = PyBytes_FromStringAndSize(NULL, newsize);
        Py_DECREF(v);
        return *pv ? 0 : -1;
    }
    if (Py_REFCNT(v) != 1 || capi_link(v))
        goto error;
    PyBytesObject *b = realloc(v, HEADER + (size_t)newsize + 1);
    if (!b) {
        free(v);
        *pv = NULL;
        PyErr_NoMemory();
        return -1;
    }
    b->ob_base.ob_size = newsize;
    b->ob_sval[newsize] = 0;
    *pv = (PyObject *)b;
    return 0;
error:
    *pv = NULL;
    Py_XDECREF(v);
    capi_bad_internal_call();
    return -1;
}

/* The bytes of a bytes-like proxy (bytes, or bytearray, pinned): 1, 0 if `o` is not
   bytes-like, -1 with an error. The pointer is stable while `o` is not resized. */
static int bytes_view(PyObject *o, const char **p, Py_ssize_t *n)
{
    if (PyBytes_Check(o)) {
        *p = PyBytes_AS_STRING(o);
        *n = Py_SIZE(o);
        return 1;
    }
    if (!PyByteArray_Check(o))
        return 0;
    *n = Py_SIZE(o);
    *p = PyByteArray_AS_STRING(o);
    return *p ? 1 : -1;
}

/* a + b for bytes-like a and b, as a bytes. */
static PyObject *bytes_concat(PyObject *a, PyObject *b)
{
    const char *pa, *pb;
    Py_ssize_t na, nb;
    int ka = bytes_view(a, &pa, &na), kb = ka > 0 ? bytes_view(b, &pb, &nb) : 0;
    if (ka < 0 || kb < 0)
        return NULL;
    if (!ka || !kb)
        return w_raise_fmt(w_exc_TypeError, "can't concat %.100s to %.100s", Py_TYPE(b)->tp_name,
                           Py_TYPE(a)->tp_name);
    if (nb == 0 && PyBytes_CheckExact(a))
        return Py_NewRef(a);
    if (na == 0 && PyBytes_CheckExact(b))
        return Py_NewRef(b);
    if (na > PY_SSIZE_T_MAX - nb)
        return PyErr_NoMemory();
    PyObject *r = PyBytes_FromStringAndSize(NULL, na + nb);
    if (r) {
        memcpy(PyBytes_AS_STRING(r), pa, (size_t)na);
        memcpy(PyBytes_AS_STRING(r) + na, pb, (size_t)nb);
    }
    return r;
}

void PyBytes_Concat(PyObject **pv, PyObject *w)
{
    if (!pv) {
        capi_bad_internal_call();
        return;
    }
    if (!*pv)
        return;
    if (!w) {
        Py_CLEAR(*pv);
        return;
    }
    Py_SETREF(*pv, bytes_concat(*pv, w));
}

void PyBytes_ConcatAndDel(PyObject **pv, PyObject *w)
{
    PyBytes_Concat(pv, w);
    Py_XDECREF(w);
}

PyObject *_PyBytes_Join(PyObject *sep, PyObject *x)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(sep)) || !(a[1] = capi_w(x)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_call_method(a[0], "join", a + 1, 1)));
}

PyObject *PyBytes_FromObject(PyObject *x)
{
    if (!x) {
        capi_bad_internal_call();
        return NULL;
    }
    if (PyBytes_CheckExact(x))
        return Py_NewRef(x);
    const char *p;
    Py_ssize_t n;
    int k = bytes_view(x, &p, &n);
    if (k)
        return k > 0 ? PyBytes_FromStringAndSize(p, n) : NULL;
    if (PyUnicode_Check(x))
        return w_raise_fmt(w_exc_TypeError, "cannot convert '%.200s' object to bytes",
                           Py_TYPE(x)->tp_name);
    w_object *w = capi_w(x);
    if (!w)
        return NULL;
    w_strbuf buf;
    w_strbuf_init(&buf);
    if (w_bytes_fill_iterable(&buf, w, "cannot convert '%.200s' object to bytes",
                              "bytes must be in range(0, 256)") < 0) {
        w_strbuf_free(&buf);
        return NULL;
    }
    PyObject *r = PyBytes_FromStringAndSize(buf.data, (Py_ssize_t)buf.len);
    w_strbuf_free(&buf);
    return r;
}

PyObject *PyBytes_Repr(PyObject *o, int smartquotes)
{
    if (!o || !PyBytes_Check(o))
        return not_bytes(o);
    const char *d = PyBytes_AS_STRING(o);
    size_t n = (size_t)Py_SIZE(o);
    char quote = '\'';
    if (smartquotes && memchr(d, '\'', n) && !memchr(d, '"', n))
        quote = '"';
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_add_byte(&b, 'b');
    w_strbuf_add_byte(&b, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == (unsigned char)quote || c == '\\')
            w_strbuf_printf(&b, "\\%c", c);
        else if (c == '\t')
            w_strbuf_addc(&b, "\\t");
        else if (c == '\n')
            w_strbuf_addc(&b, "\\n");
        else if (c == '\r')
            w_strbuf_addc(&b, "\\r");
        else if (c < ' ' || c >= 0x7F)
            w_strbuf_printf(&b, "\\x%02x", c);
        else
            w_strbuf_add_byte(&b, (char)c);
    }
    w_strbuf_add_byte(&b, quote);
    return capi_new_ref(w_strbuf_finish(&b));
}

/* ---- PyBytes_FromFormat: CPython 3.11's smaller format language -------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* One conversion, `p` at its '%'. Widths are ignored; a precision only bounds %s. An
   unknown conversion copies the rest of the format and ends it (returns NULL with
   *stop set); an out-of-range %c returns NULL with OverflowError. */
static const char *bytes_format_arg(w_strbuf *b, const char *p, va_list *ap, bool *stop)
{
    const char *f = p + 1;
    while (is_digit(*f))
        f++;
    Py_ssize_t prec = 0;
    if (*f == '.')
        for (f++; is_digit(*f); f++)
            prec = prec * 10 + (*f - '0');
    while (*f && *f != '%' && !is_alpha(*f))
        f++;
    char size = 0;
    if ((*f == 'l' || *f == 'z') && (f[1] == 'd' || f[1] == 'u'))
        size = *f++;
    switch (*f) {
    case 'c': {
        int c = va_arg(*ap, int);
        if (c < 0 || c > 255) {
            w_raise_fmt(w_exc_OverflowError,
                        "PyBytes_FromFormatV(): %%c format expects an integer in range [0; 255]");
            return NULL;
        }
        w_strbuf_add_byte(b, (char)c);
        break;
    }
    case 'd':
        if (size == 'l')
            w_strbuf_printf(b, "%ld", va_arg(*ap, long));
        else if (size == 'z')
            w_strbuf_printf(b, "%zd", va_arg(*ap, Py_ssize_t));
        else
            w_strbuf_printf(b, "%d", va_arg(*ap, int));
        break;
    case 'u':
        if (size == 'l')
            w_strbuf_printf(b, "%lu", va_arg(*ap, unsigned long));
        else if (size == 'z')
            w_strbuf_printf(b, "%zu", va_arg(*ap, size_t));
        else
            w_strbuf_printf(b, "%u", va_arg(*ap, unsigned int));
        break;
    case 'i':
        w_strbuf_printf(b, "%i", va_arg(*ap, int));
        break;
    case 'x':
        w_strbuf_printf(b, "%x", va_arg(*ap, int));
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        size_t n = 0;
        if (prec <= 0)
            n = strlen(s);
        else
            while ((Py_ssize_t)n < prec && s[n])
                n++;
        w_strbuf_add(b, s, n);
        break;
    }
    case 'p': {
        char num[64];
        int len = snprintf(num, sizeof num, "%p", va_arg(*ap, void *));
        if (num[1] == 'X') {
            num[1] = 'x';
        } else if (num[1] != 'x') {
            memmove(num + 2, num, (size_t)len + 1);
            num[0] = '0';
            num[1] = 'x';
        }
        w_strbuf_addc(b, num);
        break;
    }
    case '%':
        w_strbuf_add_byte(b, '%');
        break;
    default:
        w_strbuf_addc(b, p);
        *stop = true;
        return NULL;
    }
    return f + 1;
}

PyObject *PyBytes_FromFormatV(const char *format, va_list vargs)
{
    w_strbuf b;
    w_strbuf_init(&b);
    va_list ap;
    va_copy(ap, vargs);
    bool stop = false;
    for (const char *f = format; f && *f;) {
        if (*f != '%') {
            w_strbuf_add_byte(&b, *f++);
            continue;
        }
        f = bytes_format_arg(&b, f, &ap, &stop);
        if (!f && !stop) {
            va_end(ap);
            w_strbuf_free(&b);
            return NULL;
        }
    }
    va_end(ap);
    PyObject *r = PyBytes_FromStringAndSize(b.data ? b.data : "", (Py_ssize_t)b.len);
    w_strbuf_free(&b);
    return r;
}

PyObject *PyBytes_FromFormat(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    PyObject *r = PyBytes_FromFormatV(format, ap);
    va_end(ap);
    return r;
}

/* ---- PyBytes_DecodeEscape: the escapes of a bytes literal -------------------------------- */

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes s[0..len) as the inside of a bytes literal; *first_invalid_escape is set to the
   first unknown escape (kept as it is) or octal escape above 0o377, or NULL. */
PyObject *_PyBytes_DecodeEscape(const char *s, Py_ssize_t len, const char *errors,
                                const char **first_invalid_escape)
{
    static const char simple[][2] = {{'\\', '\\'}, {'\'', '\''}, {'"', '"'}, {'b', '\b'},
                                     {'f', '\f'},   {'t', '\t'},   {'n', '\n'}, {'r', '\r'},
                                     {'v', '\v'},   {'a', '\a'}};
    const char *start = s, *end = s + len;
    *first_invalid_escape = NULL;
    w_strbuf b;
    w_strbuf_init(&b);
    while (s < end) {
        if (*s != '\\') {
            w_strbuf_add_byte(&b, *s++);
            continue;
        }
        if (++s == end) {
            w_raise_fmt(w_exc_ValueError, "Trailing \\ in string");
            goto failed;
        }
        char c = *s++;
        if (c == '\n')
            continue;
        size_t k = 0;
        while (k < sizeof simple / sizeof simple[0] && simple[k][0] != c)
            k++;
        if (k < sizeof simple / sizeof simple[0]) {
            w_strbuf_add_byte(&b, simple[k][1]);
        } else if (c >= '0' && c <= '7') {
            int v = c - '0';
            for (int digits = 1; digits < 3 && s < end && *s >= '0' && *s <= '7'; digits++)
                v = (v << 3) + (*s++ - '0');
            if (v > 0377 && !*first_invalid_escape)
                *first_invalid_escape = s - 3;
            w_strbuf_add_byte(&b, (char)v);
        } else if (c == 'x') {
            if (s + 1 < end && hex_value(s[0]) >= 0 && hex_value(s[1]) >= 0) {
                w_strbuf_add_byte(&b, (char)(hex_value(s[0]) * 16 + hex_value(s[1])));
                s += 2;
                continue;
            }
            if (!errors || strcmp(errors, "strict") == 0) {
                w_raise_fmt(w_exc_ValueError, "invalid \\x escape at position %zd",
                            (Py_ssize_t)(s - 2 - start));
                goto failed;
            }
            if (strcmp(errors, "replace") == 0) {
                w_strbuf_add_byte(&b, '?');
            } else if (strcmp(errors, "ignore") != 0) {
                w_raise_fmt(w_exc_ValueError, "decoding error; unknown error handling code: %.400s",
                            errors);
                goto failed;
            }
            if (s < end && hex_value(s[0]) >= 0)
                s++;
        } else {
            if (!*first_invalid_escape)
                *first_invalid_escape = s - 1;
            w_strbuf_add_byte(&b, '\\');
            s--;
        }
    }
    PyObject *r = PyBytes_FromStringAndSize(b.data ? b.data : "", (Py_ssize_t)b.len);
    w_strbuf_free(&b);
    return r;
failed:
    w_strbuf_free(&b);
    return NULL;
}

PyObject *PyBytes_DecodeEscape(const char *s, Py_ssize_t len, const char *errors,
                               Py_ssize_t unicode, const char *recode_encoding)
{
    const char *bad;
    PyObject *r = _PyBytes_DecodeEscape(s, len, errors, &bad);
    if (!r || !bad)
        return r;
    unsigned char c = (unsigned char)*bad;
    int w = c >= '4' && c <= '7'
                ? PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                                   "invalid octal escape sequence '\\%.3s'", bad)
                : PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                                   "invalid escape sequence '\\%c'", c);
    if (w < 0)
        Py_CLEAR(r);
    return r;
}

int capi_bytes_init(void)
{
    capi_bind_static_type(&PyBytes_Type, w_bytes_type);
    capi_register_proxy_maker(W_TID_BYTES, bytes_proxy);
    capi_register_w_maker(&PyBytes_Type, bytes_w, true);
    capi_register_gc_safe_dealloc(bytes_dealloc);
    return 0;
}

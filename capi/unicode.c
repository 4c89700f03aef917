/* unicode.c — str proxies (stable UTF-8 and PEP 393 buffers) and the PyUnicode_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "freelists/freelists.h"

/*
 * The proxy is a PyUnicodeObject (unicodeobject.h says what C sees), Ferry's own word,
 * then an inline area. The area holds the first buffer the proxy is made with, so that
 * the common cases cost one block: a short str from the runtime carries its UTF-8 there
 * from the start (and, if ASCII, that is its PEP 393 buffer too); a str C creates keeps
 * its UTF-8 (PyUnicode_FromStringAndSize) or its PEP 393 buffer (PyUnicode_New) there.
 * Any other buffer is a separate malloc. A buffer lives as long as the proxy, except that
 * C may drop a stale UTF-8 copy while it still writes a str it created (WriteChar ...).
 * Blocks of SMALL_BLOCK bytes come from a free list, as int and tuple proxies do: a str
 * crossing into C then costs a pop, not a malloc.
 */
typedef struct {
    PyUnicodeObject pub;
    uint64_t pooled; /* the block is SMALL_BLOCK bytes, from freelist_str */
    char area[];
} str_proxy;

enum {
    SMALL_BLOCK = 160,     /* 64 bytes of inline area */
    INLINE_UTF8_MAX = 120, /* runtime strs up to this many bytes get their UTF-8 inline */
};

#define U(o) ((PyUnicodeObject *)(o))
#define STATE(o) (U(o)->_base._base.state)
#define LENGTH(o) (U(o)->_base._base.length)
#define UTF8(o) (U(o)->_base.utf8)
#define UTF8_LENGTH(o) (U(o)->_base.utf8_length)
#define DATA(o) (U(o)->data.any)

static inline char *inline_area(PyObject *o)
{
    return ((str_proxy *)o)->area;
}

/* Frees the proxy and its buffers (it refers to no other proxy). */
static void unicode_free(void *p)
{
    PyObject *o = p;
    if (capi_is_extension_type(Py_TYPE(o))) {
        /* an extension subtype's struct: no inline area, no `pooled` (its own fields) */
        if (DATA(o) != UTF8(o))
            free(DATA(o));
        free(UTF8(o));
        PyObject_Free(o);
        return;
    }
    char *in = inline_area(o);
    if (DATA(o) != UTF8(o) && DATA(o) != in)
        free(DATA(o));
    if (UTF8(o) != in)
        free(UTF8(o));
    if (((str_proxy *)o)->pooled)
        freelist_push(&freelist_str, o);
    else
        free(o);
}

static void unicode_dealloc(PyObject *o)
{
    unicode_free(o);
}

PyTypeObject PyUnicode_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "str",
    .tp_basicsize = sizeof(PyUnicodeObject),
    .tp_dealloc = unicode_dealloc,
    .tp_free = unicode_free,
};

/* A zeroed proxy with `extra` bytes of inline area, refcnt 0 and no link; NULL if out of
   memory. */
static PyObject *unicode_alloc(PyTypeObject *type, size_t extra)
{
    bool small = extra <= SMALL_BLOCK - sizeof(str_proxy);
    str_proxy *p = small ? freelist_pop(&freelist_str, SMALL_BLOCK)
                         : malloc(sizeof(str_proxy) + extra);
    if (!p)
        return NULL;
    /* Field by field: zeroing the struct whole makes GCC emit `rep stos`, which costs
       more to start than these stores together. (The assert keeps the list complete.) */
    _Static_assert(sizeof(PyUnicodeObject) == 11 * sizeof(void *),
                   "unicode_alloc sets every field of PyUnicodeObject");
    PyASCIIObject *a = &p->pub._base._base;
    a->ob_base.ob_refcnt = 0;
    a->ob_base.ob_pypy_link = 0;
    a->ob_base.ob_type = type;
    a->length = 0;
    a->hash = -1;
    a->state = (__typeof__(a->state)){0};
    a->wstr = NULL;
    p->pub._base.utf8_length = 0;
    p->pub._base.utf8 = NULL;
    p->pub._base.wstr_length = 0;
    p->pub.data.any = NULL;
    p->pooled = small;
    return (PyObject *)p;
}

static void set_ready(PyObject *o, void *data, int kind)
{
    DATA(o) = data;
    STATE(o).kind = (unsigned)kind & 7;
    STATE(o).ready = 1;
}

static int kind_for(Py_UCS4 maxchar)
{
    return maxchar < 0x100 ? PyUnicode_1BYTE_KIND
                           : maxchar < 0x10000 ? PyUnicode_2BYTE_KIND : PyUnicode_4BYTE_KIND;
}

/* The proxy of a runtime str. Never allocates in the GC heap. */
/* The str part of an extension subtype's struct: the text is made on demand, as for a
   proxy without inline area. */
static void unicode_init_proxy(PyObject *o, w_object *w)
{
    w_str *s = (w_str *)w;
    LENGTH(o) = s->length;
    U(o)->_base._base.hash = s->hash;
    STATE(o).ascii = s->ascii != 0;
}

static PyObject *unicode_proxy(w_object *w)
{
    w_str *s = (w_str *)w;
    size_t n = (size_t)s->nbytes;
    bool inl = n <= INLINE_UTF8_MAX && (s->ascii || w_utf8_validate(s->data, n) >= 0);
    PyObject *o = unicode_alloc(NULL, inl ? n + 1 : 0);
    if (!o) {
        fprintf(stderr, "ferry: out of memory making a str proxy\n");
        abort();
    }
    LENGTH(o) = s->length;
    U(o)->_base._base.hash = s->hash;
    STATE(o).ascii = s->ascii != 0;
    if (inl) {
        memcpy(inline_area(o), s->data, n + 1);
        UTF8(o) = inline_area(o);
        UTF8_LENGTH(o) = (Py_ssize_t)n;
        if (s->ascii)
            set_ready(o, UTF8(o), PyUnicode_1BYTE_KIND);
    }
    return o;
}

/* A runtime str holding a copy of UTF-8 text (storage form) of `length` code points. */
static w_object *str_from_text(const char *p, size_t n, int64_t length)
{
    if (n <= 1)
        return w_str_from_utf8(p, n); /* the runtime's cached empty and 1-char strs */
    w_str *s = w_str_alloc((int64_t)n, length);
    if (!s)
        return NULL;
    memcpy(s->data, p, n);
    return &s->ob;
}

/* The runtime str of a str C created, the first time it crosses. */
static w_object *unicode_w(PyObject *o, bool owned)
{
    if (UTF8(o))
        return str_from_text(UTF8(o), (size_t)UTF8_LENGTH(o), LENGTH(o));
    w_strbuf b;
    w_strbuf_init(&b);
    int kind = STATE(o).kind;
    for (Py_ssize_t i = 0; i < LENGTH(o); i++) {
        Py_UCS4 c = PyUnicode_READ(kind, DATA(o), i);
        if (c > 0x10FFFF) {
            w_strbuf_free(&b);
            return w_raise_fmt(w_exc_SystemError,
                               "str made in C holds character U+%x at index %zd, "
                               "beyond U+10FFFF", (unsigned)c, i);
        }
        w_strbuf_add_codepoint(&b, c);
    }
    return w_strbuf_finish(&b);
}

/* ---- the buffers ------------------------------------------------------------------------- */

/* The text of a str in the runtime's storage form (UTF-8 in which lone surrogates may
   appear), if it has one without converting: the utf8 buffer or the runtime object's
   data (valid until the next allocation in the GC heap). NULL for a str C made with only
   its PEP 393 buffer. */
static const char *storage_text(PyObject *o, size_t *n)
{
    if (UTF8(o)) {
        *n = (size_t)UTF8_LENGTH(o);
        return UTF8(o);
    }
    w_object *w = capi_link(o);
    if (!w)
        return NULL;
    *n = (size_t)w_str_nbytes(w);
    return w_str_utf8(w);
}

/* The index of the first lone surrogate in a PEP 393 buffer, or -1. */
static Py_ssize_t find_surrogate(int kind, const void *data, Py_ssize_t n)
{
    if (kind == PyUnicode_1BYTE_KIND)
        return -1;
    for (Py_ssize_t i = 0; i < n; i++)
        if (Py_UNICODE_IS_SURROGATE(PyUnicode_READ(kind, data, i)))
            return i;
    return -1;
}

/* Makes the strict UTF-8 buffer: 0, or -1 with UnicodeEncodeError for a str holding lone
   surrogates (the runtime's encoder says so in CPython's words) or MemoryError. */
static int make_utf8(PyObject *o)
{
    size_t n = 0;
    const char *text = storage_text(o, &n);
    char *buf;
    if (text) {
        if (!STATE(o).ascii && w_utf8_validate(text, n) < 0)
            goto surrogates;
        if (!(buf = malloc(n + 1)))
            goto nomem;
        memcpy(buf, text, n + 1);
    } else {
        int kind = STATE(o).kind;
        if (find_surrogate(kind, DATA(o), LENGTH(o)) >= 0)
            goto surrogates;
        if (!(buf = malloc((size_t)LENGTH(o) * 4 + 1)))
            goto nomem;
        n = 0;
        for (Py_ssize_t i = 0; i < LENGTH(o); i++)
            n += (size_t)w_utf8_encode(PyUnicode_READ(kind, DATA(o), i), buf + n);
        buf[n] = 0;
    }
    UTF8(o) = buf;
    UTF8_LENGTH(o) = (Py_ssize_t)n;
    return 0;
surrogates: {
        w_object *w = capi_w(o);
        if (!w || !w_str_encode(w, NULL, NULL))
            return -1;
        w_raise_fmt(w_exc_SystemError, "str with surrogates encoded to UTF-8");
        return -1;
    }
nomem:
    PyErr_NoMemory();
    return -1;
}

int _PyUnicode_Ready(PyObject *o)
{
    if (STATE(o).ready)
        return 0;
    if (STATE(o).ascii) { /* the UTF-8 is the PEP 393 buffer */
        if (!UTF8(o) && make_utf8(o) < 0)
            return -1;
        set_ready(o, UTF8(o), PyUnicode_1BYTE_KIND);
        return 0;
    }
    size_t n = 0;
    const char *text = storage_text(o, &n);
    FERRY_ASSERT(text); /* only strs C made lack the UTF-8, and those are ready */
    Py_UCS4 max = 0;
    for (const char *p = text, *e = text + n; p < e;) {
        Py_UCS4 c = w_utf8_next(&p);
        max = c > max ? c : max;
    }
    int kind = kind_for(max);
    void *data = malloc((size_t)(LENGTH(o) + 1) * (size_t)kind);
    if (!data) {
        PyErr_NoMemory();
        return -1;
    }
    const char *p = text;
    for (Py_ssize_t i = 0; i < LENGTH(o); i++)
        PyUnicode_WRITE(kind, data, i, w_utf8_next(&p));
    PyUnicode_WRITE(kind, data, LENGTH(o), 0);
    set_ready(o, data, kind);
    return 0;
}

/* A str C may still write: created by C, never crossed, held once, not hashed or
   interned (CPython's unicode_modifiable). */
static bool modifiable(PyObject *o)
{
    return !capi_link(o) && Py_REFCNT(o) == 1 && PyUnicode_CheckExact(o) &&
           U(o)->_base._base.hash == -1 && !STATE(o).interned;
}

/* C is about to change the PEP 393 buffer of a modifiable str: a separate UTF-8 copy
   would go stale. */
static void drop_utf8(PyObject *o)
{
    if (!UTF8(o) || UTF8(o) == DATA(o))
        return;
    if (UTF8(o) != inline_area(o))
        free(UTF8(o));
    UTF8(o) = NULL;
    UTF8_LENGTH(o) = 0;
}

static int check_modifiable(PyObject *o)
{
    if (modifiable(o))
        return 0;
    w_raise_fmt(w_exc_SystemError, "Cannot modify a string currently used");
    return -1;
}

/* ---- creation ---------------------------------------------------------------------------- */

PyObject *PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
{
    if (size < 0)
        return w_raise_fmt(w_exc_SystemError, "Negative size passed to PyUnicode_New");
    if (maxchar > 0x10FFFF)
        return w_raise_fmt(w_exc_SystemError, "invalid maximum character passed to PyUnicode_New");
    int kind = kind_for(maxchar);
    if ((size_t)size >= (PY_SSIZE_T_MAX - sizeof(str_proxy)) / (size_t)kind)
        return PyErr_NoMemory();
    size_t bytes = (size_t)(size + 1) * (size_t)kind;
    PyObject *o = unicode_alloc(&PyUnicode_Type, bytes);
    if (!o)
        return PyErr_NoMemory();
    memset(inline_area(o), 0, bytes);
    LENGTH(o) = size;
    STATE(o).ascii = maxchar < 0x80;
    set_ready(o, inline_area(o), kind);
    if (maxchar < 0x80) {
        UTF8(o) = inline_area(o);
        UTF8_LENGTH(o) = size;
    }
    o->ob_refcnt = 1;
    return o;
}

/* A str C created from `n` bytes of valid UTF-8 holding `length` code points. */
static PyObject *from_valid_utf8(const char *s, size_t n, int64_t length)
{
    PyObject *o = unicode_alloc(&PyUnicode_Type, n + 1);
    if (!o)
        return PyErr_NoMemory();
    memcpy(inline_area(o), s, n);
    inline_area(o)[n] = 0;
    UTF8(o) = inline_area(o);
    UTF8_LENGTH(o) = (Py_ssize_t)n;
    LENGTH(o) = length;
    STATE(o).ascii = (size_t)length == n;
    if ((size_t)length == n)
        set_ready(o, UTF8(o), PyUnicode_1BYTE_KIND);
    o->ob_refcnt = 1;
    return o;
}

/* Whether s[0..n) is all ASCII (the common case of text from C): the bytes are ORed a
   word at a time, the last word overlapping the one before, so a short text costs one or
   two loads instead of a loop over its bytes. */
static bool all_ascii(const char *s, size_t n)
{
    uint64_t acc = 0, w;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&w, s + i, 8);
            acc |= w;
        }
        memcpy(&w, s + n - 8, 8);
        return !((acc | w) & 0x8080808080808080u);
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        return !((a | b) & 0x80808080u);
    }
    for (size_t i = 0; i < n; i++)
        acc |= (unsigned char)s[i];
    return !(acc & 0x80);
}

PyObject *PyUnicode_FromStringAndSize(const char *s, Py_ssize_t size)
{
    if (size < 0)
        return w_raise_fmt(w_exc_SystemError,
                           "Negative size passed to PyUnicode_FromStringAndSize");
    if (!s && size > 0)
        return w_raise_fmt(w_exc_SystemError,
                           "PyUnicode_FromStringAndSize(NULL, size) makes a legacy string, "
                           "which Ferry does not support: use PyUnicode_New()");
    if (!s)
        s = "";
    int64_t length = all_ascii(s, (size_t)size) ? size : w_utf8_validate(s, (size_t)size);
    if (length < 0) /* the runtime's decoder raises CPython's UnicodeDecodeError */
        return capi_new_ref(w_str_decode_utf8(s, (size_t)size, NULL));
    return from_valid_utf8(s, (size_t)size, length);
}

PyObject *PyUnicode_FromString(const char *s)
{
    if (!s) {
        capi_bad_internal_call();
        return NULL;
    }
    return PyUnicode_FromStringAndSize(s, (Py_ssize_t)strlen(s));
}

PyObject *_PyUnicode_FromASCII(const char *s, Py_ssize_t size)
{
    return PyUnicode_FromStringAndSize(s, size);
}

/* A str of `size` code points read with `get(src, i)`, whose widest is `max`. */
static PyObject *from_code_points(Py_ssize_t size, Py_UCS4 max,
                                  Py_UCS4 (*get)(const void *, Py_ssize_t), const void *src)
{
    PyObject *o = PyUnicode_New(size, max);
    if (!o)
        return NULL;
    int kind = STATE(o).kind;
    for (Py_ssize_t i = 0; i < size; i++)
        PyUnicode_WRITE(kind, DATA(o), i, get(src, i));
    return o;
}

static Py_UCS4 get_ucs1(const void *p, Py_ssize_t i) { return ((const Py_UCS1 *)p)[i]; }
static Py_UCS4 get_ucs2(const void *p, Py_ssize_t i) { return ((const Py_UCS2 *)p)[i]; }
static Py_UCS4 get_ucs4(const void *p, Py_ssize_t i) { return ((const Py_UCS4 *)p)[i]; }

PyObject *PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
{
    if (size < 0)
        return w_raise_fmt(w_exc_ValueError, "size must be positive");
    Py_UCS4 (*get)(const void *, Py_ssize_t) = kind == PyUnicode_1BYTE_KIND   ? get_ucs1
                                               : kind == PyUnicode_2BYTE_KIND ? get_ucs2
                                               : kind == PyUnicode_4BYTE_KIND ? get_ucs4
                                                                              : NULL;
    if (!get)
        return w_raise_fmt(w_exc_SystemError, "invalid kind");
    Py_UCS4 max = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_UCS4 c = get(buffer, i);
        max = c > max ? c : max;
    }
    return from_code_points(size, max, get, buffer);
}

PyObject *PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size)
{
    if (!w && size != 0) {
        capi_bad_internal_call();
        return NULL;
    }
    if (size == -1)
        size = (Py_ssize_t)wcslen(w);
    Py_UCS4 max = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_UCS4 c = (Py_UCS4)w[i];
        if (c > 0x10FFFF)
            return w_raise_fmt(w_exc_ValueError,
                               "character U+%x is not in range [U+0000; U+10ffff]", (unsigned)c);
        max = c > max ? c : max;
    }
    return from_code_points(size, max, get_ucs4, w);
}

PyObject *PyUnicode_FromOrdinal(int ordinal)
{
    if ((unsigned)ordinal > 0x10FFFF)
        return w_raise_fmt(w_exc_ValueError, "chr() arg not in range(0x110000)");
    return capi_new_ref(w_str_from_codepoint((uint32_t)ordinal));
}

PyObject *_PyUnicode_Copy(PyObject *o)
{
    if (!o || !PyUnicode_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    if (PyUnicode_READY(o) < 0)
        return NULL;
    PyObject *r = PyUnicode_New(LENGTH(o), PyUnicode_MAX_CHAR_VALUE(o));
    if (r)
        memcpy(DATA(r), DATA(o), (size_t)LENGTH(o) * STATE(o).kind);
    return r;
}

PyObject *PyUnicode_FromObject(PyObject *o)
{
    if (!o) {
        capi_bad_internal_call();
        return NULL;
    }
    if (PyUnicode_CheckExact(o))
        return Py_NewRef(o);
    if (PyUnicode_Check(o))
        return _PyUnicode_Copy(o);
    return w_raise_fmt(w_exc_TypeError, "Can't convert '%.100s' object to str implicitly",
                       Py_TYPE(o)->tp_name);
}

PyObject *PyUnicode_Substring(PyObject *o, Py_ssize_t start, Py_ssize_t end)
{
    if (!o || !PyUnicode_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    Py_ssize_t length = LENGTH(o);
    end = end < length ? end : length;
    if (start == 0 && end == length)
        return PyUnicode_CheckExact(o) ? Py_NewRef(o) : _PyUnicode_Copy(o);
    if (start < 0 || end < 0)
        return w_raise_fmt(w_exc_IndexError, "string index out of range");
    if (start >= length || end < start)
        return PyUnicode_New(0, 0);
    w_object *w = capi_w(o);
    return w ? capi_new_ref(w_str_slice(w, start, end)) : NULL;
}

/* ---- interning --------------------------------------------------------------------------- */

void PyUnicode_InternInPlace(PyObject **p)
{
    PyObject *s = *p;
    if (!s || !PyUnicode_CheckExact(s) || STATE(s).interned)
        return;
    /* The runtime's table is keyed by C strings: copy the text out (interning allocates,
       which may move the runtime object), in storage form so lone surrogates intern too. */
    if (!UTF8(s) && !capi_w(s)) {
        w_err_clear();
        return;
    }
    size_t n = 0;
    const char *text = storage_text(s, &n);
    if (!text || memchr(text, 0, n))
        return; /* no NUL in a C string: this str stays as it is */
    char *copy = malloc(n + 1);
    if (!copy)
        return;
    memcpy(copy, text, n + 1);
    w_object *w = w_str_intern(copy);
    free(copy);
    if (!w) {
        w_err_clear();
        return;
    }
    PyObject *t = capi_proxy(w);
    STATE(t).interned = SSTATE_INTERNED_MORTAL;
    if (t != s) {
        Py_INCREF(t);
        Py_DECREF(s);
        *p = t;
    }
}

void PyUnicode_InternImmortal(PyObject **p)
{
    PyUnicode_InternInPlace(p);
    if (*p && PyUnicode_CheckExact(*p) && STATE(*p).interned == SSTATE_INTERNED_MORTAL) {
        STATE(*p).interned = SSTATE_INTERNED_IMMORTAL;
        Py_INCREF(*p);
    }
}

PyObject *PyUnicode_InternFromString(const char *s)
{
    PyObject *r = PyUnicode_FromString(s);
    if (r)
        PyUnicode_InternInPlace(&r);
    return r;
}

/* ---- access ------------------------------------------------------------------------------ */

/* CPython's check for most str functions: TypeError "bad argument type for built-in
   operation" for anything but a str (NULL included). */
static bool bad_str(PyObject *o)
{
    if (o && PyUnicode_Check(o))
        return false;
    PyErr_BadArgument();
    return true;
}

const char *PyUnicode_AsUTF8AndSize(PyObject *o, Py_ssize_t *size)
{
    if (bad_str(o))
        return NULL;
    if (!UTF8(o) && make_utf8(o) < 0)
        return NULL;
    if (size)
        *size = UTF8_LENGTH(o);
    return UTF8(o);
}

const char *PyUnicode_AsUTF8(PyObject *o)
{
    return PyUnicode_AsUTF8AndSize(o, NULL);
}

Py_ssize_t PyUnicode_GetLength(PyObject *o)
{
    return bad_str(o) ? -1 : LENGTH(o);
}

Py_UCS4 PyUnicode_ReadChar(PyObject *o, Py_ssize_t index)
{
    if (bad_str(o) || PyUnicode_READY(o) < 0)
        return (Py_UCS4)-1;
    if (index < 0 || index >= LENGTH(o)) {
        w_raise_fmt(w_exc_IndexError, "string index out of range");
        return (Py_UCS4)-1;
    }
    return PyUnicode_READ(STATE(o).kind, DATA(o), index);
}

int PyUnicode_WriteChar(PyObject *o, Py_ssize_t index, Py_UCS4 ch)
{
    if (bad_str(o) || PyUnicode_READY(o) < 0)
        return -1;
    if (index < 0 || index >= LENGTH(o)) {
        w_raise_fmt(w_exc_IndexError, "string index out of range");
        return -1;
    }
    if (check_modifiable(o) < 0)
        return -1;
    if (ch > PyUnicode_MAX_CHAR_VALUE(o)) {
        w_raise_fmt(w_exc_ValueError, "character out of range");
        return -1;
    }
    drop_utf8(o);
    PyUnicode_WRITE(STATE(o).kind, DATA(o), index, ch);
    return 0;
}

/* Copies the code points of `o` into `target` (PyMem_Malloc'd when NULL). */
static Py_UCS4 *as_ucs4(PyObject *o, Py_UCS4 *target, Py_ssize_t targetsize, int copy_null)
{
    if (bad_str(o) || PyUnicode_READY(o) < 0)
        return NULL;
    Py_ssize_t len = LENGTH(o), need = len + (copy_null ? 1 : 0);
    if (!target) {
        target = PyMem_Malloc((size_t)need * sizeof(Py_UCS4));
        if (!target) {
            PyErr_NoMemory();
            return NULL;
        }
    } else if (targetsize < need) {
        w_raise_fmt(w_exc_SystemError, "string is longer than the buffer");
        if (copy_null && targetsize > 0)
            target[0] = 0;
        return NULL;
    }
    int kind = STATE(o).kind;
    for (Py_ssize_t i = 0; i < len; i++)
        target[i] = PyUnicode_READ(kind, DATA(o), i);
    if (copy_null)
        target[len] = 0;
    return target;
}

Py_UCS4 *PyUnicode_AsUCS4(PyObject *o, Py_UCS4 *target, Py_ssize_t targetsize, int copy_null)
{
    if (!target || targetsize < 0) {
        capi_bad_internal_call();
        return NULL;
    }
    return as_ucs4(o, target, targetsize, copy_null);
}

Py_UCS4 *PyUnicode_AsUCS4Copy(PyObject *o)
{
    return as_ucs4(o, NULL, 0, 1);
}

/* wchar_t is UCS-4 here, so the wide forms are the UCS-4 ones. */
_Static_assert(sizeof(wchar_t) == sizeof(Py_UCS4), "wchar_t is UCS-4");

Py_ssize_t PyUnicode_AsWideChar(PyObject *o, wchar_t *w, Py_ssize_t size)
{
    if (!o) {
        capi_bad_internal_call();
        return -1;
    }
    if (bad_str(o) || PyUnicode_READY(o) < 0)
        return -1;
    Py_ssize_t len = LENGTH(o);
    if (!w)
        return len + 1;
    Py_ssize_t n = size > len ? len + 1 : size;
    int kind = STATE(o).kind;
    for (Py_ssize_t i = 0; i < n; i++)
        w[i] = (wchar_t)PyUnicode_READ(kind, DATA(o), i);
    return size > len ? len : size;
}

wchar_t *PyUnicode_AsWideCharString(PyObject *o, Py_ssize_t *size)
{
    if (!o) {
        capi_bad_internal_call();
        return NULL;
    }
    wchar_t *w = (wchar_t *)as_ucs4(o, NULL, 0, 1);
    if (!w)
        return NULL;
    if (size) {
        *size = LENGTH(o);
    } else if ((Py_ssize_t)wcslen(w) != LENGTH(o)) {
        PyMem_Free(w);
        w_raise_fmt(w_exc_ValueError, "embedded null character");
        return NULL;
    }
    return w;
}

/* ---- C writing strs it created ----------------------------------------------------------- */

int PyUnicode_Resize(PyObject **p, Py_ssize_t length)
{
    PyObject *o = p ? *p : NULL;
    if (!o || !PyUnicode_Check(o) || length < 0) {
        capi_bad_internal_call();
        return -1;
    }
    if (PyUnicode_READY(o) < 0)
        return -1;
    Py_ssize_t old = LENGTH(o), keep = old < length ? old : length;
    if (old == length)
        return 0;
    int kind = STATE(o).kind;
    if (!modifiable(o)) {
        PyObject *copy = PyUnicode_New(length, PyUnicode_MAX_CHAR_VALUE(o));
        if (!copy)
            return -1;
        memcpy(DATA(copy), DATA(o), (size_t)keep * (size_t)kind);
        Py_SETREF(*p, copy);
        return 0;
    }
    /* In place: a new separate buffer (the inline area cannot grow). */
    void *data = calloc((size_t)length + 1, (size_t)kind);
    if (!data) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(data, DATA(o), (size_t)keep * (size_t)kind);
    drop_utf8(o);
    if (DATA(o) != inline_area(o))
        free(DATA(o));
    DATA(o) = data;
    LENGTH(o) = length;
    if (STATE(o).ascii) {
        UTF8(o) = data;
        UTF8_LENGTH(o) = length;
    }
    return 0;
}

static const char *kind_name(PyObject *o)
{
    switch (STATE(o).kind) {
    case PyUnicode_1BYTE_KIND:
        return STATE(o).ascii ? "ascii" : "latin1";
    case PyUnicode_2BYTE_KIND:
        return "UCS2";
    default:
        return "UCS4";
    }
}

void _PyUnicode_FastCopyCharacters(PyObject *to, Py_ssize_t to_start, PyObject *from,
                                   Py_ssize_t from_start, Py_ssize_t how_many)
{
    if (PyUnicode_CopyCharacters(to, to_start, from, from_start, how_many) < 0)
        Py_FatalError("_PyUnicode_FastCopyCharacters: the arguments do not allow the copy");
}

Py_ssize_t PyUnicode_CopyCharacters(PyObject *to, Py_ssize_t to_start, PyObject *from,
                                    Py_ssize_t from_start, Py_ssize_t how_many)
{
    if (!from || !to || !PyUnicode_Check(from) || !PyUnicode_Check(to)) {
        capi_bad_internal_call();
        return -1;
    }
    if (PyUnicode_READY(from) < 0 || PyUnicode_READY(to) < 0)
        return -1;
    if ((size_t)from_start > (size_t)LENGTH(from) || (size_t)to_start > (size_t)LENGTH(to)) {
        w_raise_fmt(w_exc_IndexError, "string index out of range");
        return -1;
    }
    if (how_many < 0) {
        w_raise_fmt(w_exc_SystemError, "how_many cannot be negative");
        return -1;
    }
    if (how_many > LENGTH(from) - from_start)
        how_many = LENGTH(from) - from_start;
    if (to_start + how_many > LENGTH(to)) {
        w_raise_fmt(w_exc_SystemError,
                    "Cannot write %zi characters at %zi in a string of %zi characters", how_many,
                    to_start, LENGTH(to));
        return -1;
    }
    if (how_many == 0)
        return 0;
    if (check_modifiable(to) < 0)
        return -1;
    Py_UCS4 max = PyUnicode_MAX_CHAR_VALUE(to);
    int fk = STATE(from).kind, tk = STATE(to).kind;
    for (Py_ssize_t i = 0; i < how_many; i++)
        if (PyUnicode_READ(fk, DATA(from), from_start + i) > max) {
            w_raise_fmt(w_exc_SystemError,
                        "Cannot copy %s characters into a string of %s characters",
                        kind_name(from), kind_name(to));
            return -1;
        }
    drop_utf8(to);
    for (Py_ssize_t i = 0; i < how_many; i++)
        PyUnicode_WRITE(tk, DATA(to), to_start + i, PyUnicode_READ(fk, DATA(from), from_start + i));
    return how_many;
}

Py_ssize_t PyUnicode_Fill(PyObject *o, Py_ssize_t start, Py_ssize_t length, Py_UCS4 fill_char)
{
    if (!o || !PyUnicode_Check(o)) {
        capi_bad_internal_call();
        return -1;
    }
    if (PyUnicode_READY(o) < 0 || check_modifiable(o) < 0)
        return -1;
    if (start < 0) {
        w_raise_fmt(w_exc_IndexError, "string index out of range");
        return -1;
    }
    if (fill_char > PyUnicode_MAX_CHAR_VALUE(o)) {
        w_raise_fmt(w_exc_ValueError, "fill character is bigger than the string maximum character");
        return -1;
    }
    Py_ssize_t maxlen = LENGTH(o) - start;
    length = length < maxlen ? length : maxlen;
    if (length <= 0)
        return 0;
    drop_utf8(o);
    for (Py_ssize_t i = 0; i < length; i++)
        PyUnicode_WRITE(STATE(o).kind, DATA(o), start + i, fill_char);
    return length;
}

/* ---- operations: comparisons here, the rest through the runtime's str methods ------------ */

/* CPython's ensure_unicode: TypeError "must be str, not T" (SystemError for NULL). */
static bool not_str(PyObject *o)
{
    if (o && PyUnicode_Check(o))
        return false;
    if (!o)
        capi_bad_internal_call();
    else
        w_raise_fmt(w_exc_TypeError, "must be str, not %.100s", Py_TYPE(o)->tp_name);
    return true;
}

/* Three-way comparison of two strs by code points (-1, 0, 1), without allocating in the
   GC heap: UTF-8 sorts as its code points do, lone surrogates included. -2 with
   MemoryError if a PEP 393 buffer could not be made. */
static int compare_text(PyObject *a, PyObject *b)
{
    size_t na, nb;
    const char *ta = storage_text(a, &na), *tb = storage_text(b, &nb);
    if (ta && tb) {
        int c = memcmp(ta, tb, na < nb ? na : nb);
        if (c)
            return c < 0 ? -1 : 1;
        return na < nb ? -1 : na > nb;
    }
    if (PyUnicode_READY(a) < 0 || PyUnicode_READY(b) < 0)
        return -2;
    Py_ssize_t la = LENGTH(a), lb = LENGTH(b), n = la < lb ? la : lb;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 x = PyUnicode_READ(STATE(a).kind, DATA(a), i);
        Py_UCS4 y = PyUnicode_READ(STATE(b).kind, DATA(b), i);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return la < lb ? -1 : la > lb;
}

int PyUnicode_Compare(PyObject *left, PyObject *right)
{
    if (left && right && PyUnicode_Check(left) && PyUnicode_Check(right)) {
        int c = left == right ? 0 : compare_text(left, right);
        return c == -2 ? -1 : c;
    }
    if (!left || !right) {
        capi_bad_internal_call();
        return -1;
    }
    w_raise_fmt(w_exc_TypeError, "Can't compare %.100s and %.100s", Py_TYPE(left)->tp_name,
                Py_TYPE(right)->tp_name);
    return -1;
}

int PyUnicode_CompareWithASCIIString(PyObject *uni, const char *str)
{
    if (bad_str(uni) || PyUnicode_READY(uni) < 0)
        return -1;
    int kind = STATE(uni).kind;
    const void *data = DATA(uni);
    if (kind == PyUnicode_1BYTE_KIND) {
        /* CPython compares the whole length here, embedded NULs included */
        size_t len1 = (size_t)LENGTH(uni), len2 = strlen(str), n = len1 < len2 ? len1 : len2;
        int c = memcmp(data, str, n);
        if (c)
            return c < 0 ? -1 : 1;
        return len1 > len2 ? 1 : len1 < len2 ? -1 : 0;
    }
    Py_ssize_t i;
    Py_UCS4 ch;
    for (i = 0; (ch = PyUnicode_READ(kind, data, i)) && str[i]; i++)
        if (ch != (unsigned char)str[i])
            return ch < (unsigned char)str[i] ? -1 : 1;
    if (LENGTH(uni) != i && ch)
        return 1;
    return str[i] ? -1 : 0;
}

int _PyUnicode_EqualToASCIIString(PyObject *uni, const char *str)
{
    if (!STATE(uni).ascii)
        return 0;
    size_t n = 0;
    const char *text = storage_text(uni, &n);
    if (!text) /* an ASCII str always has its UTF-8, but be safe */
        return PyUnicode_CompareWithASCIIString(uni, str) == 0;
    return strlen(str) == n && memcmp(text, str, n) == 0;
}

int _PyUnicode_EQ(PyObject *a, PyObject *b)
{
    return a == b || (LENGTH(a) == LENGTH(b) && compare_text(a, b) == 0);
}

int _PyUnicode_Equal(PyObject *a, PyObject *b)
{
    return _PyUnicode_EQ(a, b);
}

PyObject *PyUnicode_RichCompare(PyObject *left, PyObject *right, int op)
{
    if (!left || !right) {
        capi_bad_internal_call();
        return NULL;
    }
    if (!PyUnicode_Check(left) || !PyUnicode_Check(right))
        Py_RETURN_NOTIMPLEMENTED;
    if (op < Py_LT || op > Py_GE) {
        PyErr_BadArgument();
        return NULL;
    }
    int c = left == right ? 0 : compare_text(left, right);
    if (c == -2)
        return NULL;
    return Py_NewRef(w_text_cmp_holds(c, op) ? Py_True : Py_False);
}

PyObject *PyUnicode_Concat(PyObject *left, PyObject *right)
{
    if (not_str(left))
        return NULL;
    if (!right || !PyUnicode_Check(right)) {
        if (!right)
            capi_bad_internal_call();
        else
            w_raise_fmt(w_exc_TypeError, "can only concatenate str (not \"%.200s\") to str",
                        Py_TYPE(right)->tp_name);
        return NULL;
    }
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(left)) || !(a[1] = capi_w(right)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_binop(W_OP_ADD, a[0], a[1])));
}

void PyUnicode_Append(PyObject **pleft, PyObject *right)
{
    if (!pleft) {
        if (!w_err_occurred())
            capi_bad_internal_call();
        return;
    }
    PyObject *left = *pleft;
    if (!left || !right || !PyUnicode_Check(left) || !PyUnicode_Check(right)) {
        if (!w_err_occurred())
            capi_bad_internal_call();
        Py_CLEAR(*pleft);
        return;
    }
    Py_SETREF(*pleft, PyUnicode_Concat(left, right));
}

void PyUnicode_AppendAndDel(PyObject **pleft, PyObject *right)
{
    PyUnicode_Append(pleft, right);
    Py_XDECREF(right);
}

/* s.<name>(args...): argv[0] is s, the arguments follow; argv is rooted by the caller. */
static PyObject *call_str_method(const char *name, w_object **argv, size_t n)
{
    return capi_new_ref(space_call_method(argv[0], name, argv + 1, n - 1));
}

static PyObject *split_common(const char *name, PyObject *s, PyObject *sep, Py_ssize_t maxsplit)
{
    if (not_str(s) || (sep && not_str(sep)))
        return NULL;
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(a, 3);
    if (!(a[0] = capi_w(s)) || !(a[1] = sep ? capi_w(sep) : w_None) ||
        !(a[2] = w_int_from_i64(maxsplit)))
        GC_RETURN(NULL);
    GC_RETURN(call_str_method(name, a, 3));
}

PyObject *PyUnicode_Split(PyObject *s, PyObject *sep, Py_ssize_t maxsplit)
{
    return split_common("split", s, sep, maxsplit);
}

PyObject *PyUnicode_RSplit(PyObject *s, PyObject *sep, Py_ssize_t maxsplit)
{
    return split_common("rsplit", s, sep, maxsplit);
}

PyObject *PyUnicode_Splitlines(PyObject *s, int keepends)
{
    if (not_str(s))
        return NULL;
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(s)) || !(a[1] = w_int_from_i64(keepends)))
        GC_RETURN(NULL);
    GC_RETURN(call_str_method("splitlines", a, 2));
}

static PyObject *partition_common(const char *name, PyObject *s, PyObject *sep)
{
    if (not_str(s) || not_str(sep))
        return NULL;
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(s)) || !(a[1] = capi_w(sep)))
        GC_RETURN(NULL);
    GC_RETURN(call_str_method(name, a, 2));
}

PyObject *PyUnicode_Partition(PyObject *s, PyObject *sep)
{
    return partition_common("partition", s, sep);
}

PyObject *PyUnicode_RPartition(PyObject *s, PyObject *sep)
{
    return partition_common("rpartition", s, sep);
}

/* CPython checks the separator only when there are two items or more to separate;
   without one, the separator is a space. */
PyObject *PyUnicode_Join(PyObject *sep, PyObject *seq)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[1] = capi_w(seq)) || !(a[1] = w_text_join_items(a[1])))
        GC_RETURN(NULL);
    int64_t n = W_TUPLE_SIZE(a[1]);
    if (sep && !PyUnicode_Check(sep) && n >= 2)
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "separator: expected str instance, %.80s found",
                              Py_TYPE(sep)->tp_name));
    if (sep && PyUnicode_Check(sep))
        a[0] = capi_w(sep);
    else
        a[0] = w_str_from_cstr(sep ? "" : " ");
    if (!a[0])
        GC_RETURN(NULL);
    GC_RETURN(call_str_method("join", a, 2));
}

/* s.<name>(sub, start, end) for Find, Count and Tailmatch: the runtime result, or NULL. */
static w_object *range_method(const char *name, PyObject *s, PyObject *sub, Py_ssize_t start,
                              Py_ssize_t end)
{
    GC_ENTER();
    w_object *a[4] = {NULL, NULL, NULL, NULL};
    GC_ROOT_ARRAY(a, 4);
    if (!(a[0] = capi_w(s)) || !(a[1] = capi_w(sub)) || !(a[2] = w_int_from_i64(start)) ||
        !(a[3] = w_int_from_i64(end)))
        GC_RETURN(NULL);
    GC_RETURN(space_call_method(a[0], name, a + 1, 3));
}

static Py_ssize_t int_result(w_object *r, Py_ssize_t error)
{
    int64_t v;
    if (!r || w_int_as_i64(r, &v) < 0)
        return error;
    return (Py_ssize_t)v;
}

Py_ssize_t PyUnicode_Find(PyObject *s, PyObject *sub, Py_ssize_t start, Py_ssize_t end,
                          int direction)
{
    if (not_str(s) || not_str(sub))
        return -2;
    return int_result(range_method(direction > 0 ? "find" : "rfind", s, sub, start, end), -2);
}

Py_ssize_t PyUnicode_Count(PyObject *s, PyObject *sub, Py_ssize_t start, Py_ssize_t end)
{
    if (not_str(s) || not_str(sub))
        return -1;
    return int_result(range_method("count", s, sub, start, end), -1);
}

Py_ssize_t PyUnicode_Tailmatch(PyObject *s, PyObject *sub, Py_ssize_t start, Py_ssize_t end,
                               int direction)
{
    if (not_str(s) || not_str(sub))
        return -1;
    w_object *r = range_method(direction > 0 ? "endswith" : "startswith", s, sub, start, end);
    return r ? r == w_True : -1;
}

Py_ssize_t PyUnicode_FindChar(PyObject *s, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end,
                              int direction)
{
    if (bad_str(s) || PyUnicode_READY(s) < 0)
        return -2;
    int64_t a = start, b = end;
    w_text_adjust_indices(&a, &b, LENGTH(s));
    int kind = STATE(s).kind;
    if (direction > 0) {
        for (Py_ssize_t i = a; i < b; i++)
            if (PyUnicode_READ(kind, DATA(s), i) == ch)
                return i;
    } else {
        for (Py_ssize_t i = b - 1; i >= a; i--)
            if (PyUnicode_READ(kind, DATA(s), i) == ch)
                return i;
    }
    return -1;
}

PyObject *PyUnicode_Replace(PyObject *s, PyObject *sub, PyObject *repl, Py_ssize_t maxcount)
{
    if (not_str(s) || not_str(sub) || not_str(repl))
        return NULL;
    GC_ENTER();
    w_object *a[4] = {NULL, NULL, NULL, NULL};
    GC_ROOT_ARRAY(a, 4);
    if (!(a[0] = capi_w(s)) || !(a[1] = capi_w(sub)) || !(a[2] = capi_w(repl)) ||
        !(a[3] = w_int_from_i64(maxcount)))
        GC_RETURN(NULL);
    GC_RETURN(call_str_method("replace", a, 4));
}

int PyUnicode_Contains(PyObject *container, PyObject *element)
{
    if (not_str(container))
        return -1;
    if (!element || !PyUnicode_Check(element)) {
        if (!element)
            capi_bad_internal_call();
        else
            w_raise_fmt(w_exc_TypeError,
                        "'in <string>' requires string as left operand, not %.100s",
                        Py_TYPE(element)->tp_name);
        return -1;
    }
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(container)) || !(a[1] = capi_w(element)))
        GC_RETURN(-1);
    GC_RETURN(space_contains(a[0], a[1]));
}

PyObject *PyUnicode_Format(PyObject *format, PyObject *args)
{
    if (!format || !args) {
        capi_bad_internal_call();
        return NULL;
    }
    if (not_str(format))
        return NULL;
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    if (!(a[0] = capi_w(format)) || !(a[1] = capi_w(args)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(w_text_format(a[0], a[1])));
}

int PyUnicode_IsIdentifier(PyObject *s)
{
    if (bad_str(s) || PyUnicode_READY(s) < 0) {
        w_err_clear();
        return 0;
    }
    int kind = STATE(s).kind;
    if (LENGTH(s) == 0)
        return 0;
    Py_UCS4 first = PyUnicode_READ(kind, DATA(s), 0);
    if (first != '_' && !_PyUnicode_IsXidStart(first))
        return 0;
    for (Py_ssize_t i = 1; i < LENGTH(s); i++)
        if (!_PyUnicode_IsXidContinue(PyUnicode_READ(kind, DATA(s), i)))
            return 0;
    return 1;
}

int capi_unicode_init(void)
{
    capi_bind_static_type(&PyUnicode_Type, w_str_type);
    capi_register_proxy_maker(W_TID_STR, unicode_proxy);
    capi_register_base_layout(W_TID_STR, unicode_init_proxy, false);
    capi_register_w_maker(&PyUnicode_Type, unicode_w, true);
    capi_register_gc_safe_dealloc(unicode_dealloc);
    return 0;
}

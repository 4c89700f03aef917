/* long.c — int proxies (from the int free list) and the PyLong_* API. */
#include "capi/capi.h"
#include "freelists/freelists.h"

_Static_assert(sizeof(long) == 8 && sizeof(long long) == 8 && sizeof(void *) == 8 &&
                   sizeof(size_t) == 8,
               "the PyLong_* conversions assume an LP64 platform");
_Static_assert(GMP_LIMB_BITS == 64, "a one-limb int is a 64-bit magnitude");

static void long_dealloc(PyObject *o)
{
    if (!capi_free_value_proxy(o))
        PyObject_Free(o); /* an extension subtype's struct, from PyObject_Calloc */
}

PyTypeObject PyLong_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "int",
    .tp_basicsize = sizeof(PyLongObject),
    .tp_dealloc = long_dealloc,
};
PyTypeObject PyBool_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "bool",
    .tp_basicsize = sizeof(PyLongObject),
    .tp_dealloc = capi_plain_dealloc, /* only the two statics exist */
};

static PyLongObject *long_alloc(PyTypeObject *type)
{
    PyLongObject *p = freelist_pop(&freelist_int, sizeof(PyLongObject));
    p->ob_base.ob_refcnt = 0;
    p->ob_base.ob_pypy_link = 0;
    p->ob_base.ob_type = type;
    return p;
}

/* The proxy of a runtime int caches the value when it fits. */
static void long_init_proxy(PyObject *o, w_object *w)
{
    PyLongObject *p = (PyLongObject *)o;
    p->ob_ferry_small = w_int_is_small(w);
    p->ob_ferry_value = p->ob_ferry_small ? w_int_small_value(w) : 0;
}

static PyObject *long_proxy(w_object *w)
{
    PyLongObject *p = long_alloc(NULL);
    long_init_proxy((PyObject *)p, w);
    return (PyObject *)p;
}

static w_object *long_w(PyObject *o, bool owned)
{
    return w_int_from_i64(((PyLongObject *)o)->ob_ferry_value);
}

/* ---- reading values ---------------------------------------------------------------------- */

/* The value an exact int or bool proxy caches, read without reaching the runtime. (An int
   subclass's proxy may be an extension's own struct: it goes through its runtime object.) */
static inline bool long_cached(PyObject *o, int64_t *v)
{
    PyTypeObject *t = Py_TYPE(o);
    if ((t == &PyLong_Type || t == &PyBool_Type) && ((PyLongObject *)o)->ob_ferry_small) {
        *v = ((PyLongObject *)o)->ob_ferry_value;
        return true;
    }
    return false;
}

/* Where a value lies with respect to the 64-bit C types. */
enum long_range {
    LONG_I64,   /* fits int64_t: `i` */
    LONG_U64,   /* in (INT64_MAX, UINT64_MAX]: `lo` */
    LONG_ABOVE, /* > UINT64_MAX */
    LONG_BELOW, /* < INT64_MIN */
};

typedef struct long_value {
    enum long_range range;
    int64_t i;
    uint64_t lo; /* the value modulo 2**64 (the Mask functions' result) */
} long_value;

static void long_value_of_w(w_object *w, long_value *v)
{
    if (w_int_is_small(w)) {
        v->range = LONG_I64;
        v->i = w_int_small_value(w);
        v->lo = (uint64_t)v->i;
        return;
    }
    const w_bigint *b = (const w_bigint *)w;
    v->lo = b->size > 0 ? b->limbs[0] : -(uint64_t)b->limbs[0];
    v->range = b->size == 1 ? LONG_U64 : b->size > 0 ? LONG_ABOVE : LONG_BELOW;
}

/*
 * The value of `o` for the As* functions. An int is read as it is; another object goes
 * through __index__ when `index` (PyLong_AsLong and friends), else it is the TypeError
 * "an integer is required" (PyLong_AsSsize_t and friends). -1 with an error set, or 0.
 */
static int long_value_slow(PyObject *o, bool index, long_value *v)
{
    if (!o) {
        capi_bad_internal_call();
        return -1;
    }
    if (!PyLong_Check(o) && !index) {
        w_raise_fmt(w_exc_TypeError, "an integer is required");
        return -1;
    }
    w_object *w = capi_w(o);
    if (w && !W_INT_CHECK(w))
        w = space_index(w);
    if (!w)
        return -1;
    long_value_of_w(w, v);
    return 0;
}

static inline int long_value_get(PyObject *o, bool index, long_value *v)
{
    if (__builtin_expect(o && long_cached(o, &v->i), 1)) {
        v->range = LONG_I64;
        v->lo = (uint64_t)v->i;
        return 0;
    }
    return long_value_slow(o, index, v);
}

static bool long_negative(const long_value *v)
{
    return v->range == LONG_BELOW || (v->range == LONG_I64 && v->i < 0);
}

static void overflow(const char *msg)
{
    w_raise_fmt(w_exc_OverflowError, "%s", msg);
}

/* A signed 64-bit result: `msg` on overflow. */
static int64_t long_as_i64(PyObject *o, bool index, const char *msg)
{
    long_value v;
    if (long_value_get(o, index, &v) < 0)
        return -1;
    if (v.range == LONG_I64)
        return v.i;
    overflow(msg);
    return -1;
}

/* A signed 64-bit result, or -1 with *of set to the sign of a value out of range. */
static int64_t long_as_i64_overflow(PyObject *o, int *of)
{
    long_value v;
    *of = 0;
    if (long_value_get(o, true, &v) < 0)
        return -1;
    if (v.range == LONG_I64)
        return v.i;
    *of = v.range == LONG_BELOW ? -1 : 1;
    return -1;
}

/* An unsigned 64-bit result of an int: `negative` or `too_big` on overflow. */
static uint64_t long_as_u64(PyObject *o, const char *negative, const char *too_big)
{
    long_value v;
    if (long_value_get(o, false, &v) < 0)
        return (uint64_t)-1;
    if (long_negative(&v)) {
        overflow(negative);
        return (uint64_t)-1;
    }
    if (v.range == LONG_ABOVE) {
        overflow(too_big);
        return (uint64_t)-1;
    }
    return v.lo;
}

static uint64_t long_as_mask(PyObject *o)
{
    long_value v;
    return long_value_get(o, true, &v) < 0 ? (uint64_t)-1 : v.lo;
}

long PyLong_AsLong(PyObject *o)
{
    return long_as_i64(o, true, "Python int too large to convert to C long");
}

long PyLong_AsLongAndOverflow(PyObject *o, int *of)
{
    return long_as_i64_overflow(o, of);
}

long long PyLong_AsLongLong(PyObject *o)
{
    return long_as_i64(o, true, "int too big to convert");
}

long long PyLong_AsLongLongAndOverflow(PyObject *o, int *of)
{
    return long_as_i64_overflow(o, of);
}

Py_ssize_t PyLong_AsSsize_t(PyObject *o)
{
    return long_as_i64(o, false, "Python int too large to convert to C ssize_t");
}

size_t PyLong_AsSize_t(PyObject *o)
{
    return long_as_u64(o, "can't convert negative value to size_t",
                       "Python int too large to convert to C size_t");
}

unsigned long PyLong_AsUnsignedLong(PyObject *o)
{
    return long_as_u64(o, "can't convert negative value to unsigned int",
                       "Python int too large to convert to C unsigned long");
}

unsigned long long PyLong_AsUnsignedLongLong(PyObject *o)
{
    return long_as_u64(o, "can't convert negative int to unsigned", "int too big to convert");
}

unsigned long PyLong_AsUnsignedLongMask(PyObject *o)
{
    return long_as_mask(o);
}

unsigned long long PyLong_AsUnsignedLongLongMask(PyObject *o)
{
    return long_as_mask(o);
}

int _PyLong_AsInt(PyObject *o)
{
    int of;
    long v = PyLong_AsLongAndOverflow(o, &of);
    if (of || v > INT_MAX || v < INT_MIN) {
        overflow("Python int too large to convert to C int");
        return -1;
    }
    return (int)v;
}

double PyLong_AsDouble(PyObject *o)
{
    int64_t v;
    if (__builtin_expect(o && long_cached(o, &v), 1))
        return (double)v;
    if (!o) {
        capi_bad_internal_call();
        return -1.0;
    }
    if (!PyLong_Check(o)) {
        w_raise_fmt(w_exc_TypeError, "an integer is required");
        return -1.0;
    }
    w_object *w = capi_w(o);
    return w ? w_int_as_double(w) : -1.0;
}

void *PyLong_AsVoidPtr(PyObject *o)
{
    /* CPython reads a negative int as a long and anything else as an unsigned long */
    long v = o && PyLong_Check(o) && _PyLong_Sign(o) < 0 ? PyLong_AsLong(o)
                                                          : (long)PyLong_AsUnsignedLong(o);
    if (v == -1 && w_err_occurred())
        return NULL;
    return (void *)v;
}

/* A read-only view of the int `o` (PyLong_Check): valid until the next allocation in the
   runtime's heap. -1 with an error if its runtime object could not be made. */
static int long_view(PyObject *o, mpz_t z, mp_limb_t *scratch)
{
    int64_t v;
    if (long_cached(o, &v)) {
        scratch[0] = v < 0 ? -(uint64_t)v : (uint64_t)v;
        mpz_roinit_n(z, scratch, v < 0 ? -1 : v > 0);
        return 0;
    }
    w_object *w = capi_w(o);
    if (!w)
        return -1;
    w_int_view_mpz(w, z, scratch);
    return 0;
}

int _PyLong_Sign(PyObject *o)
{
    mpz_t z;
    mp_limb_t s;
    if (!o || !PyLong_Check(o) || long_view(o, z, &s) < 0)
        return 0;
    return mpz_sgn(z);
}

size_t _PyLong_NumBits(PyObject *o)
{
    mpz_t z;
    mp_limb_t s;
    if (!o || !PyLong_Check(o)) {
        capi_bad_internal_call();
        return (size_t)-1;
    }
    if (long_view(o, z, &s) < 0)
        return (size_t)-1;
    return mpz_sgn(z) ? mpz_sizeinbase(z, 2) : 0;
}

/* Reverses bytes[0..n) (big-endian output is the little-endian one reversed). */
static void reverse_bytes(unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        unsigned char t = bytes[i];
        bytes[i] = bytes[n - 1 - i];
        bytes[n - 1 - i] = t;
    }
}

int _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes, size_t n, int little_endian,
                        int is_signed)
{
    PyObject *o = (PyObject *)v;
    mpz_t z;
    mp_limb_t s;
    if (!o || !PyLong_Check(o)) {
        capi_bad_internal_call();
        return -1;
    }
    if (long_view(o, z, &s) < 0)
        return -1;
    int sign = mpz_sgn(z);
    if (sign < 0 && !is_signed) {
        overflow("can't convert negative int to unsigned");
        return -1;
    }
    /* It fits when |v| < 2**(8n - is_signed), or for a negative v, |v| - 1 does. */
    mpz_t t;
    mpz_init(t);
    if (sign < 0) {
        mpz_neg(t, z);
        mpz_sub_ui(t, t, 1);
    } else {
        mpz_set(t, z);
    }
    size_t bits = mpz_sgn(t) ? mpz_sizeinbase(t, 2) : 0;
    bool fits = n > 0 ? bits <= 8 * n - (is_signed != 0) : bits == 0 && sign >= 0;
    /* The low 8n bits of the two's complement, least significant byte first. */
    mpz_fdiv_r_2exp(t, z, 8 * n);
    memset(bytes, 0, n);
    mpz_export(bytes, NULL, -1, 1, 0, 0, t);
    mpz_clear(t);
    if (!little_endian)
        reverse_bytes(bytes, n);
    if (!fits) {
        overflow("int too big to convert");
        return -1;
    }
    return 0;
}

PyObject *_PyLong_Format(PyObject *o, int base)
{
    if (!o || !PyLong_Check(o) || (base != 2 && base != 8 && base != 10 && base != 16)) {
        capi_bad_internal_call();
        return NULL;
    }
    w_object *w = capi_w(o);
    return w ? capi_new_ref(w_int_format(w, base)) : NULL;
}

/* ---- making ints -------------------------------------------------------------------------- */

/* A C-made proxy holding a 64-bit value: a pop from the free list, no runtime object. A
   small int is the proxy of the runtime's shared object instead, as CPython returns its
   cached one: every crossing of it is then a link, never a conversion, and C sees one
   object for one small value. */
static inline PyObject *long_from_i64(int64_t v)
{
    if (v >= W_INT_CACHED_MIN && v <= W_INT_CACHED_MAX)
        return capi_new_ref(w_int_from_i64(v)); /* shared: allocates nothing */
    PyLongObject *p = long_alloc(&PyLong_Type);
    p->ob_base.ob_refcnt = 1;
    p->ob_ferry_value = v;
    p->ob_ferry_small = 1;
    return (PyObject *)p;
}

static PyObject *long_from_u64(uint64_t v)
{
    if (v <= INT64_MAX)
        return long_from_i64((int64_t)v);
    return capi_new_ref(w_int_from_u64(v));
}

PyObject *PyLong_FromLong(long v)
{
    return long_from_i64(v);
}

PyObject *PyLong_FromLongLong(long long v)
{
    return long_from_i64(v);
}

PyObject *PyLong_FromSsize_t(Py_ssize_t v)
{
    return long_from_i64(v);
}

PyObject *PyLong_FromUnsignedLong(unsigned long v)
{
    return long_from_u64(v);
}

PyObject *PyLong_FromUnsignedLongLong(unsigned long long v)
{
    return long_from_u64(v);
}

PyObject *PyLong_FromSize_t(size_t v)
{
    return long_from_u64(v);
}

PyObject *PyLong_FromVoidPtr(void *p)
{
    return long_from_u64((uintptr_t)p);
}

PyObject *PyLong_FromDouble(double d)
{
    if (d >= -0x1p63 && d < 0x1p63) /* false for NaN */
        return long_from_i64((int64_t)d);
    return capi_new_ref(w_int_from_double(d));
}

PyObject *_PyLong_FromByteArray(const unsigned char *bytes, size_t n, int little_endian,
                                int is_signed)
{
    if (n == 0)
        return long_from_i64(0);
    unsigned char msb = bytes[little_endian ? n - 1 : 0];
    bool negative = is_signed && (msb & 0x80);
    if (n <= 8) {
        uint64_t u = 0;
        for (size_t i = 0; i < n; i++)
            u = u << 8 | bytes[little_endian ? n - 1 - i : i];
        if (negative && n < 8)
            u |= ~(uint64_t)0 << (8 * n); /* sign extension */
        return negative ? long_from_i64((int64_t)u) : long_from_u64(u);
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, n, little_endian ? -1 : 1, 1, 0, 0, bytes);
    if (negative) {
        mpz_t m;
        mpz_init(m);
        mpz_setbit(m, 8 * n);
        mpz_sub(z, z, m);
        mpz_clear(m);
    }
    PyObject *r = capi_new_ref(w_int_from_mpz(z));
    mpz_clear(z);
    return r;
}

/* ---- from text ------------------------------------------------------------------------------ */

static void *bad_base(void)
{
    return w_raise_fmt(w_exc_ValueError, "int() arg 2 must be >= 2 and <= 36");
}

/* ValueError "invalid literal for int() with base N: <repr>", naming at most the first 200
   bytes of the C string (a cut UTF-8 sequence is a UnicodeDecodeError, as in CPython). */
static void literal_error(const char *text, int base)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(r);
    r = w_str_decode_utf8(text, strnlen(text, 200), "strict");
    if (r)
        r = space_repr(r);
    if (r) {
        int64_t len = w_str_length(r);
        int64_t cut = w_str_offset(r, len < 200 ? len : 200);
        w_raise_fmt(w_exc_ValueError, "invalid literal for int() with base %d: %.*s", base,
                    (int)cut, w_str_utf8(r));
    }
    GC_LEAVE();
}

/*
 * CPython's PyLong_FromString: the C function has its own contract beside int(): *pend,
 * and the base named in the error is the one the prefix selected (base 0 for a leading
 * zero). This scans the text the way CPython does to find both; the value of valid text
 * is then the runtime's int(text, base).
 */
PyObject *PyLong_FromString(const char *str, char **pend, int base)
{
    if ((base != 0 && base < 2) || base > 36)
        return bad_base();
    if (!str) {
        capi_bad_internal_call();
        return NULL;
    }
    const char *s = str;
    while (w_ascii_space(*s))
        s++;
    if (*s == '+' || *s == '-')
        s++;
    int scan_base = base;
    bool leading_zero = false; /* base 0, "0" without a prefix: only zero is valid */
    char prefix = s[0] == '0' ? (char)(s[1] | 0x20) : 0;
    if (base == 0) {
        scan_base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
        leading_zero = s[0] == '0' && scan_base == 10;
    }
    if ((scan_base == 16 && prefix == 'x') || (scan_base == 8 && prefix == 'o') ||
        (scan_base == 2 && prefix == 'b')) {
        s += 2;
        if (*s == '_')
            s++;
    }
    const char *start = s, *end = s;
    bool ok = *s != '_', nonzero = false;
    int64_t ndigits = 0;
    if (ok) {
        char prev = 0;
        const char *p = s;
        for (; w_digit_value(*p) < scan_base || *p == '_'; prev = *p++) {
            if (*p != '_') {
                ndigits++;
                nonzero |= *p != '0';
            } else if (prev == '_') {
                break;
            }
        }
        ok = prev != '_';
        end = ok ? p : p - 1; /* an error points at the offending underscore */
    }
    if (ok && (scan_base & (scan_base - 1)) != 0 && w_int_max_str_digits > 0 &&
        ndigits > w_int_max_str_digits)
        return w_raise_fmt(w_exc_ValueError,
                           "Exceeds the limit (%lld digits) for integer string conversion: "
                           "value has %lld digits; use sys.set_int_max_str_digits() to "
                           "increase the limit",
                           (long long)w_int_max_str_digits, (long long)ndigits);
    int error_base = scan_base;
    if (ok && leading_zero) {
        error_base = 0;
        ok = !nonzero;
    }
    ok = ok && end != start;
    if (ok) {
        while (w_ascii_space(*end))
            end++;
        ok = *end == '\0';
    }
    if (pend)
        *pend = (char *)end;
    if (!ok) {
        literal_error(str, error_base);
        return NULL;
    }
    return capi_new_ref(w_int_from_text(str, (size_t)(end - str), base));
}

PyObject *PyLong_FromUnicodeObject(PyObject *u, int base)
{
    if ((base != 0 && base < 2) || base > 36)
        return bad_base();
    if (!u || !PyUnicode_Check(u)) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    args[1] = w_int_from_i64(base);
    if (args[1])
        args[0] = capi_w(u);
    /* int(u, base): the text conversion CPython's function performs, errors included */
    w_object *r = args[0] ? space_call((w_object *)w_int_type, args, 2, NULL) : NULL;
    GC_RETURN(capi_new_ref(r));
}

PyObject *PyLong_GetInfo(void)
{
    w_object *info = w_dict_get_cstr(w_module_dict(w_sys_module()), "int_info");
    if (!info && !w_err_occurred())
        w_raise_fmt(w_exc_NotImplementedError,
                    "PyLong_GetInfo: Ferry's runtime has no sys.int_info yet");
    return capi_new_ref(info);
}

int capi_long_init(void)
{
    capi_bind_static_type(&PyLong_Type, w_int_type);
    capi_bind_static_type(&PyBool_Type, w_bool_type);
    capi_register_proxy_maker(W_TID_INT, long_proxy);
    capi_register_proxy_maker(W_TID_BIGINT, long_proxy);
    capi_register_base_layout(W_TID_INT, long_init_proxy, false);
    capi_register_base_layout(W_TID_BIGINT, long_init_proxy, false);
    capi_register_w_maker(&PyLong_Type, long_w, true);
    capi_register_gc_safe_dealloc(long_dealloc);
    return 0;
}

/* float.c — float proxies (from the float free list) and the PyFloat_* API. */
#include <float.h>

#include "capi/capi.h"
#include "freelists/freelists.h"

static void float_dealloc(PyObject *o)
{
    if (!capi_free_value_proxy(o))
        PyObject_Free(o); /* an extension subtype's struct, from PyObject_Calloc */
}

PyTypeObject PyFloat_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "float",
    .tp_basicsize = sizeof(PyFloatObject),
    .tp_dealloc = float_dealloc,
};

static PyFloatObject *float_alloc(PyTypeObject *type, double v)
{
    PyFloatObject *p = freelist_pop(&freelist_float, sizeof(PyFloatObject));
    p->ob_base.ob_refcnt = 0;
    p->ob_base.ob_pypy_link = 0;
    p->ob_base.ob_type = type;
    p->ob_fval = v;
    return p;
}

static PyObject *float_proxy(w_object *w)
{
    return (PyObject *)float_alloc(NULL, ((w_float *)w)->value);
}

static void float_init_proxy(PyObject *o, w_object *w)
{
    ((PyFloatObject *)o)->ob_fval = ((w_float *)w)->value;
}

static w_object *float_w(PyObject *o, bool owned)
{
    return w_float_new(((PyFloatObject *)o)->ob_fval);
}

PyObject *PyFloat_FromDouble(double v)
{
    PyFloatObject *p = float_alloc(&PyFloat_Type, v);
    p->ob_base.ob_refcnt = 1;
    return (PyObject *)p;
}

double PyFloat_AsDouble(PyObject *o)
{
    if (!o) {
        PyErr_BadArgument(); /* CPython's choice here, not a SystemError */
        return -1.0;
    }
    if (PyFloat_Check(o))
        return PyFloat_AS_DOUBLE(o);
    w_object *w = capi_w(o);
    double d;
    if (!w || w_float_as_double(w, &d) < 0)
        return -1.0;
    return d;
}

PyObject *PyFloat_FromString(PyObject *v)
{
    w_object *w = capi_w(v);
    if (!w)
        return NULL;
    if (!W_STR_CHECK(w) && !W_BYTES_CHECK(w) && !W_BYTEARRAY_CHECK(w))
        return w_raise_fmt(w_exc_TypeError,
                           "float() argument must be a string or a real number, not '%s'",
                           W_TYPE(w)->name);
    /* float(text): the runtime's parser and its errors */
    return capi_new_ref(space_call((w_object *)w_float_type, &w, 1, NULL));
}

double PyFloat_GetMax(void)
{
    return DBL_MAX;
}

double PyFloat_GetMin(void)
{
    return DBL_MIN;
}

PyObject *PyFloat_GetInfo(void)
{
    w_object *info = w_dict_get_cstr(w_module_dict(w_sys_module()), "float_info");
    if (!info && !w_err_occurred())
        w_raise_fmt(w_exc_NotImplementedError,
                    "PyFloat_GetInfo: Ferry's runtime has no sys.float_info yet");
    return capi_new_ref(info);
}

/* ---- IEEE 754 packing ------------------------------------------------------------------- */

/* Copies n bytes of a native value to or from the byte order `le` asks for. */
static void copy_ordered(void *dst, const void *src, size_t n, int le)
{
    const unsigned char *s = src;
    unsigned char *d = dst;
    bool native = (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) == (le != 0);
    for (size_t i = 0; i < n; i++)
        d[i] = s[native ? i : n - 1 - i];
}

/* The binary16 bits of a finite non-negative a, rounded half to even; false on overflow. */
static bool half_bits(double a, uint16_t *out)
{
    if (a == 0) {
        *out = 0;
        return true;
    }
    int e;
    frexp(a, &e);
    int k = e - 1; /* 2**k <= a < 2**(k+1) */
    if (k > 15)
        return false;
    /* a = m * 2**q with q the exponent of the unit in the last place of the result:
       2**-24 for subnormals, 2**(k-10) for normal numbers (11 significant bits) */
    int q = k < -14 ? -24 : k - 10;
    double m = ldexp(a, -q); /* exact: a power-of-two scaling */
    double whole = floor(m), frac = m - whole;
    if (frac > 0.5 || (frac == 0.5 && fmod(whole, 2) == 1))
        whole += 1;
    uint32_t mant = (uint32_t)whole;
    if (q == -24) {
        *out = (uint16_t)mant; /* 1024 carries into the smallest normal number */
        return true;
    }
    if (mant == 2048) { /* rounding carried into the next binade */
        mant = 1024;
        k++;
        if (k > 15)
            return false;
    }
    *out = (uint16_t)((unsigned)(k + 15) << 10 | (mant - 1024));
    return true;
}

int PyFloat_Pack2(double x, char *p, int le)
{
    uint16_t bits, sign = signbit(x) ? 0x8000 : 0;
    if (isnan(x)) {
        bits = 0x7e00; /* the quiet NaN */
    } else if (isinf(x)) {
        bits = 0x7c00;
    } else if (!half_bits(fabs(x), &bits)) {
        w_raise_fmt(w_exc_OverflowError, "float too large to pack with e format");
        return -1;
    }
    bits |= sign;
    unsigned char b[2] = {(unsigned char)(bits >> 8), (unsigned char)bits};
    p[le ? 1 : 0] = (char)b[0];
    p[le ? 0 : 1] = (char)b[1];
    return 0;
}

int PyFloat_Pack4(double x, char *p, int le)
{
    float y = (float)x;
    if (isinf(y) && !isinf(x)) {
        w_raise_fmt(w_exc_OverflowError, "float too large to pack with f format");
        return -1;
    }
    copy_ordered(p, &y, sizeof y, le);
    return 0;
}

int PyFloat_Pack8(double x, char *p, int le)
{
    copy_ordered(p, &x, sizeof x, le);
    return 0;
}

double PyFloat_Unpack2(const char *p, int le)
{
    const unsigned char *b = (const unsigned char *)p;
    unsigned bits = le ? (unsigned)b[1] << 8 | b[0] : (unsigned)b[0] << 8 | b[1];
    unsigned exp = bits >> 10 & 0x1f, mant = bits & 0x3ff;
    double x;
    if (exp == 0x1f)
        x = mant ? NAN : HUGE_VAL;
    else if (exp == 0)
        x = ldexp(mant, -24);
    else
        x = ldexp(mant | 0x400, (int)exp - 25);
    return copysign(x, bits & 0x8000 ? -1.0 : 1.0);
}

double PyFloat_Unpack4(const char *p, int le)
{
    float y;
    copy_ordered(&y, p, sizeof y, le);
    return y;
}

double PyFloat_Unpack8(const char *p, int le)
{
    double x;
    copy_ordered(&x, p, sizeof x, le);
    return x;
}

int capi_float_init(void)
{
    capi_bind_static_type(&PyFloat_Type, w_float_type);
    capi_register_proxy_maker(W_TID_FLOAT, float_proxy);
    capi_register_base_layout(W_TID_FLOAT, float_init_proxy, false);
    capi_register_w_maker(&PyFloat_Type, float_w, true);
    capi_register_gc_safe_dealloc(float_dealloc);
    return 0;
}

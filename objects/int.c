/* int.c — int and bool objects: layouts, conversions, hashing, text in and out, int() and bool(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

_Static_assert(GMP_LIMB_BITS == 64, "w_bigint and w_int_view_mpz assume 64-bit limbs");

int64_t w_int_max_str_digits;

#define DEFAULT_MAX_STR_DIGITS 4300

/* CPython caches -5..256; so do we, so that `is` on small ints behaves the same. The
   cached objects are old and static (never freed, so they need no root); every
   w_numbers_init rebuilds them. */
#define SMALL_MIN W_INT_CACHED_MIN
#define SMALL_MAX W_INT_CACHED_MAX
static w_object *small_ints[SMALL_MAX - SMALL_MIN + 1];

/* hash() of numbers works modulo this Mersenne prime (sys.hash_info.modulus). */
#define HASH_MODULUS ((UINT64_C(1) << 61) - 1)

/* ---- layouts ------------------------------------------------------------------------ */

static size_t int_size(const void *o)
{
    (void)o;
    return sizeof(w_int);
}

static size_t bigint_size(const void *o)
{
    int64_t n = ((const w_bigint *)o)->size;
    return sizeof(w_bigint) + (size_t)(n < 0 ? -n : n) * sizeof(mp_limb_t);
}

static size_t float_size(const void *o)
{
    (void)o;
    return sizeof(w_float);
}

static const gc_descr int_descr = {"int", int_size, NULL};
static const gc_descr bigint_descr = {"bigint", bigint_size, NULL};
static const gc_descr float_descr = {"float", float_size, NULL};

void w_numbers_register_tids(void)
{
    gc_register_tid(W_TID_INT, &int_descr);
    gc_register_tid(W_TID_BIGINT, &bigint_descr);
    gc_register_tid(W_TID_FLOAT, &float_descr);
    /* A previous runtime's singletons are gone; nothing may use them until w_numbers_init. */
    memset(small_ints, 0, sizeof small_ints);
    w_True = w_False = NULL;
}

/* ---- construction ------------------------------------------------------------------- */

static w_object *small_new(w_type *t, int64_t v)
{
    w_int *o = (w_int *)w_alloc(t, W_TID_INT, sizeof(w_int));
    if (o)
        o->value = v;
    return (w_object *)o;
}

w_object *w_int_from_i64(int64_t v)
{
    if (v >= SMALL_MIN && v <= SMALL_MAX && small_ints[v - SMALL_MIN])
        return small_ints[v - SMALL_MIN];
    return small_new(w_int_type, v);
}

/* An instance of `t` (int or a subclass) with the value of z, normalised. */
static w_object *int_from_mpz_typed(w_type *t, mpz_srcptr z)
{
    if (mpz_fits_slong_p(z))
        return t == w_int_type ? w_int_from_i64(mpz_get_si(z)) : small_new(t, mpz_get_si(z));
    size_t n = mpz_size(z);
    w_bigint *b = (w_bigint *)w_alloc(t, W_TID_BIGINT, sizeof(w_bigint) + n * sizeof(mp_limb_t));
    if (!b)
        return NULL;
    memcpy(b->limbs, mpz_limbs_read(z), n * sizeof(mp_limb_t));
    b->size = mpz_sgn(z) < 0 ? -(int64_t)n : (int64_t)n;
    return (w_object *)b;
}

w_object *w_int_from_mpz(const mpz_t z)
{
    return int_from_mpz_typed(w_int_type, z);
}

w_object *w_int_from_u64(uint64_t v)
{
    if (v <= INT64_MAX)
        return w_int_from_i64((int64_t)v);
    w_bigint *b = (w_bigint *)w_alloc(w_int_type, W_TID_BIGINT, sizeof(w_bigint) + sizeof(mp_limb_t));
    if (!b)
        return NULL;
    b->limbs[0] = v;
    b->size = 1;
    return (w_object *)b;
}

void w_int_view_mpz(w_object *o, mpz_t out_view, mp_limb_t *scratch)
{
    if (w_int_is_small(o)) {
        int64_t v = w_int_small_value(o);
        scratch[0] = v < 0 ? -(uint64_t)v : (uint64_t)v;
        mpz_roinit_n(out_view, scratch, v < 0 ? -1 : v > 0);
    } else {
        w_bigint *b = (w_bigint *)o;
        mpz_roinit_n(out_view, b->limbs, b->size);
    }
}

/* A copy of the int `o` whose type is `t`. */
static w_object *int_retype(w_type *t, w_object *o)
{
    if (w_int_is_small(o))
        return t == w_int_type ? w_int_from_i64(w_int_small_value(o)) : small_new(t, w_int_small_value(o));
    int64_t size = ((w_bigint *)o)->size;
    size_t n = (size_t)(size < 0 ? -size : size);
    GC_ENTER();
    GC_ROOT(o);
    w_bigint *b = (w_bigint *)w_alloc(t, W_TID_BIGINT, sizeof(w_bigint) + n * sizeof(mp_limb_t));
    if (b) {
        memcpy(b->limbs, ((w_bigint *)o)->limbs, n * sizeof(mp_limb_t));
        b->size = size;
    }
    GC_RETURN((w_object *)b);
}

w_object *w_int_exact(w_object *o)
{
    return W_TYPE(o) == w_int_type ? o : int_retype(w_int_type, o);
}

w_object *w_int_from_double(double d)
{
    if (isnan(d))
        return w_raise_fmt(w_exc_ValueError, "cannot convert float NaN to integer");
    if (isinf(d))
        return w_raise_fmt(w_exc_OverflowError, "cannot convert float infinity to integer");
    d = trunc(d);
    if (d >= -0x1p63 && d < 0x1p63)
        return w_int_from_i64((int64_t)d);
    mpz_t z;
    mpz_init_set_d(z, d);
    w_object *r = w_int_from_mpz(z);
    mpz_clear(z);
    return r;
}

/* ---- reading ------------------------------------------------------------------------ */

int w_int_as_i64(w_object *o, int64_t *out)
{
    if (!W_INT_CHECK(o)) {
        o = space_index(o);
        if (!o)
            return -1;
    }
    if (!w_int_is_small(o)) {
        w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    *out = w_int_small_value(o);
    return 0;
}

double w_int_as_double(w_object *o)
{
    if (w_int_is_small(o))
        return (double)w_int_small_value(o);
    mpz_t z;
    mp_limb_t s;
    w_int_view_mpz(o, z, &s);
    double d;
    if (w_int_ratio_to_double(z, NULL, &d) < 0) {
        w_raise_fmt(w_exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return d;
}

int w_int_sign(w_object *o)
{
    if (w_int_is_small(o)) {
        int64_t v = w_int_small_value(o);
        return v < 0 ? -1 : v > 0;
    }
    return ((w_bigint *)o)->size < 0 ? -1 : 1;
}

bool w_int_fits_i64(w_object *o)
{
    return w_int_is_small(o);
}

int w_int_hash(w_object *o, int64_t *out)
{
    uint64_t h;
    int neg;
    if (w_int_is_small(o)) {
        int64_t v = w_int_small_value(o);
        neg = v < 0;
        h = (neg ? -(uint64_t)v : (uint64_t)v) % HASH_MODULUS;
    } else {
        mpz_t z;
        mp_limb_t s;
        w_int_view_mpz(o, z, &s);
        neg = mpz_sgn(z) < 0;
        h = mpz_tdiv_ui(z, HASH_MODULUS);
    }
    int64_t r = neg ? -(int64_t)h : (int64_t)h;
    *out = r == -1 ? -2 : r; /* -1 is the C-level error value */
    return 0;
}

/* ---- text out ----------------------------------------------------------------------- */

static void *str_digits_limit_error(void)
{
    return w_raise_fmt(w_exc_ValueError,
                       "Exceeds the limit (%lld digits) for integer string conversion; use "
                       "sys.set_int_max_str_digits() to increase the limit",
                       (long long)w_int_max_str_digits);
}

w_object *w_int_format(w_object *o, int base)
{
    static const char *const prefixes[17] = {[2] = "0b", [8] = "0o", [10] = "", [16] = "0x"};
    FERRY_ASSERT(base == 2 || base == 8 || base == 10 || base == 16);
    if (base == 10 && w_int_is_small(o)) { /* at most 20 characters: under any limit */
        char small[24];
        int n = snprintf(small, sizeof small, "%lld", (long long)w_int_small_value(o));
        return w_str_from_utf8(small, (size_t)n);
    }
    mpz_t z, mag;
    mp_limb_t s;
    w_int_view_mpz(o, z, &s);
    mpz_roinit_n(mag, mpz_limbs_read(z), (mp_size_t)mpz_size(z));
    size_t cap = mpz_sizeinbase(mag, base);
    if (base == 10 && w_int_max_str_digits > 0 && cap > (size_t)w_int_max_str_digits + 1)
        return str_digits_limit_error();
    char *buf = malloc(cap + 4);
    if (!buf)
        return w_raise(w_exc_MemoryError, NULL);
    size_t n = 0;
    if (mpz_sgn(z) < 0)
        buf[n++] = '-';
    memcpy(buf + n, prefixes[base], strlen(prefixes[base]));
    n += strlen(prefixes[base]);
    mpz_get_str(buf + n, base, mag);
    size_t ndigits = strlen(buf + n);
    if (base == 10 && w_int_max_str_digits > 0 && ndigits > (size_t)w_int_max_str_digits) {
        free(buf);
        return str_digits_limit_error();
    }
    w_object *r = w_str_from_utf8(buf, n + ndigits);
    free(buf);
    return r;
}

static w_object *int_repr(w_object *o)
{
    return w_int_format(o, 10);
}

static w_object *bool_repr(w_object *o)
{
    return w_str_intern(w_int_small_value(o) ? "True" : "False");
}

/* ---- text in ------------------------------------------------------------------------ */

/* The code points with decimal value 0 outside ASCII (Unicode 14, as in CPython 3.11);
   each starts a run of the ten digits. */
static const uint32_t unicode_zeros[] = {
    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
    0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,
    0x1946,  0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,
    0xa900,  0xa9d0,  0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0,
    0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
    0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
    0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
};

static bool unicode_space(uint32_t c)
{
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
           c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

static int unicode_digit(uint32_t c)
{
    for (size_t i = 0; i < sizeof unicode_zeros / sizeof unicode_zeros[0]; i++)
        if (c >= unicode_zeros[i] && c < unicode_zeros[i] + 10)
            return (int)(c - unicode_zeros[i]);
    return -1;
}

/* Decodes one code point of UTF-8 at s[*i] (never reading past n, even if the text is
   not valid). */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *i)
{
    uint32_t c = s[(*i)++];
    if (c < 0x80)
        return c;
    int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    c &= 0x3f >> extra;
    while (extra-- && *i < n)
        c = (c << 6) | (s[(*i)++] & 0x3f);
    return c;
}

char *w_number_ascii_text(const char *utf8, size_t n, size_t *outlen)
{
    char *buf = malloc(n + 1);
    if (!buf)
        abort();
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t c = utf8_next(s, n, &i);
        int d;
        if (c < 0x80)
            buf[o++] = (char)c;
        else if (unicode_space(c))
            buf[o++] = ' ';
        else if ((d = unicode_digit(c)) >= 0)
            buf[o++] = (char)('0' + d);
        else
            buf[o++] = '?';
    }
    buf[o] = 0;
    *outlen = o;
    return buf;
}

enum { PARSE_OK, PARSE_INVALID, PARSE_TOO_LONG };

/*
 * int(text, base) on ASCII text: whitespace, one sign, the base's prefix (base 0 picks
 * the base from it; base 0 without prefix allows leading zeros only for zero), digits with
 * single underscores between them (also right after a prefix). As in CPython, the digit
 * limit is checked after the digits are scanned and before trailing characters are.
 */
static int parse_int_ascii(const char *s, size_t n, int base, mpz_t out, int64_t *ndigits)
{
    size_t i = 0;
    while (i < n && w_ascii_space(s[i]))
        i++;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    bool prefixed = false, zero_only = false;
    if (i + 1 < n && s[i] == '0') {
        char p = (char)(s[i + 1] | 0x20);
        int pbase = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pbase && (base == 0 || base == pbase)) {
            base = pbase;
            prefixed = true;
            i += 2;
        }
    }
    if (base == 0) {
        base = 10;
        zero_only = i < n && s[i] == '0';
    }
    char *digits = malloc(n + 1);
    if (!digits)
        abort();
    size_t nd = 0;
    bool underscore = false, nonzero = false;
    for (; i < n; i++) {
        if (s[i] == '_') {
            if (underscore || (nd == 0 && !prefixed))
                break;
            underscore = true;
            continue;
        }
        int d = w_digit_value(s[i]);
        if (d >= base)
            break;
        nonzero |= d != 0;
        digits[nd++] = s[i];
        underscore = false;
    }
    digits[nd] = 0;
    int rc = PARSE_OK;
    if (nd == 0 || underscore || (zero_only && nonzero)) {
        rc = PARSE_INVALID;
    } else if ((base & (base - 1)) != 0 && w_int_max_str_digits > 0 &&
               (int64_t)nd > w_int_max_str_digits) {
        *ndigits = (int64_t)nd;
        rc = PARSE_TOO_LONG;
    } else {
        while (i < n && w_ascii_space(s[i]))
            i++;
        if (i != n)
            rc = PARSE_INVALID;
    }
    if (rc == PARSE_OK) {
        mpz_set_str(out, digits, base);
        if (neg)
            mpz_neg(out, out);
    }
    free(digits);
    return rc;
}

/* A new bytes with the contents of a bytes or bytearray (copied out first: the source
   may move while the result is allocated). */
static w_object *bytes_copy(w_object *o)
{
    size_t n = (size_t)w_bytes_size(o);
    char *tmp = malloc(n + 1);
    if (!tmp)
        abort();
    memcpy(tmp, w_bytes_data(o), n);
    w_object *r = w_bytes_from(tmp, n);
    free(tmp);
    return r;
}

/* Byte length of the first `max` code points of UTF-8 text. */
static size_t utf8_prefix(const char *s, size_t n, size_t max)
{
    size_t i = 0, count = 0;
    while (i < n && count < max) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        count++;
    }
    return i;
}

/* ValueError "invalid literal for int() with base N: <repr of o, at most 200 chars>". */
static void *int_literal_error(int base, w_object *o)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(o);
    GC_ROOT(r);
    if (!W_STR_CHECK(o) && !W_BYTES_CHECK(o)) {
        o = bytes_copy(o); /* CPython shows a bytearray as bytes here */
        if (!o)
            GC_RETURN(NULL);
    }
    r = space_repr(o);
    if (!r)
        GC_RETURN(NULL);
    size_t n = utf8_prefix(w_str_utf8(r), (size_t)w_str_nbytes(r), 200);
    char *text = strndup(w_str_utf8(r), n);
    if (!text)
        abort();
    w_raise_fmt(w_exc_ValueError, "invalid literal for int() with base %d: %s", base, text);
    free(text);
    GC_RETURN(NULL);
}

static void *parse_digits_limit_error(int64_t ndigits)
{
    return w_raise_fmt(w_exc_ValueError,
                       "Exceeds the limit (%lld digits) for integer string conversion: value "
                       "has %lld digits; use sys.set_int_max_str_digits() to increase the limit",
                       (long long)w_int_max_str_digits, (long long)ndigits);
}

/* Parses ASCII text (consumed: freed here); on a bad literal, `o` (or, if NULL, a str
   of `orig`) names the input in the error. */
static w_object *int_from_ascii(w_type *t, char *buf, size_t n, int base, w_object *o,
                                const char *orig, size_t orig_len)
{
    mpz_t z;
    mpz_init(z);
    int64_t ndigits = 0;
    int rc = parse_int_ascii(buf, n, base, z, &ndigits);
    free(buf);
    w_object *r = NULL;
    if (rc == PARSE_OK)
        r = int_from_mpz_typed(t, z);
    mpz_clear(z);
    if (rc == PARSE_TOO_LONG)
        return parse_digits_limit_error(ndigits);
    if (rc == PARSE_INVALID) {
        if (!o) {
            char *copy = strndup(orig, orig_len);
            if (!copy)
                abort();
            o = w_str_from_utf8(copy, orig_len);
            free(copy);
            if (!o)
                return NULL;
        }
        return int_literal_error(base, o);
    }
    return r;
}

w_object *w_int_from_text(const char *s, size_t len, int base)
{
    if (base != 0 && (base < 2 || base > 36))
        return w_raise_fmt(w_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    size_t n;
    char *buf = w_number_ascii_text(s, len, &n);
    return int_from_ascii(w_int_type, buf, n, base, NULL, s, len);
}

static bool is_text(w_object *o)
{
    return W_STR_CHECK(o) || W_BYTES_CHECK(o) || W_BYTEARRAY_CHECK(o);
}

/* int(o, base) for a str, bytes or bytearray `o`. */
static w_object *int_from_textobj(w_type *t, w_object *o, int base)
{
    size_t n;
    char *buf;
    if (W_STR_CHECK(o)) {
        buf = w_number_ascii_text(w_str_utf8(o), (size_t)w_str_nbytes(o), &n);
    } else {
        n = (size_t)w_bytes_size(o);
        buf = malloc(n + 1);
        if (!buf)
            abort();
        memcpy(buf, w_bytes_data(o), n);
        buf[n] = 0;
    }
    return int_from_ascii(t, buf, n, base, o, NULL, 0);
}

/* ---- int() and bool() ---------------------------------------------------------------- */

/* int(x) for any x: ints, floats, text, then the type's __int__ and __index__ slots. */
static w_object *int_from_object(w_object *x)
{
    if (W_INT_CHECK(x))
        return w_int_exact(x);
    if (W_FLOAT_CHECK(x))
        return w_int_from_double(((w_float *)x)->value);
    if (is_text(x))
        return int_from_textobj(w_int_type, x, 10);
    const w_number_slots *nb = W_TYPE(x)->number;
    if (nb && nb->to_int) {
        w_object *r = nb->to_int(x);
        if (r && !W_INT_CHECK(r))
            return w_raise_fmt(w_exc_TypeError, "__int__ returned non-int (type %s)", W_TYPE(r)->name);
        return r ? w_int_exact(r) : NULL;
    }
    if (nb && nb->index)
        return space_index(x);
    return w_raise_fmt(w_exc_TypeError,
                       "int() argument must be a string, a bytes-like object or a real number, "
                       "not '%s'",
                       W_TYPE(x)->name);
}

/* int([x], base=10); `callable` is int or a subclass. */
static w_object *int_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *t = (w_type *)callable;
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    if (nargs + nkw > 2)
        return w_raise_fmt(w_exc_TypeError, "int() takes at most 2 arguments (%zu given)", nargs + nkw);
    GC_ENTER();
    w_object *x = nargs > 0 ? args[0] : NULL, *wbase = nargs > 1 ? args[1] : NULL, *r = NULL;
    GC_ROOT(x);
    GC_ROOT(wbase);
    GC_ROOT(r);
    for (size_t i = 0; i < nkw; i++) {
        w_object *name = W_TUPLE_ITEMS(kwnames)[i];
        if (!w_str_eq_cstr(name, "base")) {
            char *copy = strdup(w_str_utf8(name));
            w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for int()", copy);
            free(copy);
            GC_RETURN(NULL);
        }
        if (wbase) {
            w_raise_fmt(w_exc_TypeError, "argument for int() given by name ('base') and position (2)");
            GC_RETURN(NULL);
        }
        wbase = args[nargs + i];
    }
    if (!wbase) {
        r = x ? int_from_object(x) : w_int_from_i64(0);
    } else if (!x) {
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "int() missing string argument"));
    } else {
        wbase = space_index(wbase);
        if (!wbase)
            GC_RETURN(NULL);
        int64_t base = w_int_is_small(wbase) ? w_int_small_value(wbase) : -1;
        if (base != 0 && (base < 2 || base > 36))
            GC_RETURN(w_raise_fmt(w_exc_ValueError, "int() base must be >= 2 and <= 36, or 0"));
        if (!is_text(x))
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "int() can't convert non-string with explicit base"));
        r = int_from_textobj(w_int_type, x, (int)base);
    }
    if (r && t != w_int_type)
        r = int_retype(t, r);
    GC_RETURN(r);
}

static w_object *bool_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    if (kwnames && W_TUPLE_SIZE(kwnames) > 0)
        return w_raise_fmt(w_exc_TypeError, "bool() takes no keyword arguments");
    if (nargs > 1)
        return w_raise_fmt(w_exc_TypeError, "bool expected at most 1 argument, got %zu", nargs);
    if (nargs == 0)
        return w_False;
    int t = space_truth(args[0]);
    return t < 0 ? NULL : W_BOOL(t);
}

static int int_truth(w_object *o)
{
    return !w_int_is_small(o) || w_int_small_value(o) != 0;
}

/* ---- start-up ----------------------------------------------------------------------- */

/* An old-space int in *slot. */
static w_object *old_small(w_object **slot, w_type *t, int64_t v)
{
    w_int *o = (w_int *)w_alloc_old(t, W_TID_INT, sizeof(w_int));
    if (o)
        o->value = v;
    *slot = (w_object *)o;
    return *slot;
}

int w_numbers_init(void)
{
    w_int_max_str_digits = DEFAULT_MAX_STR_DIGITS;
    for (int64_t v = SMALL_MIN; v <= SMALL_MAX; v++) {
        w_object *o = old_small(&small_ints[v - SMALL_MIN], w_int_type, v);
        if (!o)
            return -1;
        o->gc.flags |= GC_F_STATIC;
    }
    /* Rooted before they exist: each allocation may collect. */
    gc_add_root((void **)&w_False);
    gc_add_root((void **)&w_True);
    if (!old_small(&w_False, w_bool_type, 0) || !old_small(&w_True, w_bool_type, 1))
        return -1;

    w_int_type->flags |= W_TF_BASETYPE;
    w_int_type->repr = int_repr;
    w_int_type->hash = w_int_hash;
    w_int_type->truth = int_truth;
    w_int_type->construct = int_construct;
    w_bool_type->repr = bool_repr;
    w_bool_type->construct = bool_construct;
    if (w_int_ops_init() < 0 || w_float_init() < 0)
        return -1;
    return 0;
}

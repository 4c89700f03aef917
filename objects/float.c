/* float.c — float objects: arithmetic and comparison slots (mixed int/float too), hash, float(), methods. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

#define HASH_MODULUS ((UINT64_C(1) << 61) - 1)
#define HASH_INF 314159

/* round(x, n) returns x itself past this many digits (no double has more significant
   decimals) and a zero before -DIGITS_MIN (every double is below 10^309 / 2). */
#define ROUND_NDIGITS_MAX 323
#define ROUND_NDIGITS_MIN (-308)

#define FVAL(o) (((w_float *)(o))->value)

static w_object *float_new_typed(w_type *t, double v)
{
    w_float *f = (w_float *)w_alloc(t, W_TID_FLOAT, sizeof(w_float));
    if (f)
        f->value = v;
    return (w_object *)f;
}

w_object *w_float_new(double v)
{
    return float_new_typed(w_float_type, v);
}

static w_object *float_exact(w_object *o)
{
    return W_TYPE(o) == w_float_type ? o : w_float_new(FVAL(o));
}

/* ---- hash ------------------------------------------------------------------------------ */

/* A finite double is m·2^e with an integer m < 2^53; modulo 2^61-1, 2^e is 2^(e mod 61),
   which makes the hash of an integral double equal to the int's. */
int64_t w_hash_double(double v)
{
    if (isinf(v))
        return v > 0 ? HASH_INF : -HASH_INF;
    if (isnan(v))
        return 0;
    int e;
    double frac = frexp(fabs(v), &e);
    uint64_t m = (uint64_t)ldexp(frac, 53);
    e -= 53;
    int shift = e % 61;
    if (shift < 0)
        shift += 61;
    uint64_t h = (uint64_t)(((unsigned __int128)m << shift) % HASH_MODULUS);
    int64_t r = v < 0 ? -(int64_t)h : (int64_t)h;
    return r == -1 ? -2 : r;
}

static int float_hash(w_object *o, int64_t *out)
{
    if (isnan(FVAL(o))) /* since 3.10, each NaN hashes by identity */
        return space_hash_identity(o, out);
    *out = w_hash_double(FVAL(o));
    return 0;
}

/* ---- conversions ----------------------------------------------------------------------- */

int w_float_as_double(w_object *o, double *out)
{
    if (W_FLOAT_CHECK(o)) {
        *out = FVAL(o);
        return 0;
    }
    if (W_INT_CHECK(o)) {
        *out = w_int_as_double(o);
        return *out == -1.0 && w_err_occurred() ? -1 : 0;
    }
    const w_number_slots *nb = W_TYPE(o)->number;
    if (nb && nb->to_float) {
        w_object *r = nb->to_float(o);
        if (!r)
            return -1;
        if (!W_FLOAT_CHECK(r)) {
            w_raise_fmt(w_exc_TypeError, "%s.__float__ returned non-float (type %s)",
                        W_TYPE(o)->name, W_TYPE(r)->name);
            return -1;
        }
        *out = FVAL(r);
        return 0;
    }
    if (nb && nb->index) {
        w_object *r = space_index(o);
        return r ? w_float_as_double(r, out) : -1;
    }
    w_raise_fmt(w_exc_TypeError, "must be real number, not %s", W_TYPE(o)->name);
    return -1;
}

/* ---- arithmetic ------------------------------------------------------------------------- */

static bool is_real(w_object *o)
{
    return W_FLOAT_CHECK(o) || W_INT_CHECK(o);
}

/* Both operands as doubles: 1, or 0 if one is not a float or an int, or -1 with an error
   (an int too large for a float). */
static int operands(w_object *a, w_object *b, double *x, double *y)
{
    if (!is_real(a) || !is_real(b))
        return 0;
    if (w_float_as_double(a, x) < 0 || w_float_as_double(b, y) < 0)
        return -1;
    return 1;
}

#define FLOAT_BINOP(name, expr)                                                           \
    static w_object *name(w_object *a, w_object *b)                                       \
    {                                                                                     \
        double x, y;                                                                      \
        int k = operands(a, b, &x, &y);                                                   \
        if (k <= 0)                                                                       \
            return k < 0 ? NULL : w_NotImplemented;                                       \
        return expr;                                                                      \
    }

/* Python's floor division and modulo: the remainder takes the divisor's sign, and the
   quotient is rounded so that q·y + r stays as close to x as doubles allow. */
static void float_divmod_values(double x, double y, double *q, double *r)
{
    double mod = fmod(x, y);
    double div = (x - mod) / y;
    if (mod != 0) {
        if ((y < 0) != (mod < 0)) {
            mod += y;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, y);
    }
    double floordiv;
    if (div != 0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, x / y);
    }
    *q = floordiv;
    *r = mod;
}

static w_object *float_truediv_values(double x, double y)
{
    if (y == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "float division by zero");
    return w_float_new(x / y);
}

static w_object *float_floordiv_values(double x, double y)
{
    if (y == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "float floor division by zero");
    double q, r;
    float_divmod_values(x, y, &q, &r);
    return w_float_new(q);
}

static w_object *float_mod_values(double x, double y)
{
    if (y == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "float modulo");
    double q, r;
    float_divmod_values(x, y, &q, &r);
    return w_float_new(r);
}

static w_object *float_divmod_pair(double x, double y)
{
    if (y == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "float divmod()");
    double q, r;
    float_divmod_values(x, y, &q, &r);
    GC_ENTER();
    w_object *wq = NULL, *wr = NULL;
    GC_ROOT(wq);
    GC_ROOT(wr);
    wq = w_float_new(q);
    wr = wq ? w_float_new(r) : NULL;
    GC_RETURN(wr ? w_number_pair(wq, wr) : NULL);
}

static bool odd_integer(double y)
{
    return fmod(fabs(y), 2.0) == 1.0;
}

w_object *w_float_pow(double x, double y)
{
    if (y == 0)
        return w_float_new(1.0);
    if (isnan(x))
        return w_float_new(x);
    if (isnan(y))
        return w_float_new(x == 1.0 ? 1.0 : y);
    if (isinf(y)) {
        x = fabs(x);
        if (x == 1.0)
            return w_float_new(1.0);
        return w_float_new((x > 1.0) == (y > 0) ? INFINITY : 0.0);
    }
    if (isinf(x)) {
        bool odd = odd_integer(y);
        if (y > 0)
            return w_float_new(odd ? x : fabs(x));
        return w_float_new(odd ? copysign(0.0, x) : 0.0);
    }
    if (x == 0) {
        if (y < 0)
            return w_raise_fmt(w_exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return w_float_new(odd_integer(y) ? x : 0.0);
    }
    bool negate = false;
    if (x < 0) {
        /* CPython returns a complex here; Ferry has no complex type. */
        if (y != floor(y))
            return w_raise_fmt(w_exc_ValueError, "math domain error");
        x = -x;
        negate = odd_integer(y);
    }
    double r = x == 1.0 ? 1.0 : pow(x, y);
    if (isinf(r)) {
        /* CPython raises from errno: OverflowError(34, 'Numerical result out of range'). */
        GC_ENTER();
        w_object *code = NULL, *msg = NULL, *args = NULL;
        GC_ROOT(code);
        GC_ROOT(msg);
        GC_ROOT(args);
        code = w_int_from_i64(34);
        msg = code ? w_str_from_cstr("Numerical result out of range") : NULL;
        args = msg ? w_number_pair(code, msg) : NULL;
        GC_RETURN(args ? w_raise(w_exc_OverflowError, args) : NULL);
    }
    return w_float_new(negate ? -r : r);
}

FLOAT_BINOP(float_add, w_float_new(x + y))
FLOAT_BINOP(float_sub, w_float_new(x - y))
FLOAT_BINOP(float_mul, w_float_new(x * y))
FLOAT_BINOP(float_truediv, float_truediv_values(x, y))
FLOAT_BINOP(float_floordiv, float_floordiv_values(x, y))
FLOAT_BINOP(float_mod, float_mod_values(x, y))
FLOAT_BINOP(float_divmod, float_divmod_pair(x, y))
FLOAT_BINOP(float_pow_slot, w_float_pow(x, y))

static w_object *float_neg(w_object *a)
{
    return w_float_new(-FVAL(a));
}

static w_object *float_abs(w_object *a)
{
    return w_float_new(fabs(FVAL(a)));
}

static w_object *float_to_int(w_object *a)
{
    return w_int_from_double(FVAL(a));
}

static const w_number_slots float_number = {
    .binop = {
        [W_OP_ADD] = float_add, [W_OP_SUB] = float_sub, [W_OP_MUL] = float_mul,
        [W_OP_TRUEDIV] = float_truediv, [W_OP_FLOORDIV] = float_floordiv,
        [W_OP_MOD] = float_mod, [W_OP_DIVMOD] = float_divmod, [W_OP_POW] = float_pow_slot,
    },
    .unop = {[W_OP_NEG] = float_neg, [W_OP_POS] = float_exact, [W_OP_ABS] = float_abs},
    .to_int = float_to_int,
    .to_float = float_exact,
};

static int float_truth(w_object *o)
{
    return FVAL(o) != 0;
}

/* ---- comparisons ------------------------------------------------------------------------ */

/* Three-way comparison of a non-NaN double with an int, exact at any size. */
static int compare_with_int(double x, w_object *n)
{
    if (w_int_is_small(n)) {
        int64_t v = w_int_small_value(n);
        if (v >= -(INT64_C(1) << 53) && v <= (INT64_C(1) << 53))
            return (x > (double)v) - (x < (double)v);
    }
    mpz_t z;
    mp_limb_t scratch;
    w_int_view_mpz(n, z, &scratch);
    int c = mpz_cmp_d(z, x); /* exact, and defined for infinities */
    return (c < 0) - (c > 0);
}

static w_object *float_richcompare(w_object *a, w_object *b, int op)
{
    if (W_FLOAT_CHECK(a) && W_FLOAT_CHECK(b)) {
        double x = FVAL(a), y = FVAL(b);
        switch (op) {
        case W_LT: return W_BOOL(x < y);
        case W_LE: return W_BOOL(x <= y);
        case W_EQ: return W_BOOL(x == y);
        case W_NE: return W_BOOL(x != y);
        case W_GT: return W_BOOL(x > y);
        default: return W_BOOL(x >= y);
        }
    }
    int c;
    if (W_FLOAT_CHECK(a) && W_INT_CHECK(b)) {
        if (isnan(FVAL(a)))
            return W_BOOL(op == W_NE);
        c = compare_with_int(FVAL(a), b);
    } else if (W_INT_CHECK(a) && W_FLOAT_CHECK(b)) {
        if (isnan(FVAL(b)))
            return W_BOOL(op == W_NE);
        c = -compare_with_int(FVAL(b), a);
    } else {
        return w_NotImplemented;
    }
    return W_BOOL(w_cmp_holds(c, op));
}

/* ---- float() ------------------------------------------------------------------------------ */

static w_object *float_from_object(w_object *x)
{
    if (W_FLOAT_CHECK(x))
        return float_exact(x);
    if (W_STR_CHECK(x) || W_BYTES_CHECK(x) || W_BYTEARRAY_CHECK(x))
        return w_float_from_textobj(x);
    const w_number_slots *nb = W_TYPE(x)->number;
    if (!nb || (!nb->to_float && !nb->index))
        return w_raise_fmt(w_exc_TypeError,
                           "float() argument must be a string or a real number, not '%s'",
                           W_TYPE(x)->name);
    double d;
    if (w_float_as_double(x, &d) < 0)
        return NULL;
    return w_float_new(d);
}

static w_object *float_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    if (kwnames && W_TUPLE_SIZE(kwnames) > 0)
        return w_raise_fmt(w_exc_TypeError, "float() takes no keyword arguments");
    if (nargs > 1)
        return w_raise_fmt(w_exc_TypeError, "float expected at most 1 argument, got %zu", nargs);
    w_object *r = nargs ? float_from_object(args[0]) : w_float_new(0.0);
    if (r && callable != (w_object *)w_float_type)
        r = float_new_typed((w_type *)callable, FVAL(r));
    return r;
}

/* ---- round() -------------------------------------------------------------------------------- */

/* |v| · 10^n rounded to an integer, ties to even, computed exactly. */
static void scaled_round(double v, int64_t n, mpz_t out)
{
    int e;
    double frac = frexp(fabs(v), &e);
    mpz_t num, den, p, r;
    mpz_inits(num, den, p, r, NULL);
    mpz_set_d(num, ldexp(frac, 53));
    e -= 53;
    mpz_set_ui(den, 1);
    if (e >= 0)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    mpz_ui_pow_ui(p, 10, (unsigned long)(n >= 0 ? n : -n));
    if (n >= 0)
        mpz_mul(num, num, p);
    else
        mpz_mul(den, den, p);
    mpz_fdiv_qr(out, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(out)))
        mpz_add_ui(out, out, 1);
    mpz_clears(num, den, p, r, NULL);
}

w_object *w_float_round(w_object *x, w_object *ndigits)
{
    double v = FVAL(x);
    if (!ndigits)
        return w_int_from_double(nearbyint(v)); /* default rounding mode: ties to even */
    ndigits = space_index(ndigits);
    if (!ndigits)
        return NULL;
    int64_t n = w_int_is_small(ndigits) ? w_int_small_value(ndigits)
                                        : (w_int_sign(ndigits) < 0 ? INT64_MIN : INT64_MAX);
    if (!isfinite(v) || v == 0 || n > ROUND_NDIGITS_MAX)
        return w_float_new(v);
    if (n < ROUND_NDIGITS_MIN)
        return w_float_new(copysign(0.0, v));
    mpz_t q, p;
    mpz_inits(q, p, NULL);
    scaled_round(v, n, q);
    double d;
    int rc;
    mpz_ui_pow_ui(p, 10, (unsigned long)(n >= 0 ? n : -n));
    if (n >= 0) {
        rc = w_int_ratio_to_double(q, p, &d);
    } else {
        mpz_mul(q, q, p);
        rc = w_int_ratio_to_double(q, NULL, &d);
    }
    mpz_clears(q, p, NULL);
    if (rc < 0)
        return w_raise_fmt(w_exc_OverflowError, "rounded value too large to represent");
    return w_float_new(copysign(d, v));
}

/* ---- methods and attributes ------------------------------------------------------------------ */

#define NOARGS(qualname)                                                                  \
    do {                                                                                  \
        if (w_args_positional(qualname, nargs, kwnames, 0, 0) < 0)                        \
            return NULL;                                                                  \
    } while (0)

static w_object *float_is_integer(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    NOARGS("float.is_integer");
    double v = FVAL(self);
    return W_BOOL(isfinite(v) && floor(v) == v);
}

static w_object *float_conjugate(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    NOARGS("float.conjugate");
    return float_exact(self);
}

static w_object *float_trunc(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    NOARGS("float.__trunc__");
    return w_int_from_double(FVAL(self));
}

static w_object *float_floor(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    NOARGS("float.__floor__");
    return w_int_from_double(floor(FVAL(self)));
}

static w_object *float_ceil(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    NOARGS("float.__ceil__");
    return w_int_from_double(ceil(FVAL(self)));
}

static w_object *float_round_method(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("float.__round__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return w_float_round(self, nargs && args[0] != w_None ? args[0] : NULL);
}

static w_object *float_as_integer_ratio(w_object *self, w_object **args, size_t nargs,
                                        w_object *kwnames)
{
    NOARGS("float.as_integer_ratio");
    double v = FVAL(self);
    if (isinf(v))
        return w_raise_fmt(w_exc_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(v))
        return w_raise_fmt(w_exc_ValueError, "cannot convert NaN to integer ratio");
    int e;
    double frac = frexp(v, &e);
    int64_t m = (int64_t)ldexp(frac, 53);
    e -= 53;
    /* v = m·2^e exactly; cancel the common powers of two. */
    while (e < 0 && m != 0 && (m & 1) == 0) {
        m /= 2;
        e++;
    }
    if (m == 0)
        e = 0;
    mpz_t num, den;
    mpz_init_set_si(num, m);
    mpz_init_set_ui(den, 1);
    if (e >= 0)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    GC_ENTER();
    w_object *wn = NULL, *wd = NULL;
    GC_ROOT(wn);
    GC_ROOT(wd);
    wn = w_int_from_mpz(num);
    wd = wn ? w_int_from_mpz(den) : NULL;
    mpz_clears(num, den, NULL);
    GC_RETURN(wd ? w_number_pair(wn, wd) : NULL);
}

static w_object *float_get_real(w_object *self)
{
    return float_exact(self);
}

static w_object *float_get_imag(w_object *self)
{
    return w_float_new(0.0);
}

int w_float_init(void)
{
    w_type *t = w_float_type;
    t->flags |= W_TF_BASETYPE;
    t->hash = float_hash;
    t->richcompare = float_richcompare;
    t->truth = float_truth;
    t->construct = float_construct;
    t->number = &float_number;
    if (w_float_repr_init() < 0 ||
        w_type_add_method(t, "is_integer", float_is_integer) < 0 ||
        w_type_add_method(t, "as_integer_ratio", float_as_integer_ratio) < 0 ||
        w_type_add_method(t, "conjugate", float_conjugate) < 0 ||
        w_type_add_method(t, "__trunc__", float_trunc) < 0 ||
        w_type_add_method(t, "__floor__", float_floor) < 0 ||
        w_type_add_method(t, "__ceil__", float_ceil) < 0 ||
        w_type_add_method(t, "__round__", float_round_method) < 0 ||
        w_type_add_getter(t, "real", float_get_real) < 0 ||
        w_type_add_getter(t, "imag", float_get_imag) < 0)
        return -1;
    return 0;
}

/* int_ops.c — int arithmetic, bitwise and comparison slots, int methods, pow with modulus, round(). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

/* Results needing more bits than this raise MemoryError instead of asking GMP, which
   aborts the process when it cannot allocate. */
#define MAX_RESULT_BITS (UINT64_C(1) << 34)

/* Declares `name`, a read-only mpz view of the int `o` (valid until the next allocation). */
#define VIEW(name, o)                                                                     \
    mpz_t name;                                                                           \
    mp_limb_t name##_scratch;                                                             \
    w_int_view_mpz((o), name, &name##_scratch)

#define CHECK_INTS(a, b)                                                                  \
    do {                                                                                  \
        if (!W_INT_CHECK(a) || !W_INT_CHECK(b))                                           \
            return w_NotImplemented;                                                      \
    } while (0)

#define BOTH_SMALL(a, b) (w_int_is_small(a) && w_int_is_small(b))
#define VAL(o) w_int_small_value(o)

/* Bit length of |o|. */
static uint64_t int_bits(w_object *o)
{
    if (w_int_is_small(o)) {
        int64_t v = VAL(o);
        uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
        return m ? 64 - (uint64_t)__builtin_clzll(m) : 0;
    }
    VIEW(z, o);
    return mpz_sizeinbase(z, 2);
}

static void *memory_error(void)
{
    return w_raise(w_exc_MemoryError, NULL);
}

/* Takes the value of `r` (cleared here) as a new int. */
static w_object *from_temp(mpz_t r)
{
    w_object *res = w_int_from_mpz(r);
    mpz_clear(r);
    return res;
}

typedef void (*mpz_binfn)(mpz_ptr, mpz_srcptr, mpz_srcptr);

static w_object *big_binop(mpz_binfn fn, w_object *a, w_object *b)
{
    VIEW(za, a);
    VIEW(zb, b);
    mpz_t r;
    mpz_init(r);
    fn(r, za, zb);
    return from_temp(r);
}

w_object *w_number_pair(w_object *a, w_object *b)
{
    GC_ENTER();
    w_object *t = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(t);
    t = w_tuple_new(2);
    if (t) {
        w_tuple_set(t, 0, a);
        w_tuple_set(t, 1, b);
    }
    GC_RETURN(t);
}

/* ---- conversion to double ------------------------------------------------------------ */

/*
 * (q + sticky·ε)·2^e2 rounded to the nearest double, ties to even, subnormals included:
 * `q` > 0 carries at least two bits below the last kept one unless the value is exact,
 * and `sticky` says whether anything non-zero was dropped below q.
 */
static int round_to_double(mpz_srcptr q, int sticky, long e2, double *out)
{
    long nbits = (long)mpz_sizeinbase(q, 2);
    long unit = nbits + e2 - 53; /* exponent of the last kept bit */
    if (unit < -1074)
        unit = -1074;
    long drop = unit - e2;
    if (drop <= 0) {
        *out = ldexp((double)mpz_get_ui(q), (int)e2);
    } else {
        mpz_t m;
        mpz_init(m);
        mpz_tdiv_q_2exp(m, q, (mp_bitcnt_t)drop);
        uint64_t kept = mpz_get_ui(m);
        mpz_clear(m);
        int half = mpz_tstbit(q, (mp_bitcnt_t)(drop - 1));
        int rest = sticky || mpz_scan1(q, 0) < (mp_bitcnt_t)(drop - 1);
        if (half && (rest || (kept & 1)))
            kept++;
        *out = ldexp((double)kept, (int)unit);
    }
    return isinf(*out) ? -1 : 0;
}

int w_int_ratio_to_double(mpz_srcptr num, mpz_srcptr den, double *out)
{
    int neg = (mpz_sgn(num) < 0) != (den && mpz_sgn(den) < 0);
    mpz_t a, b, q;
    mpz_roinit_n(a, mpz_limbs_read(num), (mp_size_t)mpz_size(num));
    long la = (long)mpz_sizeinbase(a, 2), lb = 1;
    if (den) {
        mpz_roinit_n(b, mpz_limbs_read(den), (mp_size_t)mpz_size(den));
        lb = (long)mpz_sizeinbase(b, 2);
    }
    /* |num/den| lies in (2^(la-lb-1), 2^(la-lb+1)). */
    if (mpz_sgn(num) == 0 || lb - la > 1100) {
        *out = neg ? -0.0 : 0.0;
        return 0;
    }
    if (la - lb > 1025)
        return -1;
    int sticky = 0;
    long e2 = 0;
    mpz_init(q);
    if (!den) {
        if (la > 55) {
            e2 = la - 55;
            mpz_tdiv_q_2exp(q, a, (mp_bitcnt_t)e2);
            sticky = mpz_scan1(a, 0) < (mp_bitcnt_t)e2;
        } else {
            mpz_set(q, a);
        }
    } else {
        /* Scale so that the quotient has at least 55 bits, then round once. */
        long shift = 55 + lb - la > 0 ? 55 + lb - la : 0;
        mpz_t r;
        mpz_init(r);
        mpz_mul_2exp(q, a, (mp_bitcnt_t)shift);
        mpz_tdiv_qr(q, r, q, b);
        sticky = mpz_sgn(r) != 0;
        mpz_clear(r);
        e2 = -shift;
    }
    int rc = round_to_double(q, sticky, e2, out);
    mpz_clear(q);
    if (neg)
        *out = -*out;
    return rc;
}

/* ---- arithmetic slots ----------------------------------------------------------------- */

static w_object *int_add(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) && !__builtin_add_overflow(VAL(a), VAL(b), &r))
        return w_int_from_i64(r);
    return big_binop(mpz_add, a, b);
}

static w_object *int_sub(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) && !__builtin_sub_overflow(VAL(a), VAL(b), &r))
        return w_int_from_i64(r);
    return big_binop(mpz_sub, a, b);
}

static w_object *int_mul(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    int64_t r;
    if (BOTH_SMALL(a, b) && !__builtin_mul_overflow(VAL(a), VAL(b), &r))
        return w_int_from_i64(r);
    if (int_bits(a) + int_bits(b) > MAX_RESULT_BITS)
        return memory_error();
    return big_binop(mpz_mul, a, b);
}

static bool exact_double(int64_t v)
{
    return v >= -(INT64_C(1) << 53) && v <= (INT64_C(1) << 53);
}

static w_object *int_truediv(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "division by zero");
    double d;
    /* Both exact as doubles: one IEEE division rounds correctly. */
    if (BOTH_SMALL(a, b) && exact_double(VAL(a)) && exact_double(VAL(b))) {
        d = (double)VAL(a) / (double)VAL(b);
    } else {
        VIEW(za, a);
        VIEW(zb, b);
        if (w_int_ratio_to_double(za, zb, &d) < 0)
            return w_raise_fmt(w_exc_OverflowError, "integer division result too large for a float");
    }
    return w_float_new(d);
}

/* Floor quotient and remainder of small ints; false when the quotient overflows
   (INT64_MIN // -1). */
static bool small_divmod(int64_t x, int64_t y, int64_t *q, int64_t *r)
{
    if (x == INT64_MIN && y == -1)
        return false;
    *q = x / y;
    *r = x % y;
    if (*r != 0 && ((*r < 0) != (y < 0))) {
        *q -= 1;
        *r += y;
    }
    return true;
}

static w_object *int_floordiv(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "integer division or modulo by zero");
    int64_t q, r;
    if (BOTH_SMALL(a, b) && small_divmod(VAL(a), VAL(b), &q, &r))
        return w_int_from_i64(q);
    return big_binop(mpz_fdiv_q, a, b);
}

static w_object *int_mod(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "integer modulo by zero");
    int64_t q, r;
    if (BOTH_SMALL(a, b) && small_divmod(VAL(a), VAL(b), &q, &r))
        return w_int_from_i64(r);
    if (BOTH_SMALL(a, b)) /* INT64_MIN % -1 */
        return w_int_from_i64(0);
    return big_binop(mpz_fdiv_r, a, b);
}

static w_object *int_divmod(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) == 0)
        return w_raise_fmt(w_exc_ZeroDivisionError, "integer division or modulo by zero");
    GC_ENTER();
    w_object *q = NULL, *r = NULL;
    GC_ROOT(q);
    GC_ROOT(r);
    int64_t qi, ri;
    if (BOTH_SMALL(a, b) && small_divmod(VAL(a), VAL(b), &qi, &ri)) {
        q = w_int_from_i64(qi);
        r = q ? w_int_from_i64(ri) : NULL;
    } else {
        VIEW(za, a);
        VIEW(zb, b);
        mpz_t mq, mr;
        mpz_inits(mq, mr, NULL);
        mpz_fdiv_qr(mq, mr, za, zb);
        q = w_int_from_mpz(mq);
        r = q ? w_int_from_mpz(mr) : NULL;
        mpz_clears(mq, mr, NULL);
    }
    GC_RETURN(r ? w_number_pair(q, r) : NULL);
}

static w_object *int_pow(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) < 0) {
        /* A negative exponent makes it float arithmetic, as in CPython. */
        double x = w_int_as_double(a), y;
        if (x == -1.0 && w_err_occurred())
            return NULL;
        y = w_int_as_double(b);
        if (y == -1.0 && w_err_occurred())
            return NULL;
        return w_float_pow(x, y);
    }
    if (w_int_is_small(a) && VAL(a) >= -1 && VAL(a) <= 1) {
        int64_t x = VAL(a);
        if (x == 0)
            return w_int_from_i64(w_int_sign(b) == 0);
        if (x == 1)
            return w_int_from_i64(1);
        VIEW(zb, b);
        return w_int_from_i64(mpz_odd_p(zb) ? -1 : 1);
    }
    uint64_t per_bit = int_bits(a) - 1; /* |a| >= 2: at least this many bits per unit of b */
    if (!w_int_is_small(b) || (uint64_t)VAL(b) > MAX_RESULT_BITS / per_bit)
        return memory_error();
    uint64_t e = (uint64_t)VAL(b);
    if (w_int_is_small(a)) {
        int64_t result = 1, base = VAL(a);
        bool ok = true;
        for (uint64_t k = e; k && ok; k >>= 1) {
            if (k & 1)
                ok = !__builtin_mul_overflow(result, base, &result);
            if (ok && k > 1)
                ok = !__builtin_mul_overflow(base, base, &base);
        }
        if (ok)
            return w_int_from_i64(result);
    }
    VIEW(za, a);
    mpz_t r;
    mpz_init(r);
    mpz_pow_ui(r, za, e);
    return from_temp(r);
}

/* a << count needs more than MAX_RESULT_BITS. CPython sizes the result in 30-bit digits
   and raises OverflowError when that count exceeds its maximum object size, MemoryError
   when the allocation fails; reproduce which. */
static void *shift_too_large(w_object *a, w_object *count)
{
    VIEW(n, count);
    mpz_t digits;
    mpz_init(digits);
    unsigned long rem = mpz_fdiv_q_ui(digits, n, 30);
    mpz_add_ui(digits, digits, (int_bits(a) + 29) / 30 + (rem != 0));
    bool overflow = mpz_cmp_ui(digits, UINT64_C(2305843009213693945)) > 0;
    mpz_clear(digits);
    if (overflow)
        return w_raise_fmt(w_exc_OverflowError, "too many digits in integer");
    return memory_error();
}

static w_object *int_lshift(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) < 0)
        return w_raise_fmt(w_exc_ValueError, "negative shift count");
    if (w_int_sign(a) == 0)
        return w_int_from_i64(0);
    if (!w_int_is_small(b) || (uint64_t)VAL(b) + int_bits(a) > MAX_RESULT_BITS)
        return shift_too_large(a, b);
    int64_t n = VAL(b), r;
    if (w_int_is_small(a) && n < 63 && !__builtin_mul_overflow(VAL(a), INT64_C(1) << n, &r))
        return w_int_from_i64(r);
    VIEW(za, a);
    mpz_t z;
    mpz_init(z);
    mpz_mul_2exp(z, za, (mp_bitcnt_t)n);
    return from_temp(z);
}

static w_object *int_rshift(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (w_int_sign(b) < 0)
        return w_raise_fmt(w_exc_ValueError, "negative shift count");
    if (!w_int_is_small(b) || (uint64_t)VAL(b) >= int_bits(a))
        return w_int_from_i64(w_int_sign(a) < 0 ? -1 : 0);
    int64_t n = VAL(b);
    if (w_int_is_small(a))
        return w_int_from_i64(VAL(a) >> n); /* arithmetic shift: floor, like Python */
    VIEW(za, a);
    mpz_t z;
    mpz_init(z);
    mpz_fdiv_q_2exp(z, za, (mp_bitcnt_t)n);
    return from_temp(z);
}

/* GMP's and/ior/xor already follow two's complement for negative values. */
static w_object *int_and(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (BOTH_SMALL(a, b))
        return w_int_from_i64(VAL(a) & VAL(b));
    return big_binop(mpz_and, a, b);
}

static w_object *int_or(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (BOTH_SMALL(a, b))
        return w_int_from_i64(VAL(a) | VAL(b));
    return big_binop(mpz_ior, a, b);
}

static w_object *int_xor(w_object *a, w_object *b)
{
    CHECK_INTS(a, b);
    if (BOTH_SMALL(a, b))
        return w_int_from_i64(VAL(a) ^ VAL(b));
    return big_binop(mpz_xor, a, b);
}

/* bool & | ^ bool stays bool; anything else is int arithmetic. */
static bool both_bool(w_object *a, w_object *b)
{
    return W_TYPE(a) == w_bool_type && W_TYPE(b) == w_bool_type;
}

static w_object *bool_and(w_object *a, w_object *b)
{
    return both_bool(a, b) ? W_BOOL(VAL(a) & VAL(b)) : int_and(a, b);
}

static w_object *bool_or(w_object *a, w_object *b)
{
    return both_bool(a, b) ? W_BOOL(VAL(a) | VAL(b)) : int_or(a, b);
}

static w_object *bool_xor(w_object *a, w_object *b)
{
    return both_bool(a, b) ? W_BOOL(VAL(a) ^ VAL(b)) : int_xor(a, b);
}

typedef void (*mpz_unfn)(mpz_ptr, mpz_srcptr);

static w_object *big_unop(mpz_unfn fn, w_object *a)
{
    VIEW(za, a);
    mpz_t r;
    mpz_init(r);
    fn(r, za);
    return from_temp(r);
}

static w_object *int_neg(w_object *a)
{
    if (w_int_is_small(a) && VAL(a) != INT64_MIN)
        return w_int_from_i64(-VAL(a));
    return big_unop(mpz_neg, a);
}

static w_object *int_invert(w_object *a)
{
    if (w_int_is_small(a))
        return w_int_from_i64(~VAL(a));
    return big_unop(mpz_com, a);
}

static w_object *int_abs(w_object *a)
{
    if (w_int_is_small(a) && VAL(a) != INT64_MIN)
        return w_int_from_i64(llabs(VAL(a)));
    return big_unop(mpz_abs, a);
}

static w_object *int_to_float(w_object *a)
{
    double d = w_int_as_double(a);
    if (d == -1.0 && w_err_occurred())
        return NULL;
    return w_float_new(d);
}

static w_object *int_richcompare(w_object *a, w_object *b, int op)
{
    CHECK_INTS(a, b);
    int c;
    if (BOTH_SMALL(a, b)) {
        c = (VAL(a) > VAL(b)) - (VAL(a) < VAL(b));
    } else {
        VIEW(za, a);
        VIEW(zb, b);
        c = mpz_cmp(za, zb);
    }
    return W_BOOL(w_cmp_holds(c, op));
}

static const w_number_slots int_number = {
    .binop = {
        [W_OP_ADD] = int_add, [W_OP_SUB] = int_sub, [W_OP_MUL] = int_mul,
        [W_OP_TRUEDIV] = int_truediv, [W_OP_FLOORDIV] = int_floordiv, [W_OP_MOD] = int_mod,
        [W_OP_DIVMOD] = int_divmod, [W_OP_POW] = int_pow, [W_OP_LSHIFT] = int_lshift,
        [W_OP_RSHIFT] = int_rshift, [W_OP_AND] = int_and, [W_OP_OR] = int_or,
        [W_OP_XOR] = int_xor,
    },
    .unop = {[W_OP_NEG] = int_neg, [W_OP_POS] = w_int_exact, [W_OP_INVERT] = int_invert,
             [W_OP_ABS] = int_abs},
    .to_int = w_int_exact,
    .to_float = int_to_float,
    .index = w_int_exact,
};

static const w_number_slots bool_number = {
    .binop = {
        [W_OP_ADD] = int_add, [W_OP_SUB] = int_sub, [W_OP_MUL] = int_mul,
        [W_OP_TRUEDIV] = int_truediv, [W_OP_FLOORDIV] = int_floordiv, [W_OP_MOD] = int_mod,
        [W_OP_DIVMOD] = int_divmod, [W_OP_POW] = int_pow, [W_OP_LSHIFT] = int_lshift,
        [W_OP_RSHIFT] = int_rshift, [W_OP_AND] = bool_and, [W_OP_OR] = bool_or,
        [W_OP_XOR] = bool_xor,
    },
    .unop = {[W_OP_NEG] = int_neg, [W_OP_POS] = w_int_exact, [W_OP_INVERT] = int_invert,
             [W_OP_ABS] = int_abs},
    .to_int = w_int_exact,
    .to_float = int_to_float,
    .index = w_int_exact,
};

/* ---- pow(base, exp, mod) and round() --------------------------------------------------- */

w_object *w_int_powmod(w_object *base, w_object *exp, w_object *mod)
{
    if (!W_INT_CHECK(base) || !W_INT_CHECK(exp) || !W_INT_CHECK(mod)) {
        w_object *all[3] = {base, exp, mod};
        for (int i = 0; i < 3; i++)
            if (!W_INT_CHECK(all[i]) && !W_FLOAT_CHECK(all[i]))
                return w_raise_fmt(w_exc_TypeError,
                                   "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                                   W_TYPE(base)->name, W_TYPE(exp)->name, W_TYPE(mod)->name);
        return w_raise_fmt(w_exc_TypeError,
                           "pow() 3rd argument not allowed unless all arguments are integers");
    }
    if (w_int_sign(mod) == 0)
        return w_raise_fmt(w_exc_ValueError, "pow() 3rd argument cannot be 0");
    VIEW(zb, base);
    VIEW(ze, exp);
    VIEW(zm, mod);
    mpz_t m, b, e;
    mpz_roinit_n(m, mpz_limbs_read(zm), (mp_size_t)mpz_size(zm)); /* |mod| */
    mpz_inits(b, e, NULL);
    mpz_fdiv_r(b, zb, m);
    mpz_abs(e, ze);
    if (mpz_cmp_ui(m, 1) == 0) {
        mpz_set_ui(b, 0);
    } else {
        if (mpz_sgn(ze) < 0 && !mpz_invert(b, b, m)) {
            mpz_clears(b, e, NULL);
            return w_raise_fmt(w_exc_ValueError, "base is not invertible for the given modulus");
        }
        mpz_powm(b, b, e, m);
        /* Python's result has the sign of the modulus. */
        if (mpz_sgn(zm) < 0 && mpz_sgn(b) != 0)
            mpz_sub(b, b, m);
    }
    mpz_clear(e);
    return from_temp(b);
}

w_object *w_int_round(w_object *x, w_object *ndigits)
{
    if (!ndigits)
        return w_int_exact(x);
    GC_ENTER();
    GC_ROOT(x);
    ndigits = space_index(ndigits);
    if (!ndigits)
        GC_RETURN(NULL);
    if (w_int_sign(ndigits) >= 0)
        GC_RETURN(w_int_exact(x));
    /* Rounding to 10^n with 10^n > 2|x| gives 0 (ties go to the even 0). */
    uint64_t n = w_int_is_small(ndigits) ? -(uint64_t)VAL(ndigits) : UINT64_MAX;
    if (n > int_bits(x) / 3 + 1)
        GC_RETURN(w_int_from_i64(0));
    VIEW(zx, x);
    mpz_t p, q, r;
    mpz_inits(p, q, r, NULL);
    mpz_ui_pow_ui(p, 10, n);
    mpz_fdiv_qr(q, r, zx, p);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, p);
    if (c > 0 || (c == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p);
    mpz_clears(p, r, NULL);
    GC_RETURN(from_temp(q));
}

w_object *w_number_round(w_object *x, w_object *ndigits)
{
    if (ndigits == w_None)
        ndigits = NULL;
    if (W_INT_CHECK(x))
        return w_int_round(x, ndigits);
    if (W_FLOAT_CHECK(x))
        return w_float_round(x, ndigits);
    return w_raise_fmt(w_exc_TypeError, "type %s doesn't define __round__ method", W_TYPE(x)->name);
}

/* ---- methods and attributes ------------------------------------------------------------ */

static w_object *int_bit_length(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("int.bit_length", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return w_int_from_u64(int_bits(self));
}

static w_object *int_bit_count(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("int.bit_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    VIEW(z, self);
    mpz_t mag;
    mpz_roinit_n(mag, mpz_limbs_read(z), (mp_size_t)mpz_size(z));
    return w_int_from_u64(mpz_popcount(mag));
}

/* Methods that return the int itself: conjugate, __trunc__, __floor__, __ceil__. */
#define EXACT_METHOD(fn, qualname)                                                        \
    static w_object *fn(w_object *self, w_object **args, size_t nargs, w_object *kwnames) \
    {                                                                                     \
        if (w_args_positional(qualname, nargs, kwnames, 0, 0) < 0)                       \
            return NULL;                                                                  \
        return w_int_exact(self);                                                         \
    }
EXACT_METHOD(int_conjugate, "int.conjugate")
EXACT_METHOD(int_trunc, "int.__trunc__")
EXACT_METHOD(int_floor, "int.__floor__")
EXACT_METHOD(int_ceil, "int.__ceil__")

static w_object *int_as_integer_ratio(w_object *self, w_object **args, size_t nargs,
                                      w_object *kwnames)
{
    if (w_args_positional("int.as_integer_ratio", nargs, kwnames, 0, 0) < 0)
        return NULL;
    GC_ENTER();
    w_object *num = NULL, *one = NULL;
    GC_ROOT(num);
    GC_ROOT(one);
    num = w_int_exact(self);
    one = num ? w_int_from_i64(1) : NULL;
    GC_RETURN(one ? w_number_pair(num, one) : NULL);
}

static w_object *int_round_method(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("int.__round__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return w_int_round(self, nargs ? args[0] : NULL);
}

/* The byteorder argument of to_bytes/from_bytes: 1 for big, 0 for little, -1 on error. */
static int byteorder_arg(const char *fname, w_object *o)
{
    if (!o)
        return 1;
    if (!W_STR_CHECK(o)) {
        w_raise_fmt(w_exc_TypeError, "%s() argument 'byteorder' must be str, not %s", fname,
                    W_TYPE(o)->name);
        return -1;
    }
    if (w_str_eq_cstr(o, "big"))
        return 1;
    if (w_str_eq_cstr(o, "little"))
        return 0;
    w_raise_fmt(w_exc_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

/* int.to_bytes(length=1, byteorder='big', *, signed=False) */
static w_object *int_to_bytes(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    static const char *const names[] = {"length", "byteorder", "signed"};
    static const w_argspec spec = {"to_bytes", names, 3, 2, 0, 0};
    GC_ENTER();
    w_object *out[3] = {NULL, NULL, NULL};
    GC_ROOT(self);
    GC_ROOT_ARRAY(out, 3);
    if (w_args_bind(&spec, args, nargs, kwnames, out) < 0)
        GC_RETURN(NULL);
    int64_t length = 1;
    if (out[0]) {
        out[0] = space_index(out[0]);
        if (!out[0])
            GC_RETURN(NULL);
        if (!w_int_is_small(out[0]))
            GC_RETURN(w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C ssize_t"));
        length = VAL(out[0]);
        if (length < 0)
            GC_RETURN(w_raise_fmt(w_exc_ValueError, "length argument must be non-negative"));
    }
    int big = byteorder_arg("to_bytes", out[1]);
    if (big < 0)
        GC_RETURN(NULL);
    int is_signed = out[2] ? space_truth(out[2]) : 0;
    if (is_signed < 0)
        GC_RETURN(NULL);
    if (!is_signed && w_int_sign(self) < 0)
        GC_RETURN(w_raise_fmt(w_exc_OverflowError, "can't convert negative int to unsigned"));
    /* Bits needed: the magnitude's, or for signed values the bits of x (x >= 0) or
       ~x (x < 0) plus a sign bit. */
    VIEW(z, self);
    mpz_t v;
    mpz_init(v);
    if (mpz_sgn(z) < 0)
        mpz_com(v, z);
    else
        mpz_set(v, z);
    uint64_t need = mpz_sgn(v) ? mpz_sizeinbase(v, 2) : 0;
    if (is_signed && need) /* CPython lets 0 and -1 fit in zero signed bytes */
        need++;
    if (need > (uint64_t)length * 8) {
        mpz_clear(v);
        GC_RETURN(w_raise_fmt(w_exc_OverflowError, "int too big to convert"));
    }
    unsigned char *buf = calloc((size_t)length + 1, 1);
    if (!buf) {
        mpz_clear(v);
        GC_RETURN(memory_error());
    }
    if (mpz_sgn(z) < 0) { /* two's complement: x + 2^(8·length) */
        mpz_set_ui(v, 1);
        mpz_mul_2exp(v, v, (mp_bitcnt_t)length * 8);
        mpz_add(v, v, z);
    }
    size_t count = 0;
    mpz_export(buf, &count, -1, 1, 0, 0, v);
    mpz_clear(v);
    if (big)
        for (int64_t i = 0; i < length / 2; i++) {
            unsigned char t = buf[i];
            buf[i] = buf[length - 1 - i];
            buf[length - 1 - i] = t;
        }
    w_object *r = w_bytes_from(buf, (size_t)length);
    free(buf);
    GC_RETURN(r);
}

/* The bytes of from_bytes()'s argument as a malloc'd buffer: a bytes-like object, or an
   iterable of ints in range(0, 256). NULL with an error set on failure. */
static unsigned char *bytes_of(w_object *o, size_t *n)
{
    if (W_BYTES_CHECK(o) || W_BYTEARRAY_CHECK(o)) {
        *n = (size_t)w_bytes_size(o);
        unsigned char *buf = malloc(*n + 1);
        if (!buf)
            abort();
        memcpy(buf, w_bytes_data(o), *n);
        return buf;
    }
    if (W_STR_CHECK(o) || !W_TYPE(o)->iter) {
        w_raise_fmt(w_exc_TypeError, "cannot convert '%s' object to bytes", W_TYPE(o)->name);
        return NULL;
    }
    GC_ENTER();
    w_object *it = NULL, *item = NULL;
    GC_ROOT(it);
    GC_ROOT(item);
    size_t cap = 16, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        abort();
    it = space_iter(o);
    while (it && (item = space_next(it))) {
        item = space_index(item);
        if (!item)
            break;
        if (!w_int_is_small(item) || VAL(item) < 0 || VAL(item) > 255) {
            w_raise_fmt(w_exc_ValueError, "bytes must be in range(0, 256)");
            break;
        }
        if (len == cap && !(buf = realloc(buf, cap *= 2)))
            abort();
        buf[len++] = (unsigned char)VAL(item);
    }
    if (w_err_occurred()) {
        free(buf);
        GC_RETURN(NULL);
    }
    *n = len;
    GC_RETURN(buf);
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False), a classmethod. */
static w_object *int_from_bytes(w_object *cls, w_object **args, size_t nargs, w_object *kwnames)
{
    static const char *const names[] = {"bytes", "byteorder", "signed"};
    static const w_argspec spec = {"from_bytes", names, 3, 2, 0, 1};
    GC_ENTER();
    w_object *out[3] = {NULL, NULL, NULL}, *r = NULL;
    GC_ROOT(cls);
    GC_ROOT_ARRAY(out, 3);
    GC_ROOT(r);
    if (w_args_bind(&spec, args, nargs, kwnames, out) < 0)
        GC_RETURN(NULL);
    int big = byteorder_arg("from_bytes", out[1]);
    if (big < 0)
        GC_RETURN(NULL);
    int is_signed = out[2] ? space_truth(out[2]) : 0;
    if (is_signed < 0)
        GC_RETURN(NULL);
    size_t n;
    unsigned char *buf = bytes_of(out[0], &n);
    if (!buf)
        GC_RETURN(NULL);
    mpz_t z;
    mpz_init(z);
    mpz_import(z, n, big ? 1 : -1, 1, 0, 0, buf);
    if (is_signed && n > 0 && (buf[big ? 0 : n - 1] & 0x80)) {
        mpz_t t;
        mpz_init_set_ui(t, 1);
        mpz_mul_2exp(t, t, n * 8);
        mpz_sub(z, z, t);
        mpz_clear(t);
    }
    free(buf);
    r = from_temp(z);
    if (r && cls != (w_object *)w_int_type)
        r = space_call(cls, &r, 1, NULL); /* bool.from_bytes(b'\x01') is True */
    GC_RETURN(r);
}

static w_object *int_get_zero(w_object *self)
{
    return w_int_from_i64(0);
}

static w_object *int_get_one(w_object *self)
{
    return w_int_from_i64(1);
}

int w_int_ops_init(void)
{
    w_int_type->number = &int_number;
    w_int_type->richcompare = int_richcompare;
    w_bool_type->number = &bool_number;
    w_type *t = w_int_type;
    if (w_type_add_method(t, "bit_length", int_bit_length) < 0 ||
        w_type_add_method(t, "bit_count", int_bit_count) < 0 ||
        w_type_add_method(t, "to_bytes", int_to_bytes) < 0 ||
        w_type_add_classmethod(t, "from_bytes", int_from_bytes) < 0 ||
        w_type_add_method(t, "conjugate", int_conjugate) < 0 ||
        w_type_add_method(t, "as_integer_ratio", int_as_integer_ratio) < 0 ||
        w_type_add_method(t, "__trunc__", int_trunc) < 0 ||
        w_type_add_method(t, "__floor__", int_floor) < 0 ||
        w_type_add_method(t, "__ceil__", int_ceil) < 0 ||
        w_type_add_method(t, "__round__", int_round_method) < 0 ||
        w_type_add_getter(t, "real", w_int_exact) < 0 ||
        w_type_add_getter(t, "imag", int_get_zero) < 0 ||
        w_type_add_getter(t, "numerator", w_int_exact) < 0 ||
        w_type_add_getter(t, "denominator", int_get_one) < 0)
        return -1;
    return 0;
}

/* numbers.h — int (machine-size and GMP big), bool and float. */
#ifndef FERRY_NUMBERS_H
#define FERRY_NUMBERS_H

#include <gmp.h>

/*
 * An int has one of two layouts, chosen by value, never by history:
 *   W_TID_INT    `struct w_int`: the value fits in int64_t;
 *   W_TID_BIGINT `struct w_bigint`: it does not; |size| limbs of magnitude follow,
 *                least significant first, no leading zero limb; the sign of `size` is
 *                the sign of the value (GMP's mpz convention, so mpz_roinit_n can view it).
 * bool instances (w_True, w_False) use the W_TID_INT layout with type w_bool_type.
 */
typedef struct w_int {
    w_object ob;
    int64_t value;
} w_int;

typedef struct w_bigint {
    w_object ob;
    int64_t size;
    mp_limb_t limbs[];
} w_bigint;

typedef struct w_float {
    w_object ob;
    double value;
} w_float;

/* True for int and its subclasses (bool). */
#define W_INT_CHECK(o) (W_TYPE(o) == w_int_type || W_TYPE(o) == w_bool_type || W_TYPE_CHECK(o, w_int_type))
#define W_FLOAT_CHECK(o) (W_TYPE(o) == w_float_type || W_TYPE_CHECK(o, w_float_type))

/* The machine-size layout: an int (or bool) whose value fits in int64_t. */
static inline bool w_int_is_small(w_object *o) { return o->gc.tid == W_TID_INT; }
static inline int64_t w_int_small_value(w_object *o) { return ((w_int *)o)->value; }

/* The ints -5..256 are shared objects, as in CPython (int.c); w_int_from_i64 returns them
   without allocating. */
#define W_INT_CACHED_MIN (-5)
#define W_INT_CACHED_MAX 256
w_object *w_int_from_i64(int64_t v);
w_object *w_int_from_u64(uint64_t v);
/* Takes the value of an mpz (which the caller still owns and clears). */
w_object *w_int_from_mpz(const mpz_t z);
/* Views an int as a read-only mpz without copying: valid until the next allocation. */
void w_int_view_mpz(w_object *o, mpz_t out_view, mp_limb_t *scratch /* 1 limb */);
/* Python's int(s, base) for str/bytes text: underscores, whitespace, prefixes, sign.
   ValueError "invalid literal for int() with base N: 's'" on bad input. */
w_object *w_int_from_text(const char *s, size_t len, int base);
w_object *w_int_from_double(double d);     /* truncates; OverflowError/ValueError for inf/nan */
/* 0, or -1 with OverflowError "Python int too large to convert to C long". */
int w_int_as_i64(w_object *o, int64_t *out);
double w_int_as_double(w_object *o);       /* HUGE_VAL-free: sets OverflowError, returns -1.0 */
int w_int_sign(w_object *o);
bool w_int_fits_i64(w_object *o);
/* Decimal text of an int, or in base 2, 8, 16 with prefix ("0x1f"): a new str. */
w_object *w_int_format(w_object *o, int base);
int w_int_hash(w_object *o, int64_t *out);
/* 3-argument pow(): all ints; a negative exponent takes the modular inverse. */
w_object *w_int_powmod(w_object *base, w_object *exp, w_object *mod);

/* sys.set_int_max_str_digits: decimal conversions of ints longer than this many digits
   raise ValueError (CPython 3.11's limit; 0 disables it). */
extern int64_t w_int_max_str_digits;

w_object *w_float_new(double v);
/* Accepts float, int, and objects with __float__: TypeError
   "must be real number, not str" otherwise. */
int w_float_as_double(w_object *o, double *out);
/* Python's float(s) for str text (UTF-8): whitespace, underscores, inf/nan.
   ValueError "could not convert string to float: 's'" on bad input. */
w_object *w_float_from_text(const char *s, size_t len);
/* CPython's repr of a float (shortest round-trip digits, 'r' style) into buf (>= 32 bytes). */
void w_float_format_repr(double v, char *buf);
/* CPython's hash of a double (consistent with int hashes of equal value). */
int64_t w_hash_double(double v);

/* round(x) and round(x, ndigits) for int and float (ndigits NULL: none): CPython's
   semantics, ties to even on the exact binary value (round(2.675, 2) == 2.67). */
w_object *w_number_round(w_object *x, w_object *ndigits);

/* The ASCII whitespace int() and PyLong_FromString skip (C's isspace in the C locale). */
static inline bool w_ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The value of an ASCII digit or letter as a digit in bases up to 36; 99 for anything else. */
static inline int w_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* ---- shared between the files of the numbers family only ---------------------------- */

/* Copies str text (UTF-8) to ASCII the way CPython prepares it for number parsing:
   non-ASCII whitespace becomes ' ', non-ASCII decimal digits their ASCII digit, any other
   non-ASCII character '?'. Returns a malloc'd NUL-terminated buffer of *outlen bytes. */
char *w_number_ascii_text(const char *utf8, size_t n, size_t *outlen);
/* num/den correctly rounded to a double (den NULL: 1; den != 0). Returns 0, or -1 if the
   result overflows (no error set). */
int w_int_ratio_to_double(mpz_srcptr num, mpz_srcptr den, double *out);
/* Whether a comparison whose three-way result is c (<0, 0, >0) satisfies op (W_LT...). */
static inline bool w_cmp_holds(int c, int op)
{
    switch (op) {
    case W_LT: return c < 0;
    case W_LE: return c <= 0;
    case W_EQ: return c == 0;
    case W_NE: return c != 0;
    case W_GT: return c > 0;
    default: return c >= 0;
    }
}
/* A 2-tuple (divmod results, ratios); roots its arguments. */
w_object *w_number_pair(w_object *a, w_object *b);
/* `o` itself if it is an exact int, else a new exact int of the same value (bool -> int). */
w_object *w_int_exact(w_object *o);
/* x ** y for floats, with CPython's special cases and errors. */
w_object *w_float_pow(double x, double y);
/* Parses the text of a str, bytes or bytearray as float() does; `o` names it in errors. */
w_object *w_float_from_textobj(w_object *o);
/* round() of an int / a float; ndigits NULL: none (w_number_round maps None to NULL). */
w_object *w_int_round(w_object *x, w_object *ndigits);
w_object *w_float_round(w_object *x, w_object *ndigits);
/* Parts of w_numbers_init: slots and methods of int and bool, of float, float's text. */
int w_int_ops_init(void);
int w_float_init(void);
int w_float_repr_init(void);

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_numbers_register_tids(void);
int w_numbers_init(void);

#endif

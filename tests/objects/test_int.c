/* test_int.c — int and bool: normalisation, big arithmetic, overflow edges, hash, text in and out, methods, GC safety. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

TestSuite(int, .init = fx_setup, .fini = fx_teardown);

/* ---- arithmetic, against CPython 3.11's results ------------------------------------------ */

struct binop_case {
    const char *a;
    enum w_binop op;
    const char *b;
    const char *expected;
};

Test(int, binop_matches_cpython)
{
    static const struct binop_case cases[] = {
        {"9223372036854775807", W_OP_ADD, "1", "9223372036854775808"},
        {"-9223372036854775808", W_OP_SUB, "1", "-9223372036854775809"},
        {"-9223372036854775808", W_OP_MUL, "-1", "9223372036854775808"},
        {"-9223372036854775808", W_OP_FLOORDIV, "-1", "9223372036854775808"},
        {"-9223372036854775808", W_OP_MOD, "-1", "0"},
        {"-9223372036854775808", W_OP_DIVMOD, "-1", "(9223372036854775808, 0)"},
        {"0x100000000", W_OP_MUL, "0x100000000", "18446744073709551616"},
        {"18446744073709551616", W_OP_SUB, "18446744073709551611", "5"},
        {"-7", W_OP_FLOORDIV, "2", "-4"},
        {"7", W_OP_FLOORDIV, "-2", "-4"},
        {"-7", W_OP_MOD, "2", "1"},
        {"7", W_OP_MOD, "-2", "-1"},
        {"-7", W_OP_DIVMOD, "-2", "(3, -1)"},
        {"-10**29", W_OP_FLOORDIV, "7", "-14285714285714285714285714286"},
        {"-10**29", W_OP_MOD, "7", "2"},
        {"10**29", W_OP_DIVMOD, "-7", "(-14285714285714285714285714286, -2)"},
        {"1", W_OP_TRUEDIV, "3", "0.3333333333333333"},
        {"-1", W_OP_TRUEDIV, "18446744073709551616", "-5.421010862427522e-20"},
        {"18014398509481985", W_OP_TRUEDIV, "2", "9007199254740992.0"},
        {"18014398509481987", W_OP_TRUEDIV, "2", "9007199254740994.0"},
        {"0", W_OP_TRUEDIV, "-5", "-0.0"},
        {"10**400", W_OP_TRUEDIV, "10**399", "10.0"},
        {"2**1030", W_OP_TRUEDIV, "1", "OverflowError: integer division result too large for a float"},
        {"2**1030", W_OP_TRUEDIV, "3", "OverflowError: integer division result too large for a float"},
        {"2**1100", W_OP_TRUEDIV, "2**2174", "5e-324"},
        {"2**1100", W_OP_TRUEDIV, "2**2175", "0.0"},
        {"1", W_OP_TRUEDIV, "0", "ZeroDivisionError: division by zero"},
        {"1", W_OP_FLOORDIV, "0", "ZeroDivisionError: integer division or modulo by zero"},
        {"1", W_OP_MOD, "0", "ZeroDivisionError: integer modulo by zero"},
        {"1", W_OP_DIVMOD, "0", "ZeroDivisionError: integer division or modulo by zero"},
        {"10**30", W_OP_MOD, "0", "ZeroDivisionError: integer modulo by zero"},
        {"3", W_OP_POW, "100", "515377520732011331036461129765621272702107522001"},
        {"-3", W_OP_POW, "41", "-36472996377170786403"},
        {"2", W_OP_POW, "-1", "0.5"},
        {"-2", W_OP_POW, "-3", "-0.125"},
        {"0", W_OP_POW, "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"},
        {"0", W_OP_POW, "0", "1"},
        {"-1", W_OP_POW, "10**30+1", "-1"},
        {"1", W_OP_LSHIFT, "100", "1267650600228229401496703205376"},
        {"-1", W_OP_LSHIFT, "63", "-9223372036854775808"},
        {"5", W_OP_LSHIFT, "-1", "ValueError: negative shift count"},
        {"-1", W_OP_RSHIFT, "1000", "-1"},
        {"-2**100", W_OP_RSHIFT, "3", "-158456325028528675187087900672"},
        {"2**100", W_OP_RSHIFT, "100", "1"},
        {"5", W_OP_RSHIFT, "-1", "ValueError: negative shift count"},
        {"1", W_OP_LSHIFT, "2**70", "OverflowError: too many digits in integer"},
        {"-2**100", W_OP_AND, "2**100-1", "0"},
        {"-2**100+1", W_OP_AND, "-1", "-1267650600228229401496703205375"},
        {"-2**70", W_OP_OR, "2**65", "-1143698132569992200192"},
        {"-2**70", W_OP_XOR, "-1", "1180591620717411303423"},
        {"2**64+5", W_OP_XOR, "2**64", "5"},
        {"-6", W_OP_AND, "3", "2"},
        {"2**64", W_OP_FLOORDIV, "2**32", "4294967296"},
        {"3**41+1", W_OP_MOD, "2**64", "18026252303461234788"},
        {"3**41", W_OP_FLOORDIV, "-2**64", "-2"},
        {"1", W_OP_ADD, "1.5", "2.5"},
        {"2**1024", W_OP_MUL, "1.0", "OverflowError: int too large to convert to float"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct binop_case *c = &cases[i];
        char *got = fx_binop_text(c->a, c->op, c->b);
        cr_assert_str_eq(got, c->expected, "%s op %d %s", c->a, (int)c->op, c->b);
        free(got);
    }
}

Test(int, unary_ops_at_the_int64_edges)
{
    w_object *min = w_int_from_i64(INT64_MIN);
    fx_assert_outcome(space_unop(W_OP_NEG, min), "9223372036854775808");
    min = w_int_from_i64(INT64_MIN);
    fx_assert_outcome(space_unop(W_OP_ABS, min), "9223372036854775808");
    min = w_int_from_i64(INT64_MIN);
    fx_assert_outcome(space_unop(W_OP_INVERT, min), "9223372036854775807");
    fx_assert_outcome(space_unop(W_OP_NEG, fx_num("2**63")), "-9223372036854775808");
    fx_assert_outcome(space_unop(W_OP_INVERT, fx_num("-2**100")), "1267650600228229401496703205375");
    fx_assert_outcome(space_unop(W_OP_POS, w_True), "1");
}

/* ---- layouts ----------------------------------------------------------------------------- */

Test(int, small_values_are_cached)
{
    cr_assert_eq(w_int_from_i64(256), w_int_from_i64(256));
    cr_assert_eq(w_int_from_i64(-5), w_int_from_i64(-5));
    GC_ENTER();
    w_object *first = NULL;
    GC_ROOT(first);
    first = w_int_from_i64(257);
    cr_assert_neq(first, w_int_from_i64(257));
    GC_LEAVE();
    cr_assert(!gc_is_young(w_int_from_i64(7)));
}

Test(int, results_are_normalised_to_the_machine_layout)
{
    cr_assert(!w_int_is_small(fx_num("2**64-5")));
    GC_ENTER();
    w_object *r = NULL, *five = NULL;
    GC_ROOT(r);
    GC_ROOT(five);
    r = fx_num("2**64");
    five = fx_num("2**64-5");
    r = space_binop(W_OP_SUB, r, five);
    cr_assert(w_int_is_small(r));
    cr_assert_eq(w_int_small_value(r), 5);
    GC_LEAVE();

    cr_assert(w_int_is_small(fx_num("2**63-1")));
    cr_assert(!w_int_is_small(fx_num("2**63")));
    cr_assert(w_int_is_small(fx_num("-2**63")));
    cr_assert(!w_int_is_small(fx_num("-2**63-1")));
    cr_assert(w_int_is_small(fx_num("-9223372036854775808")));
    cr_assert(!w_int_is_small(w_int_from_u64(UINT64_MAX)));
    cr_assert(w_int_is_small(w_int_from_u64(INT64_MAX)));
}

Test(int, converts_to_and_from_machine_values)
{
    fx_assert_repr(w_int_from_u64(UINT64_MAX), "18446744073709551615");
    int64_t v = 0;
    cr_assert_eq(w_int_as_i64(fx_num("-2**63"), &v), 0);
    cr_assert_eq(v, INT64_MIN);
    cr_assert_eq(w_int_as_i64(fx_num("2**63"), &v), -1);
    fx_assert_raised(w_exc_OverflowError, "Python int too large to convert to C long");
    cr_assert_eq(w_int_sign(fx_num("-2**100")), -1);
    cr_assert_eq(w_int_sign(w_int_from_i64(0)), 0);
    cr_assert(w_int_fits_i64(fx_num("2**63-1")));
}

Test(int, mpz_values_round_trip)
{
    mpz_t z, back;
    mpz_init_set_str(z, "-123456789012345678901234567890123456789", 10);
    w_object *o = w_int_from_mpz(z);
    mp_limb_t scratch;
    w_int_view_mpz(o, back, &scratch);
    cr_assert_eq(mpz_cmp(z, back), 0);
    mpz_set_si(z, -42);
    o = w_int_from_mpz(z);
    cr_assert(w_int_is_small(o));
    w_int_view_mpz(o, back, &scratch);
    cr_assert_eq(mpz_cmp(z, back), 0);
    mpz_clear(z);
}

Test(int, to_double_rounds_ties_to_even)
{
    cr_assert_eq(w_int_as_double(fx_num("2**53+1")), 9007199254740992.0);
    cr_assert_eq(w_int_as_double(fx_num("2**53+3")), 9007199254740996.0);
    cr_assert_eq(w_int_as_double(fx_num("2**80+134217729")), 1.2089258196146294e+24);
    /* 2**1024 - 2**971 is the largest double; 2**1024 - 2**970 is the tie above it. */
    GC_ENTER();
    w_object *top = NULL, *x = NULL;
    GC_ROOT(top);
    GC_ROOT(x);
    top = fx_num("2**1024");
    x = fx_num("2**971");
    x = space_binop(W_OP_SUB, top, x);
    cr_assert_eq(w_int_as_double(x), 1.7976931348623157e+308);
    x = fx_num("2**970");
    x = space_binop(W_OP_SUB, top, x);
    cr_assert_eq(w_int_as_double(x), -1.0);
    fx_assert_raised(w_exc_OverflowError, "int too large to convert to float");
    GC_LEAVE();
}

/* ---- hash ---------------------------------------------------------------------------------- */

struct hash_case {
    const char *lit;
    int64_t hash;
};

Test(int, hash_matches_cpython)
{
    static const struct hash_case cases[] = {
        {"-1", -2},
        {"-2", -2},
        {"2**61-1", 0},
        {"2**61", 1},
        {"-2**61", -2},
        {"2**62", 2},
        {"2**64", 8},
        {"-2**64", -8},
        {"2**100", 549755813888},
        {"-2**100", -549755813888},
        {"3**100", 1175369268131054105},
        {"10**100", 910685213754167845},
        {"-2**61+2", -2305843009213693950},
        {"0.5", 1152921504606846976},
        {"-2.5", -1152921504606846978},
        {"1e300", 1224995262755759164},
        {"1e-300", 482449582752280463},
        {"inf", 314159},
        {"-inf", -314159},
        {"-0.0", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t h;
        cr_assert_eq(space_hash(fx_num(cases[i].lit), &h), 0);
        cr_assert_eq(h, cases[i].hash, "hash(%s) = %lld", cases[i].lit, (long long)h);
    }
}

Test(int, equal_ints_and_floats_hash_alike)
{
    int64_t hi, hf;
    const char *pairs[][2] = {{"2**100", "1.2676506002282294e+30"}, {"-2**70", "-1.1805916207174113e+21"},
                              {"7", "7.0"}, {"-1", "-1.0"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        cr_assert_eq(space_hash(fx_num(pairs[i][0]), &hi), 0);
        cr_assert_eq(space_hash(fx_num(pairs[i][1]), &hf), 0);
        cr_assert_eq(hi, hf, "%s", pairs[i][0]);
    }
    cr_assert_eq(space_hash(w_True, &hi), 0);
    cr_assert_eq(hi, 1);
}

/* ---- text ------------------------------------------------------------------------------------ */

Test(int, formats_in_bases_with_prefixes)
{
    char *s;
    struct {
        const char *lit;
        int base;
        const char *text;
    } cases[] = {
        {"255", 16, "0xff"},  {"-255", 2, "-0b11111111"}, {"8", 8, "0o10"},   {"0", 16, "0x0"},
        {"0", 10, "0"},       {"-2**64", 16, "-0x10000000000000000"},       {"-2**63", 10, "-9223372036854775808"},
        {"2**70", 8, "0o200000000000000000000000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        w_object *r = w_int_format(fx_num(cases[i].lit), cases[i].base);
        cr_assert(r);
        s = strdup(w_str_utf8(r));
        cr_assert_str_eq(s, cases[i].text);
        free(s);
    }
    fx_assert_repr(w_True, "True");
    fx_assert_repr(w_False, "False");
}

Test(int, decimal_conversions_respect_the_digit_limit)
{
    cr_assert(space_repr(fx_num("10**4299")));
    fx_assert_outcome(space_repr(fx_num("10**4300")),
                   "ValueError: Exceeds the limit (4300 digits) for integer string conversion; "
                   "use sys.set_int_max_str_digits() to increase the limit");
    cr_assert(space_repr(fx_num("-10**4299")), "the sign is not a digit");
    cr_assert(w_int_format(fx_num("10**5000"), 16), "hex is not limited");

    char *text = malloc(4302);
    memset(text, '1', 4301);
    text[4301] = 0;
    fx_assert_outcome(w_int_from_text(text, 4301, 10),
                   "ValueError: Exceeds the limit (4300 digits) for integer string conversion: "
                   "value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit");
    cr_assert(w_int_from_text(text, 4301, 16), "power-of-two bases are not limited");
    cr_assert(w_int_from_text(text, 4300, 10));
    w_int_max_str_digits = 0;
    cr_assert(w_int_from_text(text, 4301, 10), "0 disables the limit");
    cr_assert(space_repr(fx_num("10**4300")));
    free(text);
}

struct parse_case {
    const char *text;
    int base;
    const char *expected;
};

Test(int, parses_like_int_of_str)
{
    static const struct parse_case cases[] = {
        {"  -12  ", 10, "-12"},
        {"+7", 10, "7"},
        {"1_000_000", 10, "1000000"},
        {"0x10", 0, "16"},
        {"0b101", 0, "5"},
        {"0o17", 8, "15"},
        {"0B101", 2, "5"},
        {"0x_1", 16, "1"},
        {"0_0", 0, "0"},
        {"00", 0, "0"},
        {"-0x10", 16, "-16"},
        {"z", 36, "35"},
        {"Z", 36, "35"},
        {"123456789012345678901234567890", 10, "123456789012345678901234567890"},
        {"\xe3\x80\x80 12\xc2\xa0", 10, "12"},
        {"\xc2\x85" "12", 10, "12"},
        {"\xd9\xa1\xd9\xa2\xd9\xa3", 10, "123"},
        {"\xd9\xa1\xd9\xa2\xd9\xa3", 16, "291"},
        {"abc", 10, "ValueError: invalid literal for int() with base 10: 'abc'"},
        {"010", 0, "ValueError: invalid literal for int() with base 0: '010'"},
        {"0_7", 0, "ValueError: invalid literal for int() with base 0: '0_7'"},
        {"00_1", 0, "ValueError: invalid literal for int() with base 0: '00_1'"},
        {"_1", 10, "ValueError: invalid literal for int() with base 10: '_1'"},
        {"1_", 10, "ValueError: invalid literal for int() with base 10: '1_'"},
        {"1__1", 10, "ValueError: invalid literal for int() with base 10: '1__1'"},
        {"0b", 0, "ValueError: invalid literal for int() with base 0: '0b'"},
        {"0x", 16, "ValueError: invalid literal for int() with base 16: '0x'"},
        {"", 10, "ValueError: invalid literal for int() with base 10: ''"},
        {"-", 10, "ValueError: invalid literal for int() with base 10: '-'"},
        {"+ 5", 10, "ValueError: invalid literal for int() with base 10: '+ 5'"},
        {"9", 8, "ValueError: invalid literal for int() with base 8: '9'"},
        {"\x1c" "12", 10, "ValueError: invalid literal for int() with base 10: '\\x1c12'"},
        {"1\xc2\xa0" "2", 10, "ValueError: invalid literal for int() with base 10: '1\\xa02'"},
        {"12", 37, "ValueError: int() base must be >= 2 and <= 36, or 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fx_assert_outcome(w_int_from_text(cases[i].text, strlen(cases[i].text), cases[i].base),
                       cases[i].expected);
}

Test(int, long_bad_literals_are_cut_to_200_characters)
{
    char text[301];
    memset(text, 'x', 300);
    text[300] = 0;
    char expected[300];
    snprintf(expected, sizeof expected, "ValueError: invalid literal for int() with base 10: '%.199s", text);
    fx_assert_outcome(w_int_from_text(text, 300, 10), expected);
}

/* ---- int(), bool(), methods ------------------------------------------------------------- */

/*
 * Calls `callable` with arguments built from `fmt`, one letter each: 's' a C string made a
 * str, 'B' a char pointer and an int length made bytes, 'A' the same made a bytearray,
 * 'n' a fx_num() literal, 'i' an int, 'f' a double, 'o' an existing object. 'k' takes a C
 * string and makes the argument built by the next letter a keyword argument of that name
 * (keywords come last). Every argument is rooted while the next is made.
 */
static w_object *vcall(w_object *callable, const char *fmt, va_list ap)
{
    GC_ENTER();
    w_object *args[4] = {NULL, NULL, NULL, NULL}, *kwnames = NULL, *name = NULL;
    GC_ROOT(callable);
    GC_ROOT_ARRAY(args, 4);
    GC_ROOT(kwnames);
    GC_ROOT(name);
    const char *kw[4];
    size_t n = 0, nkw = 0;
    for (const char *p = fmt; *p; p++) {
        const char *c;
        switch (*p) {
        case 'k': kw[nkw++] = va_arg(ap, const char *); continue;
        case 's': args[n] = w_str_from_cstr(va_arg(ap, const char *)); break;
        case 'B':
            c = va_arg(ap, const char *);
            args[n] = w_bytes_from(c, (size_t)va_arg(ap, int));
            break;
        case 'A':
            c = va_arg(ap, const char *);
            args[n] = w_bytearray_from(c, (size_t)va_arg(ap, int));
            break;
        case 'n': args[n] = fx_num(va_arg(ap, const char *)); break;
        case 'i': args[n] = w_int_from_i64(va_arg(ap, int)); break;
        case 'f': args[n] = w_float_new(va_arg(ap, double)); break;
        default: args[n] = va_arg(ap, w_object *); break;
        }
        n++;
    }
    if (nkw) {
        kwnames = w_tuple_new((int64_t)nkw);
        for (size_t i = 0; i < nkw; i++) {
            name = w_str_from_cstr(kw[i]);
            w_tuple_set(kwnames, (int64_t)i, name);
        }
    }
    GC_RETURN(space_call(callable, args, n - nkw, kwnames));
}

static w_object *callf(w_object *callable, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    w_object *r = vcall(callable, fmt, ap);
    va_end(ap);
    return r;
}

/* self.name(...), arguments as for callf. */
static w_object *methodf(w_object *self, const char *name, const char *fmt, ...)
{
    w_object *m = space_getattr_cstr(self, name);
    if (!m)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    w_object *r = vcall(m, fmt, ap);
    va_end(ap);
    return r;
}

Test(int, int_constructor_matches_cpython)
{
    w_object *t = (w_object *)w_int_type;
    fx_assert_outcome(callf(t, ""), "0");
    fx_assert_outcome(callf(t, "s", " 42 "), "42");
    fx_assert_outcome(callf(t, "f", -2.9), "-2");
    fx_assert_outcome(callf(t, "f", 1e30), "1000000000000000019884624838656");
    fx_assert_outcome(callf(t, "o", w_True), "1");
    cr_assert_eq(W_TYPE(callf(t, "o", w_True)), w_int_type);
    fx_assert_outcome(callf(t, "B", " 12 ", 4), "12");
    fx_assert_outcome(callf(t, "B", "abc", 3), "ValueError: invalid literal for int() with base 10: b'abc'");
    fx_assert_outcome(callf(t, "A", "abc", 3), "ValueError: invalid literal for int() with base 10: b'abc'");
    fx_assert_outcome(callf(t, "f", INFINITY), "OverflowError: cannot convert float infinity to integer");
    fx_assert_outcome(callf(t, "f", NAN), "ValueError: cannot convert float NaN to integer");
    fx_assert_outcome(callf(t, "o", w_None),
                   "TypeError: int() argument must be a string, a bytes-like object or a real "
                   "number, not 'NoneType'");
    fx_assert_outcome(callf(t, "ski", "ff", "base", 16), "255");
    fx_assert_outcome(callf(t, "si", "0x1f", 0), "31");
    fx_assert_outcome(callf(t, "Bi", "z", 1, 36), "35");
    fx_assert_outcome(callf(t, "fi", 1.5, 10), "TypeError: int() can't convert non-string with explicit base");
    fx_assert_outcome(callf(t, "si", "10", 1), "ValueError: int() base must be >= 2 and <= 36, or 0");
    fx_assert_outcome(callf(t, "sf", "10", 1.5), "TypeError: 'float' object cannot be interpreted as an integer");
    fx_assert_outcome(callf(t, "ki", "x", 5), "TypeError: 'x' is an invalid keyword argument for int()");
    fx_assert_outcome(callf(t, "ki", "base", 5), "TypeError: int() missing string argument");
    fx_assert_outcome(callf(t, "siki", "1", 10, "base", 5), "TypeError: int() takes at most 2 arguments (3 given)");
}

Test(int, bool_is_an_int_with_two_instances)
{
    cr_assert(W_INT_CHECK(w_True));
    cr_assert(!gc_is_young(w_True) && !gc_is_young(w_False));
    cr_assert_eq(space_binop(W_OP_AND, w_True, w_False), w_False);
    cr_assert_eq(space_binop(W_OP_OR, w_True, w_False), w_True);
    cr_assert_eq(space_binop(W_OP_XOR, w_True, w_True), w_False);
    w_object *r = space_binop(W_OP_AND, w_True, w_int_from_i64(3));
    cr_assert_eq(W_TYPE(r), w_int_type);
    fx_assert_outcome(r, "1");
    r = space_binop(W_OP_ADD, w_True, w_True);
    cr_assert_eq(W_TYPE(r), w_int_type);
    fx_assert_outcome(space_unop(W_OP_INVERT, w_True), "-2");
    w_object *b = (w_object *)w_bool_type;
    cr_assert_eq(callf(b, "i", 0), w_False);
    cr_assert_eq(callf(b, "s", "x"), w_True);
    cr_assert_eq(callf(b, ""), w_False);
    fx_assert_outcome(callf(b, "ko", "x", w_True), "TypeError: bool() takes no keyword arguments");
    fx_assert_outcome(callf(b, "oo", w_True, w_True), "TypeError: bool expected at most 1 argument, got 2");
    cr_assert_eq(space_richcompare(w_True, w_int_from_i64(1), W_EQ), w_True);
}

Test(int, bit_methods_and_attributes)
{
    fx_assert_outcome(methodf(fx_num("2**70"), "bit_length", ""), "71");
    fx_assert_outcome(methodf(w_int_from_i64(-8), "bit_length", ""), "4");
    fx_assert_outcome(methodf(w_int_from_i64(0), "bit_length", ""), "0");
    fx_assert_outcome(methodf(fx_num("-2**70+1"), "bit_count", ""), "70");
    fx_assert_outcome(methodf(w_int_from_i64(5), "as_integer_ratio", ""), "(5, 1)");
    fx_assert_outcome(methodf(w_True, "conjugate", ""), "1");
    fx_assert_outcome(space_getattr_cstr(w_True, "denominator"), "1");
    fx_assert_outcome(space_getattr_cstr(fx_num("2**80"), "real"), "1208925819614629174706176");
    fx_assert_outcome(space_getattr_cstr(w_int_from_i64(5), "imag"), "0");
}

Test(int, to_bytes_and_from_bytes)
{
    fx_assert_outcome(methodf(w_int_from_i64(1000), "to_bytes", "is", 3, "little"), "b'\\xe8\\x03\\x00'");
    fx_assert_outcome(methodf(w_int_from_i64(255), "to_bytes", ""), "b'\\xff'");
    fx_assert_outcome(methodf(w_int_from_i64(-1000), "to_bytes", "iko", 4, "signed", w_True), "b'\\xff\\xff\\xfc\\x18'");
    fx_assert_outcome(methodf(w_int_from_i64(-128), "to_bytes", "iko", 1, "signed", w_True), "b'\\x80'");
    fx_assert_outcome(methodf(w_int_from_i64(128), "to_bytes", "iko", 1, "signed", w_True),
                   "OverflowError: int too big to convert");
    fx_assert_outcome(methodf(w_int_from_i64(-1), "to_bytes", "iko", 0, "signed", w_True), "b''");
    fx_assert_outcome(methodf(w_int_from_i64(256), "to_bytes", "is", 1, "big"), "OverflowError: int too big to convert");
    fx_assert_outcome(methodf(w_int_from_i64(-1), "to_bytes", "is", 1, "big"),
                   "OverflowError: can't convert negative int to unsigned");
    fx_assert_outcome(methodf(w_int_from_i64(1), "to_bytes", "is", -1, "big"),
                   "ValueError: length argument must be non-negative");
    fx_assert_outcome(methodf(w_int_from_i64(1), "to_bytes", "is", 1, "middle"),
                   "ValueError: byteorder must be either 'little' or 'big'");
    fx_assert_outcome(methodf(w_int_from_i64(1), "to_bytes", "ii", 1, 5),
                   "TypeError: to_bytes() argument 'byteorder' must be str, not int");
    w_object *t = (w_object *)w_int_type;
    fx_assert_outcome(methodf(t, "from_bytes", "Bs", "\x01\x02\x03", 3, "little"), "197121");
    fx_assert_outcome(methodf(t, "from_bytes", "B", "\x01\x00", 2), "256");
    fx_assert_outcome(methodf(t, "from_bytes", "Bko", "\xff\xff\xfc\x18", 4, "signed", w_True), "-1000");
    fx_assert_outcome(methodf(t, "from_bytes", "s", "ab"), "TypeError: cannot convert 'str' object to bytes");
    fx_assert_outcome(methodf(t, "from_bytes", "i", 5), "TypeError: cannot convert 'int' object to bytes");
    cr_assert_eq(methodf((w_object *)w_bool_type, "from_bytes", "B", "\x01", 1), w_True);
}

/* ---- pow(a, b, m) and round() ------------------------------------------------------------------ */

Test(int, three_argument_pow)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    a = w_int_from_i64(3);
    b = fx_num("10**20");
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(1000000007)), "139421235");
    a = fx_num("2**100");
    b = w_int_from_i64(-1);
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(1000000007)), "979278573");
    a = w_int_from_i64(3);
    b = w_int_from_i64(-2);
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(-7)), "-3");
    a = w_int_from_i64(-3);
    b = w_int_from_i64(3);
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(7)), "1");
    a = w_int_from_i64(2);
    b = w_int_from_i64(-1);
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(4)), "ValueError: base is not invertible for the given modulus");
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(1)), "0");
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(0)), "ValueError: pow() 3rd argument cannot be 0");
    a = w_float_new(2.0);
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(5)),
                   "TypeError: pow() 3rd argument not allowed unless all arguments are integers");
    a = w_str_from_cstr("x");
    fx_assert_outcome(w_int_powmod(a, b, w_int_from_i64(5)),
                   "TypeError: unsupported operand type(s) for ** or pow(): 'str', 'int', 'int'");
    GC_LEAVE();
}

Test(int, round_with_negative_ndigits_ties_to_even)
{
    struct {
        const char *x;
        int64_t nd;
        const char *expected;
    } cases[] = {
        {"12345", -2, "12300"}, {"-12350", -2, "-12400"}, {"15", -1, "20"}, {"25", -1, "20"},
        {"-25", -1, "-20"},     {"123", 2, "123"},        {"-5", -1, "0"},  {"1230591620717411303424", -20, "1200000000000000000000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GC_ENTER();
        w_object *x = NULL;
        GC_ROOT(x);
        x = fx_num(cases[i].x);
        fx_assert_outcome(w_number_round(x, w_int_from_i64(cases[i].nd)), cases[i].expected);
        GC_LEAVE();
    }
    fx_assert_outcome(w_number_round(w_True, NULL), "1");
    fx_assert_outcome(w_number_round(w_int_from_i64(5), w_None), "5");
    fx_assert_outcome(w_number_round(w_int_from_i64(5), w_float_new(1.0)),
                   "TypeError: 'float' object cannot be interpreted as an integer");
    fx_assert_outcome(w_number_round(w_str_from_cstr("x"), NULL), "TypeError: type str doesn't define __round__ method");
}

/* ---- comparisons ------------------------------------------------------------------------------ */

Test(int, comparisons_are_exact)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    a = fx_num("2**53+1");
    b = w_float_new(9007199254740992.0);
    cr_assert_eq(space_richcompare(a, b, W_EQ), w_False);
    cr_assert_eq(space_richcompare(a, b, W_GT), w_True);
    cr_assert_eq(space_richcompare(b, a, W_LT), w_True);
    a = fx_num("2**1000");
    b = w_float_new(INFINITY);
    cr_assert_eq(space_richcompare(a, b, W_LT), w_True);
    b = w_float_new(NAN);
    cr_assert_eq(space_richcompare(a, b, W_NE), w_True);
    cr_assert_eq(space_richcompare(a, b, W_GE), w_False);
    b = fx_num("2**1000+1");
    cr_assert_eq(space_richcompare(a, b, W_LT), w_True);
    cr_assert_eq(space_richcompare(b, a, W_GE), w_True);
    b = fx_num("-2**1000");
    cr_assert_eq(space_richcompare(a, b, W_GT), w_True);
    b = w_str_from_cstr("x");
    cr_assert_eq(W_TYPE(a)->richcompare(a, b, W_LT), w_NotImplemented);
    GC_LEAVE();
}

/* ---- GC safety ------------------------------------------------------------------------------- */

Test(int, big_arithmetic_survives_collections_at_every_allocation)
{
    fx_restart_in_stress_mode();
    GC_ENTER();
    w_object *f = NULL, *i = NULL, *qr = NULL, *one = NULL;
    GC_ROOT(f);
    GC_ROOT(i);
    GC_ROOT(qr);
    GC_ROOT(one);
    /* 60! by repeated multiplication, then divided back down with divmod. */
    f = w_int_from_i64(1);
    one = w_int_from_i64(1);
    for (int k = 1; k <= 60; k++) {
        i = w_int_from_i64(k);
        f = space_binop(W_OP_MUL, f, i);
        cr_assert(f);
    }
    fx_assert_outcome(f, "8320987112741390144276341183223364380754172606361245952449277696409600000000000000");
    i = fx_num("3**50+7");
    qr = space_binop(W_OP_DIVMOD, f, i);
    fx_assert_outcome(qr, "(11590765339090286568247714432291919429460450416114769237200, 703482515096432831276800)");
    for (int k = 60; k >= 2; k--) {
        i = w_int_from_i64(k);
        qr = space_binop(W_OP_DIVMOD, f, i);
        cr_assert(qr);
        fx_assert_outcome(W_TUPLE_ITEMS(qr)[1], "0");
        f = W_TUPLE_ITEMS(qr)[0];
    }
    cr_assert_eq(space_richcompare(f, one, W_EQ), w_True);
    i = fx_num("-2**200");
    f = space_binop(W_OP_TRUEDIV, i, fx_num("3**100"));
    fx_assert_outcome(f, "-3117982410207.942");
    i = fx_num("-123456789012345678901234567890");
    fx_assert_outcome(space_unop(W_OP_NEG, i), "123456789012345678901234567890");
    GC_LEAVE();
}

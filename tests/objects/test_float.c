/* test_float.c — float: repr, parsing, hash, exact comparisons, arithmetic and its errors, round(), methods, GC safety. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

TestSuite(float, .init = fx_setup, .fini = fx_teardown);

/* Calls `callable` with one argument (or none), then checks the outcome. */
static void assert_call1(w_object *callable, w_object *arg, const char *expected)
{
    GC_ENTER();
    w_object *args[1] = {arg};
    GC_ROOT_ARRAY(args, 1);
    fx_assert_outcome(space_call(callable, args, arg ? 1 : 0, NULL), expected);
    GC_LEAVE();
}

/* 2**1024, just past the largest double, and 2**512 and 2**256, as hex literals. */
#define ZEROS64 "0000000000000000000000000000000000000000000000000000000000000000"
#define TWO_1024 "0x1" ZEROS64 ZEROS64 ZEROS64 ZEROS64
#define TWO_512 "0x1" ZEROS64 ZEROS64
#define TWO_256 "0x1" ZEROS64

/* ---- repr ------------------------------------------------------------------------------ */

Test(float, repr_is_the_shortest_round_trip_in_cpython_style)
{
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {1e16, "1e+16"},
        {1e-5, "1e-05"},
        {1e-4, "0.0001"},
        {0.000123, "0.000123"},
        {1.0, "1.0"},
        {100.0, "100.0"},
        {1234567.0, "1234567.0"},
        {0.5, "0.5"},
        {-0.0, "-0.0"},
        {0.0, "0.0"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
        {NAN, "nan"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3, "0.3333333333333333"},
        {1e22, "1e+22"},
        {1e15, "1000000000000000.0"},
        {9999999999999998.0, "9999999999999998.0"},
        {123456789012345.6, "123456789012345.6"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {9007199254740993.0, "9007199254740992.0"},
        {1e100, "1e+100"},
        {-1.5e-7, "-1.5e-07"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {0x1p-1022, "2.2250738585072014e-308"},
        {0x1p-20, "9.5367431640625e-07"},
        /* powers of two whose nearest 16-digit decimal does not read back but a neighbour does */
        {0x1p-1017, "7.120236347223045e-307"},
        {0x1p-957, "8.209073602596753e-289"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        w_float_format_repr(cases[i].v, buf);
        cr_assert_str_eq(buf, cases[i].text);
        fx_assert_repr(w_float_new(cases[i].v), cases[i].text);
    }
}

/* ---- parsing ----------------------------------------------------------------------------- */

Test(float, parses_like_float_of_str)
{
    static const struct {
        const char *text;
        const char *expected;
    } cases[] = {
        {" 1.5 ", "1.5"},
        {"1_000.5", "1000.5"},
        {"1_2.3_4e1_0", "123400000000.0"},
        {"-0", "-0.0"},
        {"+1.5e+3", "1500.0"},
        {".5", "0.5"},
        {"5.", "5.0"},
        {"1.e5", "100000.0"},
        {"1e500", "inf"},
        {"1e-400", "0.0"},
        {"infinity", "inf"},
        {"-iNF", "-inf"},
        {"  nan  ", "nan"},
        {"-nan", "nan"},
        {"\xe3\x80\x80 1.5\xc2\xa0", "1.5"},
        {"\xef\xbc\x91\xef\xbc\x92", "12.0"},
        {"x", "ValueError: could not convert string to float: 'x'"},
        {"", "ValueError: could not convert string to float: ''"},
        {"1__0", "ValueError: could not convert string to float: '1__0'"},
        {"_1", "ValueError: could not convert string to float: '_1'"},
        {"1_.5", "ValueError: could not convert string to float: '1_.5'"},
        {"1._5", "ValueError: could not convert string to float: '1._5'"},
        {"1_e5", "ValueError: could not convert string to float: '1_e5'"},
        {"1e_5", "ValueError: could not convert string to float: '1e_5'"},
        {"1e", "ValueError: could not convert string to float: '1e'"},
        {".", "ValueError: could not convert string to float: '.'"},
        {".e5", "ValueError: could not convert string to float: '.e5'"},
        {"0x10", "ValueError: could not convert string to float: '0x10'"},
        {"nan(1)", "ValueError: could not convert string to float: 'nan(1)'"},
        {"infinit", "ValueError: could not convert string to float: 'infinit'"},
        {"\x1c" "1.5", "ValueError: could not convert string to float: '\\x1c1.5'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fx_assert_outcome(w_float_from_text(cases[i].text, strlen(cases[i].text)), cases[i].expected);
}

Test(float, float_constructor_matches_cpython)
{
    w_object *t = (w_object *)w_float_type;
    assert_call1(t, NULL, "0.0");
    assert_call1(t, w_int_from_i64(-7), "-7.0");
    assert_call1(t, w_True, "1.0");
    assert_call1(t, w_str_from_cstr(" -1E5 "), "-100000.0");
    assert_call1(t, w_bytes_from(" 1.5 ", 5), "1.5");
    assert_call1(t, w_bytearray_from("2.5", 3), "2.5");
    assert_call1(t, w_bytes_from("x", 1), "ValueError: could not convert string to float: b'x'");
    assert_call1(t, w_bytearray_from("x", 1), "ValueError: could not convert string to float: bytearray(b'x')");
    assert_call1(t, w_None, "TypeError: float() argument must be a string or a real number, not 'NoneType'");
    assert_call1(t, fx_num(TWO_1024), "OverflowError: int too large to convert to float");
    w_object *f = w_float_new(2.5);
    GC_ENTER();
    GC_ROOT(f);
    w_object *args[2] = {f, f}, *kwnames = NULL;
    GC_ROOT_ARRAY(args, 2);
    GC_ROOT(kwnames);
    cr_assert_eq(space_call(t, args, 1, NULL), f, "float(x) of an exact float is x");
    fx_assert_outcome(space_call(t, args, 2, NULL), "TypeError: float expected at most 1 argument, got 2");
    kwnames = w_tuple_new(1);
    w_tuple_set(kwnames, 0, w_str_intern("x"));
    fx_assert_outcome(space_call(t, args, 0, kwnames), "TypeError: float() takes no keyword arguments");
    GC_LEAVE();
}

/* ---- hash and comparisons ------------------------------------------------------------------ */

Test(float, hash_matches_cpython)
{
    static const struct {
        double v;
        int64_t hash;
    } cases[] = {
        {0.5, 1152921504606846976},   {-2.5, -1152921504606846978}, {1e300, 1224995262755759164},
        {1e-300, 482449582752280463}, {INFINITY, 314159},           {-INFINITY, -314159},
        {-0.0, 0},                    {-1.0, -2},                   {0x1p100, 549755813888},
        {5e-324, 16777216},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t h;
        cr_assert_eq(space_hash(w_float_new(cases[i].v), &h), 0);
        cr_assert_eq(h, cases[i].hash, "hash(%g) = %lld", cases[i].v, (long long)h);
        cr_assert_eq(w_hash_double(cases[i].v), cases[i].hash);
    }
}

Test(float, nan_hashes_by_identity)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    a = w_float_new(NAN);
    b = w_float_new(NAN);
    int64_t ha, ha2, hb;
    cr_assert_eq(space_hash(a, &ha), 0);
    cr_assert_eq(space_hash(a, &ha2), 0);
    cr_assert_eq(space_hash(b, &hb), 0);
    cr_assert_eq(ha, ha2);
    cr_assert_neq(ha, hb);
    GC_LEAVE();
}

Test(float, comparisons_with_ints_are_exact)
{
    static const struct {
        const char *a;
        int op;
        const char *b;
        bool expected;
    } cases[] = {
        {"9007199254740993", W_EQ, "9007199254740992.0", false},
        {"9007199254740993", W_GT, "9007199254740992.0", true},
        {"9007199254740992.0", W_LT, "9007199254740993", true},
        {"9007199254740992.0", W_EQ, "9007199254740992", true},
        {"1", W_LT, "nan", false},
        {"1", W_NE, "nan", true},
        {"nan", W_EQ, "nan", false},
        {"nan", W_NE, "nan", true},
        {"1", W_EQ, "inf", false},
        {TWO_1024, W_LT, "inf", true},
        {TWO_1024, W_GT, "1.7976931348623157e308", true},
        {"-inf", W_LT, "-" TWO_512, true},
        {"0.5", W_LT, "1", true},
        {"1.5", W_GE, "1", true},
        {"-0.0", W_EQ, "0", true},
        {"1e300", W_GT, TWO_256, true},
        {"2.5", W_LE, "2.5", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GC_ENTER();
        w_object *a = NULL, *b = NULL;
        GC_ROOT(a);
        GC_ROOT(b);
        a = fx_num(cases[i].a);
        b = fx_num(cases[i].b);
        cr_assert_eq(space_richcompare(a, b, cases[i].op), W_BOOL(cases[i].expected), "%s op %d %s",
                     cases[i].a, cases[i].op, cases[i].b);
        GC_LEAVE();
    }
}

/* ---- arithmetic ------------------------------------------------------------------------------ */

Test(float, binop_matches_cpython)
{
    static const struct {
        const char *a;
        enum w_binop op;
        const char *b;
        const char *expected;
    } cases[] = {
        {"1.5", W_OP_ADD, "2", "3.5"},
        {"2", W_OP_SUB, "0.5", "1.5"},
        {"0x10000000000000000", W_OP_MUL, "1.0", "1.8446744073709552e+19"},
        {"1e308", W_OP_MUL, "10.0", "inf"},
        {"1.0", W_OP_TRUEDIV, "0.0", "ZeroDivisionError: float division by zero"},
        {"1", W_OP_TRUEDIV, "0.0", "ZeroDivisionError: float division by zero"},
        {"1.0", W_OP_FLOORDIV, "0.0", "ZeroDivisionError: float floor division by zero"},
        {"1.0", W_OP_MOD, "0.0", "ZeroDivisionError: float modulo"},
        {"1.0", W_OP_DIVMOD, "0", "ZeroDivisionError: float divmod()"},
        {"-7.5", W_OP_DIVMOD, "2", "(-4.0, 0.5)"},
        {"7", W_OP_DIVMOD, "-2.0", "(-4.0, -1.0)"},
        {"-7", W_OP_MOD, "2.0", "1.0"},
        {"7.5", W_OP_FLOORDIV, "-2", "-4.0"},
        {"-0.0", W_OP_MOD, "5", "0.0"},
        {"0.0", W_OP_MOD, "-5", "-0.0"},
        {"1e-300", W_OP_MOD, "-1e300", "-1e+300"},
        {"0.1", W_OP_ADD, "0.2", "0.30000000000000004"},
        {"1", W_OP_TRUEDIV, "3.0", "0.3333333333333333"},
        {"-1.0", W_OP_FLOORDIV, "3", "-1.0"},
        {"2.0", W_OP_POW, "0.5", "1.4142135623730951"},
        {"2", W_OP_POW, "0.5", "1.4142135623730951"},
        /* CPython returns a complex here; Ferry has none */
        {"-8.0", W_OP_POW, "0.5", "ValueError: math domain error"},
        {"-2.0", W_OP_POW, "3", "-8.0"},
        {"-2.0", W_OP_POW, "-3", "-0.125"},
        {"0.0", W_OP_POW, "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"},
        {"-0.0", W_OP_POW, "-1.5", "ZeroDivisionError: 0.0 cannot be raised to a negative power"},
        {"0.0", W_OP_POW, "0.0", "1.0"},
        {"nan", W_OP_POW, "0", "1.0"},
        {"1.0", W_OP_POW, "nan", "1.0"},
        {"-1.0", W_OP_POW, "inf", "1.0"},
        {"2", W_OP_POW, "inf", "inf"},
        {"0.5", W_OP_POW, "-inf", "inf"},
        {"-inf", W_OP_POW, "3", "-inf"},
        {"-inf", W_OP_POW, "-3", "-0.0"},
        {"-inf", W_OP_POW, "2.5", "inf"},
        {"2.0", W_OP_POW, "10000", "OverflowError: (34, 'Numerical result out of range')"},
        {"1.5", W_OP_POW, "1e10", "OverflowError: (34, 'Numerical result out of range')"},
        {"2.0", W_OP_POW, "-1075", "0.0"},
        {"inf", W_OP_SUB, "inf", "nan"},
        {"1.0", W_OP_AND, "1", "TypeError: unsupported operand type(s) for &: 'float' and 'int'"},
        {"1.5", W_OP_LSHIFT, "1", "TypeError: unsupported operand type(s) for <<: 'float' and 'int'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fx_binop_text(cases[i].a, cases[i].op, cases[i].b);
        cr_assert_str_eq(got, cases[i].expected, "%s op %d %s", cases[i].a, (int)cases[i].op, cases[i].b);
        free(got);
    }
}

Test(float, unary_ops)
{
    fx_assert_outcome(space_unop(W_OP_NEG, w_float_new(0.0)), "-0.0");
    fx_assert_outcome(space_unop(W_OP_ABS, w_float_new(-2.5)), "2.5");
    fx_assert_outcome(space_unop(W_OP_POS, w_float_new(-2.5)), "-2.5");
    fx_assert_outcome(space_unop(W_OP_INVERT, w_float_new(1.0)), "TypeError: bad operand type for unary ~: 'float'");
    cr_assert_eq(space_truth(w_float_new(0.0)), 0);
    cr_assert_eq(space_truth(w_float_new(NAN)), 1);
}

/* ---- round() ---------------------------------------------------------------------------------- */

Test(float, round_is_exact_with_ties_to_even)
{
    static const struct {
        double x;
        int64_t nd; /* INT64_MIN: no ndigits */
        const char *expected;
    } cases[] = {
        {2.675, 2, "2.67"},
        {0.125, 2, "0.12"},
        {0.375, 2, "0.38"},
        {123.456, 1, "123.5"},
        {1234.5678, -2, "1200.0"},
        {45.0, -1, "40.0"},
        {-0.4, 0, "-0.0"},
        {2.5, 0, "2.0"},
        {1e300, 2, "1e+300"},
        {5e-324, 400, "5e-324"},
        {-2.5, -400, "-0.0"},
        {INFINITY, 2, "inf"},
        {INFINITY, -400, "inf"},
        {1e308, -308, "1e+308"},
        {1.7e308, -308, "OverflowError: rounded value too large to represent"},
        {0.5, INT64_MIN, "0"},
        {-0.5, INT64_MIN, "0"},
        {2.5, INT64_MIN, "2"},
        {1e16 + 2.0, INT64_MIN, "10000000000000002"},
        {0x1p70, INT64_MIN, "1180591620717411303424"},
        {NAN, INT64_MIN, "ValueError: cannot convert float NaN to integer"},
        {-INFINITY, INT64_MIN, "OverflowError: cannot convert float infinity to integer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GC_ENTER();
        w_object *x = NULL;
        GC_ROOT(x);
        x = w_float_new(cases[i].x);
        w_object *nd = cases[i].nd == INT64_MIN ? NULL : w_int_from_i64(cases[i].nd);
        char *got = fx_outcome(w_number_round(x, nd));
        cr_assert_str_eq(got, cases[i].expected, "round(%.17g, %lld)", cases[i].x, (long long)cases[i].nd);
        free(got);
        GC_LEAVE();
    }
    fx_assert_outcome(w_number_round(w_float_new(1.5), w_float_new(1.5)),
                   "TypeError: 'float' object cannot be interpreted as an integer");
}

/* ---- methods ----------------------------------------------------------------------------------- */

static w_object *method0(w_object *self, const char *name)
{
    return space_call_method(self, name, NULL, 0);
}

Test(float, ratio_and_integer_methods)
{
    fx_assert_outcome(method0(w_float_new(2.5), "as_integer_ratio"), "(5, 2)");
    fx_assert_outcome(method0(w_float_new(0.1), "as_integer_ratio"), "(3602879701896397, 36028797018963968)");
    fx_assert_outcome(method0(w_float_new(-0x1p70), "as_integer_ratio"), "(-1180591620717411303424, 1)");
    fx_assert_outcome(method0(w_float_new(0.0), "as_integer_ratio"), "(0, 1)");
    fx_assert_outcome(method0(w_float_new(INFINITY), "as_integer_ratio"),
                   "OverflowError: cannot convert Infinity to integer ratio");
    fx_assert_outcome(method0(w_float_new(NAN), "as_integer_ratio"), "ValueError: cannot convert NaN to integer ratio");
    cr_assert_eq(method0(w_float_new(2.0), "is_integer"), w_True);
    cr_assert_eq(method0(w_float_new(2.5), "is_integer"), w_False);
    cr_assert_eq(method0(w_float_new(INFINITY), "is_integer"), w_False);
    fx_assert_outcome(method0(w_float_new(-3.7), "__trunc__"), "-3");
    fx_assert_outcome(method0(w_float_new(-3.7), "__floor__"), "-4");
    fx_assert_outcome(method0(w_float_new(-3.7), "__ceil__"), "-3");
    fx_assert_outcome(method0(w_float_new(-3.5), "conjugate"), "-3.5");
    fx_assert_outcome(space_getattr_cstr(w_float_new(-3.5), "real"), "-3.5");
    fx_assert_outcome(space_getattr_cstr(w_float_new(-3.5), "imag"), "0.0");
}

Test(float, hex_and_fromhex)
{
    static const struct {
        double v;
        const char *hex;
    } cases[] = {
        {2.5, "'0x1.4000000000000p+1'"},      {0.1, "'0x1.999999999999ap-4'"}, {-0.0, "'-0x0.0p+0'"},
        {INFINITY, "'inf'"},                  {5e-324, "'0x0.0000000000001p-1022'"},
        {-2.0, "'-0x1.0000000000000p+1'"},    {1e300, "'0x1.7e43c8800759cp+996'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        fx_assert_outcome(method0(w_float_new(cases[i].v), "hex"), cases[i].hex);

    static const struct {
        const char *text;
        const char *expected;
    } parses[] = {
        {"  0x1.8p1  ", "3.0"},
        {"0x.8", "0.5"},
        {"0X1P-1", "0.5"},
        {"1.8", "1.5"},
        {"-0x1p-1074", "-5e-324"},
        {"-infinity", "-inf"},
        {"0x1.fffffffffffff7p1023", "1.7976931348623157e+308"},
        {"0x1p-1075", "0.0"},
        {"0x1.0000000000001p-1075", "5e-324"},
        {"0x3p-1076", "5e-324"},
        {"0x0p99999999999999", "0.0"},
        {"0x1p-99999999999999999999999", "0.0"},
        {"0x1.fffffffffffff8p1023", "OverflowError: hexadecimal value too large to represent as a float"},
        {"0x1p99999999999999999999999", "OverflowError: hexadecimal value too large to represent as a float"},
        {"1p", "ValueError: invalid hexadecimal floating-point string"},
        {"0x.p1", "ValueError: invalid hexadecimal floating-point string"},
        {"0x1_0p0", "ValueError: invalid hexadecimal floating-point string"},
    };
    for (size_t i = 0; i < sizeof parses / sizeof parses[0]; i++) {
        GC_ENTER();
        w_object *arg[1] = {NULL};
        GC_ROOT_ARRAY(arg, 1);
        arg[0] = w_str_from_cstr(parses[i].text);
        fx_assert_outcome(space_call_method((w_object *)w_float_type, "fromhex", arg, 1), parses[i].expected);
        GC_LEAVE();
    }
}

/* ---- GC safety ---------------------------------------------------------------------------------- */

Test(float, mixed_arithmetic_survives_collections_at_every_allocation)
{
    fx_restart_in_stress_mode();
    GC_ENTER();
    w_object *acc = NULL, *x = NULL, *r = NULL, *one = NULL;
    GC_ROOT(acc);
    GC_ROOT(x);
    GC_ROOT(r);
    GC_ROOT(one);
    /* sum of 1/k for k = 1..50, mixing int and float operands */
    acc = w_float_new(0.0);
    one = w_int_from_i64(1);
    for (int k = 1; k <= 50; k++) {
        x = w_int_from_i64(k);
        x = space_binop(W_OP_TRUEDIV, one, x);
        acc = space_binop(W_OP_ADD, acc, x);
        cr_assert(acc);
    }
    fx_assert_outcome(acc, "4.499205338329423");
    x = w_float_new(0.7);
    r = space_binop(W_OP_DIVMOD, acc, x);
    fx_assert_outcome(r, "(6.0, 0.2992053383294233)");
    x = w_str_from_cstr("  -1_234.5e-2 ");
    r = w_float_from_textobj(x);
    fx_assert_outcome(r, "-12.345");
    r = method0(r, "as_integer_ratio");
    fx_assert_outcome(r, "(-6949617174986097, 562949953421312)");
    GC_LEAVE();
}

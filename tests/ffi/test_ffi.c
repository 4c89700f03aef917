/* test_ffi.c — the direct FFI through the embedding API: calls, callbacks into host code, errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ferry.h"

static void setup(void)
{
    cr_assert_eq(ferry_init(NULL), 0);
}

static void teardown(void)
{
    ferry_fini();
}

TestSuite(ffi, .init = setup, .fini = teardown);

static int64_t int_of(ferry_handle h)
{
    int64_t v;
    cr_assert_not_null(h, "unexpected %s", ferry_err_occurred() ? ferry_err_type_name() : "NULL");
    cr_assert_eq(ferry_int_value(h, &v), 0);
    return v;
}

/* The comparator: its arguments are the addresses of two ints; it allocates (a fresh int
   per call and a collection in stress mode) while qsort is running in C. */
static ferry_handle compare_ints(void *userdata, size_t nargs, const ferry_handle *args,
                                 ferry_handle kwargs)
{
    (void)kwargs;
    ++*(int *)userdata;
    cr_assert_eq(nargs, 2);
    const int *a = (const int *)(uintptr_t)int_of(args[0]);
    const int *b = (const int *)(uintptr_t)int_of(args[1]);
    return ferry_int((*a > *b) - (*a < *b));
}

Test(ffi, qsort_with_host_callback)
{
    int calls = 0;
    int data[] = {42, -7, 19, 0, 1000, -7, 3, 2147483647, -2147483647 - 1, 5};
    int sorted[] = {-2147483647 - 1, -7, -7, 0, 3, 5, 19, 42, 1000, 2147483647};
    size_t n = sizeof data / sizeof data[0];
    ferry_handle libc = ferry_ffi_open(NULL);
    ferry_handle qsort_fn = ferry_ffi_func(libc, "void qsort(void*, size_t, size_t, void*)");
    ferry_handle host = ferry_function_new("compare_ints", compare_ints, &calls);
    ferry_handle cb = ferry_ffi_callback("int(const void*, const void*)", host);
    cr_assert_not_null(cb);
    cr_assert_not_null(ferry_ffi_address(cb));
    ferry_handle args[] = {ferry_int((int64_t)(uintptr_t)data), ferry_int((int64_t)n),
                           ferry_int(sizeof(int)), cb};
    ferry_handle r = ferry_ffi_call(qsort_fn, 4, args);
    cr_assert_not_null(r);
    cr_assert(ferry_is_none(r));
    cr_assert_gt(calls, 0);
    cr_assert_arr_eq(data, sorted, sizeof data);
}

Test(ffi, callback_address_is_a_c_function)
{
    int calls = 0;
    ferry_handle host = ferry_function_new("compare_ints", compare_ints, &calls);
    ferry_handle cb = ferry_ffi_callback("int(void*, void*)", host);
    int (*fn)(const void *, const void *) = (int (*)(const void *, const void *))ferry_ffi_address(cb);
    int x = 3, y = 9;
    cr_assert_eq(fn(&x, &y), -1);
    cr_assert_eq(fn(&y, &x), 1);
    cr_assert_eq(calls, 2);
}

/* A raising callback reports the exception as unraisable and returns 0 to C. */
static ferry_handle raise_error(void *userdata, size_t nargs, const ferry_handle *args,
                                ferry_handle kwargs)
{
    (void)userdata, (void)nargs, (void)args, (void)kwargs;
    return ferry_call(ferry_getattr(ferry_builtins(), "int"), 1,
                      (ferry_handle[]){ferry_str("x", 1)}, 0, NULL, NULL);
}

Test(ffi, raising_callback_returns_zero)
{
    cr_redirect_stderr();
    ferry_handle cb = ferry_ffi_callback("int(int)", ferry_function_new("bad", raise_error, NULL));
    int (*fn)(int) = (int (*)(int))ferry_ffi_address(cb);
    cr_assert_eq(fn(5), 0);
    cr_assert_eq(ferry_err_occurred(), 0);
    fflush(stderr);
    cr_assert_stderr_eq_str("Exception ignored on calling ffi callback function: <built-in function bad>\n"
                            "ValueError: invalid literal for int() with base 10: 'x'\n");
}

Test(ffi, calls_and_errors)
{
    ferry_handle libm = ferry_ffi_open("libm.so.6");
    ferry_handle cosf = ferry_ffi_func(libm, "double cos(double)");
    double d;
    cr_assert_eq(ferry_float_value(ferry_ffi_call(cosf, 1, (ferry_handle[]){ferry_float(0)}), &d), 0);
    cr_assert_float_eq(d, 1.0, 1e-15);
    ferry_handle strlen_fn = ferry_ffi_func(ferry_ffi_open(NULL), "size_t strlen(char*)");
    cr_assert_eq(int_of(ferry_ffi_call(strlen_fn, 1, (ferry_handle[]){ferry_str("hello", 5)})), 5);

    cr_assert_null(ferry_ffi_open("libnope.so"));
    cr_assert_str_eq(ferry_err_type_name(), "OSError");
    ferry_err_fetch();
    cr_assert_null(ferry_ffi_func(libm, "double nosuch(double)"));
    cr_assert_str_eq(ferry_err_type_name(), "AttributeError");
    ferry_err_fetch();
    cr_assert_null(ferry_ffi_func(libm, "dble cos(double)"));
    cr_assert_str_eq(ferry_err_type_name(), "ValueError");
    ferry_err_fetch();
    cr_assert_null(ferry_ffi_call(cosf, 1, (ferry_handle[]){ferry_str("x", 1)}));
    cr_assert_str_eq(ferry_err_type_name(), "TypeError");
    ferry_err_fetch();
}

/*
 * C functions of this program (linked with -export-dynamic, so ferry_ffi_open(NULL) finds
 * them) for the two call paths: all-integer signatures of up to 6 arguments and
 * all-double ones of up to 4 are called directly (ffi/direct.c), the rest by libffi.
 * Each narrow-result function leaves bits above its result's width set in the register
 * (GCC returns the low word as it is), which a caller must not read.
 */
#define EXPORTED __attribute__((visibility("default"), noinline, used))
EXPORTED int64_t ferry_test_sum6(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e, uint32_t f)
{
    return a + b + c + d + e + (int64_t)f;
}
EXPORTED int64_t ferry_test_sum7(int8_t a, uint8_t b, int16_t c, uint16_t d, int32_t e, uint32_t f,
                                 int64_t g)
{
    return ferry_test_sum6(a, b, c, d, e, f) + g;
}
EXPORTED int8_t ferry_test_low_i8(int64_t x) { return (int8_t)x; }
EXPORTED uint16_t ferry_test_low_u16(int64_t x) { return (uint16_t)x; }
EXPORTED int32_t ferry_test_low_i32(int64_t x) { return (int32_t)x; }
EXPORTED bool ferry_test_nonzero(int64_t x) { return x != 0; }
EXPORTED void ferry_test_store(int64_t *p, int64_t v) { *p = v; }
EXPORTED double ferry_test_d4(double a, double b, double c, double d) { return a - b * c / d; }
EXPORTED double ferry_test_d5(double a, double b, double c, double d, double e)
{
    return ferry_test_d4(a, b, c, d) + e;
}
EXPORTED double ferry_test_mixed(double a, int n) { return a * n; }

static ferry_handle call_self(const char *sig, size_t nargs, const ferry_handle *args)
{
    ferry_handle f = ferry_ffi_func(ferry_ffi_open(NULL), sig);
    cr_assert_not_null(f, "%s: %s", sig, ferry_err_occurred() ? ferry_err_message() : "");
    return ferry_ffi_call(f, nargs, args);
}

static double float_of(ferry_handle h)
{
    double d;
    cr_assert_not_null(h);
    cr_assert_eq(ferry_float_value(h, &d), 0);
    return d;
}

Test(ffi, direct_and_libffi_calls_agree)
{
    ferry_handle six[] = {ferry_int(-128), ferry_int(255), ferry_int(-32768), ferry_int(65535),
                          ferry_int(-2147483647 - 1), ferry_int(4294967295), ferry_int(-5)};
    int64_t sum6 = -128 + 255 - 32768 + 65535 - 2147483648LL + 4294967295LL;
    cr_assert_eq(int_of(call_self("int64_t ferry_test_sum6(int8_t, uint8_t, int16_t, uint16_t, "
                                  "int32_t, uint32_t)", 6, six)), sum6);
    cr_assert_eq(int_of(call_self("int64_t ferry_test_sum7(int8_t, uint8_t, int16_t, uint16_t, "
                                  "int32_t, uint32_t, int64_t)", 7, six)), sum6 - 5);

    cr_assert_eq(int_of(call_self("int8_t ferry_test_low_i8(int64_t)", 1,
                                  (ferry_handle[]){ferry_int(0x1ff)})), -1);
    cr_assert_eq(int_of(call_self("uint16_t ferry_test_low_u16(int64_t)", 1,
                                  (ferry_handle[]){ferry_int(0x12345)})), 0x2345);
    cr_assert_eq(int_of(call_self("int32_t ferry_test_low_i32(int64_t)", 1,
                                  (ferry_handle[]){ferry_int(0x180000000)})), -2147483647 - 1);
    cr_assert(ferry_truth(call_self("bool ferry_test_nonzero(int64_t)", 1,
                                    (ferry_handle[]){ferry_int(1LL << 40)})));
    cr_assert(!ferry_truth(call_self("bool ferry_test_nonzero(int64_t)", 1,
                                     (ferry_handle[]){ferry_int(0)})));

    int64_t cell = 0;
    ferry_handle r = call_self("void ferry_test_store(int64_t*, int64_t)", 2,
                               (ferry_handle[]){ferry_int((int64_t)(uintptr_t)&cell), ferry_int(-7)});
    cr_assert(ferry_is_none(r));
    cr_assert_eq(cell, -7);

    ferry_handle d[] = {ferry_float(10), ferry_int(3), ferry_float(4), ferry_float(8), ferry_float(0.25)};
    cr_assert_float_eq(float_of(call_self("double ferry_test_d4(double, double, double, double)", 4, d)),
                       8.5, 1e-15);
    cr_assert_float_eq(float_of(call_self("double ferry_test_d5(double, double, double, double, double)",
                                          5, d)), 8.75, 1e-15);
    cr_assert_float_eq(float_of(call_self("double ferry_test_mixed(double, int)", 2,
                                          (ferry_handle[]){ferry_float(1.5), ferry_int(-4)})),
                       -6.0, 1e-15);
    /* a range error is raised before either path calls */
    cr_assert_null(call_self("int8_t ferry_test_low_i8(int8_t)", 1, (ferry_handle[]){ferry_int(128)}));
    cr_assert_str_eq(ferry_err_type_name(), "OverflowError");
    ferry_err_fetch();
}

/* test_ffi.c — the direct FFI through the embedding API: calls, callbacks into host code, errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
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

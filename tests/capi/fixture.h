/* fixture.h — a fresh runtime with the C-API per test, for the capi suites. */
#ifndef FERRY_TEST_CAPI_FIXTURE_H
#define FERRY_TEST_CAPI_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

static inline void cx_start(int stress)
{
    gc_config cfg = {0, stress, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
    cr_assert_eq(capi_init(), 0);
}

static inline void cx_setup(void)
{
    cx_start(-1);
}

/* For tests about young objects, which stress mode would promote at once. */
static inline void cx_setup_without_stress(void)
{
    cx_start(0);
}

static inline void cx_teardown(void)
{
    w_err_clear();
    capi_fini();
    gc_shutdown();
}

/* Runs the rest of the test with a minor collection at every allocation. */
static inline void cx_restart_in_stress_mode(void)
{
    cx_teardown();
    cx_start(1);
}

/* Asserts that an exception of `type` is pending with message `msg`, then clears it. */
#define cx_assert_raised(type, msg)                                                       \
    do {                                                                                  \
        cr_assert(w_err_occurred(), "no exception pending");                              \
        cr_assert(w_err_matches(type), "wrong exception type %s",                         \
                  W_TYPE(w_err_current())->name);                                         \
        w_object *e__ = w_err_fetch();                                                    \
        w_object *s__ = w_exc_str(e__);                                                   \
        cr_assert_str_eq(w_str_utf8(s__), msg);                                           \
    } while (0)

#endif

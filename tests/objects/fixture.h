/* fixture.h — a fresh runtime per test for the objects suites, and small helpers. */
#ifndef FERRY_TEST_FIXTURE_H
#define FERRY_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "objects/objects.h"

static inline void fx_setup(void)
{
    gc_config cfg = {0, -1, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
}

static inline void fx_teardown(void)
{
    gc_shutdown();
}

/* repr() of o as a malloc'd C string; aborts the test on error. */
static inline char *fx_repr(w_object *o)
{
    w_object *r = space_repr(o);
    cr_assert(r, "repr raised");
    return strdup(w_str_utf8(r));
}

/* Asserts repr(o) == expected. */
#define fx_assert_repr(o, expected)                                                       \
    do {                                                                                  \
        char *r__ = fx_repr(o);                                                           \
        cr_assert_str_eq(r__, expected);                                                  \
        free(r__);                                                                        \
    } while (0)

/* Asserts that an exception of `type` is pending with message `msg`, then clears it. */
#define fx_assert_raised(type, msg)                                                       \
    do {                                                                                  \
        cr_assert(w_err_occurred(), "no exception pending");                              \
        cr_assert(w_err_matches(type), "wrong exception type %s",                         \
                  W_TYPE(w_err_current())->name);                                         \
        w_object *e__ = w_err_fetch();                                                    \
        w_object *s__ = w_exc_str(e__);                                                   \
        cr_assert_str_eq(w_str_utf8(s__), msg);                                           \
    } while (0)

#endif

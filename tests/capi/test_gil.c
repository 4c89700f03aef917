/* test_gil.c — the GIL under load: threads calling an extension that releases it, with allocations and collections between. */
#include <pthread.h>
#include <stdatomic.h>

#include "tests/capi/fixture.h"
#include "tests/capi/gil_stress.h"

TestSuite(gil, .init = cx_setup, .fini = cx_teardown, .timeout = 1800);

Test(gil, eight_threads_calling_an_extension_that_releases_the_gil)
{
    const char *why = NULL;
    PyObject *square = gil_stress_square(&why);
    cr_assert_not_null(square, "%s", why);
    const char *failure = gil_stress_run(square, gil_stress_iterations());
    cr_assert_null(failure, "%s", failure);
    Py_DECREF(square);
}

/* A thread that drops and retakes the GIL in a tight loop cannot keep a waiter out: the
   waiter gets in while the loop still runs (the GIL is handed over once a waiter has
   waited a switch interval). Counted in loop turns, not timed. */
static atomic_int waiter_in;

static void *wait_for_gil(void *unused)
{
    PyGILState_STATE s = PyGILState_Ensure();
    atomic_store(&waiter_in, 1);
    PyGILState_Release(s);
    return NULL;
}

Test(gil, a_waiter_is_not_starved_by_a_busy_holder)
{
    atomic_store(&waiter_in, 0);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, wait_for_gil, NULL), 0);
    long turns = 0;
    while (!atomic_load(&waiter_in) && turns < 50L * 1000 * 1000) {
        Py_BEGIN_ALLOW_THREADS
        Py_END_ALLOW_THREADS
        turns++;
    }
    Py_BEGIN_ALLOW_THREADS
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    cr_assert_eq(atomic_load(&waiter_in), 1, "the waiter never got the GIL in %ld turns", turns);
}

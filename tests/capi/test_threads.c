/* test_threads.c — the C-API belongs to the runtime's thread: others are refused loudly. */
#include <pthread.h>
#include <signal.h>

#include "tests/capi/fixture.h"

TestSuite(threads, .init = cx_setup, .fini = cx_teardown);

static void *ensure_from_elsewhere(void *unused)
{
    PyGILState_Ensure(); /* a fatal error: aborts the process */
    return NULL;
}

Test(threads, another_thread_is_a_fatal_error, .signal = SIGABRT)
{
    pthread_t t;
    pthread_create(&t, NULL, ensure_from_elsewhere, NULL);
    pthread_join(t, NULL);
}

static void *check_from_elsewhere(void *out)
{
    *(int *)out = PyGILState_Check();
    return NULL;
}

Test(threads, another_thread_does_not_hold_the_gil)
{
    int held = -1;
    pthread_t t;
    pthread_create(&t, NULL, check_from_elsewhere, &held);
    pthread_join(t, NULL);
    cr_assert_eq(held, 0);
    cr_assert_eq(PyGILState_Check(), 1);
}

Test(threads, save_restore_round_trip)
{
    PyThreadState *ts = PyThreadState_Get();
    PyThreadState *saved = PyEval_SaveThread();
    cr_assert_eq(saved, ts);
    cr_assert_eq(PyGILState_Check(), 0);
    cr_assert_eq(PyGILState_Ensure(), PyGILState_UNLOCKED);
    cr_assert_eq(PyGILState_Check(), 1);
    PyGILState_Release(PyGILState_UNLOCKED);
    PyEval_RestoreThread(saved);
    cr_assert_eq(PyGILState_Check(), 1);
}

Test(threads, releasing_twice_is_refused, .signal = SIGABRT)
{
    PyEval_SaveThread();
    PyEval_SaveThread();
}

/* threads.c — thread states and the GIL while Ferry's runtime runs on one thread. */
#include <pthread.h>
#include <stdio.h>

#include "capi/capi.h"

/*
 * The runtime belongs to the thread that started it. That thread holds the GIL except
 * between PyEval_SaveThread and PyEval_RestoreThread (or while a PyGILState_Ensure made
 * by it is outstanding, which it holds). Any call from another thread is a fatal error:
 * without a real GIL it could only race with the owner.
 */
struct _ts {
    int unused;
};
struct _is {
    int unused;
};

static PyThreadState main_state;
static PyInterpreterState main_interp;
static pthread_t owner;
static int released;

void capi_threads_init(void)
{
    owner = pthread_self();
    released = 0;
}

static void owner_only(const char *func)
{
    if (!pthread_equal(pthread_self(), owner))
        _Py_FatalErrorFunc(func, "called from a thread other than the one running Ferry's "
                                 "runtime; Ferry does not run Python code on several threads yet");
}

PyThreadState *PyThreadState_Get(void)
{
    owner_only(__func__);
    if (released)
        _Py_FatalErrorFunc(__func__, "the current thread does not hold the GIL");
    return &main_state;
}

PyInterpreterState *PyInterpreterState_Get(void)
{
    owner_only(__func__);
    return &main_interp;
}

PyThreadState *PyEval_SaveThread(void)
{
    owner_only(__func__);
    if (released)
        _Py_FatalErrorFunc(__func__, "the GIL is already released");
    released = 1;
    return &main_state;
}

void PyEval_RestoreThread(PyThreadState *ts)
{
    owner_only(__func__);
    if (ts != &main_state)
        _Py_FatalErrorFunc(__func__, "not the thread state PyEval_SaveThread returned");
    released = 0;
}

/* Nothing to do, as in CPython since 3.7: the GIL exists from start-up. */
void PyEval_InitThreads(void)
{
}

int PyEval_ThreadsInitialized(void)
{
    return 1;
}

PyGILState_STATE PyGILState_Ensure(void)
{
    owner_only(__func__);
    if (!released)
        return PyGILState_LOCKED;
    released = 0;
    return PyGILState_UNLOCKED;
}

void PyGILState_Release(PyGILState_STATE state)
{
    owner_only(__func__);
    if (state == PyGILState_UNLOCKED)
        released = 1;
}

int PyGILState_Check(void)
{
    return pthread_equal(pthread_self(), owner) && !released;
}

PyThreadState *PyGILState_GetThisThreadState(void)
{
    return pthread_equal(pthread_self(), owner) ? &main_state : NULL;
}

/* threads.c — the embedding API from several threads: entering, leaving, releasing the GIL. */
#include "embed/embed.h"

/* Over PyGILState and PyEval_Save/RestoreThread, so that hosts and extensions share one
   notion of who holds the GIL and of each thread's state. */

FERRY_API ferry_thread_token ferry_thread_enter(void)
{
    return PyGILState_Ensure() == PyGILState_LOCKED ? FERRY_THREAD_NESTED : FERRY_THREAD_ENTERED;
}

FERRY_API void ferry_thread_leave(ferry_thread_token token)
{
    PyGILState_Release(token == FERRY_THREAD_NESTED ? PyGILState_LOCKED : PyGILState_UNLOCKED);
}

/* The state ferry_gil_release detached, per thread, for ferry_gil_acquire. */
static __thread PyThreadState *released;

FERRY_API void ferry_gil_release(void)
{
    if (released)
        _Py_FatalErrorFunc(__func__, "the GIL was released already (ferry_gil_release without "
                                     "ferry_gil_acquire)");
    released = PyEval_SaveThread();
}

FERRY_API void ferry_gil_acquire(void)
{
    PyThreadState *ts = released;
    if (!ts)
        _Py_FatalErrorFunc(__func__, "the calling thread did not release the GIL with "
                                     "ferry_gil_release");
    released = NULL;
    PyEval_RestoreThread(ts);
}

FERRY_API int ferry_gil_held(void)
{
    return _PyThreadState_UncheckedGet() != NULL;
}

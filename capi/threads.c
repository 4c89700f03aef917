/* threads.c — thread states: attaching them to the GIL (PyEval_*, PyGILState_*), each with its own runtime state. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "capi/gil.h"

/*
 * A thread state is a thread's share of the runtime: its gc_thread holds its shadow
 * stack, handle scopes, pending exception and the other thread locals (gc/gc.h). The
 * thread holding the GIL has at most one state *attached* (`current`), whose runtime
 * state is in the collector's globals; every other state is parked, its runtime state
 * saved in its gc_thread, where collections still find its roots. Attaching resumes the
 * gc_thread, detaching parks it: taking and dropping the GIL move the runtime's
 * per-thread state with it.
 */
/* struct _ts is in pystate.h; prev and next change under heads_mu. */

struct _is {
    PyThreadState *head;
    uint64_t last_id;
};

static PyInterpreterState main_interp;
static pthread_mutex_t heads_mu = PTHREAD_MUTEX_INITIALIZER;

/* The state attached by the GIL's holder, or NULL: read and written by the holder only. */
static PyThreadState *current;

/* The calling thread holds the GIL when its `held` is `generation`, a number each start-up
   changes: a thread that held an earlier runtime's GIL does not hold this one's. */
static unsigned generation;
static __thread unsigned held;

/* PyGILState's map from a thread to its own thread state. */
static Py_tss_t auto_key = Py_tss_NEEDS_INIT;

static inline bool holds_gil(void)
{
    return held == generation;
}

static _Py_NO_RETURN void tstate_null(const char *func)
{
    _Py_FatalErrorFunc(func, "the function must be called with the GIL held, but the GIL is "
                             "released (the current Python thread state is NULL)");
}

static PyThreadState *get_current(void)
{
    return holds_gil() ? current : NULL;
}

/* A second take by the holder would wait for itself for ever (in CPython too). */
static void take_gil(const char *func)
{
    if (holds_gil())
        _Py_FatalErrorFunc(func, "the calling thread already holds the GIL");
    capi_gil_take();
    held = generation;
}

static void drop_gil(void)
{
    FERRY_ASSERT(!current);
    held = 0;
    capi_gil_drop();
}

static void attach(PyThreadState *ts)
{
    FERRY_ASSERT(!current);
    current = ts;
    gc_thread_resume(ts->gc);
}

static PyThreadState *detach(void)
{
    PyThreadState *ts = current;
    if (ts)
        gc_thread_park(ts->gc);
    current = NULL;
    return ts;
}

static PyThreadState *new_state(PyInterpreterState *interp, int running)
{
    PyThreadState *ts = calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    ts->interp = interp;
    ts->gc = gc_thread_new(running);
    ts->thread_id = PyThread_get_thread_ident();
    ts->gilstate_counter = 1; /* PyGILState_Release must not delete it */
    ts->recursion_limit = ts->recursion_remaining = CAPI_RECURSION_LIMIT;
    pthread_mutex_lock(&heads_mu);
    ts->id = ++interp->last_id;
    ts->next = interp->head;
    if (interp->head)
        interp->head->prev = ts;
    interp->head = ts;
    pthread_mutex_unlock(&heads_mu);
    /* the first state made by a thread is its own, as far as PyGILState knows */
    if (!PyThread_tss_get(&auto_key))
        PyThread_tss_set(&auto_key, ts);
    return ts;
}

/* Unlinks `ts` and forgets it as its thread's own; the caller frees it. */
static void unlink_state(PyThreadState *ts)
{
    pthread_mutex_lock(&heads_mu);
    if (ts->prev)
        ts->prev->next = ts->next;
    else
        ts->interp->head = ts->next;
    if (ts->next)
        ts->next->prev = ts->prev;
    pthread_mutex_unlock(&heads_mu);
    if (PyThread_tss_get(&auto_key) == ts)
        PyThread_tss_set(&auto_key, NULL);
}

static void free_state(PyThreadState *ts)
{
    gc_thread_free(ts->gc);
    free(ts);
}

/* Start-up: the calling thread holds the GIL with the main thread state, which adopts the
   runtime state it has built so far. The states of an earlier runtime are freed here (the
   collector's shutdown freed their runtime state). */
void capi_threads_init(void)
{
    for (PyThreadState *ts = main_interp.head, *next; ts; ts = next) {
        next = ts->next;
        free(ts);
    }
    main_interp.head = NULL;
    main_interp.last_id = 0;
    PyThread_tss_delete(&auto_key);
    if (PyThread_tss_create(&auto_key) != 0)
        _Py_FatalErrorFunc(__func__, "Couldn't create autoTSSkey mapping");
    if (++generation == 0)
        generation = 1;
    capi_gil_create();
    held = generation;
    current = NULL;
    PyThreadState *ts = new_state(&main_interp, 1);
    if (!ts)
        _Py_FatalErrorFunc(__func__, "out of memory making the main thread state");
    current = ts;
}

/* ---- thread states --------------------------------------------------------------------- */

PyThreadState *PyThreadState_Get(void)
{
    PyThreadState *ts = get_current();
    if (!ts)
        tstate_null(__func__);
    return ts;
}

PyThreadState *_PyThreadState_UncheckedGet(void)
{
    return get_current();
}

/* Detaches the current state and attaches `ts` (or none): the GIL stays with the caller. */
PyThreadState *PyThreadState_Swap(PyThreadState *ts)
{
    if (!holds_gil()) {
        if (!ts)
            return NULL;
        _Py_FatalErrorFunc(__func__, "the calling thread does not hold the GIL");
    }
    PyThreadState *old = current;
    if (old != ts) {
        detach();
        if (ts)
            attach(ts);
    }
    return old;
}

PyThreadState *PyThreadState_New(PyInterpreterState *interp)
{
    if (!interp)
        _Py_FatalErrorFunc(__func__, "NULL interpreter");
    return new_state(interp, 0);
}

/* Drops what the state holds: its dictionary, pending exception, handles. Needs the GIL. */
void PyThreadState_Clear(PyThreadState *ts)
{
    Py_CLEAR(ts->dict);
    Py_CLEAR(ts->exc_value);
    Py_CLEAR(ts->curexc_traceback);
    gc_thread_clear(ts->gc);
}

void PyThreadState_Delete(PyThreadState *ts)
{
    if (!ts)
        tstate_null(__func__);
    if (get_current() == ts) {
        char msg[64];
        snprintf(msg, sizeof msg, "tstate %p is still current", (void *)ts);
        _Py_FatalErrorFunc("_PyThreadState_Delete", msg);
    }
    unlink_state(ts);
    free_state(ts);
}

void PyThreadState_DeleteCurrent(void)
{
    PyThreadState *ts = get_current();
    if (!ts)
        tstate_null("_PyThreadState_DeleteCurrent");
    unlink_state(ts);
    detach();
    drop_gil();
    free_state(ts);
}

PyObject *PyThreadState_GetDict(void)
{
    PyThreadState *ts = get_current();
    if (!ts)
        return NULL;
    if (!ts->dict && !(ts->dict = PyDict_New()))
        PyErr_Clear();
    return ts->dict;
}

PyInterpreterState *PyThreadState_GetInterpreter(PyThreadState *ts)
{
    return ts->interp;
}

uint64_t PyThreadState_GetID(PyThreadState *ts)
{
    return ts->id;
}

PyInterpreterState *PyInterpreterState_Get(void)
{
    PyThreadState *ts = get_current();
    if (!ts)
        tstate_null(__func__);
    return ts->interp;
}

PyInterpreterState *PyInterpreterState_Main(void)
{
    return &main_interp;
}

int64_t PyInterpreterState_GetID(PyInterpreterState *interp)
{
    return 0; /* the main interpreter's, the only one */
}

/* ---- the GIL ------------------------------------------------------------------------------ */

PyThreadState *PyEval_SaveThread(void)
{
    PyThreadState *ts = get_current();
    if (!ts)
        tstate_null(__func__);
    detach();
    drop_gil();
    return ts;
}

void PyEval_RestoreThread(PyThreadState *ts)
{
    if (!ts)
        tstate_null(__func__);
    take_gil(__func__);
    attach(ts);
}

void PyEval_AcquireThread(PyThreadState *ts)
{
    if (!ts)
        tstate_null(__func__);
    take_gil(__func__);
    if (current)
        _Py_FatalErrorFunc(__func__, "non-NULL old thread state");
    attach(ts);
}

void PyEval_ReleaseThread(PyThreadState *ts)
{
    if (get_current() != ts)
        _Py_FatalErrorFunc(__func__, "wrong thread state");
    detach();
    drop_gil();
}

/* Nothing to do, as in CPython since 3.7: the GIL exists from start-up. */
void PyEval_InitThreads(void)
{
}

int PyEval_ThreadsInitialized(void)
{
    return 1;
}

/* ---- PyGILState: a thread's own state, made and deleted for it ---------------------------- */

PyGILState_STATE PyGILState_Ensure(void)
{
    if (!PyThread_tss_is_created(&auto_key))
        _Py_FatalErrorFunc(__func__, "Ferry's runtime is not running");
    PyThreadState *ts = PyThread_tss_get(&auto_key);
    bool attached;
    if (!ts) {
        if (!(ts = new_state(&main_interp, 0)))
            _Py_FatalErrorFunc(__func__, "Couldn't create thread-state for new thread");
        ts->gilstate_counter = 0; /* ours: the matching Release deletes it */
        attached = false;
    } else {
        attached = get_current() == ts;
    }
    if (!attached)
        PyEval_RestoreThread(ts);
    ts->gilstate_counter++;
    return attached ? PyGILState_LOCKED : PyGILState_UNLOCKED;
}

void PyGILState_Release(PyGILState_STATE state)
{
    PyThreadState *ts =
        PyThread_tss_is_created(&auto_key) ? PyThread_tss_get(&auto_key) : NULL;
    if (!ts)
        _Py_FatalErrorFunc(__func__,
                           "auto-releasing thread-state, but no thread-state for this thread");
    if (get_current() != ts) {
        char msg[80];
        snprintf(msg, sizeof msg, "thread state %p must be current when releasing", (void *)ts);
        _Py_FatalErrorFunc(__func__, msg);
    }
    if (--ts->gilstate_counter == 0) {
        PyThreadState_Clear(ts);
        PyThreadState_DeleteCurrent();
    } else if (state == PyGILState_UNLOCKED) {
        PyEval_SaveThread();
    }
}

int PyGILState_Check(void)
{
    if (!PyThread_tss_is_created(&auto_key))
        return 1;
    PyThreadState *ts = get_current();
    return ts && ts == PyThread_tss_get(&auto_key);
}

PyThreadState *PyGILState_GetThisThreadState(void)
{
    return PyThread_tss_is_created(&auto_key) ? PyThread_tss_get(&auto_key) : NULL;
}

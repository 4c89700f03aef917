/* gil_stress.h — the GIL stress scenario, shared by test_gil.c (Criterion) and gil_tsan.c (ThreadSanitizer builds). */
#ifndef FERRY_TEST_GIL_STRESS_H
#define FERRY_TEST_GIL_STRESS_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * Each thread enters with PyGILState_Ensure and calls gil.square(i) (tests/ext/gil.c),
 * which releases the GIL around its C work, for i in range(n); between calls it
 * allocates (ints, tuples, lists through the C-API, a runtime int rooted on its own shadow
 * stack across the calls) and collects. Every result is checked; each thread's sum of
 * squares must be the closed form. n is FERRY_GIL_ITERATIONS, by default 1,000,000 (a
 * few seconds; about 90 s under FERRY_GC_STRESS=1 and about 70 s under ThreadSanitizer,
 * in debug builds on two cores).
 */
#define GIL_STRESS_THREADS 8

/* gil.square, imported from EXT_DIR/ferry (the test extensions' build folder); NULL with
   a message in *why when it cannot be. Call with the GIL held. */
static PyObject *gil_stress_square(const char **why)
{
    const char *ext_dir = getenv("EXT_DIR");
    if (!ext_dir) {
        *why = "EXT_DIR is not set: run through `make check`";
        return NULL;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/ferry", ext_dir);
    w_object *path = space_getattr_cstr(w_sys_module(), "path");
    GC_ENTER();
    GC_ROOT(path);
    w_object *d = path ? w_str_from_cstr(dir) : NULL;
    int added = d && w_list_append(path, d) == 0;
    GC_LEAVE();
    PyObject *m = added ? PyImport_ImportModule("gil") : NULL;
    PyObject *square = m ? PyObject_GetAttrString(m, "square") : NULL;
    Py_XDECREF(m);
    if (!square)
        *why = "cannot import the test extension gil";
    return square;
}

static long gil_stress_iterations(void)
{
    const char *e = getenv("FERRY_GIL_ITERATIONS");
    if (e && *e)
        return strtol(e, NULL, 10);
    return 1000000;
}

struct gil_job {
    PyObject *square;
    long n;
    long long total, kept_sum, expected_kept;
    const char *failure; /* NULL, or what went wrong */
};

static const char *gil_stress_round(PyObject *square, long i, long long *total, PyObject *keep,
                             w_object **held, long *held_at)
{
    PyObject *arg = PyLong_FromLong(i);
    PyObject *r = arg ? PyObject_CallOneArg(square, arg) : NULL;
    if (!r) {
        Py_XDECREF(arg);
        return "gil.square raised";
    }
    long long v = PyLong_AsLongLong(r);
    if (v != (long long)i * i) {
        Py_DECREF(arg);
        Py_DECREF(r);
        return "gil.square returned a wrong value";
    }
    *total += v;
    const char *failure = NULL;
    /* the runtime int rooted on this thread's shadow stack survived the other threads'
       collections while this one was parked */
    int64_t h;
    if (w_int_as_i64(*held, &h) < 0 || h != ((int64_t)1 << 40) + *held_at)
        failure = "a rooted object of a parked thread was lost";
    if (!failure && i % 64 == 0) {
        PyObject *t = PyTuple_Pack(2, arg, r), *l = PyList_New(0);
        if (!t || !l || PyList_Append(l, t) < 0 || PyList_Append(l, r) < 0 ||
            PyLong_AsLong(PyTuple_GET_ITEM(PyList_GET_ITEM(l, 0), 0)) != i ||
            PyLong_AsLongLong(PyList_GET_ITEM(l, 1)) != v)
            failure = "a tuple or list lost its items";
        Py_XDECREF(t);
        Py_XDECREF(l);
        *held_at = i;
        *held = w_int_from_i64(((int64_t)1 << 40) + i);
    }
    if (!failure && i % 4096 == 0 && PyList_Append(keep, r) < 0)
        failure = "PyList_Append failed";
    if (i % 20000 == 10000)
        gc_collect_minor();
    if (i % 250000 == 125000)
        gc_collect_major();
    Py_DECREF(arg);
    Py_DECREF(r);
    return failure;
}

/* One thread's run (pthread start routine): enters with PyGILState_Ensure. */
static void *gil_stress_thread(void *p)
{
    struct gil_job *j = p;
    PyGILState_STATE s = PyGILState_Ensure();
    GC_ENTER();
    long held_at = 0;
    w_object *held = w_int_from_i64((int64_t)1 << 40);
    GC_ROOT(held);
    PyObject *keep = PyList_New(0);
    for (long i = 0; i < j->n && !j->failure; i++) {
        j->failure = gil_stress_round(j->square, i, &j->total, keep, &held, &held_at);
        if (i % 4096 == 0)
            j->expected_kept += (long long)i * i;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(keep); k++)
        j->kept_sum += PyLong_AsLongLong(PyList_GET_ITEM(keep, k));
    Py_DECREF(keep);
    GC_LEAVE();
    PyGILState_Release(s);
    return NULL;
}

/* Runs GIL_STRESS_THREADS threads of n rounds each while the caller (holding the GIL)
   waits without it; NULL if every result was exact, else what went wrong. */
static const char *gil_stress_run(PyObject *square, long n)
{
    static char why[128];
    struct gil_job jobs[GIL_STRESS_THREADS];
    pthread_t t[GIL_STRESS_THREADS];
    int started = 0;
    PyThreadState *saved = PyEval_SaveThread();
    for (; started < GIL_STRESS_THREADS; started++) {
        jobs[started] = (struct gil_job){square, n, 0, 0, 0, NULL};
        if (pthread_create(&t[started], NULL, gil_stress_thread, &jobs[started]) != 0)
            break;
    }
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    PyEval_RestoreThread(saved);
    if (started < GIL_STRESS_THREADS)
        return "could not start the threads";
    long long closed = (long long)(n - 1) * n * (2 * n - 1) / 6;
    for (int i = 0; i < GIL_STRESS_THREADS; i++) {
        if (jobs[i].failure)
            snprintf(why, sizeof why, "thread %d: %s", i, jobs[i].failure);
        else if (jobs[i].total != closed)
            snprintf(why, sizeof why, "thread %d: sum %lld, not %lld", i, jobs[i].total, closed);
        else if (jobs[i].kept_sum != jobs[i].expected_kept)
            snprintf(why, sizeof why, "thread %d: the kept list lost items", i);
        else
            continue;
        return why;
    }
    return NULL;
}

#endif

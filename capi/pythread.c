/* pythread.c — PyThread_*: thread identity and start, locks, thread-specific storage. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capi/capi.h"

/* None of these touches the runtime: they need no GIL, as in CPython. */

/* The stack size of threads PyThread_start_new_thread starts; 0: the system's default. */
static size_t stacksize;

void PyThread_init_thread(void)
{
}

struct start {
    void (*func)(void *);
    void *arg;
};

static void *run(void *p)
{
    struct start s = *(struct start *)p;
    free(p);
    s.func(s.arg);
    return NULL;
}

unsigned long PyThread_start_new_thread(void (*func)(void *), void *arg)
{
    struct start *s = malloc(sizeof *s);
    if (!s)
        return PYTHREAD_INVALID_THREAD_ID;
    *s = (struct start){func, arg};
    pthread_attr_t attrs;
    pthread_t th;
    if (pthread_attr_init(&attrs) != 0) {
        free(s);
        return PYTHREAD_INVALID_THREAD_ID;
    }
    int failed = (stacksize && pthread_attr_setstacksize(&attrs, stacksize) != 0) ||
                 pthread_create(&th, &attrs, run, s) != 0;
    pthread_attr_destroy(&attrs);
    if (failed) {
        free(s);
        return PYTHREAD_INVALID_THREAD_ID;
    }
    pthread_detach(th);
    return (unsigned long)th;
}

void PyThread_exit_thread(void)
{
    pthread_exit(NULL);
}

unsigned long PyThread_get_thread_ident(void)
{
    return (unsigned long)pthread_self();
}

unsigned long PyThread_get_thread_native_id(void)
{
    return (unsigned long)syscall(SYS_gettid);
}

size_t PyThread_get_stacksize(void)
{
    return stacksize;
}

/* 0, or -1 for a size the system refuses (below PTHREAD_STACK_MIN, say). */
int PyThread_set_stacksize(size_t size)
{
    if (size == 0) {
        stacksize = 0;
        return 0;
    }
    pthread_attr_t attrs;
    if (size < (size_t)PTHREAD_STACK_MIN || pthread_attr_init(&attrs) != 0)
        return -1;
    int rc = pthread_attr_setstacksize(&attrs, size);
    pthread_attr_destroy(&attrs);
    if (rc != 0)
        return -1;
    stacksize = size;
    return 0;
}

/* ---- locks: binary semaphores, which any thread may release ---------------------------- */

PyThread_type_lock PyThread_allocate_lock(void)
{
    sem_t *s = malloc(sizeof *s);
    if (s && sem_init(s, 0, 1) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

void PyThread_free_lock(PyThread_type_lock lock)
{
    if (!lock)
        return;
    sem_destroy(lock);
    free(lock);
}

PyLockStatus PyThread_acquire_lock_timed(PyThread_type_lock lock, PY_TIMEOUT_T microseconds,
                                         int intr_flag)
{
    sem_t *s = lock;
    struct timespec deadline;
    if (microseconds > 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        long long us = microseconds < PY_TIMEOUT_MAX ? microseconds : PY_TIMEOUT_MAX;
        deadline.tv_sec += (time_t)(us / 1000000);
        deadline.tv_nsec += (long)(us % 1000000) * 1000;
        if (deadline.tv_nsec >= 1000000000) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000;
        }
    }
    int status;
    do {
        int r = microseconds > 0    ? sem_clockwait(s, CLOCK_MONOTONIC, &deadline)
                : microseconds == 0 ? sem_trywait(s)
                                    : sem_wait(s);
        status = r == 0 ? 0 : errno;
        /* retried after a signal, unless the caller wants to hear of it */
    } while (status == EINTR && !intr_flag);
    if (status == 0)
        return PY_LOCK_ACQUIRED;
    return status == EINTR ? PY_LOCK_INTR : PY_LOCK_FAILURE;
}

int PyThread_acquire_lock(PyThread_type_lock lock, int waitflag)
{
    return PyThread_acquire_lock_timed(lock, waitflag ? -1 : 0, 0);
}

void PyThread_release_lock(PyThread_type_lock lock)
{
    sem_post(lock);
}

/* ---- thread-local storage, the deprecated int keys ------------------------------------- */

int PyThread_create_key(void)
{
    pthread_key_t key;
    if (pthread_key_create(&key, NULL) != 0)
        return -1;
    if (key > INT_MAX) {
        pthread_key_delete(key);
        errno = ENOMEM;
        return -1;
    }
    return (int)key;
}

void PyThread_delete_key(int key)
{
    pthread_key_delete((pthread_key_t)key);
}

void PyThread_delete_key_value(int key)
{
    pthread_setspecific((pthread_key_t)key, NULL);
}

int PyThread_set_key_value(int key, void *value)
{
    return pthread_setspecific((pthread_key_t)key, value) ? -1 : 0;
}

void *PyThread_get_key_value(int key)
{
    return pthread_getspecific((pthread_key_t)key);
}

void PyThread_ReInitTLS(void)
{
}

/* ---- thread-specific storage (PEP 539) ----------------------------------------------------- */

Py_tss_t *PyThread_tss_alloc(void)
{
    return calloc(1, sizeof(Py_tss_t));
}

void PyThread_tss_free(Py_tss_t *key)
{
    if (!key)
        return;
    PyThread_tss_delete(key);
    free(key);
}

int PyThread_tss_is_created(Py_tss_t *key)
{
    return key->_is_initialized;
}

/* Creating a created key does nothing (and succeeds), as deleting a deleted one. */
int PyThread_tss_create(Py_tss_t *key)
{
    if (key->_is_initialized)
        return 0;
    if (pthread_key_create(&key->_key, NULL) != 0)
        return -1;
    key->_is_initialized = 1;
    return 0;
}

void PyThread_tss_delete(Py_tss_t *key)
{
    if (!key->_is_initialized)
        return;
    pthread_key_delete(key->_key);
    key->_is_initialized = 0;
}

int PyThread_tss_set(Py_tss_t *key, void *value)
{
    return pthread_setspecific(key->_key, value) ? -1 : 0;
}

void *PyThread_tss_get(Py_tss_t *key)
{
    return pthread_getspecific(key->_key);
}

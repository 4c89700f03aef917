/* gil.c — the global interpreter lock: one thread at a time in the runtime, and a bounded wait for each. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "capi/gil.h"

/*
 * The GIL knows nothing of thread states or the runtime: threads.c takes and drops it.
 *
 * Policy. Extensions drop the GIL around a little C work and take it back at once
 * (Py_BEGIN/END_ALLOW_THREADS in a loop); handing it to a waiter at every drop would
 * cost a context switch per call. So a drop normally just frees the GIL and wakes the
 * first waiter, and whoever takes it first has it — often the dropper again, which then
 * pays no switch. Waiters queue in arrival order, each on its own condition variable
 * (a drop wakes exactly one). Once the first waiter has been first for SWITCH_INTERVAL_NS,
 * the next drop hands the GIL to it directly: it stays locked, so the dropper cannot take
 * it back and queues instead. A waiter therefore gets the GIL within (its place in the
 * queue) x (the interval + the longest stretch a holder keeps the GIL between drops):
 * CPython's switch interval, without a timer.
 */
#define SWITCH_INTERVAL_NS 1000000 /* 1 ms */

struct waiter {
    pthread_cond_t cond;
    struct waiter *prev, *next;
    bool granted; /* a drop handed it the GIL (and dequeued it) */
    bool woken;   /* signalled and not back asleep yet: a second signal would be wasted */
};

static struct {
    pthread_mutex_t mu;
    bool locked;
    struct waiter *head, *tail; /* the queue, first arrived first */
    uint64_t head_since;        /* when `head` became the first waiter */
} gil = {.mu = PTHREAD_MUTEX_INITIALIZER};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void enqueue(struct waiter *w)
{
    w->prev = gil.tail;
    w->next = NULL;
    if (gil.tail)
        gil.tail->next = w;
    else {
        gil.head = w;
        gil.head_since = now_ns();
    }
    gil.tail = w;
}

static void dequeue(struct waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else {
        gil.head = w->next;
        gil.head_since = now_ns();
    }
    if (w->next)
        w->next->prev = w->prev;
    else
        gil.tail = w->prev;
}

void capi_gil_create(void)
{
    pthread_mutex_lock(&gil.mu);
    gil.locked = true;
    gil.head = gil.tail = NULL;
    pthread_mutex_unlock(&gil.mu);
}

void capi_gil_take(void)
{
    pthread_mutex_lock(&gil.mu);
    if (!gil.locked) {
        gil.locked = true;
        pthread_mutex_unlock(&gil.mu);
        return;
    }
    struct waiter w = {.granted = false, .woken = false};
    pthread_cond_init(&w.cond, NULL);
    enqueue(&w);
    for (;;) {
        pthread_cond_wait(&w.cond, &gil.mu);
        if (w.granted)
            break;
        w.woken = false;
        if (!gil.locked) {
            dequeue(&w);
            gil.locked = true;
            break;
        }
    }
    pthread_mutex_unlock(&gil.mu);
    pthread_cond_destroy(&w.cond);
}

void capi_gil_drop(void)
{
    pthread_mutex_lock(&gil.mu);
    struct waiter *h = gil.head;
    if (h && now_ns() - gil.head_since >= SWITCH_INTERVAL_NS) {
        dequeue(h);
        h->granted = true;
        pthread_cond_signal(&h->cond);
    } else {
        gil.locked = false;
        if (h && !h->woken) {
            h->woken = true;
            pthread_cond_signal(&h->cond);
        }
    }
    pthread_mutex_unlock(&gil.mu);
}

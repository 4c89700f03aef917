/* test_threads.c — the embedding API from several threads: enter/leave, releasing the GIL, per-thread scopes and errors. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ferry.h"

static void setup(void)
{
    cr_assert_eq(ferry_init(NULL), 0);
}

static void teardown(void)
{
    ferry_fini();
}

TestSuite(embed_threads, .init = setup, .fini = teardown);

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, fn, arg), 0);
    return t;
}

/* sum(range(n)) through the runtime: a list of ints built item by item, summed by the
   builtin, all in a scope of the calling thread. */
static int64_t runtime_sum(int64_t n)
{
    ferry_scope s = ferry_scope_open();
    ferry_handle l = ferry_list(0, NULL);
    for (int64_t i = 0; i < n; i++) {
        ferry_scope inner = ferry_scope_open();
        ferry_list_append(l, ferry_int(i));
        ferry_scope_close(inner);
    }
    ferry_handle sum = ferry_getattr(ferry_builtins(), "sum");
    ferry_handle r = ferry_call(sum, 1, &l, 0, NULL, NULL);
    int64_t v = -1;
    if (!r || ferry_int_value(r, &v) < 0)
        v = -1;
    ferry_scope_close(s);
    return v;
}

struct worker {
    int64_t n, got;
    int nested_ok, held_inside, held_after;
};

static void *worker(void *p)
{
    struct worker *w = p;
    for (int round = 0; round < 20; round++) {
        ferry_thread_token t = ferry_thread_enter();
        ferry_thread_token inner = ferry_thread_enter();
        w->nested_ok = t == FERRY_THREAD_ENTERED && inner == FERRY_THREAD_NESTED;
        w->held_inside = ferry_gil_held();
        w->got = runtime_sum(w->n);
        if (round % 5 == 0)
            ferry_gc_collect(round % 10 == 0);
        ferry_thread_leave(inner);
        ferry_thread_leave(t);
        w->held_after = ferry_gil_held();
    }
    return NULL;
}

Test(embed_threads, threads_enter_use_and_leave)
{
    enum { N = 4 };
    struct worker w[N];
    pthread_t t[N];
    ferry_gil_release();
    cr_assert_eq(ferry_gil_held(), 0);
    for (int i = 0; i < N; i++) {
        w[i] = (struct worker){.n = 100 + i};
        t[i] = spawn(worker, &w[i]);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    ferry_gil_acquire();
    cr_assert_eq(ferry_gil_held(), 1);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(w[i].got, w[i].n * (w[i].n - 1) / 2);
        cr_assert(w[i].nested_ok);
        cr_assert_eq(w[i].held_inside, 1);
        cr_assert_eq(w[i].held_after, 0);
    }
}

/* The init thread keeps working with the runtime between releases, while another thread
   enters: both see their own handles intact. */
static void *enter_once(void *p)
{
    ferry_thread_token t = ferry_thread_enter();
    *(int64_t *)p = runtime_sum(1000);
    ferry_thread_leave(t);
    return NULL;
}

Test(embed_threads, init_thread_releases_around_c_work)
{
    ferry_handle mine = ferry_str("kept across the release", (size_t)-1);
    int64_t other = 0;
    ferry_gil_release();
    pthread_t t = spawn(enter_once, &other);
    pthread_join(t, NULL);
    ferry_gil_acquire();
    cr_assert_eq(other, 499500);
    char *s = ferry_str_utf8(mine, NULL);
    cr_assert_str_eq(s, "kept across the release");
    free(s);
    cr_assert_eq(runtime_sum(10), 45);
}

/* Errors are per thread: the init thread's pending error is not the other's, and the
   other's dies with its state when it leaves. */
static sem_t raised, checked;

static void *raise_elsewhere(void *p)
{
    ferry_thread_token t = ferry_thread_enter();
    int *out = p;
    out[0] = ferry_err_occurred();
    ferry_err_set("ValueError", "the other thread's");
    ferry_gil_release();
    sem_post(&raised);
    sem_wait(&checked);
    ferry_gil_acquire();
    out[1] = ferry_err_matches("ValueError");
    ferry_thread_leave(t); /* drops the pending ValueError with the state */
    return NULL;
}

Test(embed_threads, each_thread_has_its_own_pending_exception)
{
    int seen[2] = {-1, -1};
    sem_init(&raised, 0, 0);
    sem_init(&checked, 0, 0);
    ferry_err_set("KeyError", "main's");
    ferry_gil_release();
    pthread_t t = spawn(raise_elsewhere, seen);
    sem_wait(&raised);
    ferry_gil_acquire();
    cr_assert(ferry_err_matches("KeyError"));
    ferry_gil_release();
    sem_post(&checked);
    pthread_join(t, NULL);
    ferry_gil_acquire();
    cr_assert_eq(seen[0], 0);
    cr_assert_eq(seen[1], 1);
    cr_assert(ferry_err_matches("KeyError"));
    ferry_err_clear();
    sem_destroy(&raised);
    sem_destroy(&checked);
}

/* A persistent handle made by one thread is used by another. */
static void *append_to(void *p)
{
    ferry_thread_token t = ferry_thread_enter();
    ferry_scope s = ferry_scope_open();
    for (int i = 0; i < 100; i++)
        ferry_list_append(p, ferry_int(i));
    ferry_gc_collect(1);
    ferry_scope_close(s);
    ferry_thread_leave(t);
    return NULL;
}

Test(embed_threads, persistent_handles_cross_threads)
{
    ferry_handle l = ferry_persist(ferry_list(0, NULL));
    ferry_gil_release();
    pthread_t a = spawn(append_to, l), b = spawn(append_to, l);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    ferry_gil_acquire();
    ferry_handle sum = ferry_call(ferry_getattr(ferry_builtins(), "sum"), 1, &l, 0, NULL, NULL);
    int64_t v = 0;
    cr_assert_eq(ferry_int_value(sum, &v), 0);
    cr_assert_eq(v, 2 * 4950);
    ferry_release(l);
}

Test(embed_threads, acquire_without_release_is_fatal, .signal = SIGABRT)
{
    ferry_gil_acquire();
}

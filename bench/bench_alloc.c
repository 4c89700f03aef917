/* bench_alloc.c — allocation microbenchmarks: nursery vs malloc, minor-collection throughput, list strategies. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "objects/objects.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The best of several runs: the least disturbed by the rest of the machine. */
#define REPEAT 5

/* Keeps the compiler from deleting allocations whose results are unused. */
static void *volatile sink;

static double bench_nursery(long n)
{
    double best = 1e30;
    for (int r = 0; r < REPEAT; r++) {
        double t0 = now();
        for (long i = 0; i < n; i++)
            sink = w_alloc(w_object_type, W_TID_PLAIN, 32);
        double t = (now() - t0) / (double)n * 1e9;
        best = t < best ? t : best;
    }
    return best;
}

static double bench_malloc(long n)
{
    double best = 1e30;
    for (int r = 0; r < REPEAT; r++) {
        double t0 = now();
        for (long i = 0; i < n; i++) {
            void *p = malloc(32);
            sink = p;
            free(p);
        }
        double t = (now() - t0) / (double)n * 1e9;
        best = t < best ? t : best;
    }
    return best;
}

/* Fills the nursery with a linked structure that all survives, then times the minor
   collection that copies it: MB of survivors per second. */
static double bench_minor_throughput(void)
{
    double best = 0;
    for (int r = 0; r < REPEAT; r++) {
        GC_ENTER();
        w_object *list = w_list_new(0);
        GC_ROOT(list);
        gc_collect_minor();
        gc_stats s0, s1;
        gc_get_stats(&s0);
        size_t room = (size_t)(gc_state.nursery_top - gc_state.nursery_free);
        /* each iteration: one tuple of 2 (40 bytes) plus list growth */
        long n = (long)(room / 2 / 64);
        for (long i = 0; i < n; i++) {
            w_object *t = w_tuple_pack(2, w_None, list);
            w_list_append(list, t);
        }
        double t0 = now();
        gc_collect_minor();
        double dt = now() - t0;
        gc_get_stats(&s1);
        double mb = (double)(s1.bytes_survived - s0.bytes_survived) / 1e6;
        best = mb / dt > best ? mb / dt : best;
        GC_LEAVE();
        gc_collect_major();
    }
    return best;
}

/* Appends `n` ints in total, to lists of 1000 items each (the list and its storage live
   and die young, as in most programs). */
static double bench_list_append(long n, int object_strategy)
{
    double best = 1e30;
    for (int r = 0; r < REPEAT; r++) {
        double t0 = now();
        for (long done = 0; done < n; done += 1000) {
            GC_ENTER();
            w_object *list = w_list_new(0);
            GC_ROOT(list);
            if (object_strategy)
                w_list_append(list, w_None);
            for (long i = 0; i < 1000; i++) {
                w_object *v = w_int_from_i64(i * 7 + 1000);
                w_list_append(list, v);
            }
            GC_LEAVE();
        }
        double t = (now() - t0) / (double)n * 1e9;
        best = t < best ? t : best;
    }
    return best;
}

int main(void)
{
    if (gc_init(NULL) < 0 || w_objects_init() < 0) {
        fprintf(stderr, "bench_alloc: runtime start-up failed\n");
        return 1;
    }
    long n = 20000000;
    double nursery = bench_nursery(n), mal = bench_malloc(n);
    printf("%-44s %10s\n", "allocation benchmark", "result");
    printf("%-44s %7.2f ns\n", "nursery allocation, 32 bytes", nursery);
    printf("%-44s %7.2f ns\n", "malloc+free, 32 bytes", mal);
    printf("%-44s %7.0f MB/s\n", "minor collection, survivors copied", bench_minor_throughput());
    long m = 5000000;
    double li = bench_list_append(m, 0), lo = bench_list_append(m, 1);
    printf("%-44s %7.2f ns\n", "list.append(int) x1000, int strategy", li);
    printf("%-44s %7.2f ns\n", "list.append(int) x1000, object strategy", lo);
    gc_shutdown();
    return 0;
}

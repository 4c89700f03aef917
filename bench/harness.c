/* harness.c — repeats each operation, takes the median and the spread, prints a row. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void bench_die(const char *op, const char *message)
{
    fprintf(stderr, "bench: %s failed: %s\n", op, message ? message : "(no message)");
    exit(2);
}

static long scaled(long n, double scale)
{
    long s = (long)((double)n * scale);
    return s < 1 ? 1 : s;
}

int bench_main(int argc, char **argv, const bench_op *ops, size_t nops)
{
    const char *only = NULL;
    int callgrind = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--callgrind"))
            callgrind = 1;
        else if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < nops; k++)
                if (ops[k].loop)
                    printf("%s\n", ops[k].name);
            return 0;
        }
        else {
            fprintf(stderr, "usage: %s [--only NAME] [--callgrind] [--list]\n", argv[0]);
            return 2;
        }
    }
    const char *s = getenv("BENCH_SCALE");
    double scale = s && atof(s) > 0 ? atof(s) : 1.0;
    const char *r = getenv("BENCH_REPEAT");
    int repeat = r && atoi(r) > 0 ? atoi(r) : 7;
    double *t = malloc((size_t)repeat * sizeof *t);
    if (!t)
        return 2;
    for (size_t k = 0; k < nops; k++) {
        const bench_op *op = &ops[k];
        if (!op->loop || (only && strcmp(only, op->name)))
            continue;
        long n = scaled(op->n, scale);
        if (callgrind) {
            /* a warm-up as long as the count: first-call costs stay out of it, and the
               allocating rows run through several minor collections first, so that their
               proxies come from free lists refilled by a collection, as in a timed run's
               steady state (a tenth, as timed runs use, ends inside the first nursery at
               this scale, and the count paid malloc for every fresh proxy) */
            op->loop(n);
            CALLGRIND_DUMP_STATS_AT("warm-up"); /* and starts the count afresh */
            op->loop(n);
            CALLGRIND_DUMP_STATS_AT(op->name);
            printf("%s\t%ld\n", op->name, n);
            continue;
        }
        op->loop(n / 10 + 1); /* warm-up */
        for (int j = 0; j < repeat; j++) {
            double t0 = now_ns();
            op->loop(n);
            t[j] = (now_ns() - t0) / (double)n;
        }
        qsort(t, (size_t)repeat, sizeof *t, cmp_double);
        printf("%s\t%ld\t%.2f\t%.2f\t%.2f\n", op->name, n, t[repeat / 2], t[0], t[repeat - 1]);
        fflush(stdout);
    }
    free(t);
    return 0;
}

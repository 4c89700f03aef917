/* harness.h — the timing loop shared by the benchmark drivers (Ferry's and CPython's C loops). */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H
#include <stddef.h>

/* One operation: `loop` runs it n times. A NULL loop is a row the system cannot run. */
typedef void (*bench_loop)(long n);
typedef struct bench_op {
    const char *name;
    long n;
    bench_loop loop;
} bench_op;

/* Runs the operations and prints one line per row on stdout:
       NAME <tab> N <tab> MEDIAN_NS <tab> MIN_NS <tab> MAX_NS
   after a warm-up run, over BENCH_REPEAT (7) timed runs of N iterations.
   Options: --only NAME (one row); --callgrind (one untimed run per row between
   callgrind's zero and dump requests, named after the row, for bench-callgrind);
   --list (the row names, one per line).
   BENCH_SCALE in the environment multiplies every N (a float: 0.01 for a quick run).
   Returns the process's exit status. */
int bench_main(int argc, char **argv, const bench_op *ops, size_t nops);

/* Reports a failed operation (with the system's message) and exits with status 2. */
void bench_die(const char *op, const char *message);

#endif

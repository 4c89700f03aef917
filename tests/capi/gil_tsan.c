/* gil_tsan.c — the GIL stress scenario without Criterion, whose forking workers cannot run under ThreadSanitizer. */
#include "tests/capi/gil_stress.h"

/* Prints "N passed, N failed" (the line .ci/run counts); exit status 0 when all passed. */
int main(void)
{
    gc_config cfg = {0, -1, 0};
    if (gc_init(&cfg) < 0 || w_objects_init() < 0 || capi_init() < 0) {
        fprintf(stderr, "gil_tsan: the runtime did not start\n");
        return 1;
    }
    const char *why = NULL;
    PyObject *square = gil_stress_square(&why);
    if (square) {
        long n = gil_stress_iterations();
        why = gil_stress_run(square, n);
        printf("%s: %d threads x %ld calls releasing the GIL\n", why ? "FAIL" : "PASS",
               GIL_STRESS_THREADS, n);
        Py_DECREF(square);
    }
    if (why)
        fprintf(stderr, "gil_tsan: %s\n", why);
    w_err_clear();
    capi_fini();
    gc_shutdown();
    printf("%d passed, %d failed\n", why ? 0 : 1, why ? 1 : 0);
    return why ? 1 : 0;
}

/* fixture.h — a fresh runtime with the C-API per test, for the capi suites. */
#ifndef FERRY_TEST_CAPI_FIXTURE_H
#define FERRY_TEST_CAPI_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi/capi.h"
#include "tests/objects/fixture.h" /* fx_assert_raised, fx_repr ... */

static inline void cx_start(int stress)
{
    gc_config cfg = {0, stress, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
    cr_assert_eq(capi_init(), 0);
}

static inline void cx_setup(void)
{
    cx_start(-1);
}

/* For tests about young objects, which stress mode would promote at once. */
static inline void cx_setup_without_stress(void)
{
    cx_start(0);
}

static inline void cx_teardown(void)
{
    w_err_clear();
    capi_fini();
    gc_shutdown();
}

/* The process's resident memory, for tests that memory comes back. ASan's quarantine
   keeps freed memory from being reused: RSS says nothing there (RSS_REUSED 0). */
#ifdef __SANITIZE_ADDRESS__
#define RSS_REUSED 0
#else
#define RSS_REUSED 1
#endif

static inline size_t rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE) / 1024;
}

/* Runs the rest of the test with a minor collection at every allocation. */
static inline void cx_restart_in_stress_mode(void)
{
    cx_teardown();
    cx_start(1);
}

#endif

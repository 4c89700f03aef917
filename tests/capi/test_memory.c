/* test_memory.c — millions of C-made results come back to the memory and map they started from (issue 5's memory target). */
#include "tests/capi/fixture.h"

/* The benchmark extension (bench/ext/benchmod.c), built against Ferry by `make check` under
   $BENCH_EXT_DIR. */
static w_object *bench_function(const char *name)
{
    const char *d = getenv("BENCH_EXT_DIR");
    cr_assert(d, "BENCH_EXT_DIR is not set: run through `make check`");
    w_object *path = space_getattr_cstr(w_sys_module(), "path");
    cr_assert(path);
    GC_ENTER();
    GC_ROOT(path);
    w_object *s = w_str_from_cstr(d);
    cr_assert_eq(w_list_append(path, s), 0);
    w_object *m = capi_import("benchmod");
    cr_assert(m, "import benchmod failed");
    GC_RETURN(space_getattr_cstr(m, name));
}

static void collect(void)
{
    gc_collect_minor();
    gc_collect_major();
    capi_flush_pending();
}

/* Calls `name` (no arguments) n times, dropping every result, as a loop would. */
static void call_many(w_object *fn, long n)
{
    GC_ENTER();
    GC_ROOT(fn);
    for (long i = 0; i < n; i++)
        cr_assert(space_call(fn, NULL, 0, NULL), "call %ld failed", i);
    GC_LEAVE();
}

/* 10 million calls (100,000 when every allocation collects: the property is the steady
   state, not the count); after a warm-up round, which lets the heaps and free lists take
   what they keep, the process is back within 1 MiB and the map holds no dead entry. */
static void comes_back(const char *name)
{
    long n = getenv("FERRY_GC_STRESS") && atoi(getenv("FERRY_GC_STRESS")) ? 100000 : 10000000;
    GC_ENTER();
    w_object *fn = bench_function(name);
    cr_assert(fn);
    GC_ROOT(fn);
    call_many(fn, n / 10);
    collect();
    size_t rss0 = rss_kib(), map0 = capi_map_size();
    call_many(fn, n);
    collect();
    size_t rss1 = rss_kib(), map1 = capi_map_size();
    cr_assert_eq(map1, map0, "%s: the map holds %zu entries, %zu before", name, map1, map0);
    cr_assert_eq(capi_young_count(), 0, "%s: %zu young proxies after a minor collection", name,
                 capi_young_count());
    if (RSS_REUSED)
        cr_assert_leq(rss1, rss0 + 1024, "%s: RSS grew from %zu KiB to %zu KiB", name, rss0, rss1);
    GC_LEAVE();
}

TestSuite(memory, .init = cx_setup, .fini = cx_teardown, .timeout = 600);

Test(memory, allocate_int_comes_back)
{
    comes_back("allocate_int");
}

Test(memory, allocate_tuple_comes_back)
{
    comes_back("allocate_tuple");
}

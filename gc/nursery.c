/* nursery.c — the young generation: bump allocation, the slow path, stress mode, start-up. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

#define GC_DEFAULT_NURSERY (4u << 20)
#define GC_MIN_NURSERY (64u << 10)
#define GC_DEFAULT_STRESS_MAJOR 64u

struct gc_state gc_state;
gc_descr gc_descrs[GC_MAX_TIDS];

static int stress;
static unsigned stress_major_every;
static unsigned stress_minors;
static int initialised;

void gc_register_tid(uint32_t tid, const gc_descr *d)
{
    FERRY_ASSERT(tid != GC_TID_FREE && tid < GC_MAX_TIDS);
    gc_descrs[tid] = *d;
}

/* "4194304", "512K", "4M": bytes with an optional binary suffix; 0 if malformed. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return 0;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    return *end ? 0 : (size_t)v;
}

int gc_init(const gc_config *cfg)
{
    size_t size = cfg ? cfg->nursery_size : 0;
    const char *env;
    if (!size && (env = getenv("FERRY_NURSERY_SIZE")))
        size = parse_size(env);
    if (!size)
        size = GC_DEFAULT_NURSERY;
    if (size < GC_MIN_NURSERY)
        size = GC_MIN_NURSERY;
    size = GC_ALIGN(size);

    stress = cfg ? cfg->stress : -1;
    if (stress < 0) {
        env = getenv("FERRY_GC_STRESS");
        stress = env && *env && strcmp(env, "0") != 0;
    }
    stress_major_every = cfg ? cfg->stress_major_every : 0;
    if (!stress_major_every && (env = getenv("FERRY_GC_STRESS_MAJOR")))
        stress_major_every = (unsigned)strtoul(env, NULL, 10);
    if (!stress_major_every)
        stress_major_every = GC_DEFAULT_STRESS_MAJOR;

    char *n = aligned_alloc(64, size);
    if (!n)
        return -1;
    gc_state.nursery_start = gc_state.nursery_free = n;
    gc_state.nursery_end = n + size;
    /* In stress mode the fast-path limit sits at the free pointer: every allocation
       takes the slow path, which collects first. */
    gc_state.nursery_top = stress ? n : gc_state.nursery_end;
    memset(&gc_counters, 0, sizeof gc_counters);
    gc_counters.nursery_size = size;
    initialised = 1;
    return 0;
}

void gc_shutdown(void)
{
    if (!initialised)
        return;
    free(gc_state.nursery_start);
    memset(&gc_state, 0, sizeof gc_state);
    gc_old_release_all();
    gc_remembered_release();
    gc_handles_release();
    gc_roots_release();
    initialised = 0;
}

int gc_stress_enabled(void)
{
    return stress;
}

void gc_nursery_reset_after_minor(void)
{
    gc_counters.bytes_allocated += (uint64_t)(gc_state.nursery_free - gc_state.nursery_start);
#ifdef FERRY_DEBUG
    /* Poison the emptied nursery so that a stale young pointer reads garbage at once. */
    memset(gc_state.nursery_start, 0xdb, (size_t)(gc_state.nursery_free - gc_state.nursery_start));
#endif
    gc_state.nursery_free = gc_state.nursery_start;
    gc_state.nursery_top = stress ? gc_state.nursery_start : gc_state.nursery_end;
}

/* Objects this big go straight to the old space rather than being copied later. */
static size_t large_threshold(void)
{
    size_t n = (size_t)(gc_state.nursery_end - gc_state.nursery_start) / 8;
    return n < 65536 ? n : 65536;
}

static void *init_old(void *p, size_t size, uint32_t tid)
{
    gc_hdr *h = p;
    h->tid = tid;
    h->flags |= GC_F_OLD | GC_F_WB;
    memset((char *)p + sizeof(gc_hdr), 0, size - sizeof(gc_hdr));
    gc_counters.bytes_allocated += size;
    return p;
}

static void out_of_memory(size_t size)
{
    fprintf(stderr, "ferry: out of memory allocating %zu bytes\n", size);
    abort();
}

void *gc_alloc_old(size_t size, uint32_t tid)
{
    size = GC_ALIGN(size < GC_MIN_SIZE ? GC_MIN_SIZE : size);
    if (stress)
        gc_collect_minor();
    else if (gc_major_due())
        gc_collect_major();
    void *p = gc_old_alloc_raw(size);
    if (!p) {
        gc_collect_major();
        if (!(p = gc_old_alloc_raw(size)))
            out_of_memory(size);
    }
    return init_old(p, size, tid);
}

void *gc_alloc_slow(size_t size, uint32_t tid)
{
    if (size < GC_MIN_SIZE)
        size = GC_MIN_SIZE;
    if (size >= large_threshold())
        return gc_alloc_old(size, tid);
    if (stress) {
        if (++stress_minors % stress_major_every == 0)
            gc_collect_major();
        else
            gc_collect_minor();
    } else if (gc_major_due()) {
        gc_collect_major();
    } else {
        gc_collect_minor();
    }
    char *p = gc_state.nursery_free;
    gc_state.nursery_free = p + size;
    if (stress)
        gc_state.nursery_top = gc_state.nursery_free;
    gc_hdr *h = (gc_hdr *)p;
    h->tid = tid;
    h->flags = 0;
    memset(p + sizeof(gc_hdr), 0, size - sizeof(gc_hdr));
    return p;
}

/* major.c — major collection: empty the nursery, mark from the roots, sweep the old space. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

/* A major collection is due once the old space has grown past twice what survived the
   last one (and at least MIN_THRESHOLD). */
#define MIN_THRESHOLD ((size_t)16 << 20)

static size_t threshold = MIN_THRESHOLD;
static void **mark_stack;
static void (*extra_trace)(void *obj, gc_visit_fn visit, void *ctx);

void gc_set_extra_trace(void (*fn)(void *obj, gc_visit_fn visit, void *ctx))
{
    extra_trace = fn;
}
static size_t mark_n, mark_cap;

int gc_major_due(void)
{
    return gc_old_bytes_in_use() > threshold;
}

static void mark_slot(void **slot, void *ctx)
{
    (void)ctx;
    gc_hdr *h = *slot;
    FERRY_ASSERT(h->flags & GC_F_OLD);
    if (h->flags & GC_F_MARK)
        return;
    h->flags |= GC_F_MARK;
    if (mark_n == mark_cap) {
        mark_cap = mark_cap ? mark_cap * 2 : 1024;
        mark_stack = realloc(mark_stack, mark_cap * sizeof *mark_stack);
        if (!mark_stack) {
            fprintf(stderr, "ferry: out of memory marking\n");
            abort();
        }
    }
    mark_stack[mark_n++] = h;
}

void gc_collect_major(void)
{
    gc_collect_minor();
    uint64_t t0 = gc_now_ns();
    gc_in_major = 1;
    gc_visit_roots(mark_slot, NULL);
    while (mark_n) {
        gc_hdr *h = mark_stack[--mark_n];
        gc_trace(h, mark_slot, NULL);
        if (h->flags & GC_F_EXTRA_TRACE)
            extra_trace(h, mark_slot, NULL);
    }
    gc_run_weak_hooks(1);
    gc_in_major = 0;
    gc_old_sweep();
    free(mark_stack);
    mark_stack = NULL;
    mark_cap = 0;

    size_t live = gc_old_bytes_in_use();
    threshold = live * 2 > MIN_THRESHOLD ? live * 2 : MIN_THRESHOLD;
    gc_counters.major_collections++;
    gc_counters.old_bytes_live = live;
    gc_note_pause(gc_now_ns() - t0);
}

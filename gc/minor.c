/* minor.c — minor collection: copy the nursery's survivors to the old space, Cheney-style. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

size_t gc_size_of(const void *obj)
{
    return gc_obj_size(obj);
}

/*
 * The remembered set lists old objects that may point into the nursery (the write barrier
 * adds them and clears their GC_F_WB). The gray queue holds objects copied by this
 * collection whose own references are not yet scanned: copying and scanning alternate
 * until it is empty, breadth-first as in Cheney's algorithm (the old space is not
 * contiguous, so the queue is explicit rather than a scan pointer).
 */
struct ptrvec {
    void **items;
    size_t n, cap;
};

static struct ptrvec remembered, gray;
int gc_in_major;
static int in_minor;

static void push(struct ptrvec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->items = realloc(v->items, v->cap * sizeof *v->items);
        if (!v->items) {
            fprintf(stderr, "ferry: out of memory in the collector\n");
            abort();
        }
    }
    v->items[v->n++] = p;
}

void gc_remember(void *obj)
{
    gc_hdr *h = obj;
    h->flags &= ~GC_F_WB;
    push(&remembered, obj);
}

static inline int in_nursery(const void *p)
{
    return (const char *)p >= gc_state.nursery_start && (const char *)p < gc_state.nursery_end;
}

static void copy_young(void **slot, void *ctx)
{
    (void)ctx;
    void *obj = *slot;
    gc_hdr *h = obj;
    if (h->flags & GC_F_OLD)
        return;
    FERRY_ASSERT(in_nursery(obj));
    if (h->flags & GC_F_FORWARDED) {
        *slot = ((void **)obj)[1];
        return;
    }
    size_t size = gc_obj_size(obj);
    void *copy = gc_old_alloc_raw(size);
    if (!copy) {
        fprintf(stderr, "ferry: out of memory promoting %zu bytes\n", size);
        abort();
    }
    uint32_t large = ((gc_hdr *)copy)->flags & GC_F_LARGE;
    memcpy(copy, obj, size);
    ((gc_hdr *)copy)->flags = (h->flags & ~GC_F_FORWARDED) | GC_F_OLD | GC_F_WB | large;
    h->flags |= GC_F_FORWARDED;
    ((void **)obj)[1] = copy;
    *slot = copy;
    gc_counters.bytes_survived += size;
    push(&gray, copy);
}

int gc_collecting_major(void)
{
    return gc_in_major;
}

void *gc_survivor(void *obj)
{
    gc_hdr *h = obj;
    if (gc_in_major)
        return (h->flags & (GC_F_MARK | GC_F_STATIC)) ? obj : NULL;
    return gc_minor_survivor(obj);
}

void gc_collect_minor(void)
{
    if (in_minor)
        return;
    in_minor = 1;
    uint64_t t0 = gc_now_ns();

    gc_visit_roots(copy_young, NULL);
    for (size_t i = 0; i < remembered.n; i++)
        gc_trace(remembered.items[i], copy_young, NULL);
    while (gray.n) {
        void *obj = gray.items[--gray.n];
        gc_trace(obj, copy_young, NULL);
    }
    gc_run_weak_hooks(0);
    for (size_t i = 0; i < remembered.n; i++)
        ((gc_hdr *)remembered.items[i])->flags |= GC_F_WB;
    remembered.n = 0;

    gc_nursery_reset_after_minor();
    gc_counters.minor_collections++;
    gc_counters.old_bytes_live = gc_old_bytes_in_use();
    gc_note_pause(gc_now_ns() - t0);
    in_minor = 0;
}

void gc_remembered_release(void)
{
    free(remembered.items);
    free(gray.items);
    memset(&remembered, 0, sizeof remembered);
    memset(&gray, 0, sizeof gray);
}

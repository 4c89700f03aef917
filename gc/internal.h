/* internal.h — state shared by the collector's files; nothing outside gc/ includes it. */
#ifndef FERRY_GC_INTERNAL_H
#define FERRY_GC_INTERNAL_H

#include "gc/gc.h"

extern gc_descr gc_descrs[GC_MAX_TIDS];

static inline size_t gc_obj_size(const void *obj)
{
    const gc_hdr *h = obj;
    FERRY_ASSERT(h->tid != GC_TID_FREE && h->tid < GC_MAX_TIDS && gc_descrs[h->tid].size);
    return GC_ALIGN(gc_descrs[h->tid].size(obj));
}

static inline void gc_trace(void *obj, gc_visit_fn visit, void *ctx)
{
    const gc_hdr *h = obj;
    if (gc_descrs[h->tid].trace)
        gc_descrs[h->tid].trace(obj, visit, ctx);
}

/* Counters and timing, owned by gc/stats.c. */
extern gc_stats gc_counters;
uint64_t gc_now_ns(void);
void gc_note_pause(uint64_t ns);

/* oldspace.c */
void *gc_old_alloc_raw(size_t size);     /* no collection; NULL when out of memory */
void gc_old_sweep(void);                 /* frees unmarked objects, clears marks */
size_t gc_old_bytes_in_use(void);
void gc_old_release_all(void);

/* roots.c: visit every root of every kind */
void gc_visit_roots(gc_visit_fn visit, void *ctx);
void gc_run_weak_hooks(int major);
void gc_roots_release(void);

/* handles.c: the scoped handles are per thread (struct gc_scoped in gc.h, saved by
   roots.c when their thread parks); the persistent ones are shared */
void gc_scoped_visit(struct gc_scoped *s, gc_visit_fn visit, void *ctx);
void gc_scoped_release(struct gc_scoped *s);
void gc_handles_visit(gc_visit_fn visit, void *ctx);
void gc_handles_release(void);

/* minor.c */
void gc_remembered_release(void);
extern int gc_in_major;                  /* marking: gc_survivor answers by mark bits */

/* major.c: set when old-space growth asks for a major collection at the next minor */
int gc_major_due(void);

/* nursery.c */
void gc_nursery_reset_after_minor(void);

#endif

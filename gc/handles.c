/* handles.c — stable slots that embedders hold instead of raw pointers: scoped and persistent. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

/*
 * Scoped handles live in a stack of fixed-size chunks that never move, so a handle (the
 * address of its slot) stays valid until its scope closes. `gc_scoped.top` counts the
 * slots in use; a scope mark is that count. Each thread has its own stack (roots.c saves
 * gc_scoped when the thread parks), so scopes nest per thread. Persistent handles are
 * separately allocated slots on one doubly linked list, shared by all threads (under the
 * GIL), released one by one.
 */
struct gc_scoped gc_scoped;

struct persistent {
    void *obj; /* first, so the handle (&obj) converts back to the node */
    struct persistent *prev, *next;
};
static struct persistent *persistents;
static size_t npersistent;

static void oom(void)
{
    fprintf(stderr, "ferry: out of memory allocating a handle\n");
    abort();
}

/* gc_handle_new (gc.h) when the top chunk is full: adds a chunk. */
void **gc_handle_new_in_new_chunk(void *obj)
{
    struct gc_scoped *s = &gc_scoped;
    if (s->nchunks == s->capchunks) {
        s->capchunks = s->capchunks ? s->capchunks * 2 : 16;
        s->chunks = realloc(s->chunks, s->capchunks * sizeof *s->chunks);
        if (!s->chunks)
            oom();
    }
    if (!(s->chunks[s->nchunks] = malloc(GC_HANDLE_CHUNK * sizeof(void *))))
        oom();
    s->nchunks++;
    return gc_handle_new(obj);
}

size_t gc_handle_scope_open(void)
{
    return gc_scoped.top;
}

void gc_handle_scope_close(size_t mark)
{
    FERRY_ASSERT(mark <= gc_scoped.top);
    gc_scoped.top = mark;
}

void **gc_handle_persist(void *obj)
{
    struct persistent *p = malloc(sizeof *p);
    if (!p)
        oom();
    p->obj = obj;
    p->prev = NULL;
    p->next = persistents;
    if (persistents)
        persistents->prev = p;
    persistents = p;
    npersistent++;
    return &p->obj;
}

void gc_handle_release(void **slot)
{
    struct persistent *p = (struct persistent *)slot;
    if (p->prev)
        p->prev->next = p->next;
    else
        persistents = p->next;
    if (p->next)
        p->next->prev = p->prev;
    npersistent--;
    free(p);
}

size_t gc_handles_live(void)
{
    return gc_scoped.top + npersistent;
}

void gc_scoped_visit(struct gc_scoped *s, gc_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < s->top; i++) {
        void **slot = &s->chunks[i / GC_HANDLE_CHUNK][i % GC_HANDLE_CHUNK];
        if (*slot)
            visit(slot, ctx);
    }
}

void gc_scoped_release(struct gc_scoped *s)
{
    for (size_t i = 0; i < s->nchunks; i++)
        free(s->chunks[i]);
    free(s->chunks);
    memset(s, 0, sizeof *s);
}

/* The running thread's scoped handles and every persistent one. */
void gc_handles_visit(gc_visit_fn visit, void *ctx)
{
    gc_scoped_visit(&gc_scoped, visit, ctx);
    for (struct persistent *p = persistents; p; p = p->next)
        if (p->obj)
            visit(&p->obj, ctx);
}

void gc_handles_release(void)
{
    gc_scoped_release(&gc_scoped);
    while (persistents) {
        struct persistent *n = persistents->next;
        free(persistents);
        persistents = n;
    }
    npersistent = 0;
}

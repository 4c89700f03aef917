/* handles.c — stable slots that embedders hold instead of raw pointers: scoped and persistent. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

/*
 * Scoped handles live in a stack of chunks that never move, so a handle (the address of
 * its slot) stays valid until its scope closes. Each chunk is GC_HANDLE_CHUNK slots aligned
 * to its size, and its slot 0 is never used: `gc_scoped.top` then never rests on a chunk's
 * start, and is aligned only at a chunk's end, which is what the inline gc_handle_new tests.
 * The chunks in use are chunks[0] up to the one holding top's last slot (top - 1); scopes
 * are LIFO, so every slot below top in that order is live. Each thread has its own stack
 * (roots.c saves gc_scoped when the thread parks), so scopes nest per thread. Persistent
 * handles are separately allocated slots on one doubly linked list, shared by all threads
 * (under the GIL), released one by one.
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

/* The index of the chunk holding slot `p`, which must be in one. */
static size_t chunk_of(const struct gc_scoped *s, void **p)
{
    void **base = (void **)((uintptr_t)p & ~(uintptr_t)(GC_HANDLE_CHUNK_BYTES - 1));
    for (size_t i = 0; i < s->nchunks; i++)
        if (s->chunks[i] == base)
            return i;
    fprintf(stderr, "ferry: a handle scope mark outside the handle stack\n");
    abort();
}

/* The number of chunks in use: those up to the one holding top's last slot. */
static size_t chunks_in_use(const struct gc_scoped *s)
{
    return s->top ? chunk_of(s, s->top - 1) + 1 : 0;
}

/* Slots in use in chunk `i` of `k` in use: all but slot 0, or up to top in the last. */
static size_t chunk_used(const struct gc_scoped *s, size_t i, size_t k)
{
    return i + 1 < k ? GC_HANDLE_CHUNK : (size_t)(s->top - s->chunks[i]);
}

/* gc_handle_new (gc.h) when top is at a chunk's end (or NULL): moves to the next chunk,
   adding one if there is none. */
void **gc_handle_new_in_next_chunk(void *obj)
{
    struct gc_scoped *s = &gc_scoped;
    size_t k = chunks_in_use(s);
    if (k == s->nchunks) {
        if (s->nchunks == s->capchunks) {
            s->capchunks = s->capchunks ? s->capchunks * 2 : 16;
            s->chunks = realloc(s->chunks, s->capchunks * sizeof *s->chunks);
            if (!s->chunks)
                oom();
        }
        if (!(s->chunks[s->nchunks] = aligned_alloc(GC_HANDLE_CHUNK_BYTES, GC_HANDLE_CHUNK_BYTES)))
            oom();
        s->nchunks++;
    }
    s->top = s->chunks[k] + 1;
    return gc_handle_new(obj);
}

bool gc_handle_mark_valid(size_t mark)
{
    void **m = (void **)mark;
    if (!m)
        return true;
    size_t k = chunks_in_use(&gc_scoped), i = chunk_of(&gc_scoped, m - 1);
    return i + 1 < k || (i + 1 == k && m <= gc_scoped.top);
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
    size_t k = chunks_in_use(&gc_scoped), n = npersistent;
    for (size_t i = 0; i < k; i++)
        n += chunk_used(&gc_scoped, i, k) - 1;
    return n;
}

void gc_scoped_visit(struct gc_scoped *s, gc_visit_fn visit, void *ctx)
{
    size_t k = chunks_in_use(s);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 1, used = chunk_used(s, i, k); j < used; j++)
            if (s->chunks[i][j])
                visit(&s->chunks[i][j], ctx);
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

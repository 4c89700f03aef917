/* handles.c — stable slots that embedders hold instead of raw pointers: scoped and persistent. */
#include <stdio.h>
#include <stdlib.h>

#include "gc/internal.h"

/*
 * Scoped handles live in a stack of fixed-size chunks that never move, so a handle (the
 * address of its slot) stays valid until its scope closes. `scoped_top` counts the slots
 * in use; a scope mark is that count. Persistent handles are separately allocated slots on
 * a doubly linked list, released one by one.
 */
#define CHUNK 1024

static void ***chunks; /* chunks[i] points to CHUNK slots */
static size_t nchunks, capchunks;
static size_t scoped_top;

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

void **gc_handle_new(void *obj)
{
    size_t c = scoped_top / CHUNK;
    if (c == nchunks) {
        if (nchunks == capchunks) {
            capchunks = capchunks ? capchunks * 2 : 16;
            chunks = realloc(chunks, capchunks * sizeof *chunks);
            if (!chunks)
                oom();
        }
        if (!(chunks[nchunks] = malloc(CHUNK * sizeof(void *))))
            oom();
        nchunks++;
    }
    void **slot = &chunks[c][scoped_top % CHUNK];
    *slot = obj;
    scoped_top++;
    return slot;
}

size_t gc_handle_scope_open(void)
{
    return scoped_top;
}

void gc_handle_scope_close(size_t mark)
{
    FERRY_ASSERT(mark <= scoped_top);
    scoped_top = mark;
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
    return scoped_top + npersistent;
}

void gc_handles_visit(gc_visit_fn visit, void *ctx)
{
    for (size_t i = 0; i < scoped_top; i++) {
        void **s = &chunks[i / CHUNK][i % CHUNK];
        if (*s)
            visit(s, ctx);
    }
    for (struct persistent *p = persistents; p; p = p->next)
        if (p->obj)
            visit(&p->obj, ctx);
}

void gc_handles_release(void)
{
    for (size_t i = 0; i < nchunks; i++)
        free(chunks[i]);
    free(chunks);
    chunks = NULL, nchunks = capchunks = scoped_top = 0;
    while (persistents) {
        struct persistent *n = persistents->next;
        free(persistents);
        persistents = n;
    }
    npersistent = 0;
}

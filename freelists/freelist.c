/* freelist.c — what every free list shares: the miss path, overflow, draining. */
#include <stdio.h>
#include <stdlib.h>

#include "freelists/freelists.h"

void *freelist_refill(freelist *fl, size_t size)
{
    fl->misses++;
    void *p = malloc(size);
    if (!p) {
        fprintf(stderr, "ferry: out of memory allocating a %zu-byte proxy\n", size);
        abort();
    }
    return p;
}

void freelist_overflow(freelist *fl, void *p)
{
    (void)fl;
    free(p);
}

void freelist_drain(freelist *fl)
{
    while (fl->head) {
        void *p = fl->head;
        fl->head = *(void **)p;
        free(p);
    }
    fl->n = 0;
}

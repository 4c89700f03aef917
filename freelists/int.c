/* int.c — the free list of int proxies. */
#include "freelists/freelists.h"

freelist freelist_int = {.max = FREELIST_VALUE_MAX};

void freelist_int_counts(freelist_counts *out)
{
    out->hits = freelist_int.hits;
    out->misses = freelist_int.misses;
    out->cached = freelist_int.n;
}

void freelist_int_reset(void)
{
    freelist_drain(&freelist_int);
    freelist_int.hits = freelist_int.misses = 0;
}

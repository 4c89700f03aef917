/* float.c — the free list of float proxies. */
#include "freelists/freelists.h"

freelist freelist_float = {.max = FREELIST_VALUE_MAX};

void freelist_float_counts(freelist_counts *out)
{
    out->hits = freelist_float.hits;
    out->misses = freelist_float.misses;
    out->cached = freelist_float.n;
}

void freelist_float_reset(void)
{
    freelist_drain(&freelist_float);
    freelist_float.hits = freelist_float.misses = 0;
}

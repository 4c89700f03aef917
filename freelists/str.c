/* str.c — the free list of small str proxies (those whose text fits their inline area). */
#include "freelists/freelists.h"

/* 160-byte blocks: a lower cap than the value lists' (10 MiB at most) */
freelist freelist_str = {.max = (size_t)1 << 16};

void freelist_str_counts(freelist_counts *out)
{
    out->hits = freelist_str.hits;
    out->misses = freelist_str.misses;
    out->cached = freelist_str.n;
}

void freelist_str_reset(void)
{
    freelist_drain(&freelist_str);
    freelist_str.hits = freelist_str.misses = 0;
}

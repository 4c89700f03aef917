/* tuple.c — the free lists of tuple proxies, one per size (as CPython keeps them). */
#include "freelists/freelists.h"

#define TUPLE_LIST(n) [n] = {.max = FREELIST_TUPLE_MAX}
freelist freelist_tuple[FREELIST_TUPLE_SIZES] = {
    TUPLE_LIST(0),  TUPLE_LIST(1),  TUPLE_LIST(2),  TUPLE_LIST(3),  TUPLE_LIST(4),
    TUPLE_LIST(5),  TUPLE_LIST(6),  TUPLE_LIST(7),  TUPLE_LIST(8),  TUPLE_LIST(9),
    TUPLE_LIST(10), TUPLE_LIST(11), TUPLE_LIST(12), TUPLE_LIST(13), TUPLE_LIST(14),
    TUPLE_LIST(15), TUPLE_LIST(16), TUPLE_LIST(17), TUPLE_LIST(18), TUPLE_LIST(19),
};

void freelist_tuple_counts(freelist_counts *out)
{
    out->hits = out->misses = 0;
    out->cached = 0;
    for (int i = 0; i < FREELIST_TUPLE_SIZES; i++) {
        out->hits += freelist_tuple[i].hits;
        out->misses += freelist_tuple[i].misses;
        out->cached += freelist_tuple[i].n;
    }
}

void freelist_tuple_reset(void)
{
    for (int i = 0; i < FREELIST_TUPLE_SIZES; i++) {
        freelist_drain(&freelist_tuple[i]);
        freelist_tuple[i].hits = freelist_tuple[i].misses = 0;
    }
}

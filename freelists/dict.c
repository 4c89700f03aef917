/* dict.c — the free list of dict proxies. */
#include "freelists/freelists.h"

freelist freelist_dict = {.max = FREELIST_TUPLE_MAX};

void freelist_dict_reset(void)
{
    freelist_drain(&freelist_dict);
    freelist_dict.hits = freelist_dict.misses = 0;
}

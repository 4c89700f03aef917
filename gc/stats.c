/* stats.c — collection counters and pause timing. */
#include <time.h>

#include "gc/internal.h"

gc_stats gc_counters;

uint64_t gc_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void gc_note_pause(uint64_t ns)
{
    gc_counters.pause_ns_total += ns;
    if (ns > gc_counters.pause_ns_max)
        gc_counters.pause_ns_max = ns;
}

void gc_get_stats(gc_stats *out)
{
    *out = gc_counters;
    /* what the nursery holds now has been allocated too */
    out->bytes_allocated += (uint64_t)(gc_state.nursery_free - gc_state.nursery_start);
    out->old_bytes_live = gc_old_bytes_in_use();
}

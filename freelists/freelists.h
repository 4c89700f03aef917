/* freelists.h — free lists of proxy memory for ints, floats and tuples (DESIGN.md §4.5). */
#ifndef FERRY_FREELISTS_H
#define FERRY_FREELISTS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A free list is a stack of blocks of one size, linked through their first word. A pop
 * that finds the list empty is a miss and falls back to malloc; a push onto a full list
 * frees the block. `max` bounds the memory a burst of proxies can leave behind.
 */
typedef struct freelist {
    void *head;
    size_t n, max;
    uint64_t hits, misses;
} freelist;

void *freelist_refill(freelist *fl, size_t size); /* the miss path: malloc or abort */
void freelist_drain(freelist *fl);                 /* frees every block */

static inline void *freelist_pop(freelist *fl, size_t size)
{
    void *p = fl->head;
    if (__builtin_expect(p == NULL, 0))
        return freelist_refill(fl, size);
    fl->head = *(void **)p;
    fl->n--;
    fl->hits++;
    return p;
}

void freelist_overflow(freelist *fl, void *p);     /* a push onto a full list */

static inline void freelist_push(freelist *fl, void *p)
{
    if (__builtin_expect(fl->n >= fl->max, 0)) {
        freelist_overflow(fl, p);
        return;
    }
    *(void **)p = fl->head;
    fl->head = p;
    fl->n++;
}

/*
 * The lists, one file each. Tuples have one list per size below FREELIST_TUPLE_SIZES.
 * The caps are high on purpose: a minor collection releases the proxies of every young
 * object that died in bulk (often 10^5 of them), and the next cycle needs as many again;
 * a small cap turned each of those into a free() now and a malloc() later (bench_link:
 * 43 ns instead of 12 for the proxy of a fresh int). What stays cached is the high-water
 * mark of proxies alive at once, bounded by the caps (32 MiB of ints at most).
 */
#define FREELIST_VALUE_MAX ((size_t)1 << 20)
#define FREELIST_TUPLE_MAX ((size_t)1 << 16)
#define FREELIST_TUPLE_SIZES 20
extern freelist freelist_int, freelist_float;
/* Small str proxies (capi/unicode.c's SMALL_BLOCK bytes, text inline). */
extern freelist freelist_str;
extern freelist freelist_tuple[FREELIST_TUPLE_SIZES];
/* Dict proxies: keyword dicts made for METH_VARARGS|METH_KEYWORDS calls die young, one
   per call (capped like a tuple size's). */
extern freelist freelist_dict;

/* Counters of every list, for tests and `ferry --stats`. */
typedef struct freelist_counts {
    uint64_t hits, misses;
    size_t cached; /* blocks on the list now */
} freelist_counts;
void freelist_int_counts(freelist_counts *out);
void freelist_float_counts(freelist_counts *out);
void freelist_tuple_counts(freelist_counts *out); /* summed over the sizes */
void freelist_str_counts(freelist_counts *out);

/* Frees every cached block and zeroes the counters (runtime shutdown). */
void freelist_int_reset(void);
void freelist_float_reset(void);
void freelist_tuple_reset(void);
void freelist_str_reset(void);
void freelist_dict_reset(void);

#endif

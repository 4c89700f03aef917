/* oldspace.c — the non-moving old generation: size-class pages, large blocks, sweeping. */
#include <stdlib.h>

#include "gc/internal.h"

/*
 * Small objects (up to MAX_SMALL bytes) live in PAGE_SIZE pages, each page holding slots of
 * one size class. A free slot has tid GC_TID_FREE and keeps the next free slot of its class
 * in the word after its header. Larger objects get their own block, preceded by a
 * `struct large` header linking all of them for the sweep.
 */
#define PAGE_SIZE (64u << 10)
#define MAX_SMALL 8192u

static const uint32_t coarse[] = {640, 768, 1024, 1280, 1536, 2048, 2560, 3072, 4096, 5120, 6144, 8192};
#define NFINE 47 /* 16..256 by 8 (31), 272..512 by 16 (16) */
#define NCLASSES (NFINE + sizeof coarse / sizeof coarse[0])

struct page {
    struct page *next;
    uint32_t slot_size;
    uint32_t nslots;
    char data[];
};

struct free_slot {
    gc_hdr h;
    struct free_slot *next;
};

struct large {
    struct large *prev, *next;
    size_t size;
    size_t pad; /* keeps the object 16-byte aligned */
};

static struct page *pages[NCLASSES];
static struct free_slot *free_lists[NCLASSES];
static struct large *larges;
static size_t bytes_in_use;

static uint32_t class_size(unsigned c)
{
    if (c < 31)
        return 16 + 8 * c;
    if (c < NFINE)
        return 272 + 16 * (c - 31);
    return coarse[c - NFINE];
}

static unsigned class_of(size_t size)
{
    if (size <= 256)
        return (unsigned)((size < 16 ? 16 : size) - 16 + 7) / 8;
    if (size <= 512)
        return 31 + (unsigned)(size - 272 + 15) / 16;
    unsigned c = NFINE;
    while (coarse[c - NFINE] < size)
        c++;
    return c;
}

static int new_page(unsigned c)
{
    uint32_t ss = class_size(c);
    uint32_t n = (PAGE_SIZE - (uint32_t)sizeof(struct page)) / ss;
    struct page *p = malloc(sizeof(struct page) + (size_t)n * ss);
    if (!p)
        return -1;
    p->slot_size = ss;
    p->nslots = n;
    p->next = pages[c];
    pages[c] = p;
    for (uint32_t i = n; i-- > 0;) {
        struct free_slot *s = (struct free_slot *)(p->data + (size_t)i * ss);
        s->h.tid = GC_TID_FREE;
        s->h.flags = 0;
        s->next = free_lists[c];
        free_lists[c] = s;
    }
    return 0;
}

void *gc_old_alloc_raw(size_t size)
{
    if (size > MAX_SMALL) {
        struct large *l = malloc(sizeof(struct large) + size);
        if (!l)
            return NULL;
        l->size = size;
        l->prev = NULL;
        l->next = larges;
        if (larges)
            larges->prev = l;
        larges = l;
        bytes_in_use += size;
        gc_hdr *h = (gc_hdr *)(l + 1);
        h->flags = GC_F_LARGE;
        return h;
    }
    unsigned c = class_of(size);
    if (!free_lists[c] && new_page(c) < 0)
        return NULL;
    struct free_slot *s = free_lists[c];
    free_lists[c] = s->next;
    bytes_in_use += class_size(c);
    s->h.flags = 0;
    return s;
}

size_t gc_old_bytes_in_use(void)
{
    return bytes_in_use;
}

static int survives(gc_hdr *h)
{
    if (h->flags & (GC_F_MARK | GC_F_STATIC)) {
        h->flags &= ~GC_F_MARK;
        return 1;
    }
    return 0;
}

void gc_old_sweep(void)
{
    for (unsigned c = 0; c < NCLASSES; c++) {
        struct page **link = &pages[c];
        free_lists[c] = NULL;
        while (*link) {
            struct page *p = *link;
            struct free_slot *local = NULL;
            uint32_t live = 0;
            for (uint32_t i = p->nslots; i-- > 0;) {
                struct free_slot *s = (struct free_slot *)(p->data + (size_t)i * p->slot_size);
                if (s->h.tid != GC_TID_FREE && survives(&s->h)) {
                    live++;
                    continue;
                }
                if (s->h.tid != GC_TID_FREE)
                    bytes_in_use -= p->slot_size;
                s->h.tid = GC_TID_FREE;
                s->h.flags = 0;
                s->next = local;
                local = s;
            }
            if (!live) {
                *link = p->next;
                free(p);
                continue;
            }
            /* splice this page's free slots in front of the class list */
            if (local) {
                struct free_slot *t = local;
                while (t->next)
                    t = t->next;
                t->next = free_lists[c];
                free_lists[c] = local;
            }
            link = &p->next;
        }
    }
    for (struct large *l = larges, *n; l; l = n) {
        n = l->next;
        if (survives((gc_hdr *)(l + 1)))
            continue;
        if (l->prev)
            l->prev->next = l->next;
        else
            larges = l->next;
        if (l->next)
            l->next->prev = l->prev;
        bytes_in_use -= l->size;
        free(l);
    }
}

void gc_old_release_all(void)
{
    for (unsigned c = 0; c < NCLASSES; c++) {
        while (pages[c]) {
            struct page *n = pages[c]->next;
            free(pages[c]);
            pages[c] = n;
        }
        free_lists[c] = NULL;
    }
    while (larges) {
        struct large *n = larges->next;
        free(larges);
        larges = n;
    }
    bytes_in_use = 0;
}

/* gc.h — the moving generational collector: allocation, roots, barrier, collections, stats. */
#ifndef FERRY_GC_H
#define FERRY_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gc/assert.h"

/*
 * Every object in the heap starts with a gc_hdr. The collector knows nothing of what an
 * object means; it asks the descriptor registered for `tid` how big the object is and
 * where its references are.
 *
 *   tid    index into the descriptor table (gc_register_tid); GC_TID_FREE marks a free
 *          old-space slot and is never seen by the object layer.
 *   flags  GC_F_* below.
 *   aux    the object layer's word; the collector copies it and never reads it (the
 *          C-API files an old object's proxy under it: capi/link.c).
 *
 * Objects are at least GC_MIN_SIZE bytes and 8-byte aligned: a young object that has been
 * copied keeps its new address in the word after the header (GC_F_FORWARDED).
 */
typedef struct gc_hdr {
    uint16_t tid;
    uint16_t flags;
    uint32_t aux;
} gc_hdr;

enum {
    GC_F_OLD = 1u << 0,       /* lives outside the nursery: never moves */
    GC_F_WB = 1u << 1,        /* old and not in the remembered set: a store must record it */
    GC_F_MARK = 1u << 2,      /* reached by the current major collection */
    GC_F_FORWARDED = 1u << 3, /* young, copied out; new address in the next word */
    GC_F_LARGE = 1u << 4,     /* a separately allocated large block */
    GC_F_STATIC = 1u << 5,    /* never freed (interned singletons, builtin types) */
    GC_F_EXTRA_TRACE = 1u << 6, /* a major collection also traces it with the extra tracer */
    GC_F_USER0 = 1u << 8,     /* bits 8..15 belong to the object layer */
};

#define GC_TID_FREE 0u
#define GC_MAX_TIDS 64u
#define GC_MIN_SIZE 16u
#define GC_ALIGN(n) (((n) + 7u) & ~(size_t)7u)

/* A visitor receives the address of a reference slot; it may rewrite the slot. */
typedef void (*gc_visit_fn)(void **slot, void *ctx);

typedef struct gc_descr {
    const char *name;
    size_t (*size)(const void *obj);                        /* total bytes, header included */
    void (*trace)(void *obj, gc_visit_fn visit, void *ctx); /* NULL: no references */
} gc_descr;

void gc_register_tid(uint32_t tid, const gc_descr *d);

/* ---- lifecycle and configuration ------------------------------------------------- */

typedef struct gc_config {
    size_t nursery_size;       /* bytes; 0 = FERRY_NURSERY_SIZE or the default (4 MiB) */
    int stress;                /* -1 = from FERRY_GC_STRESS; 1 = a minor collection per alloc */
    unsigned stress_major_every; /* in stress mode, a major collection every N minors; 0 = env/default */
} gc_config;

/* Starts the collector. Returns 0, or -1 if the nursery could not be allocated. */
int gc_init(const gc_config *cfg);
void gc_shutdown(void);

/* ---- allocation --------------------------------------------------------------------- */

struct gc_state {
    char *nursery_free; /* next free byte */
    char *nursery_top;  /* fast-path limit: the nursery end, or lower to force the slow path */
    char *nursery_start;
    char *nursery_end;
};
extern struct gc_state gc_state;

void *gc_alloc_slow(size_t size, uint32_t tid);

/*
 * Allocates a young object of `size` bytes (rounded to 8, at least GC_MIN_SIZE), zeroed
 * past the header. May run a collection: every young object not reachable from a root
 * may move or die. The fast path is one add and one compare.
 */
static inline void *gc_alloc(size_t size, uint32_t tid)
{
    size = GC_ALIGN(size);
    char *p = gc_state.nursery_free;
    char *n = p + size;
    if (__builtin_expect(n > gc_state.nursery_top, 0))
        return gc_alloc_slow(size, tid);
    gc_state.nursery_free = n;
    gc_hdr *h = (gc_hdr *)p;
    h->tid = tid;
    h->flags = 0;
    memset(p + sizeof(gc_hdr), 0, size - sizeof(gc_hdr));
    return p;
}

/*
 * Allocates directly in the old space: the object never moves, so its address (and the
 * address of bytes inside it) can be handed to C. May run a collection like gc_alloc.
 */
void *gc_alloc_old(size_t size, uint32_t tid);

static inline int gc_is_young(const void *obj)
{
    return !(((const gc_hdr *)obj)->flags & GC_F_OLD);
}

/* The size of a live object in bytes, header included (its descriptor's answer, aligned). */
size_t gc_size_of(const void *obj);

/* ---- write barrier ------------------------------------------------------------------ */

void gc_remember(void *obj);

/*
 * Call before (or after) storing a reference into `obj`'s fields. Old objects carry
 * GC_F_WB until they enter the remembered set, so the common case is one flag test.
 */
static inline void gc_write_barrier(void *obj)
{
    if (__builtin_expect(((gc_hdr *)obj)->flags & GC_F_WB, 0))
        gc_remember(obj);
}

/* ---- roots -------------------------------------------------------------------------- */

/*
 * The shadow stack: runtime C code registers the addresses of its local W pointers, in
 * the spirit of OCaml's CAMLparam/CAMLlocal. A collection rewrites them in place.
 *
 *   w_object *f(w_object *a) {
 *       GC_ENTER();
 *       w_object *tmp = NULL;
 *       GC_ROOT(a); GC_ROOT(tmp);
 *       ...
 *       GC_RETURN(result);
 *   }
 *
 * An entry covers `n` consecutive slots, so an argument array is one entry
 * (GC_ROOT_ARRAY). Slots may hold NULL.
 */
typedef struct gc_root_entry {
    void **slots;
    size_t n;
} gc_root_entry;

struct gc_roots {
    gc_root_entry *base;
    size_t top, cap;
};
extern struct gc_roots gc_roots;

void gc_roots_grow(void);

static inline void gc_push_roots(void **slots, size_t n)
{
    if (__builtin_expect(gc_roots.top == gc_roots.cap, 0))
        gc_roots_grow();
    gc_roots.base[gc_roots.top].slots = slots;
    gc_roots.base[gc_roots.top].n = n;
    gc_roots.top++;
}

#define GC_ENTER() const size_t gc_frame__ = gc_roots.top
#define GC_ROOT(v) gc_push_roots((void **)&(v), 1)
#define GC_ROOT_ARRAY(p, n) gc_push_roots((void **)(p), (n))
#define GC_LEAVE() (gc_roots.top = gc_frame__)
#define GC_RETURN(e)                                                                      \
    do {                                                                                  \
        __typeof__(e) gc_ret__ = (e);                                                     \
        GC_LEAVE();                                                                       \
        return gc_ret__;                                                                  \
    } while (0)

/* A global slot that is a root for the life of the runtime (module registry, singletons). */
void gc_add_root(void **slot);

/*
 * External root sets (the C-API registers proxies held by C here): `fn` is called at
 * every collection and must visit each of its slots.
 */
typedef void (*gc_root_hook)(gc_visit_fn visit, void *vctx, void *ud);
void gc_add_root_hook(gc_root_hook fn, void *ud);

/*
 * Weak tables (the reverse-link map, later): after the live objects are known and before
 * the dead are reclaimed, `fn` is called; it updates its entries with gc_survivor().
 */
typedef void (*gc_weak_hook)(int major, void *ud);
void gc_add_weak_hook(gc_weak_hook fn, void *ud);

/*
 * References the descriptor cannot see (the C-API: an extension object's C fields, found
 * through its tp_traverse). A major collection's marking calls `fn` on every reached
 * object whose header carries GC_F_EXTRA_TRACE, after its descriptor's trace; minor
 * collections never do (the C-API keeps what C holds rooted for them).
 */
void gc_set_extra_trace(void (*fn)(void *obj, gc_visit_fn visit, void *ctx));

/* Inside a weak hook: the object's current address if it survives, NULL if it is dead. */
void *gc_survivor(void *obj);
/* gc_survivor inside a minor collection's weak hook: inline, since such a hook may meet
   every object the nursery held. An old `obj` is a survivor already (a slot the roots
   updated to the copy). */
static inline void *gc_minor_survivor(void *obj)
{
    const gc_hdr *h = obj;
    if (h->flags & GC_F_OLD)
        return obj;
    return (h->flags & GC_F_FORWARDED) ? ((void **)obj)[1] : NULL;
}
/* Inside a root or weak hook: 1 during a major collection's marking, 0 during a minor
   collection (a hook whose old roots cannot matter to a minor one may skip them). */
int gc_collecting_major(void);

/* ---- handles (for embedders): stable slots, in scopes ------------------------------- */

/*
 * Returns a slot holding `obj` in the innermost scope; it is a root until the scope closes.
 * Inline, since every embedding-API result makes one. The slots are a stack of chunks
 * aligned to their size whose first slot is never used, so `top` (the next free slot)
 * lands on an aligned address exactly when its chunk is full: the fast path is one test
 * and a bump, the slow path moves to the next chunk. A scope mark is a value of `top`, so
 * opening and closing a scope are a load and a store.
 */
#define GC_HANDLE_CHUNK 1024 /* slots per chunk, the first unused */
#define GC_HANDLE_CHUNK_BYTES (GC_HANDLE_CHUNK * sizeof(void *))
struct gc_scoped {
    void ***chunks; /* chunks[i] points to GC_HANDLE_CHUNK slots; chunks never move */
    size_t nchunks, capchunks;
    void **top; /* the next free slot; NULL before the first handle */
};
extern struct gc_scoped gc_scoped; /* this thread's (roots.c swaps it at handoff) */
void **gc_handle_new_in_next_chunk(void *obj);
static inline void **gc_handle_new(void *obj)
{
    void **slot = gc_scoped.top;
    if (__builtin_expect(((uintptr_t)slot & (GC_HANDLE_CHUNK_BYTES - 1)) == 0, 0))
        return gc_handle_new_in_next_chunk(obj);
    *slot = obj;
    gc_scoped.top = slot + 1;
    return slot;
}
static inline size_t gc_handle_scope_open(void)
{
    return (size_t)gc_scoped.top;
}
/* Debug builds check that `mark` is a position in use (scopes closed out of order). */
bool gc_handle_mark_valid(size_t mark);
static inline void gc_handle_scope_close(size_t mark)
{
    FERRY_ASSERT(gc_handle_mark_valid(mark));
    gc_scoped.top = (void **)mark;
}
/* Persistent handles outlive scopes until released. */
void **gc_handle_persist(void *obj);
void gc_handle_release(void **slot);
size_t gc_handles_live(void);

/* ---- per-thread state --------------------------------------------------------------- */

/*
 * Several threads may use the runtime, one at a time (the GIL, capi/gil.c). Each has its
 * own shadow stack, scoped handles, and the *thread locals* registered by the layers above
 * (the pending exception, the repr guard ...). The thread that holds the runtime keeps its
 * state in the globals themselves (gc_roots, the handle stack, each local's block), so
 * GC_ROOT and friends cost what they cost with one thread. A thread that lets go *parks*:
 * its state is copied into its gc_thread and the globals are left empty; the next thread
 * *resumes* its own state into them. Every collection visits the globals and the saved
 * state of every parked thread: a parked thread's roots are roots.
 */
typedef struct gc_thread gc_thread;
typedef void (*gc_local_trace)(void *block, gc_visit_fn visit, void *ctx);
typedef void (*gc_local_release)(void *block);

/* Makes the `size` bytes at `block` per-thread. Every thread starts with them zero;
   `trace` (or NULL) visits the references in a copy of the block, `release` (or NULL)
   frees what a copy owns. Registered at start-up, before the first gc_thread_new. */
void gc_add_thread_local(void *block, size_t size, gc_local_trace trace,
                         gc_local_release release);
/* A thread-local root: one pointer slot, visited like a gc_add_root slot. */
void gc_add_thread_root(void **slot);

/* A new thread state: `running` 1 adopts the state now in the globals (the thread that
   started the runtime), 0 makes an empty parked one. Needs no GIL. */
gc_thread *gc_thread_new(int running);
/* The running thread lets go of the runtime: the globals are saved into `t` and emptied. */
void gc_thread_park(gc_thread *t);
/* `t`'s thread takes the runtime: its saved state goes back into the globals. */
void gc_thread_resume(gc_thread *t);
/* Drops what `t` holds (shadow stack, handles, locals), running or parked: under the GIL. */
void gc_thread_clear(gc_thread *t);
/* Forgets a parked thread state and frees it with what it still holds. Needs no GIL. */
void gc_thread_free(gc_thread *t);

/* ---- collections and stats ---------------------------------------------------------- */

void gc_collect_minor(void);
void gc_collect_major(void);

typedef struct gc_stats {
    uint64_t minor_collections;
    uint64_t major_collections;
    uint64_t bytes_allocated;   /* all allocations, young and old */
    uint64_t bytes_survived;    /* copied out of the nursery by minor collections */
    uint64_t old_bytes_live;    /* old space in use after the last collection */
    uint64_t pause_ns_total;
    uint64_t pause_ns_max;
    size_t nursery_size;
} gc_stats;

void gc_get_stats(gc_stats *out);
int gc_stress_enabled(void);

#endif

/* link.c — the links between runtime objects and their proxies, and the proxies' lifetime. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "capi/capi.h"
#include "freelists/freelists.h"

/*
 * Forward link: ob_pypy_link. Reverse link, by the age of the runtime object:
 *
 *   young  the *young table*, parallel to the nursery: slot (address - nursery start) / 8
 *          holds the proxy of the object at that address (objects are 8-aligned and at
 *          least 16 bytes, so no two share a slot). Finding a young object's proxy is one
 *          subtraction and one load, and making one is one store plus an entry in
 *          `young`, the list of every proxy made for a young object since the last minor
 *          collection. That collection walks exactly that list: survivors move into the
 *          old table, the proxies of the dead are released in bulk. Nothing else ever scans
 *          the nursery's proxies, and an object that dies young never touches the table.
 *   old    `capi_old_proxies`, a table of proxies: an old object whose header carries W_F_HAS_PROXY
 *          keeps its proxy's index in the header's aux word, so finding it is two loads
 *          and no hash. Free slots form a list through the table (odd values: the next
 *          free index, shifted and tagged), so the table never holds a stale pointer.
 *   static types and the singletons: their own fields (w_type.c_proxy, statics).
 */

struct young_entry {
    PyObject *proxy;
    size_t slot; /* index in capi_young_slots, kept because a collection rewrites the link */
};

PyObject **capi_young_slots;
static size_t young_nslots;
static struct {
    struct young_entry *items;
    size_t n, cap;
} young;

PyObject **capi_old_proxies;
static size_t old_len, old_cap, old_used;
static size_t old_free = SIZE_MAX; /* head of the free slots' list; SIZE_MAX: none */

static capi_proxy_maker proxy_makers[W_TID_LAST];

struct w_maker_entry {
    PyTypeObject *type;
    capi_w_maker fn;
    bool by_value;
};
static struct w_maker_entry w_makers[16];
static size_t n_w_makers;

static void out_of_memory(void)
{
    fprintf(stderr, "ferry: out of memory in the C-API's link tables\n");
    abort();
}

/* ---- the old table ------------------------------------------------------------------- */

static inline bool old_slot_free(PyObject *e)
{
    return ((uintptr_t)e & 1) != 0;
}

/* Files `p` as the proxy of old object `w`. */
static void old_put(w_object *w, PyObject *p)
{
    size_t i;
    if (old_free != SIZE_MAX) {
        i = old_free;
        uintptr_t next = (uintptr_t)capi_old_proxies[i] >> 1;
        old_free = next == (UINTPTR_MAX >> 1) ? SIZE_MAX : (size_t)next;
    } else {
        if (old_len == old_cap) {
            old_cap = old_cap ? old_cap * 2 : 1024;
            if (old_cap > UINT32_MAX)
                out_of_memory();
            capi_old_proxies = realloc(capi_old_proxies, old_cap * sizeof(PyObject *));
            if (!capi_old_proxies)
                out_of_memory();
        }
        i = old_len++;
    }
    capi_old_proxies[i] = p;
    w->gc.aux = (uint32_t)i;
    w->gc.flags |= W_F_HAS_PROXY;
    old_used++;
}

/* Frees slot i (its object died). */
static void old_remove(size_t i)
{
    uintptr_t next = old_free == SIZE_MAX ? (UINTPTR_MAX >> 1) : (uintptr_t)old_free;
    capi_old_proxies[i] = (PyObject *)((next << 1) | 1);
    old_free = i;
    old_used--;
}

size_t capi_map_size(void)
{
    return old_used;
}

size_t capi_young_count(void)
{
    return young.n;
}

void capi_each_linked(void (*fn)(PyObject *p))
{
    for (size_t i = 0; i < young.n; i++)
        fn(young.items[i].proxy);
    for (size_t i = 0; i < old_len; i++)
        if (!old_slot_free(capi_old_proxies[i]))
            fn(capi_old_proxies[i]);
}

/* ---- making and finding proxies ---------------------------------------------------------- */

static inline size_t young_slot_of(const w_object *w)
{
    return (size_t)((const char *)w - gc_state.nursery_start) >> 3;
}

__attribute__((noinline)) static void young_grow(void)
{
    young.cap = young.cap ? young.cap * 2 : 1024;
    young.items = realloc(young.items, young.cap * sizeof *young.items);
    if (!young.items)
        out_of_memory();
}

PyObject *capi_attach(PyObject *o, w_object *w)
{
    capi_set_link(o, w);
    o->ob_refcnt += FERRY_REFCNT_HOST;
    if (gc_is_young(w)) {
        size_t slot = young_slot_of(w);
        FERRY_ASSERT(slot < young_nslots && !capi_young_slots[slot]);
        capi_young_slots[slot] = o;
        if (__builtin_expect(young.n == young.cap, 0))
            young_grow();
        young.items[young.n++] = (struct young_entry){o, slot};
    } else {
        old_put(w, o);
    }
    return o;
}

PyObject *capi_plain_proxy(w_object *w)
{
    PyObject *p = malloc(sizeof(PyObject));
    if (!p)
        out_of_memory();
    p->ob_refcnt = 0;
    p->ob_pypy_link = 0;
    p->ob_type = NULL;
    return p;
}

void capi_plain_dealloc(PyObject *o)
{
    free(o);
}

static PyObject *static_proxy(w_object *w)
{
    if (w->gc.tid == W_TID_TYPE)
        return (PyObject *)capi_type((w_type *)w);
    if (w == w_None)
        return Py_None;
    if (w == w_True)
        return Py_True;
    if (w == w_False)
        return Py_False;
    if (w == w_NotImplemented)
        return Py_NotImplemented;
    if (w == w_Ellipsis)
        return Py_Ellipsis;
    return NULL;
}

/* The slow path of capi_proxy: statics, or a new proxy. */
PyObject *capi_proxy_make(w_object *w)
{
    PyObject *p = gc_is_young(w) ? NULL : static_proxy(w); /* statics are never young */
    if (p)
        return p;
    capi_proxy_maker make = proxy_makers[w->gc.tid];
    p = make ? make(w) : capi_plain_proxy(w);
    if (!p->ob_type)
        p->ob_type = capi_type(W_TYPE(w));
    return capi_attach(p, w);
}

static bool has_proxy(w_object *w)
{
    if (static_proxy(w))
        return true;
    if (gc_is_young(w))
        return capi_young_slots[young_slot_of(w)] != NULL;
    return (w->gc.flags & W_F_HAS_PROXY) != 0;
}


PyObject *capi_new_ref(w_object *w)
{
    return w ? capi_hold(w) : NULL;
}

void capi_register_proxy_maker(uint32_t tid, capi_proxy_maker fn)
{
    FERRY_ASSERT(tid < W_TID_LAST);
    proxy_makers[tid] = fn;
}

void capi_register_w_maker(PyTypeObject *type, capi_w_maker fn, bool by_value)
{
    if (n_w_makers == sizeof w_makers / sizeof w_makers[0]) {
        fprintf(stderr, "ferry: too many W makers\n");
        abort();
    }
    w_makers[n_w_makers++] = (struct w_maker_entry){type, fn, by_value};
}

static const struct w_maker_entry *w_maker_of(PyTypeObject *t)
{
    for (size_t i = 0; i < n_w_makers; i++)
        if (w_makers[i].type == t)
            return &w_makers[i];
    return NULL;
}

static w_object *no_w_maker(PyObject *o)
{
    return w_raise_fmt(w_exc_SystemError, "object of type '%s' cannot cross into the runtime",
                       Py_TYPE(o)->tp_name);
}

w_object *capi_w(PyObject *o)
{
    if (__builtin_expect(!o, 0))
        return w_raise_fmt(w_exc_SystemError, "NULL object passed to a Ferry C-API function");
    w_object *w = capi_link(o);
    if (w) {
        if (__builtin_expect(Py_TYPE(o)->tp_flags & _Py_TPFLAGS_FERRY_DYNAMIC_SIZE, 0)) {
            capi_list_sync(o); /* may allocate: the link is read again */
            w = capi_link(o);
        }
        return w;
    }
    const struct w_maker_entry *m = w_maker_of(Py_TYPE(o));
    if (m)
        w = m->fn(o, false);
    else if (capi_is_extension_type(Py_TYPE(o)))
        w = capi_instance_w(o);
    else
        return no_w_maker(o);
    /* a by-value type's maker may return a shared object (a one-character str) that has
       its own proxy already: `o` then stays unlinked, converted by value */
    if (w && !has_proxy(w))
        capi_attach(o, w);
    return w;
}

w_object *capi_w_steal(PyObject *o)
{
    if (__builtin_expect(!o, 0))
        return capi_w(o);
    w_object *w;
    if (o->ob_refcnt == 1 && !capi_link(o)) {
        /* C made `o` and hands over its only reference: a by-value type converts with no
           link at all. The commonest, a fresh exact int or float, in one step: read the
           value, give the proxy back to its free list (what its tp_dealloc would do),
           then make the runtime object. */
        PyTypeObject *t = Py_TYPE(o);
        if (t == &PyLong_Type) {
            FERRY_ASSERT(((PyLongObject *)o)->ob_ferry_small); /* C makes only small ones */
            int64_t v = ((PyLongObject *)o)->ob_ferry_value;
            freelist_push(&freelist_int, o);
            return w_int_from_i64(v);
        }
        if (t == &PyFloat_Type) {
            double v = ((PyFloatObject *)o)->ob_fval;
            freelist_push(&freelist_float, o);
            return w_float_new(v);
        }
        const struct w_maker_entry *m = w_maker_of(t);
        if (m && m->by_value) {
            w = m->fn(o, true);
            Py_DECREF(o);
            return w;
        }
    }
    w = capi_w(o);
    /* the reference C handed over goes, whether or not the conversion worked: with a
       link the runtime's share keeps the proxy, without one it is freed */
    Py_DECREF(o);
    return w;
}

/* ---- lifetime --------------------------------------------------------------------------- */

/*
 * Proxies whose type's tp_dealloc may run arbitrary code (capsule destructors, extension
 * types) are not deallocated inside a collection: they wait in `pending` and are
 * deallocated at the next crossing (capi_flush_pending). The builtin kinds' deallocators
 * only free memory and drop references to other proxies, so they run at once.
 */
static struct {
    PyObject **items;
    size_t n, cap;
} pending;

static struct {
    PyObject **items;
    size_t n, cap;
} dead; /* major collections: proxies whose objects died, gathered before release */

static destructor gc_safe_deallocs[16];
static size_t n_gc_safe;

void capi_register_gc_safe_dealloc(destructor fn)
{
    if (n_gc_safe == sizeof gc_safe_deallocs / sizeof gc_safe_deallocs[0]) {
        fprintf(stderr, "ferry: too many GC-safe deallocators\n");
        abort();
    }
    gc_safe_deallocs[n_gc_safe++] = fn;
}

static int dealloc_is_gc_safe(destructor fn)
{
    for (size_t i = 0; i < n_gc_safe; i++)
        if (gc_safe_deallocs[i] == fn)
            return 1;
    return 0;
}

/* Private tp_flags bits (unused by CPython 3.11, never inherited: PyType_Ready and
   capi_type_make copy chosen bits only) caching dealloc_safe's answer per type. */
#define DEALLOC_KNOWN (1UL << 1)
#define DEALLOC_SAFE (1UL << 2)

/* Whether a dead proxy of type `t` may be deallocated inside a collection: its
   deallocator is registered GC-safe, and an extension type's deallocator is C we don't
   know even when inherited. Worked out once per type: a type that is not an extension's
   has its deallocator from us, which does not change. A type asked about before its
   deallocator was registered stays deferred, which is only slower. */
static bool dealloc_safe(PyTypeObject *t)
{
    if (__builtin_expect(!(t->tp_flags & DEALLOC_KNOWN), 0)) {
        bool safe = dealloc_is_gc_safe(t->tp_dealloc) && !capi_is_extension_type(t);
        t->tp_flags |= DEALLOC_KNOWN | (safe ? DEALLOC_SAFE : 0);
    }
    return t->tp_flags & DEALLOC_SAFE;
}

/* The runtime object of `p` has died: the runtime's share of the count goes. A proxy left
   with references is held by cyclic garbage (gcobjects.c), which frees it once cleared. */
static void release_host_share(PyObject *p)
{
    capi_set_link(p, NULL);
    p->ob_refcnt -= FERRY_REFCNT_HOST;
    if (p->ob_refcnt != 0)
        return;
    /* the commonest dead, an exact int's or float's proxy, without the indirect call */
    if (capi_free_value_proxy(p))
        return;
    if (dealloc_safe(Py_TYPE(p))) {
        Py_TYPE(p)->tp_dealloc(p);
        return;
    }
    if (pending.n == pending.cap) {
        pending.cap = pending.cap ? pending.cap * 2 : 64;
        pending.items = realloc(pending.items, pending.cap * sizeof *pending.items);
        if (!pending.items)
            out_of_memory();
    }
    pending.items[pending.n++] = p;
    capi_work_pending = true;
}

bool capi_work_pending;

void capi_run_pending(void)
{
    capi_work_pending = false;
    do {
        while (pending.n) {
            PyObject *p = pending.items[--pending.n];
            Py_TYPE(p)->tp_dealloc(p);
        }
        capi_gc_clear_garbage();
    } while (pending.n);
}

void _Py_Dealloc(PyObject *o)
{
    FERRY_ASSERT(o->ob_refcnt == 0 && !capi_link(o));
    Py_TYPE(o)->tp_dealloc(o);
}

void Py_IncRef(PyObject *o)
{
    Py_XINCREF(o);
}

void Py_DecRef(PyObject *o)
{
    Py_XDECREF(o);
}

/* Root hook: a proxy C holds keeps its runtime object alive (and its link current). */
static void visit_held(gc_visit_fn visit, void *vctx, void *ud)
{
    if (gc_collecting_major())
        capi_gc_subtract(); /* references tracked C objects hold are no roots (gcobjects.c) */
    for (size_t i = 0; i < young.n; i++) {
        PyObject *p = young.items[i].proxy;
        if (p->ob_refcnt > FERRY_REFCNT_HOST)
            visit((void **)&p->ob_pypy_link, vctx);
    }
    if (!gc_collecting_major())
        return; /* old objects do not move or die in a minor collection */
    for (size_t i = 0; i < old_len; i++) {
        PyObject *p = capi_old_proxies[i];
        if (!old_slot_free(p) && p->ob_refcnt > FERRY_REFCNT_HOST)
            visit((void **)&p->ob_pypy_link, vctx); /* old: marks, never moves */
    }
}

static int by_address_descending(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (PyObject *const *)a, y = (uintptr_t) * (PyObject *const *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Weak hook: move the young survivors' proxies into the old table, release the dead's. */
static void sweep_links(int major, void *ud)
{
    if (!major) {
        for (size_t i = 0; i < young.n; i++) {
            PyObject *p = young.items[i].proxy;
            capi_young_slots[young.items[i].slot] = NULL;
            w_object *s = gc_minor_survivor(capi_link(p));
            if (s) {
                capi_set_link(p, s);
                old_put(s, p);
            } else {
                release_host_share(p);
            }
        }
        young.n = 0;
        return;
    }
    capi_gc_restore();
    /* Collect the dead first: releasing may free proxies but never touches the table. */
    for (size_t i = 0; i < old_len; i++) {
        PyObject *p = capi_old_proxies[i];
        if (!old_slot_free(p) && !gc_survivor(capi_link(p))) {
            if (dead.n == dead.cap) {
                dead.cap = dead.cap ? dead.cap * 2 : 256;
                dead.items = realloc(dead.items, dead.cap * sizeof *dead.items);
                if (!dead.items)
                    out_of_memory();
            }
            dead.items[dead.n++] = p;
            old_remove(i);
        }
    }
    /* The table yields the dead in the order its slots were taken, no order of address:
       released so, they would leave the free lists a random permutation of memory, and every later pop
       a cache miss (bench_link's "METH_O (fresh int)": 279 ns). Released from the highest
       address down, the lists hand them out again in ascending address order. */
    if (dead.n > 1)
        qsort(dead.items, dead.n, sizeof *dead.items, by_address_descending);
    for (size_t i = 0; i < dead.n; i++)
        release_host_share(dead.items[i]);
    dead.n = 0;
}

int capi_link_init(void)
{
    young_nslots = (size_t)(gc_state.nursery_end - gc_state.nursery_start) >> 3;
    /* Untouched pages of an anonymous mapping cost nothing and read as zero. */
    void *m = mmap(NULL, young_nslots * sizeof(PyObject *), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    capi_young_slots = m;
    gc_add_root_hook(visit_held, NULL);
    gc_add_weak_hook(sweep_links, NULL);
    capi_register_gc_safe_dealloc(capi_plain_dealloc);
    w_gc_set_collect_hook(capi_run_pending); /* gc.collect() returns with the C side done */
    return 0;
}

/* At shutdown every proxy still linked goes, whoever holds it: tp_free releases what the
   proxy owns without touching the proxies it refers to (they are freed here too). */
static void free_linked(PyObject *p)
{
    freefunc f = Py_TYPE(p)->tp_free;
    if (f)
        f(p);
    else
        free(p);
}

void capi_link_fini(void)
{
    capi_run_pending();
    for (size_t i = 0; i < young.n; i++)
        free_linked(young.items[i].proxy);
    for (size_t i = 0; i < old_len; i++)
        if (!old_slot_free(capi_old_proxies[i]))
            free_linked(capi_old_proxies[i]);
    if (capi_young_slots)
        munmap(capi_young_slots, young_nslots * sizeof(PyObject *));
    capi_young_slots = NULL;
    free(young.items);
    free(capi_old_proxies);
    free(pending.items);
    free(dead.items);
    memset(&young, 0, sizeof young);
    memset(&pending, 0, sizeof pending);
    memset(&dead, 0, sizeof dead);
    capi_old_proxies = NULL;
    old_len = old_cap = old_used = 0;
    old_free = SIZE_MAX;
    memset(proxy_makers, 0, sizeof proxy_makers);
    n_w_makers = 0;
    n_gc_safe = 0;
}

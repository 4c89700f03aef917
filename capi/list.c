/* list.c — list proxies (borrowed items over the runtime's strategy lists) and the PyList_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A list's items live in its runtime list (struct w_list) and nowhere else. What C reads
 * with PyList_GetItem is a borrowed reference, which CPython keeps valid while the list
 * holds the item. An item of the object strategy is returned as its own proxy
 * (capi_proxy), alive as long as its runtime object. Items of the int and float
 * strategies have no runtime object: C gets a *value proxy*, an exact int or float proxy
 * with no link that the list proxy owns (a small int's is the runtime's shared one, as
 * PyLong_FromLong returns it), so the runtime list keeps its strategy:
 *
 *   cache     cache[i], for i < ncache: NULL (nothing cached), UNFILLED (a slot PyList_New
 *             made that C has not filled yet), or an exact int or float proxy holding one
 *             reference, which stands for item i while item i has its value (in the object
 *             strategy too: one C stored, or one C read before the list left an unboxed
 *             strategy, so that its pointer does not change under C). The runtime changes
 *             lists without telling the proxy, so every read checks the entry against the
 *             item's current value (for the unboxed strategies one load and one compare);
 *             an entry that fails the check is *displaced* into the pool.
 *   pool      displaced entries, by value. C may still hold one borrowed, because the
 *             runtime may only have moved its value (reverse, sort, insert ...), so a
 *             displaced proxy is never released at once: a read that needs a proxy for
 *             value v takes one from the pool first (a moved value keeps its proxy), and
 *             a sweep, when the pool has doubled since the last one, releases the pooled
 *             proxies whose value no longer occurs in the list, as CPython releases an
 *             item the list drops. The pool dies with the list proxy.
 *   settle    the first stale entry a read finds usually means the runtime moved many
 *             items: the read then checks every entry, displaces the stale ones and gives
 *             each slot back the pooled proxy of its value, so that a permutation keeps
 *             every value's proxy. Reads alternating with single runtime stores must not
 *             pay that O(n) each time: a settle needs as many cache misses since the
 *             last one as an eighth of the cache (`slow`), else the entry is handled
 *             alone.
 *   unfilled  UNFILLED slots left. The runtime list holds None in them (object strategy);
 *             when C fills the last one the list takes the narrowest strategy that holds
 *             its items, so a list C builds of ints becomes an int list.
 *   view      ob_item and ob_size as CPython has them, once C has asked for the size (see
 *             "the view" below). Then the runtime reports every change to the list, so
 *             the cache is kept in step instead of checked, and reads are one load.
 *
 * C's own writes (SetItem, Insert, Append, slices, Reverse) update the cache in step, so C
 * reads back the proxy it stored; an entry whose item C replaces or deletes is released
 * at once, as CPython releases the item, except through PyList_SET_ITEM, which leaves
 * the list's reference to the old item to its caller as CPython's macro does. A read never
 * allocates in the runtime's heap.
 *
 * The rule C can rely on, then: a borrowed item stays valid while the list holds it, and
 * an int or float item while the list holds an item of its value (at any index); all of
 * them until the list dies at the latest.
 */

typedef struct value_pool {
    PyObject **slots; /* open addressing by value (duplicates allowed); NULL: free */
    size_t mask, count, limit;
} value_pool;

/* PyListObject's public part; the rest of it is this file's (the fields below). */
typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
} list_head;

typedef struct capi_list {
    list_head base;
    PyObject **cache;
    Py_ssize_t ncache, cachecap;
    Py_ssize_t unfilled;
    value_pool pool;
    Py_ssize_t slow; /* reads that missed the cache since the last settle */
    Py_ssize_t misses; /* reads that missed the cache before the view started */
    Py_ssize_t vlen, vcap; /* the view (base.ob_item) holds vlen entries, room for vcap */
    Py_ssize_t scan;       /* slots below it are filled, or C's direct writes taken up */
    bool viewing;          /* the view exists, and the runtime list reports its changes */
    bool quiet;            /* C's own change in progress: it updates cache and view itself */
    struct capi_list *prev, *next; /* every live list proxy, for capi_list_fini */
} capi_list;

#define POOL_MIN_LIMIT 64

static PyObject unfilled_slot = {FERRY_REFCNT_IMMORTAL, 0, &PyBaseObject_Type};
#define UNFILLED (&unfilled_slot)

static void list_dealloc(PyObject *o);
static void list_free(void *o);

PyTypeObject PyList_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "list",
    .tp_basicsize = sizeof(PyListObject),
    .tp_dealloc = list_dealloc,
    .tp_free = list_free,
};

static void out_of_memory(void)
{
    fprintf(stderr, "ferry: out of memory in a list proxy\n");
    abort();
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

/* ---- the runtime list, read in place ------------------------------------------------------
 * The storage formats belong to objects/list_strategy.c (containers.h documents them);
 * reading them here is what lets a read check an entry without boxing. Pointers into the
 * storage are valid until the next allocation in the heap. */

static inline w_list *wl(PyObject *op)
{
    return (w_list *)capi_link(op);
}

static inline int64_t *w_ints(w_list *l)
{
    return (int64_t *)((w_rawarray *)l->storage)->data;
}

static inline double *w_floats(w_list *l)
{
    return (double *)((w_rawarray *)l->storage)->data;
}

static inline w_object **w_objs(w_list *l)
{
    return ((w_objarray *)l->storage)->items;
}

/* ---- values ------------------------------------------------------------------------------ */

enum { KEY_NONE, KEY_INT, KEY_FLOAT };

/* An int or float value: the int64 or the double's bits (so 0.0 and -0.0 differ). */
typedef struct vkey {
    uint64_t bits;
    int kind;
} vkey;

static inline uint64_t double_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static inline double bits_double(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static inline bool key_eq(vkey a, vkey b)
{
    return a.kind == b.kind && a.bits == b.bits;
}

/* Whether `v` can be a value entry: an exact int that fits int64, or an exact float. */
static inline bool is_value_proxy(PyObject *v)
{
    return (Py_IS_TYPE(v, &PyLong_Type) && ((PyLongObject *)v)->ob_ferry_small) ||
           Py_IS_TYPE(v, &PyFloat_Type);
}

static vkey proxy_key(PyObject *e)
{
    if (Py_IS_TYPE(e, &PyLong_Type) && ((PyLongObject *)e)->ob_ferry_small)
        return (vkey){(uint64_t)((PyLongObject *)e)->ob_ferry_value, KEY_INT};
    if (Py_IS_TYPE(e, &PyFloat_Type))
        return (vkey){double_bits(((PyFloatObject *)e)->ob_fval), KEY_FLOAT};
    return (vkey){0, KEY_NONE};
}

static vkey object_key(w_object *w)
{
    if (W_TYPE(w) == w_int_type && w_int_is_small(w))
        return (vkey){(uint64_t)w_int_small_value(w), KEY_INT};
    if (W_TYPE(w) == w_float_type)
        return (vkey){double_bits(((w_float *)w)->value), KEY_FLOAT};
    return (vkey){0, KEY_NONE};
}

static vkey item_key(w_list *l, int64_t i)
{
    switch (l->strategy) {
    case W_LIST_INT:
        return (vkey){(uint64_t)w_ints(l)[i], KEY_INT};
    case W_LIST_FLOAT:
        return (vkey){double_bits(w_floats(l)[i]), KEY_FLOAT};
    case W_LIST_OBJECT:
        return object_key(w_objs(l)[i]);
    default:
        return (vkey){0, KEY_NONE};
    }
}

/* Whether cache entry `e` stands for item i (0 <= i < size) as the list is now. In the
   object strategy a linked entry must be the item's own proxy. */
static inline __attribute__((always_inline)) bool entry_matches(w_list *l, int64_t i, PyObject *e)
{
    switch (l->strategy) {
    case W_LIST_INT:
        return Py_IS_TYPE(e, &PyLong_Type) && ((PyLongObject *)e)->ob_ferry_small &&
               ((PyLongObject *)e)->ob_ferry_value == w_ints(l)[i];
    case W_LIST_FLOAT:
        return Py_IS_TYPE(e, &PyFloat_Type) &&
               double_bits(((PyFloatObject *)e)->ob_fval) == double_bits(w_floats(l)[i]);
    case W_LIST_OBJECT: {
        w_object *link = capi_link(e);
        if (link)
            return link == w_objs(l)[i];
        vkey k = proxy_key(e);
        return k.kind != KEY_NONE && key_eq(k, object_key(w_objs(l)[i]));
    }
    default:
        return false;
    }
}

/* A new value proxy (a new reference; no link unless it is a shared small int) for `k`. */
static PyObject *value_proxy_new(vkey k)
{
    if (k.kind == KEY_INT)
        return PyLong_FromLong((long)(int64_t)k.bits);
    return PyFloat_FromDouble(bits_double(k.bits));
}

/* The runtime object to store for value proxy `v`: its own if it crossed, else a box
   made for the list to unbox (no link, so `v` stays a value proxy). */
static w_object *value_w(PyObject *v)
{
    w_object *w = capi_link(v);
    if (w)
        return w;
    if (Py_IS_TYPE(v, &PyFloat_Type))
        return w_float_new(((PyFloatObject *)v)->ob_fval);
    return w_int_from_i64(((PyLongObject *)v)->ob_ferry_value);
}

/* ---- the pool ------------------------------------------------------------------------------ */

static size_t key_hash(vkey k)
{
    uint64_t x = k.bits ^ (k.bits >> 32) ^ ((uint64_t)k.kind << 40);
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x ^ (x >> 29));
}

static void pool_insert(value_pool *pool, PyObject *e)
{
    size_t j = key_hash(proxy_key(e)) & pool->mask;
    while (pool->slots[j])
        j = (j + 1) & pool->mask;
    pool->slots[j] = e;
    pool->count++;
}

/* Makes room for one more entry, keeping the table at most half full. */
static void pool_reserve(value_pool *pool)
{
    size_t size = pool->slots ? pool->mask + 1 : 0;
    if ((pool->count + 1) * 2 <= size)
        return;
    PyObject **old = pool->slots;
    size_t newsize = size ? size * 2 : 16;
    pool->slots = calloc(newsize, sizeof(PyObject *));
    if (!pool->slots)
        out_of_memory();
    pool->mask = newsize - 1;
    pool->count = 0;
    for (size_t i = 0; i < size; i++)
        if (old[i])
            pool_insert(pool, old[i]);
    free(old);
}

/* Removes slot j, shifting later members of its probe run back (no tombstones). */
static void pool_remove_at(value_pool *pool, size_t j)
{
    size_t i = j;
    for (;;) {
        pool->slots[i] = NULL;
        size_t k = i;
        for (;;) {
            k = (k + 1) & pool->mask;
            if (!pool->slots[k]) {
                pool->count--;
                return;
            }
            size_t home = key_hash(proxy_key(pool->slots[k])) & pool->mask;
            /* k may fill the hole at i unless its home lies cyclically in (i, k] */
            if (i <= k ? (home <= i || home > k) : (home <= i && home > k))
                break;
        }
        pool->slots[i] = pool->slots[k];
        i = k;
    }
}

/* A pooled proxy of value `k` (its reference passes to the caller), or NULL. */
static PyObject *pool_take(value_pool *pool, vkey k)
{
    if (!pool->count)
        return NULL;
    for (size_t j = key_hash(k) & pool->mask; pool->slots[j]; j = (j + 1) & pool->mask) {
        PyObject *e = pool->slots[j];
        if (key_eq(proxy_key(e), k)) {
            pool_remove_at(pool, j);
            return e;
        }
    }
    return NULL;
}

static void pool_free(value_pool *pool)
{
    for (size_t j = 0; pool->slots && j <= pool->mask; j++)
        Py_XDECREF(pool->slots[j]);
    free(pool->slots);
    memset(pool, 0, sizeof *pool);
}

/* The values of a list's items, as a set (for the sweep). */
typedef struct key_set {
    vkey *slots; /* kind KEY_NONE: free */
    size_t mask;
} key_set;

static bool key_set_build(key_set *s, w_list *l)
{
    size_t size = 16;
    while (size < 2 * (size_t)l->size + 2)
        size *= 2;
    s->slots = calloc(size, sizeof(vkey));
    if (!s->slots)
        return false;
    s->mask = size - 1;
    for (int64_t i = 0; i < l->size; i++) {
        vkey k = item_key(l, i);
        if (k.kind == KEY_NONE)
            continue;
        size_t j = key_hash(k) & s->mask;
        while (s->slots[j].kind != KEY_NONE && !key_eq(s->slots[j], k))
            j = (j + 1) & s->mask;
        s->slots[j] = k;
    }
    return true;
}

static bool key_set_has(const key_set *s, vkey k)
{
    for (size_t j = key_hash(k) & s->mask; s->slots[j].kind != KEY_NONE; j = (j + 1) & s->mask)
        if (key_eq(s->slots[j], k))
            return true;
    return false;
}

/* Drops the cache entries at and past the list's size into the pool: the runtime shrank
   the list. */
static void cache_trim(capi_list *p, w_list *l)
{
    for (Py_ssize_t i = l->size; i < p->ncache; i++) {
        PyObject *e = p->cache[i];
        if (e == UNFILLED) {
            p->unfilled--;
        } else if (e) {
            pool_reserve(&p->pool);
            pool_insert(&p->pool, e);
        }
    }
    if (p->ncache > l->size)
        p->ncache = (Py_ssize_t)l->size;
}

/* Releases the pooled proxies whose value the list no longer holds, and duplicate
   references to one proxy. */
static void pool_sweep(capi_list *p, w_list *l)
{
    cache_trim(p, l);
    value_pool *pool = &p->pool;
    key_set present;
    if (!key_set_build(&present, l)) {
        pool->limit *= 2;
        return;
    }
    size_t size = pool->mask + 1;
    PyObject **old = pool->slots;
    pool->slots = calloc(size, sizeof(PyObject *));
    if (!pool->slots)
        out_of_memory();
    pool->count = 0;
    for (size_t i = 0; i < size; i++) {
        PyObject *e = old[i];
        if (!e)
            continue;
        if (!key_set_has(&present, proxy_key(e))) {
            Py_DECREF(e);
            continue;
        }
        size_t j = key_hash(proxy_key(e)) & pool->mask;
        while (pool->slots[j] && pool->slots[j] != e)
            j = (j + 1) & pool->mask;
        if (pool->slots[j]) {
            Py_DECREF(e); /* the pool holds it already */
            continue;
        }
        pool->slots[j] = e;
        pool->count++;
    }
    free(old);
    free(present.slots);
    pool->limit = pool->count * 2 > POOL_MIN_LIMIT ? pool->count * 2 : POOL_MIN_LIMIT;
}

/* Moves an entry that no longer stands for its item into the pool. */
static void displace(capi_list *p, w_list *l, PyObject *e)
{
    pool_reserve(&p->pool);
    pool_insert(&p->pool, e);
    if (p->pool.count >= p->pool.limit)
        pool_sweep(p, l);
}

/* ---- the cache ------------------------------------------------------------------------------ */

/* Makes slots [ncache, n) exist (empty). */
static void cache_extend(capi_list *p, Py_ssize_t n)
{
    if (n <= p->ncache)
        return;
    if (n > p->cachecap) {
        Py_ssize_t cap = p->cachecap * 2 > n ? p->cachecap * 2 : n;
        p->cache = xrealloc(p->cache, (size_t)cap * sizeof(PyObject *));
        p->cachecap = cap;
    }
    memset(p->cache + p->ncache, 0, (size_t)(n - p->ncache) * sizeof(PyObject *));
    p->ncache = n;
}

/* Puts `e` (a reference the cache takes) in slot i, whose previous entry, if any, stood
   for an item that is gone. */
static void cache_put(capi_list *p, w_list *l, Py_ssize_t i, PyObject *e)
{
    cache_extend(p, i + 1);
    PyObject *old = p->cache[i];
    p->cache[i] = e;
    if (old == UNFILLED)
        p->unfilled--;
    else if (old)
        displace(p, l, old);
}

/* Before C removes items [lo, hi): displaces the entries that no longer stand for their
   item, so that those left in the range are the items' own (released by cache_splice). */
static void cache_sort_out(capi_list *p, w_list *l, Py_ssize_t lo, Py_ssize_t hi)
{
    for (Py_ssize_t i = lo; i < hi && i < p->ncache; i++) {
        PyObject *e = p->cache[i];
        if (e && e != UNFILLED && !entry_matches(l, i, e)) {
            p->cache[i] = NULL;
            displace(p, l, e);
        }
    }
}

/* After items [lo, lo + ndel) were replaced by nins others: drops the entries of the
   removed items and shifts the later ones. C's own changes release the entries, as CPython
   releases the items; the runtime's go to the pool (`pooled`), as the runtime may only
   have moved their values (and C may still hold them borrowed). */
static void cache_splice(capi_list *p, Py_ssize_t lo, Py_ssize_t ndel, Py_ssize_t nins,
                         bool pooled)
{
    if (lo >= p->ncache)
        return;
    Py_ssize_t hi = lo + ndel < p->ncache ? lo + ndel : p->ncache;
    for (Py_ssize_t i = lo; i < hi; i++) {
        PyObject *e = p->cache[i];
        if (e == UNFILLED) {
            p->unfilled--;
        } else if (e && pooled) {
            pool_reserve(&p->pool);
            pool_insert(&p->pool, e);
        } else {
            Py_XDECREF(e);
        }
        p->cache[i] = NULL;
    }
    if (hi == p->ncache) {
        p->ncache = lo;
        return;
    }
    Py_ssize_t tail = p->ncache - hi;
    Py_ssize_t n = lo + nins + tail;
    if (n > p->cachecap) {
        p->cache = xrealloc(p->cache, (size_t)n * sizeof(PyObject *));
        p->cachecap = n;
    }
    memmove(p->cache + lo + nins, p->cache + hi, (size_t)tail * sizeof(PyObject *));
    memset(p->cache + lo, 0, (size_t)nins * sizeof(PyObject *));
    p->ncache = n;
}

/* ---- reading ---------------------------------------------------------------------------------- */

/* Displaces every entry that no longer matches its item (or is past the end), then fills
   each empty slot of an unboxed list with the pooled proxy of its value, if there is one. */
static void cache_settle(capi_list *p, w_list *l)
{
    cache_trim(p, l);
    Py_ssize_t n = p->ncache;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = p->cache[i];
        if (e && e != UNFILLED && !entry_matches(l, i, e)) {
            p->cache[i] = NULL;
            pool_reserve(&p->pool);
            pool_insert(&p->pool, e);
        }
    }
    if (l->strategy == W_LIST_INT || l->strategy == W_LIST_FLOAT)
        for (Py_ssize_t i = 0; i < n && p->pool.count; i++)
            if (!p->cache[i])
                p->cache[i] = pool_take(&p->pool, item_key(l, i));
    p->slow = 0;
    if (p->pool.count >= p->pool.limit)
        pool_sweep(p, l);
}

/* Item i (a filled slot) whose cache entry `e` is missing or does not match: its proxy,
   or a value entry for it from the pool or new. */
static PyObject *entry_fresh(capi_list *p, w_list *l, int64_t i, PyObject *e)
{
    if (e) {
        p->cache[i] = NULL;
        displace(p, l, e);
    }
    if (l->strategy == W_LIST_OBJECT)
        return capi_proxy(w_objs(l)[i]);
    vkey k = item_key(l, i);
    PyObject *v = pool_take(&p->pool, k);
    if (!v)
        v = value_proxy_new(k);
    cache_extend(p, (Py_ssize_t)l->size);
    p->cache[i] = v;
    return v;
}

static void view_start(capi_list *p);

/* Item i when its cache entry is missing or does not match. Once C has read an eighth of
   the list through misses, it reads the list densely: the view starts, and reads are
   one load from then on (a list C reads one item of never pays for a view). */
static PyObject *item_slow(capi_list *p, w_list *l, int64_t i)
{
    if (++p->misses * 8 > l->size) {
        view_start(p);
        return p->base.ob_item[i];
    }
    p->slow++;
    PyObject *e = i < p->ncache ? p->cache[i] : NULL;
    if (e && e != UNFILLED && p->slow * 8 >= p->ncache) {
        cache_settle(p, l);
        e = p->cache[i];
        if (e && e != UNFILLED)
            return e;
    }
    if (e == UNFILLED) {
        if (l->strategy == W_LIST_OBJECT && w_objs(l)[i] == w_None)
            return NULL;
        p->cache[i] = NULL; /* the runtime filled the slot */
        p->unfilled--;
        e = NULL;
    }
    return entry_fresh(p, l, i, e);
}

/* Item i (0 <= i < size) as a borrowed reference; NULL for a slot C has not filled. */
static inline __attribute__((always_inline)) PyObject *list_item(PyObject *op, w_list *l, int64_t i)
{
    capi_list *p = (capi_list *)op;
    if (i < p->ncache) {
        PyObject *e = p->cache[i];
        if (e && entry_matches(l, i, e))
            return e;
    }
    return item_slow(p, l, i);
}

/* ---- the view: ob_item and ob_size --------------------------------------------------------
 * Code compiled for CPython reads PyListObject.ob_item and ob_size directly (Cython copies
 * slices out of ob_item, writes PyList_New's slots there and takes the last items of a
 * list by decrementing ob_size). So from the first time C asks for the size (Py_SIZE,
 * PyList_GET_SIZE) or the item array (PySequence_Fast_ITEMS), and from birth for a list
 * C makes, the proxy keeps a *view*: ob_item[i] is what PyList_GET_ITEM(l, i) returns
 * (NULL for an unfilled slot) and ob_size the size. The runtime list keeps its strategy
 * and reports each change (W_F_LIST_VIEW, w_list_change_hook), so the view stays in step
 * at the cost of the change, never a rescan; C's own changes through the API update it
 * the same way. What C writes past the API is taken up at its next call on the list, or
 * when the list crosses into the runtime (view_sync): a smaller ob_size, and items
 * stored into slots PyList_New left unfilled.
 */

static inline w_list *wl_p(capi_list *p)
{
    return (w_list *)capi_link((PyObject *)p);
}

static void view_reserve(capi_list *p, Py_ssize_t n)
{
    if (n <= p->vcap)
        return;
    Py_ssize_t cap = p->vcap * 2 > n ? p->vcap * 2 : n;
    p->base.ob_item = xrealloc(p->base.ob_item, (size_t)cap * sizeof(PyObject *));
    p->vcap = cap;
}

/* Item i's entry in the view. Like list_item but never settles the cache, which would
   swap out entries the view holds for other slots. */
static PyObject *view_entry(capi_list *p, w_list *l, int64_t i)
{
    PyObject *e = i < p->ncache ? p->cache[i] : NULL;
    if (e == UNFILLED)
        return NULL;
    if (e && entry_matches(l, i, e))
        return e;
    return entry_fresh(p, l, i, e);
}

/* Items [start, start + removed) of the view are now [start, start + added) of the list. */
static void view_splice(capi_list *p, Py_ssize_t start, Py_ssize_t removed, Py_ssize_t added)
{
    w_list *l = wl_p(p);
    Py_ssize_t n = p->vlen - removed + added;
    FERRY_ASSERT(n == (Py_ssize_t)l->size);
    view_reserve(p, n);
    PyObject **v = p->base.ob_item;
    Py_ssize_t tail = p->vlen - start - removed;
    if (tail && added != removed)
        memmove(v + start + added, v + start + removed, (size_t)tail * sizeof(PyObject *));
    for (Py_ssize_t i = start; i < start + added; i++)
        v[i] = view_entry(p, l, i);
    p->vlen = n;
    p->base.ob_base.ob_size = n;
    if (p->scan > start)
        p->scan = start;
}

static void view_start(capi_list *p)
{
    w_list *l = wl_p(p);
    if (p->ncache)
        cache_settle(p, l); /* first give moved values their proxies back */
    p->vlen = 0;
    p->viewing = true;
    l->ob.gc.flags |= W_F_LIST_VIEW;
    view_splice(p, 0, 0, (Py_ssize_t)l->size);
}

/* The runtime changed a list that has a view (w_list_change_hook). */
static void list_changed(w_object *w, int64_t start, int64_t removed, int64_t added)
{
    capi_list *p = (capi_list *)capi_proxy(w);
    if (p->quiet)
        return;
    cache_splice(p, start, removed, added, true);
    /* not while the list is empty: sort empties it while it runs, and the pool keeps the
       proxies of its values for when they come back */
    if (p->pool.count >= p->pool.limit && ((w_list *)w)->size > 0)
        pool_sweep(p, (w_list *)w);
    view_splice(p, start, removed, added);
}

/* ---- the proxy ---------------------------------------------------------------------------------- */

static capi_list *live_lists;

_Static_assert(sizeof(capi_list) <= sizeof(PyListObject), "PyListObject must hold capi_list");

/* Sets up the list part of a zeroed block (a list proxy, or an extension subtype's). */
static void list_init_proxy(PyObject *o, w_object *w)
{
    capi_list *p = (capi_list *)o;
    p->pool.limit = POOL_MIN_LIMIT;
    p->next = live_lists;
    if (live_lists)
        live_lists->prev = p;
    live_lists = p;
}

static PyObject *list_proxy(w_object *w)
{
    PyObject *p = calloc(1, sizeof(PyListObject));
    if (!p)
        out_of_memory();
    list_init_proxy(p, w);
    return p;
}

/* Drops the references the cache and the pool hold. */
static void list_release_entries(capi_list *p)
{
    for (Py_ssize_t i = 0; i < p->ncache; i++)
        if (p->cache[i] != UNFILLED)
            Py_XDECREF(p->cache[i]);
    p->ncache = 0;
    pool_free(&p->pool);
}

/* Frees the proxy and its arrays (the entries are released already, or left alone). */
static void list_free(void *o)
{
    capi_list *p = o;
    if (p->prev)
        p->prev->next = p->next;
    else
        live_lists = p->next;
    if (p->next)
        p->next->prev = p->prev;
    free(p->cache);
    free(p->pool.slots);
    free(p->base.ob_item);
    free(p);
}

/* Only drops references to int and float proxies: safe inside a collection. */
static void list_dealloc(PyObject *o)
{
    list_release_entries((capi_list *)o);
    list_free(o);
}

/* At shutdown, before the proxies are freed in no particular order (capi_link_fini, which
   calls list_free): the value proxies only lists hold go while every proxy is alive. */
void capi_list_fini(void)
{
    for (capi_list *p = live_lists; p; p = p->next)
        list_release_entries(p);
}

static bool bad_list(PyObject *op)
{
    if (op && PyList_Check(op))
        return false;
    capi_bad_internal_call();
    return true;
}

/* Whether every item is an exact int that fits int64, or every item an exact float that
   is not NaN: then the list can leave the object strategy. */
static bool narrowable(w_list *l)
{
    if (l->strategy != W_LIST_OBJECT || l->size == 0)
        return false;
    vkey first = object_key(w_objs(l)[0]);
    if (first.kind == KEY_NONE)
        return false;
    for (int64_t i = 0; i < l->size; i++) {
        w_object *w = w_objs(l)[i];
        vkey k = object_key(w);
        if (k.kind != first.kind || (k.kind == KEY_FLOAT && isnan(((w_float *)w)->value)))
            return false;
    }
    return true;
}

/* C has filled every slot of PyList_New: give the list the narrowest strategy. */
static void narrow(PyObject *op)
{
    if (!narrowable(wl(op)))
        return;
    int64_t n;
    w_objarray *items = w_list_take_items(capi_link(op), &n); /* object strategy: no allocation */
    if (items)
        w_list_put_items(capi_link(op), items, n);
    capi_list *p = (capi_list *)op;
    if (p->viewing) /* the items C stored that were not value proxies have new entries */
        view_splice(p, 0, p->vlen, (Py_ssize_t)wl(op)->size);
}

/* Stores `v` (a reference C hands over; NULL empties the slot) as item i < size. The
   list's reference to the old item is released, as PyList_SetItem does, or with
   `hand_old` passed to C, as CPython's PyList_SET_ITEM leaves it to its caller, whose
   idiom is old = PyList_GET_ITEM(l, i); PyList_SET_ITEM(l, i, v); Py_DECREF(old). */
static int store_item(PyObject *op, Py_ssize_t i, PyObject *v, bool hand_old)
{
    capi_list *p = (capi_list *)op;
    bool value = v && is_value_proxy(v);
    GC_ENTER();
    w_object *wv = NULL;
    GC_ROOT(wv);
    wv = !v ? w_None : value ? value_w(v) : capi_w(v);
    if (!wv) {
        Py_XDECREF(v);
        GC_RETURN(-1);
    }
    PyObject *old = i < p->ncache ? p->cache[i] : NULL;
    bool old_is_item = old && old != UNFILLED && entry_matches(wl(op), i, old);
    /* an object item has no cache entry: what C read of it is its proxy, which the runtime
       list keeps alive; the reference handed to C is a new one, taken before the store so
       that the item outlives it */
    PyObject *handed = NULL;
    if (hand_old && !old_is_item && old != UNFILLED && wl(op)->strategy == W_LIST_OBJECT)
        handed = Py_NewRef(capi_proxy(w_objs(wl(op))[i]));
    p->quiet = true;
    int r = w_list_set(capi_link(op), i, wv);
    p->quiet = false;
    if (r < 0) {
        Py_XDECREF(handed);
        Py_XDECREF(v);
        GC_RETURN(-1);
    }
    if (old) {
        p->cache[i] = NULL;
        if (old == UNFILLED)
            p->unfilled--;
        else if (old_is_item) {
            if (!hand_old)
                Py_DECREF(old); /* else the entry's reference is C's now */
        } else
            displace(p, wl(op), old);
    }
    if (!v) {
        cache_put(p, wl(op), i, UNFILLED);
        p->unfilled++;
    } else if (value) {
        cache_put(p, wl(op), i, v);
    } else {
        Py_DECREF(v); /* the runtime list holds its object, which keeps the proxy */
    }
    if (p->viewing)
        view_splice(p, i, 1, 1);
    if (old == UNFILLED && p->unfilled == 0) {
        p->quiet = true;
        narrow(op);
        p->quiet = false;
    }
    GC_RETURN(0);
}

/* C shrank ob_size: it took items [ob_size, vlen) with the list's references to them
   (Cython's unpacking into a starred target does). A size C could not have set
   (negative, or larger: `allocated` is always 0) is put back. */
static void view_take_truncation(capi_list *p)
{
    Py_ssize_t n = p->base.ob_base.ob_size;
    if (n < 0 || n > p->vlen) {
        p->base.ob_base.ob_size = p->vlen;
        return;
    }
    for (Py_ssize_t i = n; i < p->vlen; i++) {
        PyObject *e = p->base.ob_item[i];
        PyObject *c = i < p->ncache ? p->cache[i] : NULL;
        if (c == UNFILLED)
            p->unfilled--;
        else if (!c && e)
            Py_INCREF(e); /* an object item's proxy: the runtime list's share goes to C */
        /* else a value entry, whose reference C has taken over */
        if (c)
            p->cache[i] = NULL;
    }
    if (p->ncache > n)
        p->ncache = n;
    p->quiet = true;
    w_list_del_slice(capi_link((PyObject *)p), n, 1, p->vlen - n);
    p->quiet = false;
    p->vlen = n;
    if (p->scan > n)
        p->scan = n;
}

/* Takes up what C wrote past the API (see "the view"). Slots PyList_New left are taken up
   in order, up to the first one C has not filled, from where the last call stopped: C
   fills in order (Cython's slice copy) or through PyList_SET_ITEM, and either way each
   slot is looked at a bounded number of times, however C interleaves its calls. */
static void view_sync_slow(capi_list *p)
{
    if (p->base.ob_base.ob_size != p->vlen)
        view_take_truncation(p);
    while (p->unfilled && p->scan < p->vlen) {
        Py_ssize_t i = p->scan;
        if (i < p->ncache && p->cache[i] == UNFILLED) {
            PyObject *v = p->base.ob_item[i];
            if (!v)
                break;
            p->base.ob_item[i] = NULL;
            store_item((PyObject *)p, i, v, false); /* an error stays set for C to see */
        }
        p->scan = i + 1;
    }
}

/* view_sync of a list known to have a view. */
static inline void view_sync_viewing(capi_list *p)
{
    if (__builtin_expect(p->base.ob_base.ob_size != p->vlen || p->unfilled, 0))
        view_sync_slow(p);
}

static inline void view_sync(PyObject *op)
{
    capi_list *p = (capi_list *)op;
    if (p->viewing)
        view_sync_viewing(p);
}

void capi_list_sync(PyObject *op)
{
    if (PyList_Check(op))
        view_sync(op);
}

/* ---- the API ------------------------------------------------------------------------------------ */

PyObject *PyList_New(Py_ssize_t n)
{
    if (n < 0) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *one = NULL, *l = NULL, *none = w_None;
    GC_ROOT(one);
    GC_ROOT(l);
    if (n == 0) {
        l = w_list_new(0);
    } else {
        one = w_list_from_array(&none, 1);
        l = one ? w_list_repeat_items(one, n) : NULL;
    }
    if (!l)
        GC_RETURN(NULL);
    PyObject *op = capi_new_ref(l);
    capi_list *p = (capi_list *)op;
    cache_extend(p, n);
    for (Py_ssize_t i = 0; i < n; i++)
        p->cache[i] = UNFILLED;
    p->unfilled = n;
    view_start(p); /* C may fill ob_item directly */
    GC_RETURN(op);
}

Py_ssize_t capi_list_size(PyObject *op)
{
    capi_list *p = (capi_list *)op;
    if (!p->viewing)
        view_start(p);
    view_sync(op);
    return p->vlen;
}

Py_ssize_t PyList_Size(PyObject *op)
{
    if (bad_list(op))
        return -1;
    view_sync(op);
    return (Py_ssize_t)wl(op)->size;
}

/* Item i, or NULL (no error set) for an index out of range. */
static PyObject *get_item(PyObject *op, Py_ssize_t i)
{
    capi_list *p = (capi_list *)op;
    if (p->viewing) {
        view_sync_viewing(p);
        return (uint64_t)i < (uint64_t)p->vlen ? p->base.ob_item[i] : NULL;
    }
    w_list *l = wl(op);
    return (uint64_t)i < (uint64_t)l->size ? list_item(op, l, i) : NULL;
}

/* Whether item i is ob_item[i] as it stands: a view with nothing of C's to take up, and
   i in range (the reads' fast path, a leaf). */
static inline bool in_view(PyObject *op, Py_ssize_t i)
{
    capi_list *p = (capi_list *)op;
    return p->viewing && p->base.ob_base.ob_size == p->vlen && !p->unfilled &&
           (uint64_t)i < (uint64_t)p->vlen;
}

static __attribute__((noinline)) PyObject *getitem_slow(PyObject *op, Py_ssize_t i)
{
    if (bad_list(op))
        return NULL;
    PyObject *v = get_item(op, i);
    if (!v && (uint64_t)i >= (uint64_t)wl(op)->size)
        return w_raise_fmt(w_exc_IndexError, "list index out of range");
    return v; /* NULL without an error for a slot of PyList_New not filled yet */
}

PyObject *PyList_GetItem(PyObject *op, Py_ssize_t i)
{
    if (__builtin_expect(op && PyList_Check(op) && in_view(op, i), 1))
        return ((PyListObject *)op)->ob_item[i];
    return getitem_slow(op, i);
}

PyObject *_Ferry_List_GET_ITEM(PyObject *op, Py_ssize_t i)
{
    if (__builtin_expect(in_view(op, i), 1))
        return ((PyListObject *)op)->ob_item[i];
    return get_item(op, i);
}

int PyList_SetItem(PyObject *op, Py_ssize_t i, PyObject *v)
{
    if (bad_list(op)) {
        Py_XDECREF(v);
        return -1;
    }
    view_sync(op);
    if ((uint64_t)i >= (uint64_t)wl(op)->size) {
        Py_XDECREF(v);
        w_raise_fmt(w_exc_IndexError, "list assignment index out of range");
        return -1;
    }
    return store_item(op, i, v, false);
}

void _Ferry_List_SET_ITEM(PyObject *op, Py_ssize_t i, PyObject *v)
{
    view_sync(op);
    if ((uint64_t)i >= (uint64_t)wl(op)->size) {
        Py_XDECREF(v);
        return;
    }
    store_item(op, i, v, true); /* an error stays set for the caller to notice */
}

/* Adds `v` (not handed over) before index `where` (0 <= where <= size). */
static int insert_item(PyObject *op, Py_ssize_t where, PyObject *v)
{
    bool value = is_value_proxy(v);
    capi_list *p = (capi_list *)op;
    GC_ENTER();
    w_object *wv = NULL;
    GC_ROOT(wv);
    if (!(wv = value ? value_w(v) : capi_w(v)))
        GC_RETURN(-1);
    p->quiet = true;
    int r = w_list_insert(capi_link(op), where, wv);
    p->quiet = false;
    if (r < 0)
        GC_RETURN(-1);
    cache_splice(p, where, 0, 1, false);
    if (value)
        cache_put(p, wl(op), where, Py_NewRef(v));
    if (p->viewing)
        view_splice(p, where, 0, 1);
    GC_RETURN(0);
}

int PyList_Insert(PyObject *op, Py_ssize_t where, PyObject *v)
{
    if (!op || !PyList_Check(op) || !v) {
        capi_bad_internal_call();
        return -1;
    }
    view_sync(op);
    Py_ssize_t n = (Py_ssize_t)wl(op)->size;
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    return insert_item(op, where, v);
}

int PyList_Append(PyObject *op, PyObject *v)
{
    if (!op || !PyList_Check(op) || !v) {
        capi_bad_internal_call();
        return -1;
    }
    view_sync(op);
    return insert_item(op, (Py_ssize_t)wl(op)->size, v);
}

/* Clamps [lo, hi) into [0, n] the way CPython's list slicing does. */
static void clamp_range(Py_ssize_t n, Py_ssize_t *lo, Py_ssize_t *hi)
{
    if (*lo < 0)
        *lo = 0;
    else if (*lo > n)
        *lo = n;
    if (*hi < *lo)
        *hi = *lo;
    else if (*hi > n)
        *hi = n;
}

PyObject *PyList_GetSlice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi)
{
    if (bad_list(op))
        return NULL;
    view_sync(op);
    clamp_range((Py_ssize_t)wl(op)->size, &lo, &hi);
    return capi_new_ref(w_list_slice(capi_link(op), lo, 1, hi - lo));
}

/* The items of `v` as a runtime list (`v` itself if it is one), with CPython's error
   for an object that cannot be iterated. */
static w_object *items_of(PyObject *v, const char *not_iterable)
{
    w_object *w = capi_w(v);
    if (!w || W_LIST_CHECK(w))
        return w;
    GC_ENTER();
    w_object *it = NULL;
    GC_ROOT(w);
    GC_ROOT(it);
    if (!(it = space_iter(w))) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "%s", not_iterable);
        }
        GC_RETURN(NULL);
    }
    GC_RETURN(w_list_from_iterable(it));
}

/* Replaces items [lo, hi) (clamped at the time) by the items of `v`, or deletes them. */
static int set_slice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi, PyObject *v)
{
    GC_ENTER();
    w_object *src = NULL;
    GC_ROOT(src);
    if (v && !(src = items_of(v, "can only assign an iterable")))
        GC_RETURN(-1);
    /* iterating `v` may have run code that changed the list */
    clamp_range((Py_ssize_t)wl(op)->size, &lo, &hi);
    capi_list *p = (capi_list *)op;
    Py_ssize_t m = src ? (Py_ssize_t)w_list_size(src) : 0;
    cache_sort_out(p, wl(op), lo, hi);
    p->quiet = true;
    int r = src ? w_list_assign_slice(capi_link(op), lo, 1, hi - lo, src)
                : w_list_del_slice(capi_link(op), lo, 1, hi - lo);
    p->quiet = false;
    if (r < 0)
        GC_RETURN(-1);
    cache_splice(p, lo, hi - lo, m, false);
    if (p->viewing)
        view_splice(p, lo, hi - lo, m);
    GC_RETURN(0);
}

int PyList_SetSlice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi, PyObject *v)
{
    if (bad_list(op))
        return -1;
    view_sync(op);
    return set_slice(op, lo, hi, v);
}

int PyList_Sort(PyObject *op)
{
    if (bad_list(op))
        return -1;
    view_sync(op);
    return w_list_sort(capi_link(op), NULL, false); /* a view follows through the hook */
}

int PyList_Reverse(PyObject *op)
{
    if (bad_list(op))
        return -1;
    view_sync(op);
    capi_list *p = (capi_list *)op;
    p->quiet = true;
    w_list_reverse(capi_link(op));
    p->quiet = false;
    /* the items' entries follow them */
    Py_ssize_t n = (Py_ssize_t)wl(op)->size;
    if (p->ncache) {
        cache_extend(p, n);
        for (Py_ssize_t i = 0, j = n - 1; i < j; i++, j--) {
            PyObject *t = p->cache[i];
            p->cache[i] = p->cache[j];
            p->cache[j] = t;
        }
    }
    if (p->viewing)
        view_splice(p, 0, n, n);
    return 0;
}

PyObject *PyList_AsTuple(PyObject *op)
{
    if (bad_list(op))
        return NULL;
    view_sync(op);
    return capi_new_ref(w_tuple_from_iterable(capi_link(op)));
}

PyObject *_PyList_Extend(PyListObject *self, PyObject *iterable)
{
    PyObject *op = (PyObject *)self;
    if (bad_list(op))
        return NULL;
    view_sync(op);
    GC_ENTER();
    w_object *src = NULL, *w = NULL;
    GC_ROOT(src);
    GC_ROOT(w);
    if (!(w = capi_w(iterable)))
        GC_RETURN(NULL);
    src = W_LIST_CHECK(w) ? w : w_list_from_iterable(w);
    if (!src)
        GC_RETURN(NULL);
    capi_list *p = (capi_list *)op;
    Py_ssize_t n = (Py_ssize_t)wl(op)->size;
    p->quiet = true;
    int r = w_list_assign_slice(capi_link(op), n, 1, 0, src);
    p->quiet = false;
    if (r < 0)
        GC_RETURN(NULL);
    Py_ssize_t added = (Py_ssize_t)wl(op)->size - n;
    cache_splice(p, n, 0, added, false);
    if (p->viewing)
        view_splice(p, n, 0, added);
    GC_RETURN(Py_NewRef(Py_None));
}

PyObject **_Ferry_List_ITEMS(PyObject *op)
{
    capi_list_size(op);
    return ((capi_list *)op)->base.ob_item;
}

int capi_list_init(void)
{
    capi_bind_static_type(&PyList_Type, w_list_type);
    capi_register_proxy_maker(W_TID_LIST, list_proxy);
    capi_register_base_layout(W_TID_LIST, list_init_proxy, true);
    capi_register_gc_safe_dealloc(list_dealloc);
    w_list_set_change_hook(list_changed);
    live_lists = NULL;
    return 0;
}

/* gcobjects.c — GC-tracked C objects (PyObject_GC_*) and the cycles that run through both heaps. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * C holds its references as counts, which the collector cannot see through: a proxy C
 * holds is a root (link.c). For a cycle that runs from a runtime object through an
 * extension object's C fields back again, that would mean a leak. So a major collection
 * does what CPython's collector does, over the *tracked* C objects (PyObject_GC_Track)
 * that have crossed into the runtime:
 *
 *   1. before the roots are visited, every reference such an object reports through
 *      tp_traverse is taken off the referent's count (`subtract`): a proxy whose C
 *      references all come from tracked objects is then no longer a root;
 *   2. marking reaches those references through the tracked object's runtime object
 *      instead (GC_F_EXTRA_TRACE: `trace_fields`), so they stay alive exactly when their
 *      holder does;
 *   3. once marking is done the counts are restored (`restore`), and every tracked object
 *      whose runtime object died is garbage: it is held (INCREF) and queued, and after the
 *      collection (capi_flush_pending) tp_clear breaks its references and the last DECREF
 *      frees it — the proxies of the dead runtime objects it referred to go with it.
 *
 * Tracked objects that never crossed have no runtime object: their references stay
 * roots, which can keep a cycle alive but never frees anything live.
 *
 * The tracked set is a hash set of object addresses (no header before the object, so
 * that instances of builtin-based types keep their base's layout and tp_free).
 */

static PyObject **set;
static size_t set_mask, set_used;

static struct {
    PyObject **items;
    size_t n, cap;
} garbage;

static void out_of_memory(void)
{
    fprintf(stderr, "ferry: out of memory tracking C objects\n");
    abort();
}

static inline size_t hash(const PyObject *o)
{
    return (size_t)(((uintptr_t)o >> 3) * 0x9E3779B97F4A7C15ull);
}

static void set_grow(void)
{
    size_t oldsize = set ? set_mask + 1 : 0;
    PyObject **old = set;
    size_t size = oldsize ? oldsize * 2 : 256;
    set = calloc(size, sizeof *set);
    if (!set)
        out_of_memory();
    set_mask = size - 1;
    for (size_t i = 0; i < oldsize; i++) {
        if (!old[i])
            continue;
        size_t j = hash(old[i]) & set_mask;
        while (set[j])
            j = (j + 1) & set_mask;
        set[j] = old[i];
    }
    free(old);
}

static size_t find(const PyObject *o)
{
    size_t j = hash(o) & set_mask;
    while (set[j] && set[j] != o)
        j = (j + 1) & set_mask;
    return j;
}

int capi_gc_is_tracked(PyObject *o)
{
    return set && set[find(o)] == o;
}

void PyObject_GC_Track(void *op)
{
    PyObject *o = op;
    if (!set || (set_used + 1) * 4 > (set_mask + 1) * 3)
        set_grow();
    size_t j = find(o);
    if (set[j] == o)
        Py_FatalError("PyObject_GC_Track: object already tracked by the garbage collector");
    set[j] = o;
    set_used++;
    w_object *w = capi_link(o);
    if (w)
        w->gc.flags |= GC_F_EXTRA_TRACE;
}

/* Removes slot j, shifting later members of its probe run back (no tombstones). */
static void remove_at(size_t j)
{
    size_t i = j;
    for (;;) {
        set[i] = NULL;
        size_t k = i;
        for (;;) {
            k = (k + 1) & set_mask;
            if (!set[k]) {
                set_used--;
                return;
            }
            size_t home = hash(set[k]) & set_mask;
            if (i <= k ? (home <= i || home > k) : (home <= i && home > k))
                break;
        }
        set[i] = set[k];
        i = k;
    }
}

void PyObject_GC_UnTrack(void *op)
{
    PyObject *o = op;
    if (!set)
        return;
    size_t j = find(o);
    if (set[j] != o)
        return;
    remove_at(j);
    w_object *w = capi_link(o);
    if (w)
        w->gc.flags &= ~GC_F_EXTRA_TRACE;
}

int PyObject_GC_IsTracked(PyObject *o)
{
    return capi_gc_is_tracked(o);
}

PyObject *_PyObject_GC_New(PyTypeObject *pt)
{
    return _PyObject_New(pt);
}

PyVarObject *_PyObject_GC_NewVar(PyTypeObject *pt, Py_ssize_t nitems)
{
    return _PyObject_NewVar(pt, nitems);
}

PyVarObject *_PyObject_GC_Resize(PyVarObject *op, Py_ssize_t nitems)
{
    PyTypeObject *pt = Py_TYPE(op);
    int tracked = capi_gc_is_tracked((PyObject *)op);
    if (capi_link((PyObject *)op)) {
        PyErr_SetString(PyExc_SystemError, "cannot resize an object the runtime already holds");
        return NULL;
    }
    if (tracked)
        PyObject_GC_UnTrack(op);
    size_t size = (size_t)pt->tp_basicsize + (size_t)nitems * (size_t)pt->tp_itemsize;
    PyVarObject *n = PyObject_Realloc(op, size);
    if (!n) {
        if (tracked)
            PyObject_GC_Track(op);
        return (PyVarObject *)PyErr_NoMemory();
    }
    n->ob_size = nitems;
    if (tracked)
        PyObject_GC_Track(n);
    return n;
}

void PyObject_GC_Del(void *op)
{
    PyObject_GC_UnTrack(op);
    capi_forget_finalized(op);
    PyObject_Free(op);
}

/* ---- the major collection's part ------------------------------------------------------------ */

/* A referent whose count a tracked object's reference makes: linked, not a static. */
static inline int counted(PyObject *q)
{
    return q && capi_link(q) && q->ob_refcnt < FERRY_REFCNT_IMMORTAL;
}

static int visit_decref(PyObject *q, void *arg)
{
    if (counted(q))
        q->ob_refcnt--;
    return 0;
}

static int visit_incref(PyObject *q, void *arg)
{
    if (counted(q))
        q->ob_refcnt++;
    return 0;
}

static void traverse_all(visitproc visit)
{
    for (size_t j = 0; set && j <= set_mask; j++) {
        PyObject *o = set[j];
        if (o && capi_link(o) && Py_TYPE(o)->tp_traverse)
            Py_TYPE(o)->tp_traverse(o, visit, NULL);
    }
}

/* A linked tuple proxy's items are the references of its runtime tuple over again (the
   proxy keeps them for PyTuple_GET_ITEM): the runtime tuple's own trace accounts for them,
   so they are no roots either. */
static void tuple_items(PyObject *p, visitproc visit)
{
    if (!PyTuple_Check(p))
        return;
    for (Py_ssize_t i = 0; i < ((PyVarObject *)p)->ob_size; i++)
        visit(((PyTupleObject *)p)->ob_item[i], NULL);
}

static void tuple_decref(PyObject *p)
{
    tuple_items(p, visit_decref);
}

static void tuple_incref(PyObject *p)
{
    tuple_items(p, visit_incref);
}

void capi_gc_subtract(void)
{
    traverse_all(visit_decref);
    capi_each_linked(tuple_decref);
}

struct mark_ctx {
    gc_visit_fn visit;
    void *vctx;
};

static int visit_mark(PyObject *q, void *arg)
{
    struct mark_ctx *m = arg;
    if (counted(q)) {
        void *w = capi_link(q);
        m->visit(&w, m->vctx); /* old objects don't move: the link stays right */
    }
    return 0;
}

/* The collector's extra tracer: a tracked object's runtime object reaches what its C
   fields hold. */
static void trace_fields(void *obj, gc_visit_fn visit, void *vctx)
{
    PyObject *o = capi_proxy(obj);
    struct mark_ctx m = {visit, vctx};
    if (Py_TYPE(o)->tp_traverse)
        Py_TYPE(o)->tp_traverse(o, visit_mark, &m);
}

/* ---- cycles among tracked objects that never crossed ---------------------------------------
 * They have no runtime object for the marking to reach, so CPython's own algorithm runs
 * over them alone: each one's count minus the references the others hold is what the
 * rest of the world holds; those with some are alive, and so is everything they reach;
 * the others are garbage. (A reference from a crossed object counts as the world's.) */

static Py_ssize_t *refs; /* parallel to `set` during c_only_garbage */
static size_t *stack, nstack;

/* A tracked object of this pass: never crossed, or whose runtime object died in the minor
   collection that began this major one, and not already waiting for tp_dealloc. */
static inline int c_only(PyObject *o)
{
    return o && !capi_link(o) && o->ob_refcnt > 0;
}

static int visit_internal(PyObject *q, void *arg)
{
    if (c_only(q) && set[find(q)] == q)
        refs[find(q)]--;
    return 0;
}

static int visit_reach(PyObject *q, void *arg)
{
    if (!c_only(q))
        return 0;
    size_t j = find(q);
    if (set[j] == q && refs[j] <= 0) {
        refs[j] = 1;
        stack[nstack++] = j;
    }
    return 0;
}

static void queue_garbage(PyObject *o);

static void c_only_garbage(void)
{
    size_t n = set ? set_mask + 1 : 0;
    if (!n || !(refs = calloc(n, sizeof *refs)) || !(stack = malloc(n * sizeof *stack))) {
        free(refs);
        refs = NULL;
        return; /* out of memory: they wait for a later collection */
    }
    for (size_t j = 0; j < n; j++)
        if (c_only(set[j]))
            refs[j] = set[j]->ob_refcnt;
    for (size_t j = 0; j < n; j++)
        if (c_only(set[j]) && Py_TYPE(set[j])->tp_traverse)
            Py_TYPE(set[j])->tp_traverse(set[j], visit_internal, NULL);
    nstack = 0;
    for (size_t j = 0; j < n; j++)
        if (c_only(set[j]) && refs[j] > 0)
            stack[nstack++] = j;
    while (nstack) {
        PyObject *o = set[stack[--nstack]];
        if (Py_TYPE(o)->tp_traverse)
            Py_TYPE(o)->tp_traverse(o, visit_reach, NULL);
    }
    for (size_t j = 0; j < n; j++)
        if (c_only(set[j]) && refs[j] <= 0)
            queue_garbage(set[j]);
    free(refs);
    free(stack);
    refs = NULL;
    stack = NULL;
}

static void queue_garbage(PyObject *o)
{
    if (garbage.n == garbage.cap) {
        garbage.cap = garbage.cap ? garbage.cap * 2 : 64;
        garbage.items = realloc(garbage.items, garbage.cap * sizeof *garbage.items);
        if (!garbage.items)
            out_of_memory();
    }
    Py_INCREF(o);
    garbage.items[garbage.n++] = o;
    capi_work_pending = true;
}

void capi_gc_restore(void)
{
    traverse_all(visit_incref);
    capi_each_linked(tuple_incref);
    for (size_t j = 0; set && j <= set_mask; j++) {
        PyObject *o = set[j];
        if (!o || !capi_link(o) || gc_survivor(capi_link(o)))
            continue;
        /* dead but held by nothing in C: its own deallocation releases what it holds */
        if (o->ob_refcnt <= FERRY_REFCNT_HOST)
            continue;
        queue_garbage(o);
    }
    c_only_garbage();
}

void capi_gc_clear_garbage(void)
{
    while (garbage.n) {
        /* tp_clear may free other members of the batch, but each is held until its turn */
        PyObject *o = garbage.items[--garbage.n];
        inquiry clear = Py_TYPE(o)->tp_clear;
        if (clear)
            clear(o);
        Py_DECREF(o);
    }
}

size_t capi_gc_tracked_count(void)
{
    return set_used;
}

int capi_gc_init(void)
{
    gc_set_extra_trace(trace_fields);
    return 0;
}

void capi_gc_fini(void)
{
    free(set);
    free(garbage.items);
    set = NULL;
    set_mask = set_used = 0;
    memset(&garbage, 0, sizeof garbage);
}

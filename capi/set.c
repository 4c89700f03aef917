/* set.c — set and frozenset proxies (plain views of the runtime sets) and the PySet_* API. */
#include "capi/capi.h"

PyTypeObject PySet_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "set",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = capi_plain_dealloc,
};
/*
 * CPython lets C fill a frozenset that nobody else holds yet (PySet_Add on a frozenset of
 * count 1), right after making it. Here the count includes the runtime's share and an
 * argument tuple's reference looks like the creator's, so the count alone cannot tell:
 * the last frozensets PyFrozenSet_New made are remembered (until their proxy dies or
 * FRESH newer ones push them out), and only those may be filled, while C holds just one
 * reference.
 */
#define FRESH 16
static PyObject *fresh[FRESH];
static unsigned fresh_next;

static void frozenset_dealloc(PyObject *o)
{
    for (unsigned i = 0; i < FRESH; i++)
        if (fresh[i] == o)
            fresh[i] = NULL;
    capi_plain_dealloc(o);
}

static bool is_fresh(PyObject *o)
{
    for (unsigned i = 0; i < FRESH; i++)
        if (fresh[i] == o)
            return o->ob_refcnt == FERRY_REFCNT_HOST + 1;
    return false;
}

PyTypeObject PyFrozenSet_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "frozenset",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = frozenset_dealloc,
};

/* The runtime set of `op` if `ok`, else NULL with SystemError. */
static w_object *set_of(PyObject *op, bool ok)
{
    if (!op || !ok) {
        capi_bad_internal_call();
        return NULL;
    }
    return capi_w(op);
}

#define ANYSET(op) set_of((op), (op) && PyAnySet_Check(op))
#define SET(op) set_of((op), (op) && PySet_Check(op))

static PyObject *new_set(PyObject *iterable, bool frozen)
{
    if (!iterable)
        return capi_new_ref(w_set_new(frozen));
    w_object *w = capi_w(iterable);
    return w ? capi_new_ref(w_set_from_iterable(w, frozen)) : NULL;
}

PyObject *PySet_New(PyObject *iterable)
{
    return new_set(iterable, false);
}

PyObject *PyFrozenSet_New(PyObject *iterable)
{
    PyObject *f = new_set(iterable, true);
    if (f && PyFrozenSet_CheckExact(f)) {
        fresh[fresh_next] = f;
        fresh_next = (fresh_next + 1) % FRESH;
    }
    return f;
}

Py_ssize_t PySet_Size(PyObject *op)
{
    w_object *s = ANYSET(op);
    return s ? (Py_ssize_t)w_set_size(s) : -1;
}

/* The runtime object of `key`, hashed first: unlike the `in` operator, the C functions
   do not retry an unhashable set key as a frozenset. */
static w_object *hashed_key(PyObject *key)
{
    w_object *k = capi_w(key);
    int64_t h;
    if (!k || space_hash(k, &h) < 0)
        return NULL;
    return capi_link(key);
}

int PySet_Contains(PyObject *op, PyObject *key)
{
    if (!ANYSET(op))
        return -1;
    w_object *k = hashed_key(key);
    return k ? w_set_contains(capi_link(op), k) : -1;
}

int PySet_Discard(PyObject *op, PyObject *key)
{
    if (!SET(op))
        return -1;
    w_object *k = hashed_key(key);
    return k ? w_set_discard(capi_link(op), k) : -1;
}

int PySet_Add(PyObject *op, PyObject *key)
{
    bool ok = op && (PySet_Check(op) || (PyFrozenSet_Check(op) && is_fresh(op)));
    if (!set_of(op, ok))
        return -1;
    w_object *k = capi_w(key);
    return k ? w_set_add(capi_link(op), k) : -1;
}

PyObject *PySet_Pop(PyObject *op)
{
    w_object *s = SET(op);
    return s ? capi_new_ref(space_call_method(s, "pop", NULL, 0)) : NULL;
}

int PySet_Clear(PyObject *op)
{
    w_object *s = SET(op);
    if (!s || !space_call_method(s, "clear", NULL, 0))
        return -1;
    return 0;
}

int _PySet_NextEntry(PyObject *op, Py_ssize_t *ppos, PyObject **pkey, Py_hash_t *phash)
{
    w_object *s = ANYSET(op);
    if (!s)
        return -1;
    int64_t pos = *ppos;
    w_object *k;
    if (pos < 0 || !w_set_next(s, &pos, &k))
        return 0;
    *ppos = (Py_ssize_t)pos;
    *pkey = capi_proxy(k);
    /* the hash stored next to the key (containers.h: one int64 per slot) */
    *phash = (Py_hash_t)((int64_t *)((w_set *)s)->hashes->data)[pos - 1];
    return 1;
}

int _PySet_Update(PyObject *op, PyObject *iterable)
{
    if (!SET(op))
        return -1;
    w_object *w = capi_w(iterable);
    return w ? w_set_update(capi_link(op), w) : -1;
}

int capi_set_init(void)
{
    capi_bind_static_type(&PySet_Type, w_set_type);
    capi_bind_static_type(&PyFrozenSet_Type, w_frozenset_type);
    capi_register_gc_safe_dealloc(frozenset_dealloc);
    memset(fresh, 0, sizeof fresh);
    return 0;
}

/* tuple.c — tuple proxies (per-size free lists, a real ob_item) and the PyTuple_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "freelists/freelists.h"

static size_t tuple_bytes(Py_ssize_t n)
{
    return offsetof(PyTupleObject, ob_item) + (size_t)(n > 0 ? n : 1) * sizeof(PyObject *);
}

static void tuple_dealloc(PyObject *o)
{
    Py_ssize_t n = ((PyVarObject *)o)->ob_size;
    PyObject **items = ((PyTupleObject *)o)->ob_item;
    for (Py_ssize_t i = 0; i < n; i++)
        Py_XDECREF(items[i]);
    if (n < FREELIST_TUPLE_SIZES)
        freelist_push(&freelist_tuple[n], o);
    else
        free(o);
}

PyTypeObject PyTuple_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "tuple",
    .tp_basicsize = offsetof(PyTupleObject, ob_item),
    .tp_itemsize = sizeof(PyObject *),
    .tp_dealloc = tuple_dealloc,
};

/* A tuple proxy of n items left unset, refcnt 0, no link. */
static PyTupleObject *tuple_alloc_unset(PyTypeObject *type, Py_ssize_t n)
{
    PyTupleObject *t = n < FREELIST_TUPLE_SIZES ? freelist_pop(&freelist_tuple[n], tuple_bytes(n))
                                                : malloc(tuple_bytes(n));
    if (!t) {
        fprintf(stderr, "ferry: out of memory allocating a tuple of %zd items\n", n);
        abort();
    }
    t->ob_base.ob_base.ob_refcnt = 0;
    t->ob_base.ob_base.ob_pypy_link = 0;
    t->ob_base.ob_base.ob_type = type;
    t->ob_base.ob_size = n;
    return t;
}

/* A tuple proxy of n items, all NULL, refcnt 0, no link. */
static PyTupleObject *tuple_alloc(PyTypeObject *type, Py_ssize_t n)
{
    PyTupleObject *t = tuple_alloc_unset(type, n);
    memset(t->ob_item, 0, (size_t)n * sizeof(PyObject *));
    return t;
}

PyObject *capi_args_tuple(w_object **args, size_t nargs)
{
    PyTupleObject *t = tuple_alloc_unset(&PyTuple_Type, (Py_ssize_t)nargs);
    t->ob_base.ob_base.ob_refcnt = 1;
    for (size_t i = 0; i < nargs; i++)
        t->ob_item[i] = capi_hold(args[i]);
    return (PyObject *)t;
}

/* A runtime tuple's proxy holds references to its items' proxies (made here if needed,
   without allocating in the heap: the tuple stays put while we read it). */
static PyObject *tuple_proxy(w_object *w)
{
    Py_ssize_t n = W_TUPLE_SIZE(w);
    PyTupleObject *t = tuple_alloc(NULL, n);
    for (Py_ssize_t i = 0; i < n; i++)
        t->ob_item[i] = capi_new_ref(W_TUPLE_ITEMS(w)[i]);
    return (PyObject *)t;
}

static w_object *tuple_w(PyObject *o, bool owned)
{
    PyTupleObject *t = (PyTupleObject *)o;
    Py_ssize_t n = t->ob_base.ob_size;
    /* The runtime tuple is made first and filled in place: its items are NULL until set,
       which the collector allows, and it is rooted while an item's conversion allocates.
       An owned tuple gives its items' references away: one that only it held converts by
       value, and tuple_dealloc skips the cleared slot. */
    GC_ENTER();
    w_object *r = w_tuple_new(n);
    GC_ROOT(r);
    for (Py_ssize_t i = 0; r && i < n; i++) {
        PyObject *item = t->ob_item[i];
        if (__builtin_expect(!item, 0))
            GC_RETURN(w_raise_fmt(w_exc_SystemError,
                                  "tuple item %zd is NULL when it crossed into the runtime", i));
        if (owned)
            t->ob_item[i] = NULL;
        w_object *w = owned ? capi_w_steal(item) : capi_w(item);
        if (w)
            w_tuple_set(r, i, w);
        else
            r = NULL;
    }
    GC_RETURN(r);
}

PyObject *PyTuple_New(Py_ssize_t n)
{
    if (n < 0) {
        capi_bad_internal_call();
        return NULL;
    }
    PyTupleObject *t = tuple_alloc(&PyTuple_Type, n);
    t->ob_base.ob_base.ob_refcnt = 1;
    return (PyObject *)t;
}

Py_ssize_t PyTuple_Size(PyObject *o)
{
    if (!o || !PyTuple_Check(o)) {
        capi_bad_internal_call();
        return -1;
    }
    return Py_SIZE(o);
}

PyObject *PyTuple_GetItem(PyObject *o, Py_ssize_t i)
{
    if (!o || !PyTuple_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    if (i < 0 || i >= Py_SIZE(o))
        return w_raise_fmt(w_exc_IndexError, "tuple index out of range");
    return PyTuple_GET_ITEM(o, i);
}

int PyTuple_SetItem(PyObject *o, Py_ssize_t i, PyObject *v)
{
    if (!o || !PyTuple_Check(o) || o->ob_refcnt != 1 || capi_link(o)) {
        Py_XDECREF(v);
        capi_bad_internal_call();
        return -1;
    }
    if (i < 0 || i >= Py_SIZE(o)) {
        Py_XDECREF(v);
        w_raise_fmt(w_exc_IndexError, "tuple assignment index out of range");
        return -1;
    }
    Py_XSETREF(((PyTupleObject *)o)->ob_item[i], v);
    return 0;
}

PyObject *PyTuple_GetSlice(PyObject *o, Py_ssize_t lo, Py_ssize_t hi)
{
    if (!o || !PyTuple_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    Py_ssize_t n = Py_SIZE(o);
    if (lo < 0)
        lo = 0;
    if (hi > n)
        hi = n;
    if (hi < lo)
        hi = lo;
    if (lo == 0 && hi == n && PyTuple_CheckExact(o))
        return Py_NewRef(o);
    PyObject *r = PyTuple_New(hi - lo);
    for (Py_ssize_t i = lo; i < hi; i++)
        PyTuple_SET_ITEM(r, i - lo, Py_NewRef(PyTuple_GET_ITEM(o, i)));
    return r;
}

PyObject *PyTuple_Pack(Py_ssize_t n, ...)
{
    PyObject *r = PyTuple_New(n);
    if (!r)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(r, i, Py_NewRef(va_arg(ap, PyObject *)));
    va_end(ap);
    return r;
}

int _PyTuple_Resize(PyObject **pv, Py_ssize_t n)
{
    PyObject *o = *pv;
    if (!o || !PyTuple_CheckExact(o) || o->ob_refcnt != 1 || capi_link(o) || n < 0) {
        *pv = NULL;
        Py_XDECREF(o);
        capi_bad_internal_call();
        return -1;
    }
    Py_ssize_t old = Py_SIZE(o);
    PyTupleObject *t = tuple_alloc(&PyTuple_Type, n);
    t->ob_base.ob_base.ob_refcnt = 1;
    PyTupleObject *from = (PyTupleObject *)o;
    for (Py_ssize_t i = 0; i < old; i++) {
        if (i < n)
            t->ob_item[i] = from->ob_item[i];
        else
            Py_XDECREF(from->ob_item[i]);
        from->ob_item[i] = NULL;
    }
    Py_DECREF(o);
    *pv = (PyObject *)t;
    return 0;
}

int capi_tuple_init(void)
{
    capi_bind_static_type(&PyTuple_Type, w_tuple_type);
    capi_register_proxy_maker(W_TID_TUPLE, tuple_proxy);
    capi_register_w_maker(&PyTuple_Type, tuple_w, true);
    capi_register_gc_safe_dealloc(tuple_dealloc);
    return 0;
}

/* bytearray.c — bytearray proxies and the PyByteArray_* API: the bytes stay in the runtime object, pinned for C. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A bytearray proxy is a view: the runtime object owns the bytes and C reads its size
 * through Py_SIZE (the type carries _Py_TPFLAGS_FERRY_DYNAMIC_SIZE). For C to hold a
 * pointer to the bytes, PyByteArray_AsString moves them to old-space storage, which the
 * collector never moves: the pointer is then valid until the bytearray is resized,
 * because only a resize (growing past the storage, or clear()) replaces the storage.
 * The runtime's own growth allocates young storage again; the next AsString pins anew.
 */

char _PyByteArray_empty_string[1];

static void bytearray_dealloc(PyObject *o)
{
    free(o);
}

PyTypeObject PyByteArray_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "bytearray",
    .tp_basicsize = sizeof(PyByteArrayObject),
    .tp_dealloc = bytearray_dealloc,
};

static PyObject *bytearray_proxy(w_object *w)
{
    PyByteArrayObject *b = calloc(1, sizeof *b);
    if (!b) {
        fprintf(stderr, "ferry: out of memory making a bytearray proxy\n");
        abort();
    }
    return (PyObject *)b;
}

#define BA(o) ((w_bytearray *)capi_link(o))

/* Gives the bytearray of proxy `o` old-space storage with room for `need` bytes and a
   NUL, keeping its contents; the bytes past the size are zero. Nothing happens when
   its storage already qualifies. 0, or -1 with MemoryError. */
static int pin_storage(PyObject *o, int64_t need)
{
    w_rawarray *st = BA(o)->storage;
    if (st && !gc_is_young(st) && st->nbytes > need)
        return 0;
    GC_ENTER();
    w_object *w = capi_link(o);
    GC_ROOT(w);
    int64_t cap = need + need / 8 + 16;
    st = (w_rawarray *)w_alloc_old(NULL, W_TID_RAWARRAY, sizeof(w_rawarray) + (size_t)cap);
    if (!st) {
        w_raise(w_exc_MemoryError, NULL);
        GC_RETURN(-1);
    }
    w_bytearray *ba = (w_bytearray *)w;
    st->nbytes = cap;
    if (ba->size)
        memcpy(st->data, ba->storage->data, (size_t)ba->size);
    memset(st->data + ba->size, 0, (size_t)(cap - ba->size));
    W_STORE(ba, storage, st);
    GC_RETURN(0);
}

char *PyByteArray_AsString(PyObject *o)
{
    if (!o || !PyByteArray_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    PyByteArrayObject *p = (PyByteArrayObject *)o;
    int64_t size = BA(o)->size;
    p->ob_base.ob_size = size;
    if (size == 0)
        return _PyByteArray_empty_string; /* as CPython: writable, shared, one NUL */
    if (pin_storage(o, size) < 0)
        return NULL;
    w_rawarray *st = BA(o)->storage;
    st->data[size] = 0;
    p->ob_alloc = st->nbytes;
    p->ob_bytes = p->ob_start = st->data;
    return st->data;
}

Py_ssize_t PyByteArray_Size(PyObject *o)
{
    if (!o || !PyByteArray_Check(o)) {
        capi_bad_internal_call();
        return -1;
    }
    return Py_SIZE(o);
}

int PyByteArray_Resize(PyObject *o, Py_ssize_t size)
{
    if (!o || !PyByteArray_Check(o)) {
        capi_bad_internal_call();
        return -1;
    }
    if (size < 0) {
        w_raise_fmt(w_exc_ValueError, "Can only resize to positive sizes, got %zd", size);
        return -1;
    }
    int64_t old = BA(o)->size;
    if ((size != old && w_bytearray_check_resizable(capi_link(o)) < 0) ||
        pin_storage(o, size) < 0)
        return -1;
    w_bytearray *ba = BA(o);
    if (size > old)
        memset(ba->storage->data + old, 0, (size_t)(size - old));
    ba->size = size;
    ba->storage->data[size] = 0;
    return 0;
}

PyObject *PyByteArray_FromStringAndSize(const char *s, Py_ssize_t size)
{
    if (size < 0)
        return w_raise_fmt(w_exc_SystemError,
                           "Negative size passed to PyByteArray_FromStringAndSize");
    PyObject *o = capi_new_ref(w_bytearray_from("", 0));
    if (!o)
        return NULL;
    if (size && PyByteArray_Resize(o, size) < 0) {
        Py_DECREF(o);
        return NULL;
    }
    if (s && size)
        memcpy(BA(o)->storage->data, s, (size_t)size);
    return o;
}

PyObject *PyByteArray_FromObject(PyObject *o)
{
    GC_ENTER();
    w_object *a[1] = {NULL};
    GC_ROOT_ARRAY(a, 1);
    if (!(a[0] = capi_w(o)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_call((w_object *)w_bytearray_type, a, 1, NULL)));
}

/* The bytes of a bytes-like proxy: 1, 0 if `o` is not bytes-like, -1 with an error.
   Stable while `o` is not resized (bytes keep theirs inline, a bytearray is pinned). */
static int view(PyObject *o, const char **p, Py_ssize_t *n)
{
    if (PyBytes_Check(o)) {
        *p = PyBytes_AS_STRING(o);
        *n = Py_SIZE(o);
        return 1;
    }
    if (!PyByteArray_Check(o))
        return 0;
    *n = Py_SIZE(o);
    *p = PyByteArray_AS_STRING(o);
    return *p ? 1 : -1;
}

PyObject *PyByteArray_Concat(PyObject *a, PyObject *b)
{
    if (!a || !b) {
        capi_bad_internal_call();
        return NULL;
    }
    const char *pa, *pb;
    Py_ssize_t na, nb;
    int ka = view(a, &pa, &na), kb = ka > 0 ? view(b, &pb, &nb) : 0;
    if (ka < 0 || kb < 0)
        return NULL;
    if (!ka || !kb)
        return w_raise_fmt(w_exc_TypeError, "can't concat %.100s to %.100s", Py_TYPE(b)->tp_name,
                           Py_TYPE(a)->tp_name);
    if (na > PY_SSIZE_T_MAX - nb)
        return PyErr_NoMemory();
    PyObject *r = PyByteArray_FromStringAndSize(NULL, na + nb);
    if (r && na + nb) {
        char *d = BA(r)->storage->data;
        memcpy(d, pa, (size_t)na);
        memcpy(d + na, pb, (size_t)nb);
    }
    return r;
}

int capi_bytearray_init(void)
{
    capi_bind_static_type(&PyByteArray_Type, w_bytearray_type);
    capi_register_proxy_maker(W_TID_BYTEARRAY, bytearray_proxy);
    capi_register_gc_safe_dealloc(bytearray_dealloc);
    return 0;
}

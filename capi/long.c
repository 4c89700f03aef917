/* long.c — int proxies (from the int free list) and the PyLong_* API. */
#include "capi/capi.h"
#include "freelists/freelists.h"

static void long_dealloc(PyObject *o)
{
    freelist_push(&freelist_int, o);
}

PyTypeObject PyLong_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "int",
    .tp_basicsize = sizeof(PyLongObject),
    .tp_dealloc = long_dealloc,
};
PyTypeObject PyBool_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "bool",
    .tp_basicsize = sizeof(PyLongObject),
    .tp_dealloc = capi_plain_dealloc, /* only the two statics exist */
};

static PyLongObject *long_alloc(PyTypeObject *type)
{
    PyLongObject *p = freelist_pop(&freelist_int, sizeof(PyLongObject));
    p->ob_base.ob_refcnt = 0;
    p->ob_base.ob_pypy_link = 0;
    p->ob_base.ob_type = type;
    return p;
}

/* The proxy of a runtime int caches the value when it fits. */
static PyObject *long_proxy(w_object *w)
{
    PyLongObject *p = long_alloc(NULL);
    p->ob_ferry_small = w_int_is_small(w);
    p->ob_ferry_value = p->ob_ferry_small ? w_int_small_value(w) : 0;
    return (PyObject *)p;
}

static w_object *long_w(PyObject *o, bool owned)
{
    return w_int_from_i64(((PyLongObject *)o)->ob_ferry_value);
}

PyObject *PyLong_FromLong(long v)
{
    PyLongObject *p = long_alloc(&PyLong_Type);
    p->ob_base.ob_refcnt = 1;
    p->ob_ferry_value = v;
    p->ob_ferry_small = 1;
    return (PyObject *)p;
}

long PyLong_AsLong(PyObject *o)
{
    if (!o) {
        capi_bad_internal_call();
        return -1;
    }
    if (Py_IS_TYPE(o, &PyLong_Type) && ((PyLongObject *)o)->ob_ferry_small)
        return ((PyLongObject *)o)->ob_ferry_value;
    w_object *w = capi_w(o);
    if (!w)
        return -1;
    GC_ENTER();
    GC_ROOT(w);
    if (!W_INT_CHECK(w)) {
        w = space_index(w);
        if (!w)
            GC_RETURN(-1);
    }
    int64_t v;
    if (w_int_as_i64(w, &v) < 0)
        GC_RETURN(-1);
    GC_RETURN((long)v);
}

int capi_long_init(void)
{
    capi_bind_static_type(&PyLong_Type, w_int_type);
    capi_bind_static_type(&PyBool_Type, w_bool_type);
    capi_register_proxy_maker(W_TID_INT, long_proxy);
    capi_register_proxy_maker(W_TID_BIGINT, long_proxy);
    capi_register_w_maker(&PyLong_Type, long_w, true);
    capi_register_gc_safe_dealloc(long_dealloc);
    return 0;
}

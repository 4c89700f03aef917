/* slice.c — slice proxies (start, stop and step filled once) and the PySlice_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

static void slice_dealloc(PyObject *o)
{
    PySliceObject *s = (PySliceObject *)o;
    Py_XDECREF(s->start);
    Py_XDECREF(s->stop);
    Py_XDECREF(s->step);
    free(o);
}

PyTypeObject PySlice_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "slice",
    .tp_basicsize = sizeof(PySliceObject),
    .tp_dealloc = slice_dealloc,
};

/* A runtime slice never changes, so its proxy holds its fields' proxies from the start. */
static PyObject *slice_proxy(w_object *w)
{
    PySliceObject *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, "ferry: out of memory making a slice proxy\n");
        abort();
    }
    s->ob_base.ob_refcnt = 0;
    s->ob_base.ob_pypy_link = 0;
    s->ob_base.ob_type = NULL;
    s->start = capi_new_ref(((w_slice *)w)->start);
    s->stop = capi_new_ref(((w_slice *)w)->stop);
    s->step = capi_new_ref(((w_slice *)w)->step);
    return (PyObject *)s;
}

PyObject *PySlice_New(PyObject *start, PyObject *stop, PyObject *step)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL, *c = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(c);
    if ((start && !(a = capi_w(start))) || (stop && !(b = capi_w(stop))) ||
        (step && !(c = capi_w(step))))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(w_slice_new(a, b, c)));
}

PyObject *_PySlice_FromIndices(Py_ssize_t istart, Py_ssize_t istop)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    if (!(a = w_int_from_i64(istart)) || !(b = w_int_from_i64(istop)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(w_slice_new(a, b, NULL)));
}

static w_slice *slice_of(PyObject *op)
{
    if (!op || !PySlice_Check(op)) {
        capi_bad_internal_call();
        return NULL;
    }
    return (w_slice *)capi_link(op);
}

int PySlice_Unpack(PyObject *op, Py_ssize_t *start, Py_ssize_t *stop, Py_ssize_t *step)
{
    if (!slice_of(op))
        return -1;
    int64_t v = 1;
    if (w_slice_index(slice_of(op)->step, true, &v) < 0)
        return -1;
    if (v == 0) {
        w_raise_fmt(w_exc_ValueError, "slice step cannot be zero");
        return -1;
    }
    /* so that reversing by -step cannot overflow */
    *step = v < -PY_SSIZE_T_MAX ? -PY_SSIZE_T_MAX : (Py_ssize_t)v;
    v = *step < 0 ? PY_SSIZE_T_MAX : 0;
    if (w_slice_index(slice_of(op)->start, true, &v) < 0)
        return -1;
    *start = (Py_ssize_t)v;
    v = *step < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
    if (w_slice_index(slice_of(op)->stop, true, &v) < 0)
        return -1;
    *stop = (Py_ssize_t)v;
    return 0;
}

/* Brings one bound into the range a slice of `length` items can reach. */
static void adjust_bound(Py_ssize_t length, Py_ssize_t *i, Py_ssize_t step)
{
    if (*i < 0) {
        *i += length;
        if (*i < 0)
            *i = step < 0 ? -1 : 0;
    } else if (*i >= length) {
        *i = step < 0 ? length - 1 : length;
    }
}

Py_ssize_t PySlice_AdjustIndices(Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                                 Py_ssize_t step)
{
    adjust_bound(length, start, step);
    adjust_bound(length, stop, step);
    if (step < 0)
        return *stop < *start ? (*start - *stop - 1) / (-step) + 1 : 0;
    return *start < *stop ? (*stop - *start - 1) / step + 1 : 0;
}

int(PySlice_GetIndicesEx)(PyObject *op, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                          Py_ssize_t *step, Py_ssize_t *slicelength)
{
    if (PySlice_Unpack(op, start, stop, step) < 0) {
        *slicelength = 0;
        return -1;
    }
    *slicelength = PySlice_AdjustIndices(length, start, stop, *step);
    return 0;
}

/* One field for PySlice_GetIndices: 0, or -1 (no error) for a non-int; None keeps *out. */
static int old_index(w_object *o, Py_ssize_t *out)
{
    if (o == w_None)
        return 0;
    if (!W_INT_CHECK(o))
        return -1;
    int64_t v;
    if (w_int_as_i64(o, &v) < 0)
        return -1;
    *out = (Py_ssize_t)v;
    return 0;
}

int PySlice_GetIndices(PyObject *op, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                       Py_ssize_t *step)
{
    w_slice *s = slice_of(op);
    if (!s)
        return -1;
    *step = 1;
    if (old_index(s->step, step) < 0)
        return -1;
    *start = *step < 0 ? length - 1 : 0;
    if (s->start != w_None) {
        if (old_index(s->start, start) < 0)
            return -1;
        if (*start < 0)
            *start += length;
    }
    *stop = *step < 0 ? -1 : length;
    if (s->stop != w_None) {
        if (old_index(s->stop, stop) < 0)
            return -1;
        if (*stop < 0)
            *stop += length;
    }
    if (*stop > length || *start >= length || *step == 0)
        return -1;
    return 0;
}

int capi_slice_init(void)
{
    capi_bind_static_type(&PySlice_Type, w_slice_type);
    capi_register_proxy_maker(W_TID_SLICE, slice_proxy);
    capi_register_gc_safe_dealloc(slice_dealloc);
    return 0;
}

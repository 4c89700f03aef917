/* float.c — float proxies (from the float free list) and the PyFloat_* API. */
#include "capi/capi.h"
#include "freelists/freelists.h"

static void float_dealloc(PyObject *o)
{
    freelist_push(&freelist_float, o);
}

PyTypeObject PyFloat_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "float",
    .tp_basicsize = sizeof(PyFloatObject),
    .tp_dealloc = float_dealloc,
};

static PyFloatObject *float_alloc(PyTypeObject *type, double v)
{
    PyFloatObject *p = freelist_pop(&freelist_float, sizeof(PyFloatObject));
    p->ob_base.ob_refcnt = 0;
    p->ob_base.ob_pypy_link = 0;
    p->ob_base.ob_type = type;
    p->ob_fval = v;
    return p;
}

static PyObject *float_proxy(w_object *w)
{
    return (PyObject *)float_alloc(NULL, ((w_float *)w)->value);
}

static w_object *float_w(PyObject *o, bool owned)
{
    return w_float_new(((PyFloatObject *)o)->ob_fval);
}

PyObject *PyFloat_FromDouble(double v)
{
    PyFloatObject *p = float_alloc(&PyFloat_Type, v);
    p->ob_base.ob_refcnt = 1;
    return (PyObject *)p;
}

double PyFloat_AsDouble(PyObject *o)
{
    if (!o) {
        capi_bad_internal_call();
        return -1.0;
    }
    if (PyFloat_Check(o))
        return PyFloat_AS_DOUBLE(o);
    w_object *w = capi_w(o);
    double d;
    if (!w || w_float_as_double(w, &d) < 0)
        return -1.0;
    return d;
}

int capi_float_init(void)
{
    capi_bind_static_type(&PyFloat_Type, w_float_type);
    capi_register_proxy_maker(W_TID_FLOAT, float_proxy);
    capi_register_w_maker(&PyFloat_Type, float_w, true);
    capi_register_gc_safe_dealloc(float_dealloc);
    return 0;
}

/* methoddescr.c — method descriptor proxies in CPython's PyMethodDescrObject layout, and PyDescr_IsData. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * The runtime's method descriptors (`list.append`, a C type's tp_methods) are builtins
 * of type method_descriptor or classmethod_descriptor. Their proxies carry CPython's
 * layout, which code that calls C methods directly reads (Cython's cached unbound
 * methods): d_type is the defining type, d_method the PyMethodDef for a C method, or for
 * one of the runtime's own a def of its own with a NULL ml_meth and flags 0, so that such
 * code calls the descriptor instead. Every other builtin gets a plain proxy.
 */
typedef struct {
    PyMethodDescrObject pub;
    PyMethodDef own; /* d_method of a runtime method */
} method_descr;

static void descr_dealloc(PyObject *o)
{
    free(o);
}

PyTypeObject PyMethodDescr_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "method_descriptor",
    .tp_basicsize = sizeof(PyMethodDescrObject),
    .tp_dealloc = descr_dealloc,
};
PyTypeObject PyClassMethodDescr_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "classmethod_descriptor",
    .tp_basicsize = sizeof(PyMethodDescrObject),
    .tp_dealloc = descr_dealloc,
};

static PyObject *builtin_proxy(w_object *w)
{
    if (W_TYPE(w) != w_method_type && W_TYPE(w) != w_classmethod_descr_type)
        return capi_plain_proxy(w);
    w_builtin *b = (w_builtin *)w;
    method_descr *d = calloc(1, sizeof *d);
    if (!d) {
        fprintf(stderr, "ferry: out of memory making a method descriptor proxy\n");
        abort();
    }
    d->pub.d_common.d_type = b->owner ? capi_type(b->owner) : NULL;
    d->own.ml_name = b->name;
    d->own.ml_doc = b->doc;
    d->pub.d_method = &d->own;
    PyMethodDef *def = capi_cfunction_def(w);
    if (def)
        d->pub.d_method = def;
    return (PyObject *)d;
}

/* The runtime's getsets (`int.real`) refuse assignment through the object space, not
   a descr_set slot; like CPython's getset_descriptor they are data descriptors. */
int PyDescr_IsData(PyObject *descr)
{
    w_object *w = capi_link(descr);
    return Py_TYPE(descr)->tp_descr_set != NULL || (w && W_TYPE(w) == w_getset_type);
}

int capi_methoddescr_init(void)
{
    capi_bind_static_type(&PyMethodDescr_Type, w_method_type);
    capi_bind_static_type(&PyClassMethodDescr_Type, w_classmethod_descr_type);
    capi_register_proxy_maker(W_TID_BUILTIN, builtin_proxy);
    capi_register_gc_safe_dealloc(descr_dealloc);
    return 0;
}

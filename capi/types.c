/* types.c — PyTypeObjects for runtime types (statics for the builtin ones), the singletons. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

#define IMMORTAL_HEAD(type) {FERRY_REFCNT_IMMORTAL, 0, (type)}
#define STATIC_TYPE_HEAD {IMMORTAL_HEAD(&PyType_Type), 0}

PyTypeObject PyType_Type = {
    .ob_base = STATIC_TYPE_HEAD,
    .tp_name = "type",
    .tp_basicsize = sizeof(PyTypeObject),
    .tp_dealloc = capi_plain_dealloc,
};
PyTypeObject PyBaseObject_Type = {
    .ob_base = STATIC_TYPE_HEAD,
    .tp_name = "object",
    .tp_basicsize = sizeof(PyObject),
    /* the slots subtypes inherit: capi_object_type_init (typeinstance.c) */
};
PyTypeObject _PyNone_Type = {
    .ob_base = STATIC_TYPE_HEAD,
    .tp_name = "NoneType",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = capi_plain_dealloc,
};
PyTypeObject _PyNotImplemented_Type = {
    .ob_base = STATIC_TYPE_HEAD,
    .tp_name = "NotImplementedType",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = capi_plain_dealloc,
};
PyTypeObject PyEllipsis_Type = {
    .ob_base = STATIC_TYPE_HEAD,
    .tp_name = "ellipsis",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = capi_plain_dealloc,
};

PyObject _Py_NoneStruct = IMMORTAL_HEAD(&_PyNone_Type);
PyObject _Py_NotImplementedStruct = IMMORTAL_HEAD(&_PyNotImplemented_Type);
PyObject _Py_EllipsisObject = IMMORTAL_HEAD(&PyEllipsis_Type);
PyLongObject _Py_FalseStruct = {IMMORTAL_HEAD(&PyBool_Type), 0, 1};
PyLongObject _Py_TrueStruct = {IMMORTAL_HEAD(&PyBool_Type), 1, 1};

/* The subclass bits CPython keeps in tp_flags (PyLong_Check and friends test them). */
static unsigned long subclass_flags(w_type *t)
{
    static const struct {
        w_type **base;
        unsigned long flag;
    } bits[] = {
        {&w_int_type, Py_TPFLAGS_LONG_SUBCLASS},    {&w_list_type, Py_TPFLAGS_LIST_SUBCLASS},
        {&w_tuple_type, Py_TPFLAGS_TUPLE_SUBCLASS}, {&w_bytes_type, Py_TPFLAGS_BYTES_SUBCLASS},
        {&w_str_type, Py_TPFLAGS_UNICODE_SUBCLASS}, {&w_dict_type, Py_TPFLAGS_DICT_SUBCLASS},
        {&w_type_type, Py_TPFLAGS_TYPE_SUBCLASS},
    };
    unsigned long f = 0;
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (t == *bits[i].base || w_type_is_subtype(t, *bits[i].base))
            f |= bits[i].flag;
    if (t->flags & W_TF_EXCEPTION)
        f |= Py_TPFLAGS_BASE_EXC_SUBCLASS;
    if (t->flags & W_TF_BASETYPE)
        f |= Py_TPFLAGS_BASETYPE;
    if (t == w_list_type || w_type_is_subtype(t, w_list_type) || t == w_bytearray_type)
        f |= _Py_TPFLAGS_FERRY_DYNAMIC_SIZE;
    return f | Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE;
}

/* tp_new and tp_init of a builtin type, for C to call and extension subtypes to inherit:
   every constructible type but object and type, whose own are typeinstance.c's. */
static void set_constructors(PyTypeObject *pt, w_type *t)
{
    if (!t->construct || t == w_object_type || t == w_type_type)
        return;
    pt->tp_new = capi_builtin_new;
    pt->tp_init = capi_builtin_init;
    pt->tp_alloc = PyType_GenericAlloc;
}

void capi_bind_static_type(PyTypeObject *pt, w_type *t)
{
    capi_set_link((PyObject *)pt, (w_object *)t);
    t->c_proxy = pt;
    pt->tp_flags |= subclass_flags(t);
    set_constructors(pt, t);
    if (t->base && pt != &PyBaseObject_Type)
        pt->tp_base = capi_type(t->base);
    capi_fill_builtin_slots(pt, t);
}

/* The type proxies made at run time, freed by capi_types_fini. */
static struct {
    PyTypeObject **items;
    size_t n, cap;
} heap_types;

static void out_of_memory(void)
{
    fprintf(stderr, "ferry: out of memory making a type proxy\n");
    abort();
}

/*
 * Classes made by type() on an extension type (W_TF_CLASS | W_TF_EXTENSION): instances
 * are made by the extension's tp_new, with the C layout of the base plus an instance dict
 * after it (unless the base has one), and initialised by __init__ through the runtime
 * (the class's own, or the base's tp_init found as its __init__), as CPython's slot_tp_init.
 */
static void class_dealloc(PyObject *o);

static int class_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    GC_ENTER();
    w_object *w = NULL, *a = NULL, *k = NULL, *f = NULL;
    GC_ROOT(w);
    GC_ROOT(a);
    GC_ROOT(k);
    GC_ROOT(f);
    if (!(w = capi_w(self)) || !(a = capi_w(args)) || (kwds && !(k = capi_w(kwds))) ||
        !(f = space_getattr_cstr(w, "__init__")) || !(f = space_call_tuple(f, a, k)))
        GC_RETURN(-1);
    if (f != w_None) {
        w_raise_fmt(w_exc_TypeError, "__init__() should return None, not '%s'", W_TYPE(f)->name);
        GC_RETURN(-1);
    }
    GC_RETURN(0);
}

/* The nearest type whose deallocator is not the class's. */
static PyTypeObject *layout_base(PyTypeObject *pt)
{
    while (pt->tp_dealloc == class_dealloc)
        pt = pt->tp_base;
    return pt;
}

/* The instance dict the class added, then the base's own deallocation. */
static void class_dealloc(PyObject *o)
{
    PyTypeObject *pt = Py_TYPE(o), *base = layout_base(pt);
    if (!base->tp_dictoffset) {
        PyObject **dp = _PyObject_GetDictPtr(o);
        if (dp)
            Py_CLEAR(*dp);
    }
    base->tp_dealloc(o);
}

static w_object *cobj_dict(w_object *o, bool create)
{
    return capi_instance_dict(capi_proxy(o), create);
}

static void fill_class_proxy(PyTypeObject *pt, PyTypeObject *base)
{
    pt->tp_basicsize = base->tp_basicsize;
    pt->tp_itemsize = base->tp_itemsize;
    pt->tp_flags |= (base->tp_flags & (Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_FERRY_DYNAMIC_SIZE)) |
                    Py_TPFLAGS_HEAPTYPE | Py_TPFLAGS_BASETYPE;
    pt->tp_dictoffset = base->tp_dictoffset;
    if (!pt->tp_dictoffset && !pt->tp_itemsize) {
        pt->tp_dictoffset = (pt->tp_basicsize + (Py_ssize_t)sizeof(void *) - 1) &
                            ~(Py_ssize_t)(sizeof(void *) - 1);
        pt->tp_basicsize = pt->tp_dictoffset + (Py_ssize_t)sizeof(PyObject *);
    }
    pt->tp_new = base->tp_new;
    pt->tp_alloc = base->tp_alloc;
    pt->tp_free = base->tp_free;
    pt->tp_traverse = base->tp_traverse;
    pt->tp_clear = base->tp_clear;
    pt->tp_dealloc = class_dealloc;
    pt->tp_init = class_init;
    pt->tp_getattro = PyObject_GenericGetAttr;
    pt->tp_setattro = PyObject_GenericSetAttr;
}

PyTypeObject *capi_type_make(w_type *t)
{
    /* A runtime type without a static: made once, lives as long as the runtime (types are
       never freed). Instances keep the layout, so the deallocator, of the nearest base
       that has a static. */
    PyTypeObject *base = t->base ? capi_type(t->base) : NULL;
    PyTypeObject *pt = calloc(1, sizeof *pt);
    if (heap_types.n == heap_types.cap) {
        heap_types.cap = heap_types.cap ? heap_types.cap * 2 : 64;
        heap_types.items = realloc(heap_types.items, heap_types.cap * sizeof(PyTypeObject *));
    }
    if (!pt || !heap_types.items)
        out_of_memory();
    heap_types.items[heap_types.n++] = pt;
    pt->ob_base.ob_base.ob_refcnt = FERRY_REFCNT_IMMORTAL;
    pt->ob_base.ob_base.ob_type = &PyType_Type;
    pt->tp_name = t->name;
    pt->tp_flags = subclass_flags(t);
    pt->tp_base = base;
    pt->tp_basicsize = base ? base->tp_basicsize : (Py_ssize_t)sizeof(PyObject);
    pt->tp_itemsize = base ? base->tp_itemsize : 0;
    pt->tp_dealloc = base ? base->tp_dealloc : capi_plain_dealloc;
    pt->tp_free = base ? base->tp_free : NULL;
    if ((t->flags & (W_TF_CLASS | W_TF_EXTENSION)) == (W_TF_CLASS | W_TF_EXTENSION))
        fill_class_proxy(pt, base);
    else
        set_constructors(pt, t);
    if (t->flags & W_TF_CLASS)
        w_type_register(t); /* a collectable class: the proxy's link must stay valid */
    capi_set_link((PyObject *)pt, (w_object *)t);
    t->c_proxy = pt;
    capi_fill_builtin_slots(pt, t);
    return pt;
}

int PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b)
{
    if (a == b)
        return 1;
    w_type *wa = capi_w_type(a), *wb = capi_w_type(b);
    if (wa && wb)
        return w_type_is_subtype(wa, wb);
    for (PyTypeObject *t = a->tp_base; t; t = t->tp_base)
        if (t == b)
            return 1;
    return b == &PyBaseObject_Type;
}

unsigned long PyType_GetFlags(PyTypeObject *t)
{
    return t->tp_flags;
}

const char *_PyType_Name(PyTypeObject *t)
{
    const char *dot = strrchr(t->tp_name, '.');
    return dot ? dot + 1 : t->tp_name;
}

int capi_types_init(void)
{
    static const struct {
        PyTypeObject *pt;
        w_type **t;
    } statics[] = {
        {&PyType_Type, &w_type_type},       {&PyBaseObject_Type, &w_object_type},
        {&_PyNone_Type, &w_none_type},      {&_PyNotImplemented_Type, &w_notimpl_type},
        {&PyEllipsis_Type, &w_ellipsis_type},
    };
    capi_object_type_init();
    w_cobj_dict_hook = cobj_dict;
    for (size_t i = 0; i < sizeof statics / sizeof statics[0]; i++)
        capi_bind_static_type(statics[i].pt, *statics[i].t);
    capi_set_link(Py_None, w_None);
    capi_set_link(Py_NotImplemented, w_NotImplemented);
    capi_set_link(Py_Ellipsis, w_Ellipsis);
    capi_set_link(Py_True, w_True);
    capi_set_link(Py_False, w_False);
    return 0;
}

void capi_types_fini(void)
{
    for (size_t i = 0; i < heap_types.n; i++)
        free(heap_types.items[i]);
    free(heap_types.items);
    memset(&heap_types, 0, sizeof heap_types);
}

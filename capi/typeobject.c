/* typeobject.c — extension types: PyType_Ready, slot inheritance, the runtime type of a C type. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A type an extension defines (a static PyTypeObject readied here, or one PyType_FromSpec
 * made) gets a runtime type of its own, flagged W_TF_EXTENSION, linked both ways like the
 * builtin types' statics: `pt` is immortal, its link is the runtime type, and the runtime
 * type's c_proxy is `pt`. The runtime type's slots call the C slots (typeslots.c), its
 * dict holds the tp_methods, tp_members and tp_getset descriptors, and calling it runs
 * tp_new then tp_init. Instances are C objects first (typeinstance.c).
 */

/* tp_name without its module: "custom.Custom" -> "Custom". */
static const char *short_name(const char *tp_name)
{
    const char *dot = strrchr(tp_name, '.');
    return dot ? dot + 1 : tp_name;
}

/* ---- inheritance, as CPython 3.11's type_ready does it ------------------------------------ */

#define COPY(f)                                                                           \
    if (!pt->f)                                                                           \
    pt->f = base->f
#define COPY_IN(suite, f)                                                                 \
    if (!pt->suite->f)                                                                    \
    pt->suite->f = base->suite->f

static void inherit_suites(PyTypeObject *pt, PyTypeObject *base)
{
    /* a type without a suite shares its base's; one with its own fills the gaps of it */
    if (pt->tp_as_number && base->tp_as_number && pt->tp_as_number != base->tp_as_number) {
        PyNumberMethods *n = pt->tp_as_number;
        const PyNumberMethods *b = base->tp_as_number;
        binaryfunc *dst = (binaryfunc *)n;
        binaryfunc const *src = (binaryfunc const *)b;
        for (size_t i = 0; i < sizeof(PyNumberMethods) / sizeof(binaryfunc); i++)
            if (!dst[i])
                dst[i] = src[i];
    }
    if (pt->tp_as_sequence && base->tp_as_sequence && pt->tp_as_sequence != base->tp_as_sequence) {
        COPY_IN(tp_as_sequence, sq_length);
        COPY_IN(tp_as_sequence, sq_concat);
        COPY_IN(tp_as_sequence, sq_repeat);
        COPY_IN(tp_as_sequence, sq_item);
        COPY_IN(tp_as_sequence, sq_ass_item);
        COPY_IN(tp_as_sequence, sq_contains);
        COPY_IN(tp_as_sequence, sq_inplace_concat);
        COPY_IN(tp_as_sequence, sq_inplace_repeat);
    }
    if (pt->tp_as_mapping && base->tp_as_mapping && pt->tp_as_mapping != base->tp_as_mapping) {
        COPY_IN(tp_as_mapping, mp_length);
        COPY_IN(tp_as_mapping, mp_subscript);
        COPY_IN(tp_as_mapping, mp_ass_subscript);
    }
    if (pt->tp_as_buffer && base->tp_as_buffer && pt->tp_as_buffer != base->tp_as_buffer) {
        COPY_IN(tp_as_buffer, bf_getbuffer);
        COPY_IN(tp_as_buffer, bf_releasebuffer);
    }
    COPY(tp_as_async);
    COPY(tp_as_number);
    COPY(tp_as_sequence);
    COPY(tp_as_mapping);
    COPY(tp_as_buffer);
}

/* The special fields (inherit_special) and the slots (inherit_slots). */
static void inherit(PyTypeObject *pt, PyTypeObject *base)
{
    if (!(pt->tp_flags & Py_TPFLAGS_HAVE_GC) && (base->tp_flags & Py_TPFLAGS_HAVE_GC) &&
        !pt->tp_traverse && !pt->tp_clear) {
        pt->tp_flags |= Py_TPFLAGS_HAVE_GC;
        pt->tp_traverse = base->tp_traverse;
        pt->tp_clear = base->tp_clear;
    }
    if (!pt->tp_basicsize)
        pt->tp_basicsize = base->tp_basicsize;
    COPY(tp_itemsize);
    COPY(tp_weaklistoffset);
    COPY(tp_dictoffset);
    pt->tp_flags |= base->tp_flags & (Py_TPFLAGS_LONG_SUBCLASS | Py_TPFLAGS_LIST_SUBCLASS |
                                      Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_BYTES_SUBCLASS |
                                      Py_TPFLAGS_UNICODE_SUBCLASS | Py_TPFLAGS_DICT_SUBCLASS |
                                      Py_TPFLAGS_BASE_EXC_SUBCLASS | Py_TPFLAGS_TYPE_SUBCLASS |
                                      _Py_TPFLAGS_FERRY_DYNAMIC_SIZE);
    inherit_suites(pt, base);
    COPY(tp_dealloc);
    if (!pt->tp_getattr && !pt->tp_getattro) {
        pt->tp_getattr = base->tp_getattr;
        pt->tp_getattro = base->tp_getattro;
    }
    if (!pt->tp_setattr && !pt->tp_setattro) {
        pt->tp_setattr = base->tp_setattr;
        pt->tp_setattro = base->tp_setattro;
    }
    COPY(tp_repr);
    COPY(tp_call);
    COPY(tp_str);
    /* hash and comparison go together: a type that defines one inherits neither */
    if (!pt->tp_richcompare && !pt->tp_hash) {
        pt->tp_richcompare = base->tp_richcompare;
        pt->tp_hash = base->tp_hash;
    }
    COPY(tp_iter);
    COPY(tp_iternext);
    COPY(tp_descr_get);
    COPY(tp_descr_set);
    COPY(tp_init);
    COPY(tp_alloc);
    COPY(tp_is_gc);
    COPY(tp_finalize);
    if ((pt->tp_flags & Py_TPFLAGS_HAVE_GC) == (base->tp_flags & Py_TPFLAGS_HAVE_GC)) {
        COPY(tp_free);
    } else if ((pt->tp_flags & Py_TPFLAGS_HAVE_GC) && !pt->tp_free &&
               (!base->tp_free || base->tp_free == PyObject_Free)) {
        pt->tp_free = PyObject_GC_Del;
    }
    if (!(pt->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL) && (base->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL) &&
        !(pt->tp_flags & Py_TPFLAGS_HEAPTYPE) && !pt->tp_call) {
        pt->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    }
    COPY(tp_vectorcall_offset);
}
#undef COPY
#undef COPY_IN

/* CPython's type_ready_set_new: static types based directly on object don't inherit
   object.__new__ (their instances would skip the type's own factory). */
static void set_new(PyTypeObject *pt, PyTypeObject *base)
{
    if (!pt->tp_new && base == &PyBaseObject_Type && !(pt->tp_flags & Py_TPFLAGS_HEAPTYPE))
        pt->tp_flags |= Py_TPFLAGS_DISALLOW_INSTANTIATION;
    if (pt->tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION)
        pt->tp_new = NULL;
    else if (!pt->tp_new)
        pt->tp_new = base->tp_new;
}

/* ---- the type's dict ------------------------------------------------------------------------ */

static int dict_put(w_type *t, const char *name, PyObject *v)
{
    if (!v)
        return -1;
    GC_ENTER();
    w_object *w = capi_w(v);
    GC_ROOT(w);
    int r = w ? w_type_add_attr(t, name, w) : -1;
    Py_DECREF(v);
    GC_RETURN(r);
}

/* A METH_STATIC method: the function, in a staticmethod as CPython's type dicts hold it. */
static PyObject *static_method(PyMethodDef *m)
{
    GC_ENTER();
    w_object *f = capi_function_new(m, NULL);
    GC_ROOT(f);
    GC_RETURN(f ? capi_new_ref(space_call(&w_staticmethod_type->ob, &f, 1, NULL)) : NULL);
}

static int add_methods(PyTypeObject *pt, w_type *t)
{
    for (PyMethodDef *m = pt->tp_methods; m && m->ml_name; m++) {
        if (!(m->ml_flags & METH_COEXIST) && t->dict && w_dict_get_cstr(t->dict, m->ml_name))
            continue;
        if ((m->ml_flags & METH_CLASS) && (m->ml_flags & METH_STATIC)) {
            w_raise_fmt(w_exc_ValueError, "method cannot be both class and static");
            return -1;
        }
        PyObject *d;
        if (m->ml_flags & METH_CLASS)
            d = PyDescr_NewClassMethod(pt, m);
        else if (m->ml_flags & METH_STATIC)
            d = static_method(m);
        else
            d = PyDescr_NewMethod(pt, m);
        if (dict_put(t, m->ml_name, d) < 0)
            return -1;
    }
    return 0;
}

static int add_members(PyTypeObject *pt, w_type *t)
{
    for (PyMemberDef *m = pt->tp_members; m && m->name; m++) {
        if (t->dict && w_dict_get_cstr(t->dict, m->name))
            continue;
        if (dict_put(t, m->name, PyDescr_NewMember(pt, m)) < 0)
            return -1;
    }
    for (PyGetSetDef *g = pt->tp_getset; g && g->name; g++) {
        if (t->dict && w_dict_get_cstr(t->dict, g->name))
            continue;
        if (dict_put(t, g->name, PyDescr_NewGetSet(pt, g)) < 0)
            return -1;
    }
    return 0;
}

/* __doc__ is tp_doc without the "Name(signature)\n--\n\n" header PyType_Ready strips. */
static int add_doc(PyTypeObject *pt, w_type *t)
{
    if (t->dict && w_dict_get_cstr(t->dict, "__doc__"))
        return 0;
    const char *doc = pt->tp_doc;
    if (doc) {
        const char *end = strstr(doc, ")\n--\n\n");
        if (end && !strncmp(doc, short_name(pt->tp_name), strlen(short_name(pt->tp_name))))
            doc = end + 6;
    }
    if (!doc)
        return w_type_add_attr(t, "__doc__", w_None);
    GC_ENTER();
    w_object *s = w_str_from_cstr(doc);
    GC_ROOT(s);
    GC_RETURN(s ? w_type_add_attr(t, "__doc__", s) : -1);
}

/* __module__: what precedes the last dot of tp_name; a name without one is a builtin's. */
static int add_module(PyTypeObject *pt, w_type *t)
{
    if (t->dict && w_dict_get_cstr(t->dict, "__module__"))
        return 0;
    const char *dot = strrchr(pt->tp_name, '.');
    if (!dot && (pt->tp_flags & Py_TPFLAGS_HEAPTYPE))
        return 0; /* CPython: a heap type named without a module has no __module__ */
    GC_ENTER();
    w_object *m = dot ? w_str_from_utf8(pt->tp_name, (size_t)(dot - pt->tp_name))
                      : w_str_intern("builtins");
    GC_ROOT(m);
    GC_RETURN(m ? w_type_add_attr(t, "__module__", m) : -1);
}

/* CPython's type_ready_set_hash: a type that compares but doesn't hash is unhashable. */
static int set_hash(PyTypeObject *pt, w_type *t)
{
    if (pt->tp_hash)
        return 0;
    if (t->dict && w_dict_get_cstr(t->dict, "__hash__"))
        return 0;
    pt->tp_hash = PyObject_HashNotImplemented;
    return w_type_add_attr(t, "__hash__", w_None);
}

/* ---- PyType_Ready --------------------------------------------------------------------------- */

/* The layout of instances: the nearest builtin base's, or the header-only one whose data
   lives in the C object. */
static uint32_t instance_tid(w_type *base)
{
    for (w_type *b = base; b; b = b->base)
        if (!(b->flags & W_TF_EXTENSION))
            return b == w_object_type ? W_TID_COBJ : b->inst_tid;
    return W_TID_COBJ;
}

static w_type *make_runtime_type(PyTypeObject *pt, PyTypeObject *base)
{
    w_type *wb = capi_w_type(base);
    /* the full tp_name, as CPython's error messages show it; __name__ drops the module */
    w_type *t = w_type_new_static(pt->tp_name, wb, instance_tid(wb));
    t->flags |= W_TF_EXTENSION;
    if (pt->tp_flags & Py_TPFLAGS_BASETYPE)
        t->flags |= W_TF_BASETYPE;
    if (pt->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        t->flags |= W_TF_HEAPTYPE;
        if (!(pt->tp_flags & Py_TPFLAGS_IMMUTABLETYPE))
            t->flags |= W_TF_MUTABLE;
    }
    /* state object.__reduce_ex__ cannot save: C fields past object's header, instance
       dict and weak-reference list (CPython's object_getstate_default) */
    Py_ssize_t plain = PyBaseObject_Type.tp_basicsize + (pt->tp_dictoffset ? sizeof(PyObject *) : 0) +
                       (pt->tp_weaklistoffset ? sizeof(PyObject *) : 0);
    if (pt->tp_basicsize > plain)
        t->flags |= W_TF_CSTATE;
    if (pt->tp_itemsize)
        t->flags |= W_TF_VARSIZED;
    capi_set_link((PyObject *)pt, &t->ob);
    t->c_proxy = pt;
    return t;
}

/* The types readied here, so that a later runtime in the same process readies them again
   (an extension stays loaded, its statics keep their flags). */
static struct {
    PyTypeObject **items;
    size_t n, cap;
} readied;

static void remember(PyTypeObject *pt)
{
    if (readied.n == readied.cap) {
        readied.cap = readied.cap ? readied.cap * 2 : 32;
        readied.items = realloc(readied.items, readied.cap * sizeof *readied.items);
        if (!readied.items) {
            fprintf(stderr, "ferry: out of memory recording a type\n");
            abort();
        }
    }
    readied.items[readied.n++] = pt;
}

void capi_ext_types_fini(void)
{
    for (size_t i = 0; i < readied.n; i++) {
        PyTypeObject *pt = readied.items[i];
        pt->tp_flags &= ~Py_TPFLAGS_READY;
        pt->tp_dict = NULL;
        capi_set_link((PyObject *)pt, NULL);
    }
    free(readied.items);
    memset(&readied, 0, sizeof readied);
}

int PyType_Ready(PyTypeObject *pt)
{
    if (pt->tp_flags & Py_TPFLAGS_READY)
        return 0;
    if (pt->tp_flags & Py_TPFLAGS_READYING) {
        w_raise_fmt(w_exc_SystemError, "type '%s' is already being readied", pt->tp_name);
        return -1;
    }
    if (!pt->tp_name) {
        w_raise_fmt(w_exc_SystemError, "Type does not define the tp_name field.");
        return -1;
    }
    PyTypeObject *base = pt->tp_base ? pt->tp_base : &PyBaseObject_Type;
    if (!(base->tp_flags & Py_TPFLAGS_READY) && PyType_Ready(base) < 0)
        return -1;
    if (!(base->tp_flags & Py_TPFLAGS_BASETYPE) && base != &PyBaseObject_Type) {
        w_raise_fmt(w_exc_TypeError, "type '%s' is not an acceptable base type", base->tp_name);
        return -1;
    }
    pt->tp_flags |= Py_TPFLAGS_READYING;
    pt->tp_base = base;
    if (!Py_TYPE(pt))
        Py_SET_TYPE(pt, Py_TYPE(base));
    /* types are never freed: a static one's count is immortal, a heap type's counts
       references above the runtime's share (each instance holds one, as in CPython) */
    Py_SET_REFCNT(pt, pt->tp_flags & Py_TPFLAGS_HEAPTYPE ? FERRY_REFCNT_HOST + 1
                                                        : FERRY_REFCNT_IMMORTAL);
    inherit(pt, base);
    set_new(pt, base);
    w_type *t = make_runtime_type(pt, base);
    if (add_module(pt, t) < 0 || add_doc(pt, t) < 0 || add_methods(pt, t) < 0 ||
        add_members(pt, t) < 0 || set_hash(pt, t) < 0 || capi_type_install_slots(pt, t) < 0 ||
        w_type_ready(t) < 0) {
        pt->tp_flags &= ~Py_TPFLAGS_READYING;
        return -1;
    }
    if (!pt->tp_dict)
        pt->tp_dict = capi_new_ref(t->dict);
    pt->tp_flags = (pt->tp_flags & ~Py_TPFLAGS_READYING) | Py_TPFLAGS_READY;
    remember(pt);
    return 0;
}

/* ---- flags and names --------------------------------------------------------------------- */

PyObject *PyType_GetName(PyTypeObject *pt)
{
    return PyUnicode_FromString(short_name(pt->tp_name));
}

PyObject *PyType_GetQualName(PyTypeObject *pt)
{
    return PyType_GetName(pt);
}

void PyType_Modified(PyTypeObject *pt)
{
    /* Changes to the type's dict already invalidate the type cache (objects/type.c); C
       that changed something else the lookup depends on says so here. */
    (void)pt;
    w_type_cache_epoch++;
}

/* subclass.c — extension types based on builtin types: their instances, the builtins' tp_new and tp_init. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * An instance of an extension type S whose nearest builtin base is B (list, dict, int,
 * float, str, an exception ...) keeps B's state where B keeps it, in a runtime object of
 * B's layout — whose type is S. Its proxy, made and linked together with it, is S's C
 * struct of tp_basicsize bytes: B's proxy struct first (filled by B's layout's
 * `init_proxy`, registered by B's family file), then S's own fields. (An instance of an
 * object-based type is different: a C object first, typeinstance.c.)
 *
 * The builtin types' tp_new and tp_init, which such types inherit or call from C
 * (`PyList_Type.tp_init(self, args, kwds)`), are CPython's: list, dict and set make an
 * empty object in tp_new and fill it in tp_init; the immutable ones are complete after
 * tp_new; an exception's tp_init sets its args again.
 */

struct base_layout {
    bool known;
    bool empty_new; /* tp_new ignores its arguments; tp_init fills the object */
    bool fresh;     /* B(...) always makes a new object, which may simply be retyped */
    void (*init_proxy)(PyObject *block, w_object *w);
};
static struct base_layout layouts[W_TID_LAST];

void capi_register_base_layout(uint32_t tid, void (*init_proxy)(PyObject *, w_object *),
                               bool empty_new)
{
    FERRY_ASSERT(tid < W_TID_LAST);
    layouts[tid] = (struct base_layout){true, empty_new, empty_new, init_proxy};
}

static w_type *builtin_base(w_type *t)
{
    while (t->flags & W_TF_EXTENSION)
        t = t->base;
    return t;
}

PyObject *capi_make_instance(PyTypeObject *pt, w_object *w)
{
    const struct base_layout *l = &layouts[w->gc.tid];
    if (!l->known) {
        w_raise_fmt(w_exc_NotImplementedError,
                    "Ferry cannot make instances of '%s' yet: extension types based on the "
                    "builtin type '%s' are not supported",
                    pt->tp_name, builtin_base(W_TYPE(w))->name);
        return NULL;
    }
    GC_ENTER();
    GC_ROOT(w);
    w_type *t = capi_w_type(pt);
    if (l->fresh)
        w->type = t;
    else if (!(w = w_copy_as(w, t)))
        GC_RETURN(NULL);
    PyObject *o = PyObject_Calloc(1, (size_t)pt->tp_basicsize);
    if (!o)
        GC_RETURN(PyErr_NoMemory());
    PyObject_Init(o, pt);
    o->ob_refcnt = 0;
    if (l->init_proxy)
        l->init_proxy(o, w);
    capi_attach(o, w);
    Py_INCREF(o);
    if (pt->tp_flags & Py_TPFLAGS_HAVE_GC)
        PyObject_GC_Track(o);
    GC_RETURN(o);
}

/* B(*args, **kwds) for the builtin base B, or B() when `empty`. */
static w_object *construct(w_type *b, PyObject *args, PyObject *kwds, bool empty)
{
    if (empty || !args)
        return space_call(&b->ob, NULL, 0, NULL);
    GC_ENTER();
    w_object *a = NULL, *k = NULL;
    GC_ROOT(a);
    GC_ROOT(k);
    if (!(a = capi_w(args)) || (kwds && !(k = capi_w(kwds))))
        GC_RETURN(NULL);
    GC_RETURN(space_call_tuple(&b->ob, a, k));
}

PyObject *capi_builtin_new(PyTypeObject *pt, PyObject *args, PyObject *kwds)
{
    w_type *b = builtin_base(capi_w_type(pt));
    const struct base_layout *l = &layouts[b->inst_tid];
    w_object *w = construct(b, args, kwds, l->empty_new);
    if (!w)
        return NULL;
    if (pt == capi_type(b))
        return capi_new_ref(w);
    return capi_make_instance(pt, w);
}

PyObject *capi_instance_alloc(PyTypeObject *pt)
{
    w_object *w = construct(builtin_base(capi_w_type(pt)), NULL, NULL, true);
    return w ? capi_make_instance(pt, w) : NULL;
}

/* Calls base method `name` of builtin type `b` on `self` (never an override of S's). */
static int call_base(w_type *b, const char *name, w_object *self, w_object *args, w_object *kwargs)
{
    GC_ENTER();
    w_object *m = NULL, *all = NULL;
    GC_ROOT(self);
    GC_ROOT(args);
    GC_ROOT(kwargs);
    GC_ROOT(m);
    GC_ROOT(all);
    m = w_type_lookup_cstr(b, name);
    int64_t n = args ? W_TUPLE_SIZE(args) : 0;
    if (!m || !(all = w_tuple_new(n + 1)))
        GC_RETURN(-1);
    w_tuple_set(all, 0, self);
    for (int64_t i = 0; i < n; i++)
        w_tuple_set(all, i + 1, W_TUPLE_ITEMS(args)[i]);
    GC_RETURN(space_call_tuple(m, all, kwargs) ? 0 : -1);
}

int capi_builtin_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    GC_ENTER();
    w_object *w = NULL, *a = NULL, *k = NULL;
    GC_ROOT(w);
    GC_ROOT(a);
    GC_ROOT(k);
    if (!(w = capi_w(self)) || (args && !(a = capi_w(args))) || (kwds && !(k = capi_w(kwds))))
        GC_RETURN(-1);
    w_type *b = builtin_base(W_TYPE(w));
    int64_t nargs = a ? W_TUPLE_SIZE(a) : 0;
    bool has_kw = k && w_dict_size(k) > 0;
    switch (w->gc.tid) {
    case W_TID_LIST:
        if (has_kw) {
            w_raise_fmt(w_exc_TypeError, "list() takes no keyword arguments");
            GC_RETURN(-1);
        }
        if (nargs > 1) {
            w_raise_fmt(w_exc_TypeError, "list expected at most 1 argument, got %lld", (long long)nargs);
            GC_RETURN(-1);
        }
        if (call_base(b, "clear", w, NULL, NULL) < 0)
            GC_RETURN(-1);
        GC_RETURN(nargs ? call_base(b, "extend", w, a, NULL) : 0);
    case W_TID_DICT:
        if (nargs > 1) {
            w_raise_fmt(w_exc_TypeError, "dict expected at most 1 argument, got %lld", (long long)nargs);
            GC_RETURN(-1);
        }
        GC_RETURN(nargs || has_kw ? call_base(b, "update", w, a, k) : 0);
    case W_TID_EXC:
        if (has_kw) {
            w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", Py_TYPE(self)->tp_name);
            GC_RETURN(-1);
        }
        if (!a && !(a = w_tuple_new(0)))
            GC_RETURN(-1);
        k = w_str_intern("args"); /* k is free again: no keywords */
        GC_RETURN(space_setattr(w, k, a));
    default:
        GC_RETURN(0); /* object.__init__: tp_new did the work */
    }
}

/* The exception layout: the proxy struct (PyBaseExceptionObject) is not kept up to date,
   so there is nothing to fill; an exception is a fresh object from its constructor. */
int capi_subclass_init(void)
{
    capi_register_base_layout(W_TID_EXC, NULL, false);
    layouts[W_TID_EXC].fresh = true;
    return 0;
}

/* descrobject.c — property, classmethod, bound methods of any callable, and super. */
#include <stdlib.h>

#include "objects/kernel.h"

w_type *w_property_type, *w_classmethod_type, *w_boundmethod_type, *w_super_type;

#define REFS(o) ((w_refs *)(o))

static size_t refs_size(const void *o)
{
    return sizeof(w_refs);
}

static void refs_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_refs *r = o;
    for (int i = 0; i < W_REFS_N; i++)
        if (r->f[i])
            visit((void **)&r->f[i], ctx);
}

void w_descrobject_register_tids(void)
{
    static const gc_descr d = {"refs", refs_size, refs_trace};
    gc_register_tid(W_TID_REFS, &d);
}

static w_object *new_refs(w_type *t, w_object **f, int n)
{
    GC_ENTER();
    GC_ROOT_ARRAY(f, (size_t)n);
    w_refs *r = (w_refs *)w_alloc(t, W_TID_REFS, sizeof(w_refs));
    for (int i = 0; i < n; i++)
        r->f[i] = f[i];
    for (int i = n; i < W_REFS_N; i++)
        r->f[i] = NULL;
    GC_RETURN(&r->ob);
}

/* ---- bound methods: method(func, self) ------------------------------------------------------ */

enum { BM_FUNC, BM_SELF };

/* A bound method: calling it calls `func` with `self` first. */
static w_object *boundmethod_new(w_object *func, w_object *self)
{
    w_object *f[2] = {func, self};
    return new_refs(w_boundmethod_type, f, 2);
}

static w_object *bm_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    w_object *buf[8], **argv = buf;
    if (nargs + nkw + 1 > 8 && !(argv = malloc((nargs + nkw + 1) * sizeof *argv)))
        return w_raise_fmt(w_exc_MemoryError, "out of memory");
    argv[0] = REFS(callable)->f[BM_SELF];
    if (nargs + nkw)
        memcpy(argv + 1, args, (nargs + nkw) * sizeof *argv);
    GC_ENTER();
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(argv, nargs + nkw + 1);
    w_object *r = space_call(REFS(callable)->f[BM_FUNC], argv, nargs + 1, kwnames);
    GC_LEAVE();
    if (argv != buf)
        free(argv);
    return r;
}

static w_object *bm_repr(w_object *self)
{
    GC_ENTER();
    w_object *name = NULL, *r = NULL;
    GC_ROOT(self);
    GC_ROOT(name);
    GC_ROOT(r);
    name = space_getattr_cstr(REFS(self)->f[BM_FUNC], "__qualname__");
    if (!name) {
        w_err_clear();
        name = w_str_intern("?");
    }
    if (!name || !(r = space_repr(REFS(self)->f[BM_SELF])))
        GC_RETURN(NULL);
    if (!W_STR_CHECK(name))
        name = w_str_intern("?");
    GC_RETURN(w_str_from_fmt("<bound method %s of %s>", w_str_utf8(name), w_str_utf8(r)));
}

static w_object *bm_get_func(w_object *self)
{
    return REFS(self)->f[BM_FUNC];
}

static w_object *bm_get_self(w_object *self)
{
    return REFS(self)->f[BM_SELF];
}

/* Other attributes come from the function (__name__, __doc__ ...). */
static w_object *bm_getattr(w_object *self, w_object *name)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    w_object *r = space_generic_getattr(self, name);
    if (r || !w_err_matches(w_exc_AttributeError))
        GC_RETURN(r);
    w_err_clear();
    GC_RETURN(space_getattr(REFS(self)->f[BM_FUNC], name));
}

/* ---- classmethod(f) ------------------------------------------------------------------------- */

static w_object *cm_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("classmethod", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return new_refs(w_classmethod_type, args, 1);
}

static w_object *cm_get(w_object *descr, w_object *obj, w_type *owner)
{
    w_type *t = owner ? owner : W_TYPE(obj);
    return boundmethod_new(REFS(descr)->f[0], &t->ob);
}

static w_object *cm_repr(w_object *self)
{
    GC_ENTER();
    w_object *r = space_repr(REFS(self)->f[0]);
    GC_ROOT(r);
    GC_RETURN(r ? w_str_from_fmt("<classmethod(%s)>", w_str_utf8(r)) : NULL);
}

static w_object *cm_get_func(w_object *self)
{
    return REFS(self)->f[0];
}

/* ---- property(fget=None, fset=None, fdel=None, doc=None) -------------------------------------- */

enum { P_GET, P_SET, P_DEL, P_DOC, P_NAME };

static w_object *prop_make(w_type *t, w_object *fget, w_object *fset, w_object *fdel, w_object *doc)
{
    GC_ENTER();
    w_object *f[4] = {fget == w_None ? NULL : fget, fset == w_None ? NULL : fset,
                      fdel == w_None ? NULL : fdel, doc == w_None ? NULL : doc};
    GC_ROOT_ARRAY(f, 4);
    if (!f[P_DOC] && f[P_GET]) { /* the getter's docstring, as CPython takes it */
        f[P_DOC] = space_getattr_cstr(f[P_GET], "__doc__");
        if (!f[P_DOC]) {
            if (!w_err_matches(w_exc_AttributeError))
                GC_RETURN(NULL);
            w_err_clear();
        } else if (f[P_DOC] == w_None) {
            f[P_DOC] = NULL;
        }
    }
    GC_RETURN(new_refs(t, f, 4));
}

static w_object *prop_construct(w_object *callable, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    static const w_argspec spec = {"property", names, 4, 4, 0, 0};
    w_object *out[4];
    if (w_args_bind(&spec, args, nargs, kwnames, out) < 0)
        return NULL;
    return prop_make((w_type *)callable, out[0] ? out[0] : w_None, out[1] ? out[1] : w_None,
                     out[2] ? out[2] : w_None, out[3] ? out[3] : w_None);
}

static void *prop_missing(w_object *prop, w_object *obj, const char *what)
{
    w_object *name = REFS(prop)->f[P_NAME];
    GC_ENTER();
    GC_ROOT(obj);
    w_object *r = name ? space_repr(name) : NULL;
    GC_ROOT(r);
    if (name && !r)
        GC_RETURN(NULL);
    if (r)
        GC_RETURN(w_raise_fmt(w_exc_AttributeError, "property %s of '%s' object has no %s",
                              w_str_utf8(r), W_TYPE(obj)->name, what));
    GC_RETURN(w_raise_fmt(w_exc_AttributeError,
                          strcmp(what, "getter") == 0 ? "unreadable attribute"
                          : strcmp(what, "setter") == 0 ? "can't set attribute"
                                                        : "can't delete attribute"));
}

static w_object *prop_get(w_object *descr, w_object *obj, w_type *owner)
{
    if (!obj)
        return descr;
    if (!REFS(descr)->f[P_GET])
        return prop_missing(descr, obj, "getter");
    return space_call(REFS(descr)->f[P_GET], &obj, 1, NULL);
}

static int prop_set(w_object *descr, w_object *obj, w_object *value)
{
    w_object *f = REFS(descr)->f[value ? P_SET : P_DEL];
    if (!f) {
        prop_missing(descr, obj, value ? "setter" : "deleter");
        return -1;
    }
    w_object *args[2] = {obj, value};
    return space_call(f, args, value ? 2 : 1, NULL) ? 0 : -1;
}

static w_object *prop_field(w_object *self, int i)
{
    w_object *v = REFS(self)->f[i];
    return v ? v : w_None;
}

static w_object *prop_get_fget(w_object *self) { return prop_field(self, P_GET); }
static w_object *prop_get_fset(w_object *self) { return prop_field(self, P_SET); }
static w_object *prop_get_fdel(w_object *self) { return prop_field(self, P_DEL); }
static w_object *prop_get_doc(w_object *self) { return prop_field(self, P_DOC); }

/* getter/setter/deleter: a copy with one function replaced (the docstring follows a new
   getter). */
static w_object *prop_copy(w_object *self, w_object *f, int which)
{
    w_object *v[4];
    for (int i = 0; i < 4; i++)
        v[i] = prop_field(self, i);
    v[which] = f;
    if (which == P_GET)
        v[P_DOC] = w_None;
    GC_ENTER();
    GC_ROOT(self);
    w_object *p = prop_make(W_TYPE(self), v[0], v[1], v[2], v[3]);
    if (p)
        W_STORE(REFS(p), f[P_NAME], REFS(self)->f[P_NAME]);
    GC_RETURN(p);
}

static w_object *prop_getter(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("getter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return prop_copy(self, args[0], P_GET);
}

static w_object *prop_setter(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("setter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return prop_copy(self, args[0], P_SET);
}

static w_object *prop_deleter(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("deleter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return prop_copy(self, args[0], P_DEL);
}

static w_object *prop_set_name(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__set_name__", nargs, kwnames, 2, 2) < 0)
        return NULL;
    W_STORE(REFS(self), f[P_NAME], args[1]);
    return w_None;
}

/* ---- super(type, obj) ------------------------------------------------------------------------ */

enum { S_TYPE, S_OBJ, S_OBJTYPE };

static w_object *super_construct(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_args_positional("super", nargs, kwnames, 0, 2) < 0)
        return NULL;
    if (nargs == 0)
        return w_raise_fmt(w_exc_RuntimeError, "super(): no arguments");
    if (W_TYPE(args[0]) != w_type_type)
        return w_raise_fmt(w_exc_TypeError, "super() argument 1 must be a type, not %s",
                           W_TYPE(args[0])->name);
    w_type *t = (w_type *)args[0];
    w_object *f[3] = {args[0], NULL, NULL};
    if (nargs == 2 && args[1] != w_None) {
        w_object *o = args[1];
        if (W_TYPE(o) == w_type_type && w_type_is_subtype((w_type *)o, t))
            f[S_OBJTYPE] = o;
        else if (W_TYPE_CHECK(o, t))
            f[S_OBJTYPE] = &W_TYPE(o)->ob;
        else
            return w_raise_fmt(w_exc_TypeError,
                               "super(type, obj): obj must be an instance or subtype of type");
        f[S_OBJ] = o;
    }
    return new_refs((w_type *)callable, f, 3);
}

/* The attribute after `type` along the MRO of obj's type, bound as CPython's super does. */
static w_object *super_getattr(w_object *self, w_object *name)
{
    w_object *objtype = REFS(self)->f[S_OBJTYPE];
    if (!objtype || w_str_eq_cstr(name, "__class__"))
        return space_generic_getattr(self, name);
    GC_ENTER();
    w_object *mro = NULL, *obj = REFS(self)->f[S_OBJ];
    GC_ROOT(self);
    GC_ROOT(name);
    GC_ROOT(mro);
    GC_ROOT(obj);
    w_type *start = (w_type *)objtype;
    if (!(mro = w_type_mro(start)))
        GC_RETURN(NULL);
    int64_t n = W_TUPLE_SIZE(mro), i = 0;
    while (i < n && W_TUPLE_ITEMS(mro)[i] != REFS(self)->f[S_TYPE])
        i++;
    for (i++; i < n; i++) {
        w_type *b = (w_type *)W_TUPLE_ITEMS(mro)[i];
        w_object *v = b->dict ? w_dict_get(b->dict, name) : NULL;
        if (!v) {
            if (w_err_occurred())
                GC_RETURN(NULL);
            continue;
        }
        w_object *recv = obj == &start->ob ? NULL : obj;
        if (W_TYPE(v) == w_method_type && !(((w_builtin *)v)->flags & W_BF_BOUND)) {
            if (((w_builtin *)v)->flags & W_BF_CLASSMETHOD)
                GC_RETURN(w_bind_descriptor(v, &start->ob));
            GC_RETURN(recv ? w_bind_descriptor(v, recv) : v);
        }
        if (W_TYPE(v) == w_getset_type)
            GC_RETURN(recv ? ((w_getset *)v)->get(recv) : v);
        if (W_TYPE(v)->descr_get)
            GC_RETURN(W_TYPE(v)->descr_get(v, recv, start));
        GC_RETURN(v);
    }
    GC_RETURN(space_generic_getattr(self, name));
}

static w_object *super_repr(w_object *self)
{
    w_type *t = (w_type *)REFS(self)->f[S_TYPE];
    w_object *ot = REFS(self)->f[S_OBJTYPE];
    if (!ot)
        return w_str_from_fmt("<super: <class '%s'>, NULL>", w_type_qualname(t));
    return w_str_from_fmt("<super: <class '%s'>, <%s object>>", w_type_qualname(t),
                          w_type_qualname((w_type *)ot));
}

static w_object *super_get_thisclass(w_object *self)
{
    return REFS(self)->f[S_TYPE];
}

static w_object *super_get_self(w_object *self)
{
    w_object *o = REFS(self)->f[S_OBJ];
    return o ? o : w_None;
}

static w_object *super_get_self_class(w_object *self)
{
    w_object *o = REFS(self)->f[S_OBJTYPE];
    return o ? o : w_None;
}

/* ---- start-up -------------------------------------------------------------------------------- */

int w_descrobject_init(w_object *builtins)
{
    w_type *o = w_object_type;
    w_type *bm = w_boundmethod_type = w_type_new_static("method", o, W_TID_REFS);
    w_type *cm = w_classmethod_type = w_type_new_static("classmethod", o, W_TID_REFS);
    w_type *p = w_property_type = w_type_new_static("property", o, W_TID_REFS);
    w_type *s = w_super_type = w_type_new_static("super", o, W_TID_REFS);
    bm->call = bm_call;
    bm->repr = bm_repr;
    bm->getattr = bm_getattr;
    cm->construct = cm_construct;
    cm->descr_get = cm_get;
    cm->repr = cm_repr;
    cm->flags |= W_TF_BASETYPE;
    p->construct = prop_construct;
    p->descr_get = prop_get;
    p->descr_set = prop_set;
    p->flags |= W_TF_BASETYPE;
    s->construct = super_construct;
    s->getattr = super_getattr;
    s->repr = super_repr;
    s->flags |= W_TF_BASETYPE;
    if (w_type_add_getter(bm, "__func__", bm_get_func) < 0 ||
        w_type_add_getter(bm, "__self__", bm_get_self) < 0 ||
        w_type_add_getter(cm, "__func__", cm_get_func) < 0 ||
        w_type_add_getter(cm, "__wrapped__", cm_get_func) < 0 ||
        w_type_add_getter(p, "fget", prop_get_fget) < 0 ||
        w_type_add_getter(p, "fset", prop_get_fset) < 0 ||
        w_type_add_getter(p, "fdel", prop_get_fdel) < 0 ||
        w_type_add_getter(p, "__doc__", prop_get_doc) < 0 ||
        w_type_add_method(p, "getter", prop_getter) < 0 ||
        w_type_add_method(p, "setter", prop_setter) < 0 ||
        w_type_add_method(p, "deleter", prop_deleter) < 0 ||
        w_type_add_method(p, "__set_name__", prop_set_name) < 0 ||
        w_type_add_getter(s, "__thisclass__", super_get_thisclass) < 0 ||
        w_type_add_getter(s, "__self__", super_get_self) < 0 ||
        w_type_add_getter(s, "__self_class__", super_get_self_class) < 0)
        return -1;
    if (w_module_add(builtins, "classmethod", &cm->ob) < 0 ||
        w_module_add(builtins, "property", &p->ob) < 0 ||
        w_module_add(builtins, "super", &s->ob) < 0)
        return -1;
    return w_class_init();
}

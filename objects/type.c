/* type.c — type objects: creation, readying (slot inheritance), lookup, and the `type` type. */
#include <stdlib.h>

#include "objects/kernel.h"

/*
 * Every type made by w_type_new_static is recorded here, in creation order (so a base
 * is always readied before its subtypes). Types live in the old space and are never
 * freed; the registry is a root hook so that the marking reaches their dicts.
 */
static w_type **types;
static size_t ntypes, captypes;

static void visit_types(gc_visit_fn visit, void *vctx, void *ud)
{
    for (size_t i = 0; i < ntypes; i++)
        visit((void **)&types[i], vctx);
}

static void type_cache_after_collection(int major, void *ud);

void w_types_reset(void)
{
    free(types);
    types = NULL;
    ntypes = captypes = 0;
    gc_add_root_hook(visit_types, NULL);
    gc_add_weak_hook(type_cache_after_collection, NULL);
    w_type_cache_epoch++; /* a new runtime: nothing cached before it answers */
}

static size_t type_size(const void *o)
{
    const w_type *t = o;
    return t->flags & W_TF_CLASS ? w_class_size(t) : sizeof(w_type);
}

static void type_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_type *t = o;
    if (t->dict)
        visit((void **)&t->dict, ctx);
    if (t->bases)
        visit((void **)&t->bases, ctx);
    if (t->mro)
        visit((void **)&t->mro, ctx);
    if (t->flags & W_TF_CLASS)
        w_class_trace(t, visit, ctx);
}

void w_type_register_tids(void)
{
    static const gc_descr d = {"type", type_size, type_trace};
    gc_register_tid(W_TID_TYPE, &d);
}

w_type *w_type_new_static(const char *name, w_type *base, uint32_t inst_tid)
{
    w_type *t = (w_type *)w_alloc_old(w_type_type, W_TID_TYPE, sizeof(w_type));
    t->ob.gc.flags |= GC_F_STATIC;
    t->name = name;
    t->base = base;
    t->inst_tid = inst_tid;
    w_type_register(t);
    return t;
}

void w_type_register(w_type *t)
{
    if (ntypes == captypes) {
        captypes = captypes ? captypes * 2 : 64;
        types = realloc(types, captypes * sizeof *types);
        if (!types)
            abort();
    }
    types[ntypes++] = t;
}

int w_type_is_subtype(const w_type *t, const w_type *base)
{
    if (t->mro) {
        for (int64_t i = 0; i < W_TUPLE_SIZE(t->mro); i++)
            if (W_TUPLE_ITEMS(t->mro)[i] == &base->ob)
                return 1;
        return 0;
    }
    for (; t; t = t->base)
        if (t == base)
            return 1;
    return 0;
}

w_object *w_type_mro(w_type *t)
{
    if (t->mro)
        return t->mro;
    int64_t n = 0;
    for (w_type *b = t; b; b = b->base)
        n++;
    w_object *mro = w_tuple_new(n); /* types are old: t needs no root */
    if (!mro)
        return NULL;
    n = 0;
    for (w_type *b = t; b; b = b->base)
        w_tuple_set(mro, n++, &b->ob);
    return mro;
}

static int ensure_dict(w_type *t)
{
    if (t->dict)
        return 0;
    w_object *d = w_dict_new();
    if (!d)
        return -1;
    d->gc.flags |= W_F_TYPE_DICT;
    W_STORE(t, dict, d);
    w_type_cache_epoch++; /* a new dict may shadow what a base's gave */
    return 0;
}

/* Slots are inherited one by one, as CPython's inherit_slots does; `construct` is not:
   a type without its own constructor cannot be instantiated from Python. */
#define INHERIT(f) if (!t->f) t->f = b->f

int w_type_ready(w_type *t)
{
    if (t->flags & W_TF_READY)
        return 0;
    w_type *b = t->base;
    if (b && w_type_ready(b) < 0)
        return -1;
    if (ensure_dict(t) < 0)
        return -1;
    if (b) {
        INHERIT(repr);
        INHERIT(str);
        INHERIT(hash);
        INHERIT(richcompare);
        INHERIT(truth);
        INHERIT(len);
        INHERIT(getitem);
        INHERIT(setitem);
        INHERIT(contains);
        INHERIT(concat);
        INHERIT(repeat);
        INHERIT(iter);
        INHERIT(next);
        INHERIT(getattr);
        INHERIT(setattr);
        INHERIT(call);
        INHERIT(descr_get);
        INHERIT(descr_set);
        INHERIT(number);
        INHERIT(buffer);
        if (b->flags & W_TF_EXCEPTION)
            t->flags |= W_TF_EXCEPTION;
    }
    t->flags |= W_TF_READY;
    return 0;
}
#undef INHERIT

/* o.__iter__(): CPython's slot wrapper, for the builtin types that iterate. */
static w_object *iter_method(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__iter__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return space_iter(self);
}

void w_types_ready_all(void)
{
    for (size_t i = 0; i < ntypes; i++) {
        w_type *t = types[i];
        if (w_type_ready(t) < 0)
            abort();
        if (t->iter && (!t->base || t->base->iter != t->iter) &&
            !w_dict_get_cstr(t->dict, "__iter__") && w_type_add_method(t, "__iter__", iter_method) < 0)
            abort();
    }
}

/*
 * The type cache, as CPython's method cache: (type, name) -> what the lookup found. Every
 * collection starts a new epoch, so within one no object moves or dies and an address
 * cannot come back as another object; young types, names and values are cached too (a
 * method descriptor a type was just given stays young until the next minor collection,
 * which a loop that allocates nothing never reaches). A value leaves a type's dict only
 * by a change to that dict, which starts a new epoch too (dict.c, W_F_TYPE_DICT). An
 * entry answers only in the epoch it was made in.
 */
#define TYPE_CACHE_SIZE 4096
static struct {
    w_type *type;
    w_object *name, *value;
    uint64_t epoch;
} type_cache[TYPE_CACHE_SIZE];
uint64_t w_type_cache_epoch = 1; /* zeroed entries never answer */

static void type_cache_after_collection(int major, void *ud)
{
    w_type_cache_epoch++;
}

static w_object *lookup_mro(w_type *t, w_object *name)
{
    if (t->mro) {
        /* a key's __eq__ may run code and move the tuple: re-read from the (old) class */
        for (int64_t i = 0; i < W_TUPLE_SIZE(t->mro); i++) {
            w_type *b = (w_type *)W_TUPLE_ITEMS(t->mro)[i];
            w_object *v = b->dict ? w_dict_get(b->dict, name) : NULL;
            if (v || w_err_occurred())
                return v;
        }
        return NULL;
    }
    for (; t; t = t->base) {
        if (!t->dict)
            continue;
        w_object *v = w_dict_get(t->dict, name);
        if (v)
            return v;
    }
    return NULL;
}

static inline size_t cache_index(w_type *t, w_object *name)
{
    return (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 4) * 0x9E3779B1u) % TYPE_CACHE_SIZE;
}

w_object *w_type_lookup_cached(w_type *t, w_object *name)
{
    size_t k = cache_index(t, name);
    if (type_cache[k].type == t && type_cache[k].name == name &&
        type_cache[k].epoch == w_type_cache_epoch)
        return type_cache[k].value;
    return NULL;
}

w_object *w_type_lookup(w_type *t, w_object *name)
{
    w_object *v = w_type_lookup_cached(t, name);
    if (v)
        return v;
    size_t k = cache_index(t, name);
    uint64_t epoch = w_type_cache_epoch;
    v = lookup_mro(t, name);
    /* the lookup may have run code (a key's __eq__) that changed a dict or collected */
    if (v && epoch == w_type_cache_epoch) {
        type_cache[k].type = t;
        type_cache[k].name = name;
        type_cache[k].value = v;
        type_cache[k].epoch = epoch;
    }
    return v;
}

w_object *w_type_lookup_cstr(w_type *t, const char *name)
{
    return w_type_lookup(t, w_str_intern(name));
}

int w_type_add_attr(w_type *t, const char *name, w_object *value)
{
    GC_ENTER();
    w_object *key = NULL;
    GC_ROOT(value);
    GC_ROOT(key);
    if (ensure_dict(t) < 0)
        GC_RETURN(-1);
    key = w_str_intern(name); /* before reading t->dict: interning may move the dict */
    GC_RETURN(w_dict_set(t->dict, key, value));
}

static int add_builtin(w_type *t, const char *name, w_callfn fn, uint32_t flags)
{
    w_object *b = w_builtin_new(name, fn, NULL, NULL);
    if (!b)
        return -1;
    ((w_builtin *)b)->ob.type = flags & W_BF_CLASSMETHOD ? w_classmethod_descr_type : w_method_type;
    ((w_builtin *)b)->flags = flags;
    ((w_builtin *)b)->owner = t;
    return w_type_add_attr(t, name, b);
}

int w_type_add_method(w_type *t, const char *name, w_callfn fn)
{
    return add_builtin(t, name, fn, W_BF_METHOD);
}

int w_type_add_classmethod(w_type *t, const char *name, w_callfn fn)
{
    return add_builtin(t, name, fn, W_BF_CLASSMETHOD);
}

int w_type_add_getter(w_type *t, const char *name, w_object *(*get)(w_object *self))
{
    w_object *g = w_getset_new(t, name, get);
    return g ? w_type_add_attr(t, name, g) : -1;
}

/* ---- the `type` type ------------------------------------------------------------------ */

/* The module a type names in its own dict (types made by C: "errors.Error"), NULL for the
   builtin ones. */
static w_object *own_module(w_type *t)
{
    w_object *m = t->dict ? w_dict_get_cstr(t->dict, "__module__") : NULL;
    return m && W_STR_CHECK(m) && !w_str_eq_cstr(m, "builtins") ? m : NULL;
}

const char *w_type_qualname(const w_type *t)
{
    const char *dot = strrchr(t->name, '.');
    return dot ? dot + 1 : t->name;
}

static w_object *type_repr(w_object *self)
{
    w_type *t = (w_type *)self;
    w_object *m = own_module(t);
    if (m && (t->flags & W_TF_CLASS))
        return w_str_from_fmt("<class '%s.%s'>", w_str_utf8(m), w_str_utf8(w_class_qualname(t)));
    if (m)
        return w_str_from_fmt("<class '%s.%s'>", w_str_utf8(m), w_type_qualname(t));
    return w_str_from_fmt("<class '%s'>", t->name);
}

/* Calling a type constructs an instance through its `construct` slot. */
static w_object *type_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *t = (w_type *)callable;
    if (!t->construct)
        return w_raise_fmt(w_exc_TypeError, "cannot create '%s' instances", t->name);
    return t->construct(callable, args, nargs, kwnames);
}

/* type(x) is x's type; the three-argument form (class creation) is not supported. */
static w_object *type_construct(w_object *callable, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    if (nargs == 1 && nkw == 0)
        return &W_TYPE(args[0])->ob;
    if (nargs == 3)
        return w_class_new(args, kwnames);
    return w_raise_fmt(w_exc_TypeError, "type() takes 1 or 3 arguments");
}

/*
 * Attribute lookup on a type: data descriptors of the metatype first (`int.__name__`),
 * then the type's own MRO (method descriptors come back unbound, classmethods bound to
 * the type), then the metatype's other attributes bound to the type.
 */
static w_object *type_getattr(w_object *self, w_object *name)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    w_type *t = (w_type *)self;
    w_object *meta = w_type_lookup(W_TYPE(self), name);
    if (meta && W_TYPE(meta) == w_getset_type)
        GC_RETURN(((w_getset *)meta)->get(self));
    w_object *v = w_type_lookup(t, name);
    if (v) {
        if (W_TYPE_CHECK(v, w_method_type) && (((w_builtin *)v)->flags & W_BF_CLASSMETHOD))
            GC_RETURN(w_bind_descriptor(v, self));
        if (W_TYPE(v)->descr_get)
            GC_RETURN(W_TYPE(v)->descr_get(v, NULL, t));
        GC_RETURN(v);
    }
    if (meta)
        GC_RETURN(w_bind_descriptor(meta, self));
    GC_RETURN(w_raise_fmt(w_exc_AttributeError, "type object '%s' has no attribute '%s'", t->name,
                          w_str_utf8(name)));
}

w_object *w_type_class_getitem(w_object *self, w_object *key)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    w_object *f = NULL;
    GC_ROOT(f);
    f = space_getattr_cstr(self, "__class_getitem__");
    if (!f) {
        if (!w_err_matches(w_exc_AttributeError))
            GC_RETURN(NULL);
        w_err_clear();
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "type '%s' is not subscriptable",
                              ((w_type *)self)->name));
    }
    GC_RETURN(space_call(f, &key, 1, NULL));
}

static int type_setattr(w_object *self, w_object *name, w_object *value)
{
    w_type *t = (w_type *)self;
    if ((t->flags & W_TF_MUTABLE) && t->dict) {
        if (value) {
            if (w_dict_set(t->dict, name, value) < 0)
                return -1;
            if (t->flags & W_TF_CLASS)
                w_class_changed(t, name);
            return 0;
        }
        if (w_dict_del(t->dict, name) == 0) {
            if (t->flags & W_TF_CLASS)
                w_class_changed(t, name);
            return 0;
        }
        if (!w_err_matches(w_exc_KeyError))
            return -1;
        w_err_clear();
        w_raise_fmt(w_exc_AttributeError, "type object '%s' has no attribute '%s'", t->name,
                    w_str_utf8(name));
        return -1;
    }
    w_raise_fmt(w_exc_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                w_str_utf8(name), ((w_type *)self)->name);
    return -1;
}

static w_object *type_get_name(w_object *self)
{
    return w_str_from_cstr(w_type_qualname((w_type *)self));
}

static w_object *type_get_qualname(w_object *self)
{
    w_type *t = (w_type *)self;
    return t->flags & W_TF_CLASS ? w_class_qualname(t) : type_get_name(self);
}

static w_object *type_get_module(w_object *self)
{
    w_object *m = own_module((w_type *)self);
    if (!m && (((w_type *)self)->flags & W_TF_HEAPTYPE))
        return w_raise_fmt(w_exc_AttributeError, "__module__");
    return m ? m : w_str_intern("builtins");
}

static w_object *type_get_base(w_object *self)
{
    w_type *b = ((w_type *)self)->base;
    return b ? &b->ob : w_None;
}

static w_object *type_get_bases(w_object *self)
{
    if (((w_type *)self)->bases)
        return ((w_type *)self)->bases;
    w_type *b = ((w_type *)self)->base;
    return b ? w_tuple_pack(1, &b->ob) : w_tuple_new(0);
}

static w_object *type_get_mro(w_object *self)
{
    return w_type_mro((w_type *)self);
}

/* A copy of the type's own dict (CPython's is a read-only mapping proxy of it). */
static w_object *type_get_dict(w_object *self)
{
    w_type *t = (w_type *)self;
    return t->dict ? w_dict_copy(t->dict) : w_dict_new();
}

static w_object *type_get_doc(w_object *self)
{
    w_type *t = (w_type *)self;
    w_object *d = t->dict ? w_dict_get_cstr(t->dict, "__doc__") : NULL;
    return d ? d : w_None;
}

static w_object *type_mro_method(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("mro", nargs, kwnames, 0, 0) < 0)
        return NULL;
    GC_ENTER();
    w_object *t = type_get_mro(self);
    GC_ROOT(t);
    GC_RETURN(t ? w_list_from_iterable(t) : NULL);
}

/* ---- object, None, NotImplemented, Ellipsis ---------------------------------------------- */

static w_object *object_repr(w_object *self)
{
    return w_str_from_fmt("<%s object at %p>", W_TYPE(self)->name, (void *)self);
}

static w_object *object_get_class(w_object *self)
{
    return &W_TYPE(self)->ob;
}

/* CPython's object_richcompare: == is identity, != inverts the type's own == unless that
   declines. */
static w_object *object_richcompare(w_object *a, w_object *b, int op)
{
    if (op == W_EQ)
        return a == b ? w_True : w_NotImplemented;
    if (op != W_NE)
        return w_NotImplemented;
    w_object *r = W_TYPE(a)->richcompare(a, b, W_EQ);
    if (!r || r == w_NotImplemented)
        return r;
    int t = space_truth(r);
    return t < 0 ? NULL : W_BOOL(!t);
}

static w_object *object_construct(w_object *callable, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    if (nargs || (kwnames && W_TUPLE_SIZE(kwnames)))
        return w_raise_fmt(w_exc_TypeError, "object() takes no arguments");
    return w_alloc((w_type *)callable, W_TID_PLAIN, sizeof(w_object));
}

static w_object *none_repr(w_object *self)
{
    return w_str_intern("None");
}

static int false_truth(w_object *self)
{
    return 0;
}

static w_object *notimpl_repr(w_object *self)
{
    return w_str_intern("NotImplemented");
}

static w_object *ellipsis_repr(w_object *self)
{
    return w_str_intern("Ellipsis");
}

/* NoneType(), type(NotImplemented)(), type(...)() return the singleton. */
static w_object *singleton_construct(w_object *callable, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    w_type *t = (w_type *)callable;
    if (nargs || (kwnames && W_TUPLE_SIZE(kwnames)))
        return w_raise_fmt(w_exc_TypeError, "%s takes no arguments", t->name);
    return t == w_none_type ? w_None : t == w_notimpl_type ? w_NotImplemented : w_Ellipsis;
}

void w_type_init_slots(void)
{
    w_object_type->repr = object_repr;
    w_object_type->hash = space_hash_identity;
    w_object_type->richcompare = object_richcompare;
    w_object_type->construct = object_construct;
    w_object_type->flags |= W_TF_BASETYPE;
    w_type_add_getter(w_object_type, "__class__", object_get_class);

    w_type_type->repr = type_repr;
    w_type_type->call = type_call;
    w_type_type->construct = type_construct;
    w_type_type->getattr = type_getattr;
    w_type_type->setattr = type_setattr;
    w_type_add_getter(w_type_type, "__name__", type_get_name);
    w_type_add_getter(w_type_type, "__qualname__", type_get_qualname);
    w_type_add_getter(w_type_type, "__module__", type_get_module);
    w_type_add_getter(w_type_type, "__base__", type_get_base);
    w_type_add_getter(w_type_type, "__bases__", type_get_bases);
    w_type_add_getter(w_type_type, "__mro__", type_get_mro);
    w_type_add_getter(w_type_type, "__doc__", type_get_doc);
    w_type_add_getter(w_type_type, "__dict__", type_get_dict);
    w_type_add_method(w_type_type, "mro", type_mro_method);

    w_none_type->repr = none_repr;
    w_none_type->truth = false_truth;
    w_none_type->construct = singleton_construct;
    w_notimpl_type->repr = notimpl_repr;
    w_notimpl_type->construct = singleton_construct;
    w_ellipsis_type->repr = ellipsis_repr;
    w_ellipsis_type->construct = singleton_construct;
}

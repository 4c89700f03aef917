/* class.c — classes made at run time by type(name, bases, dict): checks, best base, MRO, creation, calling, object's own methods. */
#include <stdio.h>
#include <stdlib.h>

#include "objects/class.h"

size_t w_class_size(const w_type *t)
{
    return sizeof(w_class) + W_CLASS(t)->namelen + 1;
}

void w_class_trace(w_type *t, gc_visit_fn visit, void *ctx)
{
    if (W_CLASS(t)->qualname)
        visit((void **)&W_CLASS(t)->qualname, ctx);
}

w_object *w_class_qualname(w_type *t)
{
    return W_CLASS(t)->qualname;
}

/* Every live class, so that changing a dunder of one can update its subclasses' slots:
   a weak table, pruned after each major collection. */
static struct {
    w_type **items;
    size_t n, cap;
} classes;

static void prune_classes(int major, void *ud)
{
    if (!major)
        return; /* classes are old: only a major collection frees them */
    size_t k = 0;
    for (size_t i = 0; i < classes.n; i++)
        if (gc_survivor(classes.items[i]))
            classes.items[k++] = classes.items[i];
    classes.n = k;
}

static bool is_dunder(w_object *name)
{
    const char *s = w_str_utf8(name);
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

void w_class_changed(w_type *t, w_object *name)
{
    if (!is_dunder(name))
        return;
    for (size_t i = 0; i < classes.n; i++)
        if (w_type_is_subtype(classes.items[i], t))
            w_class_install_slots(classes.items[i]);
}

/* ---- the MRO ------------------------------------------------------------------------------ */

/* C3 linearisation of the class and its bases' MROs. Works on C arrays of (old, never
   moving) types; returns a tuple, or NULL with CPython's TypeError. */
static w_object *c3_mro(w_type *cls, w_object *bases)
{
    /* the bases are old types: copied out first, as w_type_mro may move the tuple */
    int64_t nb = W_TUPLE_SIZE(bases);
    size_t nseq = (size_t)nb + 1;
    w_type ***seqs = calloc(nseq, sizeof *seqs);
    size_t *lens = calloc(nseq, sizeof *lens), *heads = calloc(nseq, sizeof *heads);
    size_t total = 1;
    w_type **out = NULL;
    w_object *res = NULL;
    if (!seqs || !lens || !heads)
        goto oom;
    lens[nb] = (size_t)nb;
    if (!(seqs[nb] = malloc((size_t)(nb ? nb : 1) * sizeof(w_type *))))
        goto oom;
    for (int64_t i = 0; i < nb; i++)
        seqs[nb][i] = (w_type *)W_TUPLE_ITEMS(bases)[i];
    for (int64_t i = 0; i < nb; i++) {
        w_object *m = w_type_mro(seqs[nb][i]);
        if (!m)
            goto done;
        lens[i] = (size_t)W_TUPLE_SIZE(m);
        if (!(seqs[i] = malloc(lens[i] * sizeof(w_type *))))
            goto oom;
        for (size_t k = 0; k < lens[i]; k++)
            seqs[i][k] = (w_type *)W_TUPLE_ITEMS(m)[k];
        total += lens[i];
    }
    if (!(out = malloc(total * sizeof *out)))
        goto oom;
    size_t nout = 0;
    out[nout++] = cls;
    for (;;) {
        bool empty = true;
        w_type *pick = NULL;
        for (size_t i = 0; i < nseq && !pick; i++) {
            if (heads[i] >= lens[i])
                continue;
            empty = false;
            w_type *cand = seqs[i][heads[i]];
            bool in_tail = false;
            for (size_t j = 0; j < nseq && !in_tail; j++)
                for (size_t k = heads[j] + 1; k < lens[j]; k++)
                    if (seqs[j][k] == cand) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail)
                pick = cand;
        }
        if (empty)
            break;
        if (!pick) {
            /* CPython names the bases still waiting, in order, once each */
            char buf[512];
            size_t len = 0;
            buf[0] = 0;
            for (size_t i = 0; i < (size_t)nb; i++) {
                if (heads[i] >= lens[i])
                    continue;
                w_type *b = seqs[i][heads[i]];
                bool seen = false;
                for (size_t j = 0; j < i; j++)
                    if (heads[j] < lens[j] && seqs[j][heads[j]] == b)
                        seen = true;
                if (!seen && len < sizeof buf - 1)
                    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "",
                                            w_type_qualname(b));
            }
            w_raise_fmt(w_exc_TypeError,
                        "Cannot create a consistent method resolution\norder (MRO) for bases %s",
                        buf);
            goto done;
        }
        out[nout++] = pick;
        for (size_t i = 0; i < nseq; i++)
            if (heads[i] < lens[i] && seqs[i][heads[i]] == pick)
                heads[i]++;
    }
    if ((res = w_tuple_new((int64_t)nout)))
        for (size_t i = 0; i < nout; i++)
            w_tuple_set(res, (int64_t)i, &out[i]->ob);
    goto done;
oom:
    w_raise_fmt(w_exc_MemoryError, "out of memory");
done:
    if (seqs)
        for (size_t i = 0; i < nseq; i++)
            free(seqs[i]);
    free(seqs);
    free(lens);
    free(heads);
    free(out);
    return res;
}

/* ---- creation ----------------------------------------------------------------------------- */

/* The type whose instance layout `t` has (CPython's solid_base): a class adds none. */
static w_type *solid_base(w_type *t)
{
    t = w_class_static_base(t);
    while (t->base && !(t->flags & W_TF_EXTENSION) && t->inst_tid == t->base->inst_tid)
        t = t->base;
    return t;
}

/* Layouts whose instances a class can make: object's, exceptions', other classes' and
   those of extension types (their tp_new makes them). */
static bool layout_supported(w_type *b)
{
    w_type *sb = w_class_static_base(b);
    return sb == w_object_type || (sb->flags & (W_TF_EXCEPTION | W_TF_EXTENSION)) ||
           w_class_builtin_base(sb);
}

static w_type *best_base(w_object *bases)
{
    w_type *base = NULL, *winner = NULL;
    for (int64_t i = 0; i < W_TUPLE_SIZE(bases); i++) {
        w_type *b = (w_type *)W_TUPLE_ITEMS(bases)[i];
        if (!(b->flags & W_TF_BASETYPE))
            return w_raise_fmt(w_exc_TypeError, "type '%s' is not an acceptable base type", b->name);
        w_type *cand = solid_base(b);
        if (!winner) {
            winner = cand;
            base = b;
        } else if (w_type_is_subtype(winner, cand)) {
        } else if (w_type_is_subtype(cand, winner)) {
            winner = cand;
            base = b;
        } else {
            return w_raise_fmt(w_exc_TypeError, "multiple bases have instance lay-out conflict");
        }
    }
    if (!layout_supported(base))
        return w_raise_fmt(w_exc_NotImplementedError,
                           "Ferry cannot yet make a class derived from '%s'", base->name);
    return base;
}

/* Checks name, bases and dict as type.__new__ does; returns the bases tuple to use. */
static w_object *checked_bases(w_object *name, w_object *bases, w_object *dict)
{
    if (!W_STR_CHECK(name))
        return w_raise_fmt(w_exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                           W_TYPE(name)->name);
    if (!W_TUPLE_CHECK(bases))
        return w_raise_fmt(w_exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                           W_TYPE(bases)->name);
    if (!W_DICT_CHECK(dict))
        return w_raise_fmt(w_exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                           W_TYPE(dict)->name);
    for (int64_t i = 0; i < W_TUPLE_SIZE(bases); i++) {
        w_object *b = W_TUPLE_ITEMS(bases)[i];
        if (W_TYPE(b) != w_type_type)
            return w_raise_fmt(w_exc_TypeError,
                               "metaclass conflict: the metaclass of a derived class must be a "
                               "(non-strict) subclass of the metaclasses of all its bases");
        for (int64_t j = 0; j < i; j++)
            if (W_TUPLE_ITEMS(bases)[j] == b)
                return w_raise_fmt(w_exc_TypeError, "duplicate base class %s",
                                   w_type_qualname((w_type *)b));
    }
    if (W_TUPLE_SIZE(bases) == 0)
        return w_tuple_pack(1, &w_object_type->ob);
    return bases;
}

/* The module a class defined without `__module__` belongs to: the REPL's. */
static w_object *default_module(void)
{
    return w_str_intern("__main__");
}

/* __set_name__ of each attribute, then the parent's __init_subclass__(**kwds). */
static int notify(w_type *t, w_object **kwvalues, w_object *kwnames)
{
    GC_ENTER();
    w_object *items = NULL, *args[2] = {NULL, NULL}, *m = NULL, *f = NULL;
    GC_ROOT(kwnames);
    GC_ROOT(items);
    GC_ROOT(m);
    GC_ROOT(f);
    GC_ROOT_ARRAY(args, 2);
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ROOT_ARRAY(kwvalues, nkw);
    if (!(items = w_dict_copy(t->dict)))
        GC_RETURN(-1);
    int64_t pos = 0;
    w_object *k, *v;
    while (w_dict_next(items, &pos, &k, &v)) {
        m = w_type_lookup_cstr(W_TYPE(v), "__set_name__");
        if (!m) {
            if (w_err_occurred())
                GC_RETURN(-1);
            continue;
        }
        args[0] = &t->ob;
        args[1] = k;
        if (!w_class_call_dunder(v, m, args, 2))
            GC_RETURN(-1);
    }
    for (int64_t i = 1; i < W_TUPLE_SIZE(t->mro); i++) {
        w_type *b = (w_type *)W_TUPLE_ITEMS(t->mro)[i];
        m = b->dict ? w_dict_get_cstr(b->dict, "__init_subclass__") : NULL;
        if (m)
            break;
    }
    if (!m)
        GC_RETURN(0);
    if (W_TYPE(m) == w_method_type && (((w_builtin *)m)->flags & W_BF_CLASSMETHOD))
        f = w_bind_descriptor(m, &t->ob);
    else if (W_TYPE(m)->descr_get)
        f = W_TYPE(m)->descr_get(m, NULL, t);
    else
        f = m;
    if (!f)
        GC_RETURN(-1);
    GC_RETURN(space_call(f, kwvalues, 0, nkw ? kwnames : NULL) ? 0 : -1);
}

static w_type *alloc_class(w_object *name)
{
    GC_ENTER();
    GC_ROOT(name); /* the allocation may collect */
    size_t n = strlen(w_str_utf8(name));
    w_class *c = (w_class *)gc_alloc_old(sizeof(w_class) + n + 1, W_TID_TYPE);
    c->t.ob.type = w_type_type;
    c->t.flags = W_TF_CLASS | W_TF_HEAPTYPE | W_TF_MUTABLE | W_TF_BASETYPE | W_TF_READY;
    c->namelen = (uint32_t)n;
    memcpy(c->name, w_str_utf8(name), n + 1);
    c->t.name = c->name;
    GC_RETURN(&c->t);
}

w_object *w_class_new(w_object **args, w_object *kwnames)
{
    GC_ENTER();
    w_object *name = args[0], *bases = args[1], *dict = NULL, *q = NULL, *cls = NULL;
    w_object *slots = NULL;
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ROOT_ARRAY(args, 3 + nkw);
    GC_ROOT(kwnames);
    GC_ROOT(name);
    GC_ROOT(bases);
    GC_ROOT(dict);
    GC_ROOT(q);
    GC_ROOT(cls); /* old, but collectable: rooted until returned */
    GC_ROOT(slots);
    if (!(bases = checked_bases(args[0], args[1], args[2])))
        GC_RETURN(NULL);
    w_type *base = best_base(bases);
    if (!base)
        GC_RETURN(NULL);
    if (!(dict = w_dict_copy(args[2])))
        GC_RETURN(NULL);
    /* __qualname__ leaves the dict for the type; __module__ and __doc__ are always there */
    q = w_dict_get_cstr(dict, "__qualname__");
    if (q) {
        if (!W_STR_CHECK(q))
            GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                  "type __qualname__ must be a str, not %s", W_TYPE(q)->name));
        w_object *key = w_str_intern("__qualname__");
        if (!key || w_dict_del(dict, key) < 0)
            GC_RETURN(NULL);
    } else if (w_err_occurred()) {
        GC_RETURN(NULL);
    } else {
        q = name;
    }
    if (!w_dict_get_cstr(dict, "__module__")) {
        w_object *m = default_module();
        if (!m || w_dict_set_cstr(dict, "__module__", m) < 0)
            GC_RETURN(NULL);
    }
    if (!w_dict_get_cstr(dict, "__doc__") && w_dict_set_cstr(dict, "__doc__", w_None) < 0)
        GC_RETURN(NULL);
    /* CPython makes a Python function found as __new__ a staticmethod and
       __init_subclass__ / __class_getitem__ classmethods; Ferry has no Python functions
       (Cython's are not), so nothing is wrapped */
    if (w_class_slot_names(dict, &slots) < 0)
        GC_RETURN(NULL);
    /* __eq__ without __hash__ makes instances unhashable */
    if (w_dict_get_cstr(dict, "__eq__") && !w_dict_get_cstr(dict, "__hash__") &&
        w_dict_set_cstr(dict, "__hash__", w_None) < 0)
        GC_RETURN(NULL);

    w_type *t = alloc_class(name);
    cls = &t->ob;
    t->base = base;
    t->inst_tid = base->inst_tid;
    t->flags |= base->flags & (W_TF_EXCEPTION | W_TF_EXTENSION | W_TF_CSTATE | W_TF_VARSIZED);
    W_CLASS(t)->qualname = q;
    gc_write_barrier(t);
    dict->gc.flags |= W_F_TYPE_DICT;
    W_STORE(t, bases, bases);
    W_STORE(t, dict, dict);
    if ((t->flags & W_TF_EXTENSION) || w_class_builtin_base(w_class_static_base(t)))
        w_type_register(t); /* its instances do not trace their type */
    w_object *mro = c3_mro(t, bases);
    if (!mro)
        GC_RETURN(NULL);
    W_STORE(t, mro, mro);
    w_type_cache_epoch++;
    if (w_class_add_members(t, slots) < 0)
        GC_RETURN(NULL);
    w_class_install_slots(t);
    t->construct = w_class_construct;
    if (classes.n == classes.cap) {
        size_t cap = classes.cap ? classes.cap * 2 : 32;
        w_type **n = realloc(classes.items, cap * sizeof *n);
        if (!n)
            GC_RETURN(w_raise_fmt(w_exc_MemoryError, "out of memory"));
        classes.items = n;
        classes.cap = cap;
    }
    classes.items[classes.n++] = t;
    if (notify(t, args + 3, kwnames) < 0)
        GC_RETURN(NULL);
    GC_RETURN(&t->ob);
}


/* ---- instances ------------------------------------------------------------------------------ */

static bool excess_args(size_t nargs, w_object *kwnames)
{
    return nargs || (kwnames && W_TUPLE_SIZE(kwnames));
}

/* What CPython's object_new / object_init compare: whether the class replaced them. */
static bool overrides(w_type *t, const char *name)
{
    w_object *v = w_type_lookup_cstr(t, name);
    w_object *o = w_dict_get_cstr(w_object_type->dict, name);
    return v && v != o;
}

w_object *w_object_new(w_type *cls, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *sb = w_class_static_base(cls);
    if (sb->flags & W_TF_EXCEPTION) /* BaseException.__new__ takes any arguments */
        return sb->construct(&cls->ob, args, nargs, NULL);
    if (excess_args(nargs, kwnames)) {
        if (overrides(cls, "__new__"))
            return w_raise_fmt(w_exc_TypeError,
                               "object.__new__() takes exactly one argument (the type to instantiate)");
        if (!overrides(cls, "__init__"))
            return w_raise_fmt(w_exc_TypeError, "%s() takes no arguments", cls->name);
    }
    if (sb == w_object_type)
        return w_alloc(cls, cls->flags & W_TF_CLASS ? W_TID_INSTANCE : W_TID_PLAIN,
                       cls->flags & W_TF_CLASS ? sizeof(w_instance) : sizeof(w_object));
    /* CPython names the nearest type in the chain whose __new__ is not a class's */
    w_type *named = cls;
    while ((named->flags & W_TF_CLASS) && w_class_user_method(named, "__new__"))
        named = named->base;
    if (w_err_occurred())
        return NULL;
    return w_raise_fmt(w_exc_TypeError, "object.__new__(%s) is not safe, use %s.__new__()",
                       cls->name, named->name);
}

/* object.__init__(self, *args, **kwargs) */
static w_object *object_init(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *t = W_TYPE(self);
    if (excess_args(nargs, kwnames)) {
        if (overrides(t, "__init__"))
            return w_raise_fmt(w_exc_TypeError,
                               "object.__init__() takes exactly one argument (the instance to initialize)");
        if (!overrides(t, "__new__"))
            return w_raise_fmt(w_exc_TypeError,
                               "%s.__init__() takes exactly one argument (the instance to initialize)",
                               t->name);
    }
    return w_None;
}

/* object.__new__(cls, *args, **kwargs): a plain builtin found on the type, called with
   the class first (the C-API replaces it with one that also knows extension types). */
static w_object *object_new_builtin(w_object *callable, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    if (nargs < 1)
        return w_raise_fmt(w_exc_TypeError, "object.__new__(): not enough arguments");
    if (W_TYPE(args[0]) != w_type_type)
        return w_raise_fmt(w_exc_TypeError, "object.__new__(X): X is not a type object (%s)",
                           W_TYPE(args[0])->name);
    return w_object_new((w_type *)args[0], args + 1, nargs - 1, kwnames);
}

/* object.__setattr__ / __delattr__: the assignment without the class's own hooks. */
static w_object *object_setattr(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__setattr__", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                           W_TYPE(args[0])->name);
    int r = W_TYPE(self)->flags & W_TF_CLASS ? w_class_base_setattr(self, args[0], args[1])
                                             : space_setattr(self, args[0], args[1]);
    return r < 0 ? NULL : w_None;
}

static w_object *object_delattr(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__delattr__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                           W_TYPE(args[0])->name);
    int r = W_TYPE(self)->flags & W_TF_CLASS ? w_class_base_setattr(self, args[0], NULL)
                                             : space_setattr(self, args[0], NULL);
    return r < 0 ? NULL : w_None;
}

/* object.__getattribute__: the lookup without the class's __getattr__. */
static w_object *object_getattribute(w_object *self, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    if (w_args_positional("__getattribute__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                           W_TYPE(args[0])->name);
    return W_TYPE(self)->flags & W_TF_CLASS ? w_class_base_getattr(self, args[0])
                                            : space_getattr(self, args[0]);
}

/* object.__init_subclass__(): a classmethod that takes nothing. */
static w_object *object_init_subclass(w_object *cls, w_object **args, size_t nargs,
                                      w_object *kwnames)
{
    if (kwnames && W_TUPLE_SIZE(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                           ((w_type *)cls)->name);
    if (nargs)
        return w_raise_fmt(w_exc_TypeError,
                           "%s.__init_subclass__() takes no arguments (%zu given)",
                           ((w_type *)cls)->name, nargs);
    return w_None;
}

/* Calling a class: __new__, then __init__ if it made an instance of the class (CPython's
   type_call). Extension-based classes make and initialise instances through the
   extension's tp_new and their own tp_init (capi/types.c), which calls __init__. */
w_object *w_class_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *t = (w_type *)callable;
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    w_object *obj = NULL, *m = NULL, *f = NULL;
    w_object **argv = NULL;
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    GC_ROOT(obj);
    GC_ROOT(m);
    GC_ROOT(f);
    w_type *sb = w_class_static_base(t);
    m = w_class_user_method(t, "__new__");
    if (!m && w_err_occurred())
        GC_RETURN(NULL);
    if (!m && (sb->flags & W_TF_EXTENSION))
        GC_RETURN(sb->construct(callable, args, nargs, kwnames));
    if (!(argv = malloc((nargs + nkw + 1) * sizeof *argv)))
        GC_RETURN(w_raise_fmt(w_exc_MemoryError, "out of memory"));
    argv[0] = callable;
    if (nargs + nkw)
        memcpy(argv + 1, args, (nargs + nkw) * sizeof *argv);
    GC_ROOT_ARRAY(argv, nargs + nkw + 1);
    if (m) {
        f = W_TYPE(m)->descr_get ? W_TYPE(m)->descr_get(m, NULL, t) : m;
        obj = f ? space_call(f, argv, nargs + 1, kwnames) : NULL;
    } else if (sb == w_object_type) {
        obj = w_object_new(t, args, nargs, kwnames);
    } else if (w_class_builtin_base(sb)) {
        obj = w_class_builtin_new(sb, t, args, nargs, kwnames);
    } else { /* exceptions: BaseException.__new__ keeps the positional arguments as args */
        bool own_init = w_class_user_method(t, "__init__") != NULL;
        obj = sb->construct(callable, args, nargs, own_init ? NULL : kwnames);
    }
    if (!obj || !W_TYPE_CHECK(obj, t))
        goto out;
    m = w_class_user_method(W_TYPE(obj), "__init__");
    if (!m) {
        if (w_err_occurred()) {
            obj = NULL;
            goto out;
        }
        if (W_TYPE(obj)->flags & W_TF_EXCEPTION)
            goto out; /* the exception's construct ran BaseException's init */
        /* the base's: object's, or a container's (list.__init__ ...) */
        if (!(m = w_type_lookup_cstr(W_TYPE(obj), "__init__"))) {
            if (w_err_occurred())
                obj = NULL;
            goto out;
        }
    }
    if (W_TYPE(m) == w_method_type && !(((w_builtin *)m)->flags & W_BF_BOUND)) {
        argv[0] = obj;
        f = space_call(m, argv, nargs + 1, kwnames);
    } else {
        f = W_TYPE(m)->descr_get ? W_TYPE(m)->descr_get(m, obj, W_TYPE(obj)) : m;
        f = f ? space_call(f, args, nargs, kwnames) : NULL;
    }
    if (!f)
        obj = NULL;
    else if (f != w_None)
        obj = w_raise_fmt(w_exc_TypeError, "__init__() should return None, not '%s'",
                          W_TYPE(f)->name);
out:
    GC_LEAVE();
    free(argv);
    return obj;
}
/* ---- start-up ----------------------------------------------------------------------------- */

void w_class_register_tids(void)
{
    w_class_instance_register_tid();
    gc_add_weak_hook(prune_classes, NULL);
    w_class_builtin_reset();
    free(classes.items);
    classes.items = NULL;
    classes.n = classes.cap = 0;
}
int w_class_init(void)
{
    if (w_class_slots_init() < 0 || w_class_instance_init() < 0)
        return -1;
    w_type *o = w_object_type;
    w_object *nb = w_builtin_new("__new__", object_new_builtin, NULL, NULL);
    if (!nb || w_type_add_attr(o, "__new__", nb) < 0 ||
        w_type_add_method(o, "__init__", object_init) < 0 ||
        w_type_add_method(o, "__setattr__", object_setattr) < 0 ||
        w_type_add_method(o, "__delattr__", object_delattr) < 0 ||
        w_type_add_method(o, "__getattribute__", object_getattribute) < 0 ||
        w_type_add_classmethod(o, "__init_subclass__", object_init_subclass) < 0)
        return -1;
    return w_class_builtin_init();
}

/* space.c — the object space's generic operations: repr, hash, items, iteration, attributes, calls. */
#include <stdlib.h>

#include "objects/kernel.h"

/* Objects whose repr is being computed, innermost last (cycle guard): one stack per
   thread, as CPython keeps Py_ReprEnter's list in the thread state's dict. */
static struct repr_guard {
    w_object **stack;
    size_t n, cap;
} repr_guard;

static void trace_repr_guard(void *block, gc_visit_fn visit, void *vctx)
{
    struct repr_guard *g = block;
    for (size_t i = 0; i < g->n; i++)
        visit((void **)&g->stack[i], vctx);
}

static void release_repr_guard(void *block)
{
    free(((struct repr_guard *)block)->stack);
}

void w_space_init(void)
{
    gc_add_thread_local(&repr_guard, sizeof repr_guard, trace_repr_guard, release_repr_guard);
}

int space_repr_enter(w_object *o)
{
    struct repr_guard *g = &repr_guard;
    for (size_t i = 0; i < g->n; i++)
        if (g->stack[i] == o)
            return 1;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        w_object **n = realloc(g->stack, cap * sizeof *n);
        if (!n) {
            w_raise_fmt(w_exc_MemoryError, "out of memory");
            return -1;
        }
        g->stack = n;
        g->cap = cap;
    }
    g->stack[g->n++] = o;
    return 0;
}

void space_repr_leave(w_object *o)
{
    FERRY_ASSERT(repr_guard.n > 0 && repr_guard.stack[repr_guard.n - 1] == o);
    repr_guard.n--;
}

static const char *tname(w_object *o)
{
    return W_TYPE(o)->name;
}

w_object *space_repr(w_object *o)
{
    w_object *r = W_TYPE(o)->repr(o);
    if (r && !W_STR_CHECK(r))
        return w_raise_fmt(w_exc_TypeError, "__repr__ returned non-string (type %s)", tname(r));
    return r;
}

w_object *space_str(w_object *o)
{
    w_type *t = W_TYPE(o);
    if (t == w_str_type)
        return o;
    w_object *r = t->str ? t->str(o) : t->repr(o);
    if (r && !W_STR_CHECK(r))
        return w_raise_fmt(w_exc_TypeError, "__str__ returned non-string (type %s)", tname(r));
    return r;
}

/*
 * Identity hashes must not change while the object lives, but a young object moves:
 * promote it first (a minor collection with the object rooted), then use its old-space
 * address, which is final. The same holds for id().
 */
static w_object *promoted(w_object *o)
{
    if (!gc_is_young(o))
        return o;
    GC_ENTER();
    GC_ROOT(o);
    gc_collect_minor();
    GC_RETURN(o);
}

int space_hash_identity(w_object *o, int64_t *out)
{
    uintptr_t a = (uintptr_t)promoted(o);
    *out = (int64_t)((a >> 4) | (a << (8 * sizeof a - 4)));
    if (*out == -1)
        *out = -2;
    return 0;
}

int space_hash_unhashable(w_object *o, int64_t *out)
{
    w_raise_fmt(w_exc_TypeError, "unhashable type: '%s'", tname(o));
    return -1;
}

int space_hash(w_object *o, int64_t *out)
{
    w_type *t = W_TYPE(o);
    if (!t->hash)
        return space_hash_unhashable(o, out);
    return t->hash(o, out);
}

w_object *space_id(w_object *o)
{
    return w_int_from_u64((uintptr_t)promoted(o));
}

int space_truth(w_object *o)
{
    if (o == w_True)
        return 1;
    if (o == w_False || o == w_None)
        return 0;
    w_type *t = W_TYPE(o);
    if (t->truth)
        return t->truth(o);
    if (t->len) {
        int64_t n = t->len(o);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int64_t space_len(w_object *o)
{
    w_type *t = W_TYPE(o);
    if (!t->len) {
        w_raise_fmt(w_exc_TypeError, "object of type '%s' has no len()", tname(o));
        return -1;
    }
    return t->len(o);
}

w_object *space_getitem(w_object *o, w_object *key)
{
    w_type *t = W_TYPE(o);
    if (!t->getitem) {
        if (t == w_type_type)
            return w_type_class_getitem(o, key);
        return w_raise_fmt(w_exc_TypeError, "'%s' object is not subscriptable", tname(o));
    }
    return t->getitem(o, key);
}

int space_setitem(w_object *o, w_object *key, w_object *value)
{
    w_type *t = W_TYPE(o);
    if (!t->setitem) {
        w_raise_fmt(w_exc_TypeError, "'%s' object does not support item assignment", tname(o));
        return -1;
    }
    return t->setitem(o, key, value);
}

int space_delitem(w_object *o, w_object *key)
{
    w_type *t = W_TYPE(o);
    if (!t->setitem) {
        w_raise_fmt(w_exc_TypeError, "'%s' object doesn't support item deletion", tname(o));
        return -1;
    }
    return t->setitem(o, key, NULL);
}

w_object *space_iter(w_object *o)
{
    w_type *t = W_TYPE(o);
    if (!t->iter)
        return w_raise_fmt(w_exc_TypeError, "'%s' object is not iterable", tname(o));
    w_object *it = t->iter(o);
    if (it && !W_TYPE(it)->next)
        return w_raise_fmt(w_exc_TypeError, "iter() returned non-iterator of type '%s'", tname(it));
    return it;
}

w_object *space_next(w_object *it)
{
    w_type *t = W_TYPE(it);
    if (!t->next)
        return w_raise_fmt(w_exc_TypeError, "'%s' object is not an iterator", tname(it));
    return t->next(it);
}

int space_contains(w_object *container, w_object *item)
{
    w_type *t = W_TYPE(container);
    if (t->contains)
        return t->contains(container, item);
    if (!t->iter) {
        w_raise_fmt(w_exc_TypeError, "argument of type '%s' is not iterable", tname(container));
        return -1;
    }
    GC_ENTER();
    w_object *it = NULL, *x = NULL;
    GC_ROOT(item);
    GC_ROOT(it);
    GC_ROOT(x);
    if (!(it = space_iter(container)))
        GC_RETURN(-1);
    while ((x = space_next(it))) {
        int r = space_eq(x, item);
        if (r != 0)
            GC_RETURN(r);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

/* ---- attributes ------------------------------------------------------------------------- */

w_object *w_bind_descriptor(w_object *descr, w_object *receiver)
{
    w_builtin *d = (w_builtin *)descr;
    GC_ENTER();
    GC_ROOT(descr);
    GC_ROOT(receiver);
    w_object *b = w_builtin_new(d->name, d->fn, receiver, d->data);
    if (b) {
        d = (w_builtin *)descr;
        /* the bound copy finds its receiver in `self`, never in args[0] */
        ((w_builtin *)b)->flags = (d->flags | W_BF_BOUND) & ~(uint32_t)W_BF_RECEIVER_FIRST;
        ((w_builtin *)b)->owner = d->owner;
        ((w_builtin *)b)->doc = d->doc;
    }
    GC_RETURN(b);
}

static bool is_unbound_builtin(w_object *v)
{
    return W_TYPE_CHECK(v, w_method_type) && !(((w_builtin *)v)->flags & W_BF_BOUND);
}

w_object *space_generic_getattr(w_object *o, w_object *name)
{
    return space_generic_getattr_dict(o, name, NULL);
}

static void *no_attribute(w_object *o, w_object *name)
{
    return w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '%s'", W_TYPE(o)->name,
                       w_str_utf8(name));
}

w_object *space_generic_getattr_dict(w_object *o, w_object *name, w_object *dict)
{
    w_type *t = W_TYPE(o);
    w_object *v = w_type_lookup(t, name);
    if (v && W_TYPE(v)->descr_set && W_TYPE(v)->descr_get)
        return W_TYPE(v)->descr_get(v, o, t);
    if (dict) {
        w_object *d = w_dict_get(dict, name);
        if (d)
            return d;
        if (w_err_occurred())
            return NULL;
    }
    if (!v)
        return no_attribute(o, name);
    if (is_unbound_builtin(v)) {
        w_object *recv = (((w_builtin *)v)->flags & W_BF_CLASSMETHOD) ? &t->ob : o;
        return w_bind_descriptor(v, recv);
    }
    if (W_TYPE(v) == w_getset_type)
        return ((w_getset *)v)->get(o);
    if (W_TYPE(v)->descr_get)
        return W_TYPE(v)->descr_get(v, o, t);
    return v;
}

static bool check_name(w_object *name)
{
    if (W_STR_CHECK(name))
        return true;
    w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'", tname(name));
    return false;
}

w_object *space_getattr(w_object *o, w_object *name)
{
    if (!check_name(name))
        return NULL;
    w_type *t = W_TYPE(o);
    return t->getattr ? t->getattr(o, name) : space_generic_getattr(o, name);
}

w_object *space_getattr_cstr(w_object *o, const char *name)
{
    GC_ENTER();
    GC_ROOT(o);
    w_object *n = w_str_intern(name);
    GC_RETURN(space_getattr(o, n));
}

int space_setattr(w_object *o, w_object *name, w_object *value)
{
    if (!check_name(name))
        return -1;
    w_type *t = W_TYPE(o);
    if (t->setattr)
        return t->setattr(o, name, value);
    return space_generic_setattr_dict(o, name, value, NULL);
}

int space_generic_setattr_dict(w_object *o, w_object *name, w_object *value, w_object *dict)
{
    w_type *t = W_TYPE(o);
    w_object *v = w_type_lookup(t, name);
    if (v && W_TYPE(v)->descr_set)
        return W_TYPE(v)->descr_set(v, o, value);
    if (dict) {
        if (value)
            return w_dict_set(dict, name, value);
        int r = w_dict_del(dict, name);
        if (r < 0 && w_err_matches(w_exc_KeyError)) {
            w_err_clear();
            no_attribute(o, name);
        }
        return r;
    }
    if (v && W_TYPE(v) == w_getset_type)
        w_raise_fmt(w_exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                    w_str_utf8(name), t->name);
    else if (v)
        w_raise_fmt(w_exc_AttributeError, "'%s' object attribute '%s' is read-only", t->name,
                    w_str_utf8(name));
    else
        no_attribute(o, name);
    return -1;
}

int space_hasattr(w_object *o, w_object *name)
{
    w_object *v = space_getattr(o, name);
    if (v)
        return 1;
    if (w_err_matches(w_exc_AttributeError)) {
        w_err_clear();
        return 0;
    }
    return -1;
}

/* ---- calls ------------------------------------------------------------------------------ */

w_object *space_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_type *t = W_TYPE(callable);
    if (!t->call)
        return w_raise_fmt(w_exc_TypeError, "'%s' object is not callable", t->name);
    return t->call(callable, args, nargs, kwnames);
}

w_object *space_call_tuple(w_object *callable, w_object *args, w_object *kwargs)
{
    GC_ENTER();
    w_object *kwnames = NULL, *res = NULL;
    GC_ROOT(callable);
    GC_ROOT(args);
    GC_ROOT(kwargs);
    GC_ROOT(kwnames);
    int64_t npos = args ? W_TUPLE_SIZE(args) : 0;
    int64_t nkw = kwargs ? w_dict_size(kwargs) : 0;
    w_object **argv = calloc((size_t)(npos + nkw + 1), sizeof *argv);
    if (!argv)
        GC_RETURN(w_raise_fmt(w_exc_MemoryError, "out of memory"));
    GC_ROOT_ARRAY(argv, (size_t)(npos + nkw));
    for (int64_t i = 0; i < npos; i++)
        argv[i] = W_TUPLE_ITEMS(args)[i];
    if (nkw) {
        kwnames = w_tuple_new(nkw);
        int64_t pos = 0, i = 0;
        w_object *k, *v;
        while (w_dict_next(kwargs, &pos, &k, &v)) {
            if (!W_STR_CHECK(k)) {
                w_raise_fmt(w_exc_TypeError, "keywords must be strings");
                goto out;
            }
            w_tuple_set(kwnames, i, k);
            argv[npos + i] = v;
            i++;
        }
    }
    res = space_call(callable, argv, (size_t)npos, kwnames);
out:
    GC_LEAVE();
    free(argv);
    return res;
}

/* CPython's method call (_PyObject_GetMethod, PyObject_VectorcallMethod): when getattr
   would bind a method descriptor found on the type — generic lookup without an instance
   dict to shadow it — the descriptor is called with the receiver first instead, and no
   bound method is made. Anything else goes through getattr. */
w_object *space_call_method(w_object *self, const char *name, w_object **args, size_t nargs)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    w_object *n = w_str_intern(name);
    GC_RETURN(n ? space_call_method_str(self, n, args, nargs) : NULL);
}

/* A method descriptor called with its receiver first: an unbound builtin that is not a
   classmethod. */
static bool is_receiver_method(w_object *v)
{
    return is_unbound_builtin(v) && !(((w_builtin *)v)->flags & W_BF_CLASSMETHOD);
}

/* space_vectorcall_method past the type cache: a lookup that may run code. */
__attribute__((noinline)) static w_object *call_method_uncached(w_object *n, w_object **args,
                                                                size_t nargs)
{
    GC_ENTER();
    GC_ROOT(n);
    GC_ROOT_ARRAY(args, nargs);
    w_type *t = W_TYPE(args[0]);
    if (!t->getattr) {
        w_object *v = w_type_lookup(t, n);
        if (v && is_receiver_method(v))
            GC_RETURN(w_builtin_call_unbound(v, args, nargs));
    }
    w_object *m = space_getattr(args[0], n);
    GC_RETURN(m ? space_call(m, args + 1, nargs - 1, NULL) : NULL);
}

w_object *space_vectorcall_method(w_object *n, w_object **args, size_t nargs)
{
    w_type *t = W_TYPE(args[0]);
    w_object *v;
    /* A builtin method the type cache knows: nothing runs or allocates before the callee,
       which roots its arguments (the w_callfn convention), so nothing is rooted here. */
    if (__builtin_expect(!t->getattr, 1) && (v = w_type_lookup_cached(t, n)) &&
        is_receiver_method(v))
        return w_builtin_call_unbound(v, args, nargs);
    return call_method_uncached(n, args, nargs);
}

w_object *space_call_method_str(w_object *self, w_object *n, w_object **args, size_t nargs)
{
    w_object *small[9];
    w_object **vec = w_args_array(small, 9, nargs + 1);
    if (!vec)
        return NULL;
    vec[0] = self;
    for (size_t i = 0; i < nargs; i++) /* args may be NULL when nargs is 0 */
        vec[1 + i] = args[i];
    w_object *r = space_vectorcall_method(n, vec, nargs + 1);
    w_args_array_free(vec, small);
    return r;
}

/* ---- type tests ------------------------------------------------------------------------- */

int space_isinstance(w_object *o, w_object *cls)
{
    if (W_TYPE(cls) == w_type_type || W_TYPE_CHECK(cls, w_type_type))
        return W_TYPE_CHECK(o, (w_type *)cls);
    if (W_TUPLE_CHECK(cls)) {
        for (int64_t i = 0; i < W_TUPLE_SIZE(cls); i++) {
            int r = space_isinstance(o, W_TUPLE_ITEMS(cls)[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    w_raise_fmt(w_exc_TypeError,
                "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

w_object *space_index(w_object *o)
{
    if (W_INT_CHECK(o))
        return o;
    w_type *t = W_TYPE(o);
    if (t->number && t->number->index)
        return t->number->index(o);
    return w_raise_fmt(w_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                       t->name);
}

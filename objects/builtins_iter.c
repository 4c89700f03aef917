/* builtins_iter.c — the iterator builtins: iter, next, enumerate, zip, map, filter, reversed. */
#include <stdlib.h>

#include "objects/objects.h"

/*
 * One layout serves every iterator made here; what the fields hold depends on the type:
 *   enumerate          a: the source iterator; b: the next index once it outgrew `i`
 *                      (NULL while the index fits in `i`)
 *   zip                a: tuple of iterators; strict: zip(..., strict=True)
 *   map                a: the function; b: tuple of iterators
 *   filter             a: the predicate (None: truth); b: the source iterator
 *   reversed           a: the sequence (NULL when exhausted); i: the next index
 *   callable_iterator  a: the callable (NULL when exhausted); b: the sentinel
 */
typedef struct rt_iter {
    w_object ob;
    w_object *a;
    w_object *b;
    int64_t i;
    uint32_t strict;
} rt_iter;

#define RT(o) ((rt_iter *)(o))

static w_type *enumerate_type, *zip_type, *map_type, *filter_type, *reversed_type,
    *callable_iter_type;

static size_t rt_iter_size(const void *o)
{
    return sizeof(rt_iter);
}

static void rt_iter_trace(void *o, gc_visit_fn visit, void *ctx)
{
    rt_iter *r = o;
    if (r->a)
        visit((void **)&r->a, ctx);
    if (r->b)
        visit((void **)&r->b, ctx);
}

void w_builtins_iter_register_tids(void)
{
    static const gc_descr d = {"builtin iterator", rt_iter_size, rt_iter_trace};
    gc_register_tid(W_TID_RT_ITER, &d);
}

/* A new iterator of `type` holding a and b (both may be NULL). */
static w_object *rt_iter_new(w_type *type, w_object *a, w_object *b)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    rt_iter *r = (rt_iter *)w_alloc(type, W_TID_RT_ITER, sizeof(rt_iter));
    r->a = a;
    r->b = b;
    GC_RETURN(&r->ob);
}

static w_object *iter_self(w_object *self)
{
    return self;
}

static size_t kw_count(w_object *kwnames)
{
    return kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
}

/* A tuple of iter(x) for each of the n objects. */
static w_object *iterators_of(w_object **objs, size_t n)
{
    GC_ENTER();
    w_object *t = NULL, *it = NULL;
    GC_ROOT_ARRAY(objs, n);
    GC_ROOT(t);
    GC_ROOT(it);
    if (!(t = w_tuple_new((int64_t)n)))
        GC_RETURN(NULL);
    for (size_t i = 0; i < n; i++)
        w_tuple_set(t, (int64_t)i, w_None);
    for (size_t i = 0; i < n; i++) {
        if (!(it = space_iter(objs[i])))
            GC_RETURN(NULL);
        w_tuple_set(t, (int64_t)i, it);
    }
    GC_RETURN(t);
}

/*
 * Calls next() on every iterator of the tuple `its` into `out` (rooted by the caller).
 * Returns the number of iterators advanced before one was exhausted (== size: all were),
 * or -1 on error.
 */
static int64_t next_all(w_object *its, w_object **out)
{
    GC_ENTER();
    GC_ROOT(its);
    int64_t n = W_TUPLE_SIZE(its);
    for (int64_t k = 0; k < n; k++) {
        out[k] = space_next(W_TUPLE_ITEMS(its)[k]);
        if (!out[k])
            GC_RETURN(w_err_occurred() ? -1 : k);
    }
    GC_RETURN(n);
}

/* Scratch space for one item per iterator: on the stack when few. */
typedef struct itembuf {
    w_object **items;
    w_object *small[8];
} itembuf;

static w_object **itembuf_init(itembuf *b, int64_t n)
{
    b->items = b->small;
    if (n > 8 && !(b->items = calloc((size_t)n, sizeof *b->items))) {
        w_raise_fmt(w_exc_MemoryError, "out of memory");
        return NULL;
    }
    for (int64_t i = 0; i < n && i < 8; i++)
        b->small[i] = NULL;
    return b->items;
}

static void itembuf_free(itembuf *b)
{
    if (b->items != b->small)
        free(b->items);
}

/* ---- iter() and next() ------------------------------------------------------------------- */

static w_object *callable_iter_next(w_object *self)
{
    if (!RT(self)->a)
        return NULL;
    GC_ENTER();
    w_object *v = NULL;
    GC_ROOT(self);
    GC_ROOT(v);
    if (!(v = space_call(RT(self)->a, NULL, 0, NULL)))
        GC_RETURN(NULL);
    int eq = space_eq(v, RT(self)->b);
    if (eq < 0)
        GC_RETURN(NULL);
    if (eq) {
        W_STORE(RT(self), a, NULL);
        GC_RETURN(NULL);
    }
    GC_RETURN(v);
}

static w_object *bi_iter(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("iter", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (nargs == 1)
        return space_iter(args[0]);
    if (!W_TYPE(args[0])->call)
        return w_raise_fmt(w_exc_TypeError, "iter(v, w): v must be callable");
    return rt_iter_new(callable_iter_type, args[0], args[1]);
}

static w_object *bi_next(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("next", nargs, kwnames, 1, 2) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    w_object *v = space_next(args[0]);
    if (v)
        GC_RETURN(v);
    if (nargs == 2 && (!w_err_occurred() || w_err_matches(w_exc_StopIteration))) {
        w_err_clear();
        GC_RETURN(args[1]);
    }
    if (!w_err_occurred())
        w_raise(w_exc_StopIteration, NULL);
    GC_RETURN(NULL);
}

/* ---- enumerate --------------------------------------------------------------------------- */

static w_object *enumerate_construct(w_object *callable, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    static const char *const names[] = {"iterable", "start"};
    static const w_argspec spec = {"enumerate", names, 2, 2, 0, 1};
    w_object *a[2];
    if (nargs == 0 && kw_count(kwnames) == 0)
        return w_raise_fmt(w_exc_TypeError, "enumerate() missing required argument 'iterable'");
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    GC_ENTER();
    w_object *it = NULL, *start = NULL, *e = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(it);
    GC_ROOT(start);
    GC_ROOT(e);
    if (!(it = space_iter(a[0])))
        GC_RETURN(NULL);
    if (a[1] && !(start = space_index(a[1])))
        GC_RETURN(NULL);
    bool small = !start || w_int_fits_i64(start);
    if (!(e = rt_iter_new((w_type *)callable, it, small ? NULL : start)))
        GC_RETURN(NULL);
    if (start && small)
        w_int_as_i64(start, &RT(e)->i);
    GC_RETURN(e);
}

static w_object *enumerate_next(w_object *self)
{
    GC_ENTER();
    w_object *item = NULL, *idx = NULL, *one = NULL;
    GC_ROOT(self);
    GC_ROOT(item);
    GC_ROOT(idx);
    GC_ROOT(one);
    if (!(item = space_next(RT(self)->a)))
        GC_RETURN(NULL);
    if (!RT(self)->b && RT(self)->i < INT64_MAX) {
        if (!(idx = w_int_from_i64(RT(self)->i)))
            GC_RETURN(NULL);
        RT(self)->i++;
    } else {
        /* The index no longer fits in `i`: count with int objects from here on. */
        if (!RT(self)->b) {
            if (!(idx = w_int_from_i64(INT64_MAX)))
                GC_RETURN(NULL);
            W_STORE(RT(self), b, idx);
        }
        idx = RT(self)->b;
        if (!(one = w_int_from_i64(1)) || !(one = space_binop(W_OP_ADD, idx, one)))
            GC_RETURN(NULL);
        W_STORE(RT(self), b, one);
    }
    GC_RETURN(w_tuple_pack(2, idx, item));
}

/* ---- zip --------------------------------------------------------------------------------- */

static w_object *zip_construct(w_object *callable, w_object **args, size_t nargs,
                               w_object *kwnames)
{
    size_t nkw = kw_count(kwnames);
    int strict = 0;
    if (nkw > 1)
        return w_raise_fmt(w_exc_TypeError, "zip() takes at most 1 keyword argument (%zu given)",
                           nkw);
    if (nkw == 1 && !w_str_eq_cstr(W_TUPLE_ITEMS(kwnames)[0], "strict"))
        return w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for zip()",
                           w_str_utf8(W_TUPLE_ITEMS(kwnames)[0]));
    GC_ENTER();
    w_object *its = NULL, *z = NULL;
    GC_ROOT_ARRAY(args, nargs + nkw);
    GC_ROOT(its);
    GC_ROOT(z);
    if (nkw == 1 && (strict = space_truth(args[nargs])) < 0)
        GC_RETURN(NULL);
    if (!(its = iterators_of(args, nargs)) || !(z = rt_iter_new((w_type *)callable, its, NULL)))
        GC_RETURN(NULL);
    RT(z)->strict = (uint32_t)strict;
    GC_RETURN(z);
}

/* zip(strict=True) found iterator k exhausted at a different point from the others. */
static w_object *zip_strict_error(w_object *its, int64_t k)
{
    if (k > 0)
        return w_raise_fmt(w_exc_ValueError, "zip() argument %lld is shorter than argument%s%lld",
                           (long long)k + 1, k == 1 ? " " : "s 1-", (long long)k);
    GC_ENTER();
    GC_ROOT(its);
    for (int64_t j = 1; j < W_TUPLE_SIZE(its); j++) {
        w_object *x = space_next(W_TUPLE_ITEMS(its)[j]);
        if (x)
            GC_RETURN(w_raise_fmt(w_exc_ValueError,
                                  "zip() argument %lld is longer than argument%s%lld",
                                  (long long)j + 1, j == 1 ? " " : "s 1-", (long long)j));
        if (w_err_occurred())
            GC_RETURN(NULL);
    }
    GC_RETURN(NULL);
}

static w_object *zip_next(w_object *self)
{
    int64_t n = W_TUPLE_SIZE(RT(self)->a);
    if (n == 0)
        return NULL;
    itembuf buf;
    w_object **items = itembuf_init(&buf, n);
    if (!items)
        return NULL;
    GC_ENTER();
    w_object *res = NULL;
    GC_ROOT(self);
    GC_ROOT_ARRAY(items, (size_t)n);
    int64_t got = next_all(RT(self)->a, items);
    if (got == n)
        res = w_tuple_from_array(items, n);
    else if (got >= 0 && RT(self)->strict)
        zip_strict_error(RT(self)->a, got);
    GC_LEAVE();
    itembuf_free(&buf);
    return res;
}

/* ---- map and filter ---------------------------------------------------------------------- */

static w_object *map_construct(w_object *callable, w_object **args, size_t nargs,
                               w_object *kwnames)
{
    if (kw_count(kwnames))
        return w_raise_fmt(w_exc_TypeError, "map() takes no keyword arguments");
    if (nargs < 2)
        return w_raise_fmt(w_exc_TypeError, "map() must have at least two arguments.");
    GC_ENTER();
    w_object *its = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(its);
    if (!(its = iterators_of(args + 1, nargs - 1)))
        GC_RETURN(NULL);
    GC_RETURN(rt_iter_new((w_type *)callable, args[0], its));
}

static w_object *map_next(w_object *self)
{
    int64_t n = W_TUPLE_SIZE(RT(self)->b);
    itembuf buf;
    w_object **items = itembuf_init(&buf, n);
    if (!items)
        return NULL;
    GC_ENTER();
    w_object *res = NULL;
    GC_ROOT(self);
    GC_ROOT_ARRAY(items, (size_t)n);
    if (next_all(RT(self)->b, items) == n)
        res = space_call(RT(self)->a, items, (size_t)n, NULL);
    GC_LEAVE();
    itembuf_free(&buf);
    return res;
}

static w_object *filter_construct(w_object *callable, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    if (w_args_positional("filter", nargs, kwnames, 2, 2) < 0)
        return NULL;
    GC_ENTER();
    w_object *it = NULL;
    GC_ROOT_ARRAY(args, 2);
    GC_ROOT(it);
    if (!(it = space_iter(args[1])))
        GC_RETURN(NULL);
    GC_RETURN(rt_iter_new((w_type *)callable, args[0], it));
}

static w_object *filter_next(w_object *self)
{
    GC_ENTER();
    w_object *item = NULL, *v = NULL;
    GC_ROOT(self);
    GC_ROOT(item);
    GC_ROOT(v);
    while ((item = space_next(RT(self)->b))) {
        v = item;
        if (RT(self)->a != w_None && !(v = space_call(RT(self)->a, &item, 1, NULL)))
            GC_RETURN(NULL);
        int t = space_truth(v);
        if (t < 0)
            GC_RETURN(NULL);
        if (t)
            GC_RETURN(item);
    }
    GC_RETURN(NULL);
}

/* ---- reversed ---------------------------------------------------------------------------- */

/* reversed() walks a sequence (len + getitem) from the end; a dict or a dict view is first
   copied into a list of its keys (or values, items). Lists and ranges have their own
   reverse iterators, as in CPython (list.__reversed__, range.__reversed__). */
static w_object *reversed_construct(w_object *callable, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    if (kw_count(kwnames))
        return w_raise_fmt(w_exc_TypeError, "reversed() takes no keyword arguments");
    if (nargs != 1) /* CPython words this one like its several-argument builtins */
        return w_raise_fmt(w_exc_TypeError, "reversed expected 1 argument, got %zu", nargs);
    w_object *seq = args[0];
    if (W_TYPE(seq) == w_list_type)
        return w_list_iter_new(seq, true);
    if (W_TYPE(seq) == w_range_type && ((w_range *)seq)->step != INT64_MIN) {
        w_range *rg = (w_range *)seq;
        int64_t last = rg->length ? rg->start + (rg->length - 1) * rg->step : rg->start;
        return w_range_iter_new(last, -rg->step, rg->length);
    }
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(seq);
    GC_ROOT(r);
    if (W_DICT_CHECK(seq) || seq->gc.tid == W_TID_DICTVIEW) {
        if (!(seq = w_list_from_iterable(seq)))
            GC_RETURN(NULL);
    } else if (!W_TYPE(seq)->getitem || !W_TYPE(seq)->len) {
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "'%s' object is not reversible", W_TYPE(seq)->name));
    }
    int64_t n = space_len(seq);
    if (n < 0 || !(r = rt_iter_new((w_type *)callable, seq, NULL)))
        GC_RETURN(NULL);
    RT(r)->i = n - 1;
    GC_RETURN(r);
}

static w_object *reversed_next(w_object *self)
{
    w_object *seq = RT(self)->a;
    int64_t i = RT(self)->i;
    if (!seq)
        return NULL;
    if (i < 0) {
        W_STORE(RT(self), a, NULL);
        return NULL;
    }
    RT(self)->i--;
    if (W_TYPE(seq) == w_tuple_type)
        return W_TUPLE_ITEMS(seq)[i];
    if (W_TYPE(seq) == w_list_type) {
        if (i < w_list_size(seq))
            return w_list_get(seq, i);
        W_STORE(RT(self), a, NULL);
        return NULL;
    }
    GC_ENTER();
    w_object *key = NULL, *v = NULL;
    GC_ROOT(self);
    GC_ROOT(key);
    GC_ROOT(v);
    if (!(key = w_int_from_i64(i)))
        GC_RETURN(NULL);
    v = space_getitem(RT(self)->a, key);
    if (!v && (w_err_matches(w_exc_IndexError) || w_err_matches(w_exc_StopIteration))) {
        w_err_clear();
        W_STORE(RT(self), a, NULL);
    }
    GC_RETURN(v);
}

/* ---- start-up ---------------------------------------------------------------------------- */

static w_type *iter_type(const char *name, w_object *(*next)(w_object *), w_callfn construct)
{
    w_type *t = w_type_new_static(name, w_object_type, W_TID_RT_ITER);
    t->iter = iter_self;
    t->next = next;
    t->construct = construct;
    t->hash = space_hash_identity;
    if (construct)
        t->flags |= W_TF_BASETYPE;
    return t;
}

int w_builtins_iter_init(w_object *builtins)
{
    GC_ENTER();
    GC_ROOT(builtins);
    enumerate_type = iter_type("enumerate", enumerate_next, enumerate_construct);
    zip_type = iter_type("zip", zip_next, zip_construct);
    map_type = iter_type("map", map_next, map_construct);
    filter_type = iter_type("filter", filter_next, filter_construct);
    reversed_type = iter_type("reversed", reversed_next, reversed_construct);
    callable_iter_type = iter_type("callable_iterator", callable_iter_next, NULL);
    w_type *const exported[] = {enumerate_type, zip_type, map_type, filter_type, reversed_type};
    for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++)
        if (w_module_add(builtins, exported[i]->name, &exported[i]->ob) < 0)
            GC_RETURN(-1);
    w_object *f = w_builtin_new("iter", bi_iter, builtins, NULL);
    if (!f || w_module_add(builtins, "iter", f) < 0)
        GC_RETURN(-1);
    f = w_builtin_new("next", bi_next, builtins, NULL);
    if (!f || w_module_add(builtins, "next", f) < 0)
        GC_RETURN(-1);
    GC_RETURN(0);
}

/* tuple.c — the tuple type, the containers family's start-up, and argument checks shared by its files. */
#include <stdlib.h>

#include "objects/objects.h"

/* () is a singleton, as in CPython. NULL until w_containers_init makes it (and after a
   restart of the runtime, until then: w_containers_register_tids clears it). */
static w_object *empty_tuple;

/* ---- argument checks --------------------------------------------------------------- */

static bool has_kwargs(w_object *kwnames)
{
    return kwnames && W_TUPLE_SIZE(kwnames) > 0;
}

int w_meth_noargs(const char *qualname, size_t nargs, w_object *kwnames)
{
    if (has_kwargs(kwnames)) {
        w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    if (nargs) {
        w_raise_fmt(w_exc_TypeError, "%s() takes no arguments (%zu given)", qualname, nargs);
        return -1;
    }
    return 0;
}

int w_meth_onearg(const char *qualname, size_t nargs, w_object *kwnames)
{
    if (has_kwargs(kwnames)) {
        w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    if (nargs != 1) {
        w_raise_fmt(w_exc_TypeError, "%s() takes exactly one argument (%zu given)", qualname,
                    nargs);
        return -1;
    }
    return 0;
}

int w_meth_posargs(const char *name, const char *qualname, size_t nargs, w_object *kwnames,
                   size_t min, size_t max)
{
    if (has_kwargs(kwnames)) {
        w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", qualname);
        return -1;
    }
    if (nargs >= min && nargs <= max)
        return 0;
    size_t bound = nargs < min ? min : max;
    const char *how = min == max ? "" : nargs < min ? "at least " : "at most ";
    w_raise_fmt(w_exc_TypeError, "%s expected %s%zu argument%s, got %zu", name, how, bound,
                bound == 1 ? "" : "s", nargs);
    return -1;
}

/* ---- construction ------------------------------------------------------------------ */

static w_object *tuple_alloc(w_type *type, int64_t size)
{
    if (size < 0 || (uint64_t)size > (UINT64_MAX >> 4) / sizeof(w_object *))
        return w_raise(w_exc_MemoryError, NULL);
    w_tuple *t = (w_tuple *)w_alloc(type, W_TID_TUPLE,
                                    sizeof(w_tuple) + (size_t)size * sizeof(w_object *));
    t->size = size;
    return &t->ob;
}

w_object *w_tuple_new(int64_t size)
{
    if (size == 0 && empty_tuple)
        return empty_tuple;
    return tuple_alloc(w_tuple_type, size);
}

w_object *w_tuple_from_array(w_object **items, int64_t n)
{
    GC_ENTER();
    GC_ROOT_ARRAY(items, (size_t)n);
    w_object *t = w_tuple_new(n);
    if (t)
        for (int64_t i = 0; i < n; i++)
            w_tuple_set(t, i, items[i]);
    GC_RETURN(t);
}

w_object *w_tuple_pack(int64_t n, ...)
{
    w_object *small[8];
    w_object **items = w_args_array(small, 8, (size_t)n);
    if (!items)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (int64_t i = 0; i < n; i++)
        items[i] = va_arg(ap, w_object *);
    va_end(ap);
    w_object *t = w_tuple_from_array(items, n);
    w_args_array_free(items, small);
    return t;
}

/* A tuple of `type` (tuple or a subclass) holding the first n items of `src` from `start`
   with stride `step`. */
static w_object *tuple_from_slice(w_type *type, w_object *src, int64_t start, int64_t step,
                                  int64_t n)
{
    GC_ENTER();
    GC_ROOT(src);
    w_object *t = type == w_tuple_type ? w_tuple_new(n) : tuple_alloc(type, n);
    if (t)
        for (int64_t i = 0; i < n; i++)
            w_tuple_set(t, i, W_TUPLE_ITEMS(src)[start + i * step]);
    GC_RETURN(t);
}

w_object *w_tuple_from_iterable(w_object *iterable)
{
    if (W_TYPE(iterable) == w_tuple_type)
        return iterable;
    if (W_TUPLE_CHECK(iterable))
        return tuple_from_slice(w_tuple_type, iterable, 0, 1, W_TUPLE_SIZE(iterable));
    GC_ENTER();
    w_object *list = NULL, *t = NULL;
    GC_ROOT(list);
    GC_ROOT(t);
    list = W_LIST_CHECK(iterable) ? iterable : w_list_from_iterable(iterable);
    if (!list)
        GC_RETURN(NULL);
    int64_t n = w_list_size(list);
    if (!(t = w_tuple_new(n)))
        GC_RETURN(NULL);
    /* A list's own items cannot change while they are boxed: boxing runs no Python code. */
    for (int64_t i = 0; i < n && i < w_list_size(list); i++) {
        w_object *v = w_list_get(list, i);
        if (!v)
            GC_RETURN(NULL);
        w_tuple_set(t, i, v);
    }
    GC_RETURN(t);
}

/* tuple(iterable): the construct slot; `callable` is tuple or a subclass. */
static w_object *tuple_construct(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    w_type *type = (w_type *)callable;
    if (w_meth_posargs("tuple", "tuple", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (type == w_tuple_type)
        return nargs ? w_tuple_from_iterable(args[0]) : w_tuple_new(0);
    GC_ENTER();
    w_object *t = nargs ? w_tuple_from_iterable(args[0]) : w_tuple_new(0);
    GC_ROOT(t);
    GC_RETURN(t ? tuple_from_slice(type, t, 0, 1, W_TUPLE_SIZE(t)) : NULL);
}

/* ---- slots --------------------------------------------------------------------------- */

static w_object *tuple_repr(w_object *self)
{
    int64_t n = W_TUPLE_SIZE(self);
    if (n == 0)
        return w_str_from_cstr("()");
    int r = space_repr_enter(self);
    if (r != 0)
        return r < 0 ? NULL : w_str_from_cstr("(...)");
    GC_ENTER();
    GC_ROOT(self);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "(");
    for (int64_t i = 0; i < n; i++) {
        w_object *s = space_repr(W_TUPLE_ITEMS(self)[i]);
        if (!s) {
            w_strbuf_free(&b);
            space_repr_leave(self);
            GC_RETURN(NULL);
        }
        if (i)
            w_strbuf_addc(&b, ", ");
        w_strbuf_add_str(&b, s);
    }
    w_strbuf_addc(&b, n == 1 ? ",)" : ")");
    space_repr_leave(self);
    GC_RETURN(w_strbuf_finish(&b));
}

/* CPython 3.11's tuple hash: xxHash's mixing of the item hashes, length folded in. */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL

static int tuple_hash(w_object *self, int64_t *out)
{
    GC_ENTER();
    GC_ROOT(self);
    uint64_t acc = XXPRIME_5;
    int64_t n = W_TUPLE_SIZE(self);
    for (int64_t i = 0; i < n; i++) {
        int64_t h;
        if (space_hash(W_TUPLE_ITEMS(self)[i], &h) < 0)
            GC_RETURN(-1);
        acc += (uint64_t)h * XXPRIME_2;
        acc = (acc << 31) | (acc >> 33);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539ULL);
    *out = acc == UINT64_MAX ? 1546275796 : (int64_t)acc;
    GC_RETURN(0);
}

/* Lexicographic: the first unequal pair decides, else the lengths (CPython's order of
   comparisons, so errors and side effects match). */
static w_object *tuple_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_TUPLE_CHECK(a) || !W_TUPLE_CHECK(b))
        return w_NotImplemented;
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    int64_t i = 0;
    for (; i < W_TUPLE_SIZE(a) && i < W_TUPLE_SIZE(b); i++) {
        int k = space_eq(W_TUPLE_ITEMS(a)[i], W_TUPLE_ITEMS(b)[i]);
        if (k < 0)
            GC_RETURN(NULL);
        if (!k)
            break;
    }
    int64_t na = W_TUPLE_SIZE(a), nb = W_TUPLE_SIZE(b);
    if (i >= na || i >= nb) {
        bool r;
        switch (op) {
        case W_LT: r = na < nb; break;
        case W_LE: r = na <= nb; break;
        case W_EQ: r = na == nb; break;
        case W_NE: r = na != nb; break;
        case W_GT: r = na > nb; break;
        default: r = na >= nb; break;
        }
        GC_RETURN(W_BOOL(r));
    }
    if (op == W_EQ)
        GC_RETURN(w_False);
    if (op == W_NE)
        GC_RETURN(w_True);
    GC_RETURN(space_richcompare(W_TUPLE_ITEMS(a)[i], W_TUPLE_ITEMS(b)[i], op));
}

static int64_t tuple_len(w_object *self)
{
    return W_TUPLE_SIZE(self);
}

static w_object *tuple_getitem(w_object *self, w_object *key)
{
    int64_t n = W_TUPLE_SIZE(self);
    if (W_SLICE_CHECK(key)) {
        int64_t start, stop, step, len;
        GC_ENTER();
        GC_ROOT(self);
        if (w_slice_indices(key, n, &start, &stop, &step, &len) < 0)
            GC_RETURN(NULL);
        if (step == 1 && len == n && W_TYPE(self) == w_tuple_type)
            GC_RETURN(self);
        GC_RETURN(tuple_from_slice(w_tuple_type, self, start, step, len));
    }
    if (!W_INT_CHECK(key) && !(W_TYPE(key)->number && W_TYPE(key)->number->index))
        return w_raise_fmt(w_exc_TypeError, "tuple indices must be integers or slices, not %s",
                           W_TYPE(key)->name);
    int64_t i;
    GC_ENTER();
    GC_ROOT(self);
    if (w_seq_index(key, n, "tuple", &i) < 0)
        GC_RETURN(NULL);
    GC_RETURN(W_TUPLE_ITEMS(self)[i]);
}

static int tuple_contains(w_object *self, w_object *item)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(item);
    for (int64_t i = 0; i < W_TUPLE_SIZE(self); i++) {
        int r = space_eq(W_TUPLE_ITEMS(self)[i], item);
        if (r != 0)
            GC_RETURN(r);
    }
    GC_RETURN(0);
}

static w_object *tuple_concat(w_object *a, w_object *b)
{
    if (!W_TUPLE_CHECK(b))
        return w_raise_fmt(w_exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                           W_TYPE(b)->name);
    int64_t na = W_TUPLE_SIZE(a), nb = W_TUPLE_SIZE(b);
    if (nb == 0 && W_TYPE(a) == w_tuple_type)
        return a;
    if (na == 0 && W_TYPE(b) == w_tuple_type)
        return b;
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    w_object *t = w_tuple_new(na + nb);
    if (t) {
        for (int64_t i = 0; i < na; i++)
            w_tuple_set(t, i, W_TUPLE_ITEMS(a)[i]);
        for (int64_t i = 0; i < nb; i++)
            w_tuple_set(t, na + i, W_TUPLE_ITEMS(b)[i]);
    }
    GC_RETURN(t);
}

static w_object *tuple_repeat(w_object *self, int64_t count)
{
    int64_t n = W_TUPLE_SIZE(self);
    if (count < 0)
        count = 0;
    if (W_TYPE(self) == w_tuple_type && (n == 0 || count == 1))
        return self;
    if (n && count > INT64_MAX / 16 / n)
        return w_raise(w_exc_MemoryError, NULL);
    GC_ENTER();
    GC_ROOT(self);
    w_object *t = w_tuple_new(n * count);
    if (t)
        for (int64_t c = 0; c < count; c++)
            for (int64_t i = 0; i < n; i++)
                w_tuple_set(t, c * n + i, W_TUPLE_ITEMS(self)[i]);
    GC_RETURN(t);
}

static w_object *tuple_iter(w_object *self)
{
    return w_tuple_iter_new(self);
}

/* ---- methods ------------------------------------------------------------------------- */

static w_object *tuple_count(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("tuple.count", nargs, kwnames) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, 1);
    int64_t count = 0;
    for (int64_t i = 0; i < W_TUPLE_SIZE(self); i++) {
        int r = space_eq(W_TUPLE_ITEMS(self)[i], args[0]);
        if (r < 0)
            GC_RETURN(NULL);
        count += r;
    }
    GC_RETURN(w_int_from_i64(count));
}

static w_object *tuple_index(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_posargs("index", "tuple.index", nargs, kwnames, 1, 3) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t start, stop;
    if (w_seq_index_bounds(args + 1, nargs - 1, W_TUPLE_SIZE(self), &start, &stop) < 0)
        GC_RETURN(NULL);
    for (int64_t i = start; i < stop && i < W_TUPLE_SIZE(self); i++) {
        int r = space_eq(W_TUPLE_ITEMS(self)[i], args[0]);
        if (r < 0)
            GC_RETURN(NULL);
        if (r)
            GC_RETURN(w_int_from_i64(i));
    }
    GC_RETURN(w_raise_fmt(w_exc_ValueError, "tuple.index(x): x not in tuple"));
}

/* ---- start-up ------------------------------------------------------------------------ */

static size_t tuple_size(const void *o)
{
    return sizeof(w_tuple) + (size_t)((const w_tuple *)o)->size * sizeof(w_object *);
}

static void tuple_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_tuple *t = o;
    for (int64_t i = 0; i < t->size; i++)
        if (t->items[i])
            visit((void **)&t->items[i], ctx);
}

void w_tuple_register_tid(void)
{
    static const gc_descr d = {"tuple", tuple_size, tuple_trace};
    gc_register_tid(W_TID_TUPLE, &d);
    empty_tuple = NULL;
}

int w_tuple_init(void)
{
    w_object *e = w_alloc_old(w_tuple_type, W_TID_TUPLE, sizeof(w_tuple));
    if (!e)
        return -1;
    e->gc.flags |= GC_F_STATIC;
    empty_tuple = e;
    gc_add_root((void **)&empty_tuple);

    w_type *t = w_tuple_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = tuple_repr;
    t->hash = tuple_hash;
    t->richcompare = tuple_richcompare;
    t->len = tuple_len;
    t->getitem = tuple_getitem;
    t->contains = tuple_contains;
    t->concat = tuple_concat;
    t->repeat = tuple_repeat;
    t->iter = tuple_iter;
    t->construct = tuple_construct;
    if (w_type_add_method(t, "count", tuple_count) < 0 ||
        w_type_add_method(t, "index", tuple_index) < 0)
        return -1;
    return 0;
}

/* ---- the family's start-up ------------------------------------------------------------ */

void w_containers_register_tids(void)
{
    w_tuple_register_tid();
    w_list_register_tid();
    w_dict_register_tid();
    w_set_register_tid();
    w_range_register_tid();
    w_slice_register_tid();
    w_iter_register_tids();
}

int w_containers_init(void)
{
    if (w_tuple_init() < 0 || w_list_init() < 0 || w_dict_init() < 0 || w_set_init() < 0 ||
        w_range_init() < 0 || w_slice_init() < 0 || w_iter_init() < 0)
        return -1;
    return 0;
}

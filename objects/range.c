/* range.c — range objects with int64 bounds: O(1) length, indexing, slicing and membership of ints. */
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

#define R(o) ((w_range *)(o))

static void *raise_too_big(void)
{
    return w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C ssize_t");
}

/* Bounds are int64; intermediate products and lengths are computed in 128 bits. */
static w_object *range_make(__int128 start, __int128 stop, __int128 step)
{
    if (start < INT64_MIN || start > INT64_MAX || stop < INT64_MIN || stop > INT64_MAX ||
        step < INT64_MIN || step > INT64_MAX)
        return raise_too_big();
    __int128 n;
    if (step > 0)
        n = start < stop ? (stop - start - 1) / step + 1 : 0;
    else
        n = start > stop ? (start - stop - 1) / -step + 1 : 0;
    if (n > INT64_MAX)
        return raise_too_big();
    w_range *r = (w_range *)w_alloc(w_range_type, W_TID_RANGE, sizeof(w_range));
    r->start = (int64_t)start;
    r->stop = (int64_t)stop;
    r->step = (int64_t)step;
    r->length = (int64_t)n;
    return &r->ob;
}

w_object *w_range_new(int64_t start, int64_t stop, int64_t step)
{
    FERRY_ASSERT(step != 0);
    return range_make(start, stop, step);
}

/* An argument of range(): __index__, then int64. */
static int range_arg(w_object *o, int64_t *out)
{
    w_object *i = space_index(o);
    if (!i)
        return -1;
    if (!w_int_fits_i64(i)) {
        raise_too_big();
        return -1;
    }
    return w_int_as_i64(i, out);
}

static w_object *range_construct(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_posargs("range", "range", nargs, kwnames, 1, 3) < 0)
        return NULL;
    int64_t v[3] = {0, 0, 1};
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    for (size_t i = 0; i < nargs; i++)
        if (range_arg(args[i], &v[nargs == 1 ? 1 : i]) < 0)
            GC_RETURN(NULL);
    if (v[2] == 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "range() arg 3 must not be zero"));
    GC_RETURN(range_make(v[0], v[1], v[2]));
}

static int64_t item_at(w_object *r, int64_t i)
{
    return (int64_t)((__int128)R(r)->start + (__int128)i * R(r)->step);
}

/* ---- slots --------------------------------------------------------------------------- */

static w_object *range_repr(w_object *self)
{
    w_range *r = R(self);
    if (r->step == 1)
        return w_str_from_fmt("range(%ld, %ld)", (long)r->start, (long)r->stop);
    return w_str_from_fmt("range(%ld, %ld, %ld)", (long)r->start, (long)r->stop, (long)r->step);
}

static int64_t range_len(w_object *self)
{
    return R(self)->length;
}

/* Ranges are equal when they produce the same sequence. */
static w_object *range_richcompare(w_object *a, w_object *b, int op)
{
    if (W_TYPE(a) != w_range_type || W_TYPE(b) != w_range_type || (op != W_EQ && op != W_NE))
        return w_NotImplemented;
    w_range *x = R(a), *y = R(b);
    bool eq = x->length == y->length &&
              (x->length == 0 || (x->start == y->start && (x->length == 1 || x->step == y->step)));
    return W_BOOL(op == W_EQ ? eq : !eq);
}

/* hash((len, start, step)), with None for what does not matter (CPython's rule). */
static int range_hash(w_object *self, int64_t *out)
{
    GC_ENTER();
    w_object *len = NULL, *start = w_None, *step = w_None;
    GC_ROOT(self);
    GC_ROOT(len);
    GC_ROOT(start);
    GC_ROOT(step);
    len = w_int_from_i64(R(self)->length);
    if (R(self)->length > 0)
        start = w_int_from_i64(R(self)->start);
    if (R(self)->length > 1)
        step = w_int_from_i64(R(self)->step);
    w_object *t = w_tuple_pack(3, len, start, step);
    GC_RETURN(t ? space_hash(t, out) : -1);
}

static w_object *range_getitem(w_object *self, w_object *key)
{
    if (W_SLICE_CHECK(key)) {
        int64_t start, stop, step, n;
        GC_ENTER();
        GC_ROOT(self);
        if (w_slice_indices(key, R(self)->length, &start, &stop, &step, &n) < 0)
            GC_RETURN(NULL);
        w_range *r = R(self);
        GC_RETURN(range_make((__int128)r->start + (__int128)start * r->step,
                             (__int128)r->start + (__int128)stop * r->step,
                             (__int128)step * r->step));
    }
    if (!W_INT_CHECK(key) && !(W_TYPE(key)->number && W_TYPE(key)->number->index))
        return w_raise_fmt(w_exc_TypeError, "range indices must be integers or slices, not %s",
                           W_TYPE(key)->name);
    GC_ENTER();
    GC_ROOT(self);
    int64_t i;
    if (w_seq_index(key, R(self)->length, "range object", &i) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_int_from_i64(item_at(self, i)));
}

/* Position of the int `o` in the range, or -1. */
static int64_t int_position(w_object *self, w_object *o)
{
    if (!w_int_fits_i64(o))
        return -1;
    int64_t v;
    w_int_as_i64(o, &v);
    w_range *r = R(self);
    bool inside = r->step > 0 ? r->start <= v && v < r->stop : r->stop < v && v <= r->start;
    if (!inside)
        return -1;
    __int128 d = (__int128)v - r->start;
    return d % r->step == 0 ? (int64_t)(d / r->step) : -1;
}

/* For anything but an int: compare with each item in turn. Returns the first index (or
   the count, when `count`), -1 if absent, -2 on error. */
static int64_t search(w_object *self, w_object *o, bool count)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(o);
    int64_t found = 0;
    for (int64_t i = 0; i < R(self)->length; i++) {
        w_object *v = w_int_from_i64(item_at(self, i));
        int r = v ? space_eq(v, o) : -1;
        if (r < 0)
            GC_RETURN(-2);
        if (r && !count)
            GC_RETURN(i);
        found += r;
    }
    GC_RETURN(count ? found : -1);
}

static int range_contains(w_object *self, w_object *o)
{
    if (W_INT_CHECK(o))
        return int_position(self, o) >= 0;
    int64_t r = search(self, o, false);
    return r == -2 ? -1 : r >= 0;
}

static w_object *range_iter(w_object *self)
{
    return w_range_iter_new(R(self)->start, R(self)->step, R(self)->length);
}

/* ---- methods and attributes ------------------------------------------------------------ */

static w_object *range_count_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("range.count", nargs, kwnames) < 0)
        return NULL;
    if (W_INT_CHECK(args[0]))
        return w_int_from_i64(int_position(self, args[0]) >= 0);
    int64_t n = search(self, args[0], true);
    return n < 0 ? NULL : w_int_from_i64(n);
}

static w_object *range_index_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("range.index", nargs, kwnames) < 0)
        return NULL;
    int64_t i;
    if (W_INT_CHECK(args[0])) {
        if ((i = int_position(self, args[0])) >= 0)
            return w_int_from_i64(i);
        GC_ENTER();
        w_object *r = space_repr(args[0]);
        GC_ROOT(r);
        if (!r)
            GC_RETURN(NULL);
        char *text = strdup(w_str_utf8(r));
        w_raise_fmt(w_exc_ValueError, "%s is not in range", text);
        free(text);
        GC_RETURN(NULL);
    }
    i = search(self, args[0], false);
    if (i >= 0)
        return w_int_from_i64(i);
    if (i == -1)
        w_raise_fmt(w_exc_ValueError, "sequence.index(x): x not in sequence");
    return NULL;
}

static w_object *range_reversed_m(w_object *self, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    if (w_meth_noargs("range.__reversed__", nargs, kwnames) < 0)
        return NULL;
    w_range *r = R(self);
    if (r->length == 0)
        return w_range_iter_new(r->start, 1, 0);
    if (r->step == INT64_MIN && r->length > 1)
        return raise_too_big();
    return w_range_iter_new(item_at(self, r->length - 1), r->length > 1 ? -r->step : 1,
                            r->length);
}

static w_object *range_get_start(w_object *self)
{
    return w_int_from_i64(R(self)->start);
}

static w_object *range_get_stop(w_object *self)
{
    return w_int_from_i64(R(self)->stop);
}

static w_object *range_get_step(w_object *self)
{
    return w_int_from_i64(R(self)->step);
}

static size_t range_size(const void *o)
{
    return sizeof(w_range);
}

void w_range_register_tid(void)
{
    static const gc_descr d = {"range", range_size, NULL};
    gc_register_tid(W_TID_RANGE, &d);
}

int w_range_init(void)
{
    w_type *t = w_range_type;
    t->repr = range_repr;
    t->hash = range_hash;
    t->richcompare = range_richcompare;
    t->len = range_len;
    t->getitem = range_getitem;
    t->contains = range_contains;
    t->iter = range_iter;
    t->construct = range_construct;
    if (w_type_add_method(t, "count", range_count_m) < 0 ||
        w_type_add_method(t, "index", range_index_m) < 0 ||
        w_type_add_method(t, "__reversed__", range_reversed_m) < 0 ||
        w_type_add_getter(t, "start", range_get_start) < 0 ||
        w_type_add_getter(t, "stop", range_get_stop) < 0 ||
        w_type_add_getter(t, "step", range_get_step) < 0)
        return -1;
    return 0;
}

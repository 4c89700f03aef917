/* slice.c — slice objects, resolving slices and indices against a sequence length. */
#include "objects/objects.h"

#define SL(o) ((w_slice *)(o))

w_object *w_slice_new(w_object *start, w_object *stop, w_object *step)
{
    GC_ENTER();
    GC_ROOT(start);
    GC_ROOT(stop);
    GC_ROOT(step);
    w_slice *s = (w_slice *)w_alloc(w_slice_type, W_TID_SLICE, sizeof(w_slice));
    s->start = start ? start : w_None;
    s->stop = stop ? stop : w_None;
    s->step = step ? step : w_None;
    GC_RETURN(&s->ob);
}

static bool has_index(w_object *o)
{
    return W_INT_CHECK(o) || (W_TYPE(o)->number && W_TYPE(o)->number->index);
}

int w_slice_index(w_object *o, bool allow_none, int64_t *out)
{
    if (o == w_None && allow_none)
        return 0;
    if (!has_index(o)) {
        w_raise_fmt(w_exc_TypeError, "slice indices must be integers%s or have an __index__ method",
                    allow_none ? " or None" : "");
        return -1;
    }
    w_object *i = space_index(o);
    if (!i)
        return -1;
    if (w_int_fits_i64(i))
        return w_int_as_i64(i, out);
    *out = w_int_sign(i) < 0 ? INT64_MIN : INT64_MAX;
    return 0;
}

int w_slice_indices(w_object *slice, int64_t length, int64_t *start, int64_t *stop,
                    int64_t *step, int64_t *slicelength)
{
    GC_ENTER();
    GC_ROOT(slice);
    *step = 1;
    if (w_slice_index(SL(slice)->step, true, step) < 0)
        GC_RETURN(-1);
    if (*step == 0) {
        w_raise_fmt(w_exc_ValueError, "slice step cannot be zero");
        GC_RETURN(-1);
    }
    /* So that -step cannot overflow. */
    if (*step < -INT64_MAX)
        *step = -INT64_MAX;
    bool back = *step < 0;
    *start = back ? INT64_MAX : 0;
    *stop = back ? INT64_MIN : INT64_MAX;
    if (w_slice_index(SL(slice)->start, true, start) < 0 ||
        w_slice_index(SL(slice)->stop, true, stop) < 0)
        GC_RETURN(-1);
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = back ? -1 : 0;
    } else if (*start >= length) {
        *start = back ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = back ? -1 : 0;
    } else if (*stop >= length) {
        *stop = back ? length - 1 : length;
    }
    if (back)
        *slicelength = *stop < *start ? (*start - *stop - 1) / -*step + 1 : 0;
    else
        *slicelength = *start < *stop ? (*stop - *start - 1) / *step + 1 : 0;
    GC_RETURN(0);
}

int w_seq_index(w_object *key, int64_t length, const char *what, int64_t *out)
{
    w_object *i = space_index(key);
    if (!i)
        return -1;
    if (!w_int_fits_i64(i)) {
        w_raise_fmt(w_exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    int64_t v;
    w_int_as_i64(i, &v);
    if (v < 0)
        v += length;
    if (v < 0 || v >= length) {
        w_raise_fmt(w_exc_IndexError, "%s index out of range", what);
        return -1;
    }
    *out = v;
    return 0;
}

int w_seq_index_bounds(w_object **args, size_t nargs, int64_t length, int64_t *start,
                       int64_t *stop)
{
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    *start = 0;
    *stop = INT64_MAX;
    if ((nargs > 0 && w_slice_index(args[0], false, start) < 0) ||
        (nargs > 1 && w_slice_index(args[1], false, stop) < 0))
        GC_RETURN(-1);
    if (*start < 0 && (*start += length) < 0)
        *start = 0;
    if (*stop < 0 && (*stop += length) < 0)
        *stop = 0;
    GC_RETURN(0);
}

/* ---- the slice type ------------------------------------------------------------------ */

static w_object *slice_construct(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_posargs("slice", "slice", nargs, kwnames, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return w_slice_new(NULL, args[0], NULL);
    return w_slice_new(args[0], args[1], nargs > 2 ? args[2] : NULL);
}

static w_object *slice_repr(w_object *self)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(self);
    GC_ROOT(s);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "slice(");
    for (int i = 0; i < 3; i++) {
        w_object *p = i == 0 ? SL(self)->start : i == 1 ? SL(self)->stop : SL(self)->step;
        if (!(s = space_repr(p))) {
            w_strbuf_free(&b);
            GC_RETURN(NULL);
        }
        if (i)
            w_strbuf_addc(&b, ", ");
        w_strbuf_add_str(&b, s);
    }
    w_strbuf_addc(&b, ")");
    GC_RETURN(w_strbuf_finish(&b));
}

/* Slices compare as the tuples (start, stop, step). */
static w_object *slice_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_SLICE_CHECK(a) || !W_SLICE_CHECK(b))
        return w_NotImplemented;
    GC_ENTER();
    w_object *ta = NULL, *tb = NULL;
    GC_ROOT(b);
    GC_ROOT(ta);
    GC_ROOT(tb);
    ta = w_tuple_pack(3, SL(a)->start, SL(a)->stop, SL(a)->step);
    tb = w_tuple_pack(3, SL(b)->start, SL(b)->stop, SL(b)->step);
    GC_RETURN(ta && tb ? space_richcompare(ta, tb, op) : NULL);
}

static w_object *slice_start(w_object *self)
{
    return SL(self)->start;
}

static w_object *slice_stop(w_object *self)
{
    return SL(self)->stop;
}

static w_object *slice_step(w_object *self)
{
    return SL(self)->step;
}

/* slice.indices(length): (start, stop, step) resolved against a non-negative length. */
static w_object *slice_indices_m(w_object *self, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_onearg("slice.indices", nargs, kwnames) < 0)
        return NULL;
    GC_ENTER();
    w_object *a = NULL, *b = NULL, *c = NULL;
    GC_ROOT(self);
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(c);
    w_object *n = space_index(args[0]);
    if (!n)
        GC_RETURN(NULL);
    if (w_int_sign(n) < 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "length should not be negative"));
    int64_t length, start, stop, step, len;
    if (w_int_as_i64(n, &length) < 0 ||
        w_slice_indices(self, length, &start, &stop, &step, &len) < 0)
        GC_RETURN(NULL);
    a = w_int_from_i64(start);
    b = w_int_from_i64(stop);
    c = w_int_from_i64(step);
    GC_RETURN(w_tuple_pack(3, a, b, c));
}

static size_t slice_size(const void *o)
{
    return sizeof(w_slice);
}

static void slice_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_slice *s = o;
    if (s->start)
        visit((void **)&s->start, ctx);
    if (s->stop)
        visit((void **)&s->stop, ctx);
    if (s->step)
        visit((void **)&s->step, ctx);
}

void w_slice_register_tid(void)
{
    static const gc_descr d = {"slice", slice_size, slice_trace};
    gc_register_tid(W_TID_SLICE, &d);
}

int w_slice_init(void)
{
    w_type *t = w_slice_type;
    t->repr = slice_repr;
    t->hash = space_hash_unhashable;
    t->richcompare = slice_richcompare;
    t->construct = slice_construct;
    if (w_type_add_getter(t, "start", slice_start) < 0 ||
        w_type_add_getter(t, "stop", slice_stop) < 0 ||
        w_type_add_getter(t, "step", slice_step) < 0 ||
        w_type_add_method(t, "indices", slice_indices_m) < 0)
        return -1;
    return 0;
}

/* bytearray.c — the mutable bytearray: storage growth, mutation methods, item and slice assignment. */
#include <inttypes.h>
#include <stdlib.h>

#include "objects/objects.h"

#define BA(o) ((w_bytearray *)(o))

static int64_t capacity(w_object *self)
{
    return BA(self)->storage ? BA(self)->storage->nbytes : 0;
}

static char *bytes_of(w_object *self)
{
    return BA(self)->storage ? BA(self)->storage->data : NULL;
}

int w_bytearray_check_resizable(w_object *o)
{
    if (BA(o)->exports == 0)
        return 0;
    w_raise_fmt(w_exc_BufferError, "Existing exports of data: object cannot be re-sized");
    return -1;
}

/* Makes room for `need` bytes, keeping the contents. Grows by an eighth plus a little, as
   CPython does, so that appends are amortised O(1). */
static int reserve(w_object *self, int64_t need)
{
    if (need <= capacity(self))
        return 0;
    GC_ENTER();
    GC_ROOT(self);
    int64_t cap = need + need / 8 + 16;
    w_rawarray *st = w_rawarray_new(cap);
    if (!st)
        GC_RETURN(-1);
    if (BA(self)->size)
        memcpy(st->data, bytes_of(self), (size_t)BA(self)->size);
    W_STORE(BA(self), storage, st);
    GC_RETURN(0);
}

/* A bytearray of `type` holding a copy of data[0..n) (which may lie in any object). */
static w_object *bytearray_new(w_type *type, const char *data, size_t n)
{
    if (n && w_text_in_nursery(data)) {
        char *tmp = malloc(n);
        if (!tmp)
            return w_raise(w_exc_MemoryError, NULL);
        memcpy(tmp, data, n);
        w_object *r = bytearray_new(type, tmp, n);
        free(tmp);
        return r;
    }
    GC_ENTER();
    w_object *self = w_alloc(type, W_TID_BYTEARRAY, sizeof(w_bytearray));
    GC_ROOT(self);
    if (!self || (n && reserve(self, (int64_t)n) < 0))
        GC_RETURN(NULL);
    if (n)
        memcpy(bytes_of(self), data, n);
    BA(self)->size = (int64_t)n;
    GC_RETURN(self);
}

w_object *w_bytearray_from(const void *data, size_t n)
{
    return bytearray_new(w_bytearray_type, data, n);
}

/* Replaces bytes [a, b) with data[0..n) (not inside this bytearray's storage). */
static int splice(w_object *self, int64_t a, int64_t b, const char *data, int64_t n)
{
    int64_t size = BA(self)->size, newsize = size - (b - a) + n;
    if (newsize != size && w_bytearray_check_resizable(self) < 0)
        return -1;
    GC_ENTER();
    GC_ROOT(self);
    if (reserve(self, newsize) < 0)
        GC_RETURN(-1);
    char *d = bytes_of(self);
    if (d) {
        memmove(d + a + n, d + b, (size_t)(size - b));
        if (n)
            memcpy(d + a, data, (size_t)n);
    }
    BA(self)->size = newsize;
    GC_RETURN(0);
}

/* Like splice, from a malloc'd copy: the source may be this very bytearray or move. */
static int splice_copy(w_object *self, int64_t a, int64_t b, const char *data, int64_t n)
{
    char *tmp = n ? malloc((size_t)n) : NULL;
    if (n && !tmp) {
        w_raise(w_exc_MemoryError, NULL);
        return -1;
    }
    if (n)
        memcpy(tmp, data, (size_t)n);
    int r = splice(self, a, b, tmp, n);
    free(tmp);
    return r;
}

/* ---- slots ------------------------------------------------------------------------------ */

static w_object *bytearray_repr(w_object *self)
{
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, W_TYPE(self)->name);
    w_strbuf_add_byte(&b, '(');
    w_bytes_repr_add(&b, w_bytes_data(self), w_bytes_size(self), true);
    w_strbuf_add_byte(&b, ')');
    return w_strbuf_finish(&b);
}

static bool has_number_slots(w_object *o)
{
    const w_number_slots *n = W_TYPE(o)->number;
    return n && (n->index || n->to_int || n->to_float);
}

/* The bytes a slice assignment stores: a bytes-like object, or the ints of an iterable. */
static int slice_values(w_strbuf *buf, w_object *value)
{
    if (W_STR_CHECK(value) || has_number_slots(value)) {
        w_raise_fmt(w_exc_TypeError,
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        return -1;
    }
    if (w_bytes_like(value)) {
        w_strbuf_add(buf, w_bytes_data(value), (size_t)w_bytes_size(value));
        return 0;
    }
    return w_bytes_fill_iterable(buf, value, "cannot convert '%s' object to bytearray",
                                 "byte must be in range(0, 256)");
}

/* Deletes the `n` positions start, start+step, ... (step != 1). */
static int delete_extended(w_object *self, int64_t start, int64_t step, int64_t n)
{
    if (n <= 0)
        return 0;
    if (w_bytearray_check_resizable(self) < 0)
        return -1;
    if (step < 0) {
        start += step * (n - 1);
        step = -step;
    }
    char *d = bytes_of(self);
    int64_t size = BA(self)->size, out = start;
    for (int64_t i = start; i < size; i++)
        if (i >= start + step * n || (i - start) % step != 0)
            d[out++] = d[i];
    BA(self)->size = out;
    return 0;
}

static int setitem_slice(w_object *self, w_object *key, w_object *value)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(value);
    int64_t start, stop, step, n;
    if (w_slice_indices(key, BA(self)->size, &start, &stop, &step, &n) < 0)
        GC_RETURN(-1);
    if (step == 1 && !value)
        GC_RETURN(splice(self, start, start + (n > 0 ? n : 0), NULL, 0));
    if (!value)
        GC_RETURN(delete_extended(self, start, step, n));
    w_strbuf buf;
    w_strbuf_init(&buf);
    if (slice_values(&buf, value) < 0) {
        w_strbuf_free(&buf);
        GC_RETURN(-1);
    }
    int r = 0;
    if (buf.len == 0 && step != 1) {
        /* Assigning nothing to an extended slice deletes it, as CPython does. */
        r = delete_extended(self, start, step, n);
    } else if (step == 1) {
        /* a[4:1] = x inserts at 4. */
        r = splice(self, start, start + (n > 0 ? n : 0), buf.data, (int64_t)buf.len);
    } else if ((int64_t)buf.len != n) {
        w_raise_fmt(w_exc_ValueError,
                    "attempt to assign bytes of size %zu to extended slice of size %" PRId64,
                    buf.len, n);
        r = -1;
    } else {
        char *d = bytes_of(self);
        for (int64_t k = 0, i = start; k < n; k++, i += step)
            d[i] = buf.data[k];
    }
    w_strbuf_free(&buf);
    GC_RETURN(r);
}

static int bytearray_setitem(w_object *self, w_object *key, w_object *value)
{
    if (W_SLICE_CHECK(key))
        return setitem_slice(self, key, value);
    const w_number_slots *ns = W_TYPE(key)->number;
    if (!W_INT_CHECK(key) && !(ns && ns->index)) {
        w_raise_fmt(w_exc_TypeError, "bytearray indices must be integers or slices, not %s",
                    W_TYPE(key)->name);
        return -1;
    }
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(value);
    /* CPython converts the index, then the value, then checks the index's range. */
    int64_t i;
    int v = 0;
    if (w_bytes_index_value(key, &i) < 0 ||
        (value && w_bytes_byte_arg(value, "byte must be in range(0, 256)", &v) < 0))
        GC_RETURN(-1);
    int64_t n = BA(self)->size;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        GC_RETURN((w_raise_fmt(w_exc_IndexError, "bytearray index out of range"), -1));
    if (!value)
        GC_RETURN(splice(self, i, i + 1, NULL, 0));
    bytes_of(self)[i] = (char)v;
    GC_RETURN(0);
}

static w_object *bytearray_construct(w_object *type, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors"};
    static const w_argspec spec = {"bytearray", names, 3, 3, 0, 0};
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    GC_ROOT(type);
    GC_ROOT_ARRAY(a, 3);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    w_strbuf buf;
    w_strbuf_init(&buf);
    if (w_bytes_fill_from(&buf, "bytearray", a[0], a[1], a[2]) < 0) {
        w_strbuf_free(&buf);
        GC_RETURN(NULL);
    }
    w_object *r = bytearray_new((w_type *)type, buf.data ? buf.data : "", buf.len);
    w_strbuf_free(&buf);
    GC_RETURN(r);
}

/* ---- methods ---------------------------------------------------------------------------- */

static w_object *ba_append(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    int v;
    if (w_text_onearg("bytearray.append", nargs, kwnames) < 0 ||
        w_bytes_byte_arg(args[0], "byte must be in range(0, 256)", &v) < 0)
        GC_RETURN(NULL);
    char c = (char)v;
    int64_t n = BA(self)->size;
    if (splice(self, n, n, &c, 1) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_None);
}

static w_object *ba_extend(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    if (w_text_onearg("bytearray.extend", nargs, kwnames) < 0)
        GC_RETURN(NULL);
    w_object *x = args[0];
    int64_t n = BA(self)->size;
    if (w_bytes_like(x)) {
        if (splice_copy(self, n, n, w_bytes_data(x), w_bytes_size(x)) < 0)
            GC_RETURN(NULL);
        GC_RETURN(w_None);
    }
    w_strbuf buf;
    w_strbuf_init(&buf);
    if (w_bytes_fill_iterable(&buf, x, "can't extend bytearray with %s",
                              "byte must be in range(0, 256)") < 0 ||
        splice(self, n, n, buf.data, (int64_t)buf.len) < 0) {
        w_strbuf_free(&buf);
        GC_RETURN(NULL);
    }
    w_strbuf_free(&buf);
    GC_RETURN(w_None);
}

static w_object *ba_pop(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    int64_t i = -1;
    if (w_text_clinic("bytearray.pop", nargs, kwnames, 0, 1) < 0 ||
        (nargs && w_text_ssize_arg(args[0], &i) < 0))
        GC_RETURN(NULL);
    int64_t n = BA(self)->size;
    if (n == 0)
        GC_RETURN(w_raise_fmt(w_exc_IndexError, "pop from empty bytearray"));
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        GC_RETURN(w_raise_fmt(w_exc_IndexError, "pop index out of range"));
    unsigned char c = (unsigned char)bytes_of(self)[i];
    if (splice(self, i, i + 1, NULL, 0) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_int_from_i64(c));
}

static w_object *ba_insert(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t i;
    int v;
    if (w_text_clinic("bytearray.insert", nargs, kwnames, 2, 2) < 0 ||
        w_text_ssize_arg(args[0], &i) < 0 ||
        w_bytes_byte_arg(args[1], "byte must be in range(0, 256)", &v) < 0)
        GC_RETURN(NULL);
    int64_t n = BA(self)->size;
    if (i < 0 && (i += n) < 0)
        i = 0;
    if (i > n)
        i = n;
    char c = (char)v;
    if (splice(self, i, i, &c, 1) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_None);
}

static w_object *ba_remove(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    int v;
    if (w_text_onearg("bytearray.remove", nargs, kwnames) < 0 ||
        w_bytes_byte_arg(args[0], "byte must be in range(0, 256)", &v) < 0)
        GC_RETURN(NULL);
    const char *d = bytes_of(self);
    const char *p = d ? memchr(d, v, (size_t)BA(self)->size) : NULL;
    if (!p)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "value not found in bytearray"));
    if (splice(self, p - d, p - d + 1, NULL, 0) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_None);
}

static w_object *ba_clear(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_text_noargs("bytearray.clear", nargs, kwnames) < 0 ||
        (BA(self)->size && w_bytearray_check_resizable(self) < 0))
        return NULL;
    BA(self)->size = 0;
    BA(self)->storage = NULL;
    return w_None;
}

static w_object *ba_copy(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_text_noargs("bytearray.copy", nargs, kwnames) < 0)
        return NULL;
    return w_bytearray_from(w_bytes_data(self), (size_t)w_bytes_size(self));
}

static w_object *ba_reverse(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_text_noargs("bytearray.reverse", nargs, kwnames) < 0)
        return NULL;
    char *d = bytes_of(self);
    for (int64_t i = 0, j = BA(self)->size - 1; i < j; i++, j--) {
        char t = d[i];
        d[i] = d[j];
        d[j] = t;
    }
    return w_None;
}

/* ---- start-up ---------------------------------------------------------------------------- */

int w_bytearray_init(void)
{
    w_type *t = w_bytearray_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = bytearray_repr;
    t->hash = space_hash_unhashable;
    t->richcompare = w_bytes_richcompare;
    t->truth = w_bytes_truth;
    t->len = w_bytes_len;
    t->getitem = w_bytes_getitem;
    t->setitem = bytearray_setitem;
    t->contains = w_bytes_contains;
    t->concat = w_bytes_concat;
    t->repeat = w_bytes_repeat;
    t->iter = w_bytes_iter_new;
    t->construct = bytearray_construct;
    static const struct {
        const char *name;
        w_callfn fn;
    } methods[] = {
        {"append", ba_append}, {"extend", ba_extend}, {"pop", ba_pop},
        {"insert", ba_insert}, {"remove", ba_remove}, {"clear", ba_clear},
        {"copy", ba_copy}, {"reverse", ba_reverse},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (w_type_add_method(t, methods[i].name, methods[i].fn) < 0)
            return -1;
    return w_bytes_add_methods(t);
}

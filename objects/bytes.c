/* bytes.c — the bytes type, and the read-only methods that bytes and bytearray share. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "objects/objects.h"

/* ---- storage --------------------------------------------------------------------------- */

w_bytes *w_bytes_alloc(int64_t n)
{
    size_t size = offsetof(w_bytes, data) + (size_t)n + 1;
    w_bytes *b = (w_bytes *)w_alloc(w_bytes_type, W_TID_BYTES, size);
    if (!b)
        return NULL;
    b->size = n;
    b->hash = -1;
    b->data[n] = 0;
    return b;
}

w_object *w_bytes_from(const void *data, size_t n)
{
    if (n && w_text_in_nursery(data)) {
        /* The source would move at our allocation: copy it out first. */
        char *tmp = malloc(n);
        if (!tmp)
            return w_raise(w_exc_MemoryError, NULL);
        memcpy(tmp, data, n);
        w_object *r = w_bytes_from(tmp, n);
        free(tmp);
        return r;
    }
    w_bytes *b = w_bytes_alloc((int64_t)n);
    if (b && n)
        memcpy(b->data, data, n);
    return (w_object *)b;
}

bool w_bytes_like(w_object *o)
{
    return W_TYPE_CHECK(o, w_bytes_type) || W_TYPE_CHECK(o, w_bytearray_type);
}

/* bytearray for bytearray (and subclasses), bytes otherwise: the type of derived results. */
static w_type *kind_of(w_object *o)
{
    return W_TYPE_CHECK(o, w_bytearray_type) ? w_bytearray_type : w_bytes_type;
}

w_object *w_bytes_like_new(w_type *type, const char *data, size_t n)
{
    return type == w_bytearray_type ? w_bytearray_from(data, n) : w_bytes_from(data, n);
}

const char *w_bytes_data(w_object *o)
{
    if (W_TYPE_CHECK(o, w_bytearray_type)) {
        w_bytearray *ba = (w_bytearray *)o;
        return ba->storage ? ba->storage->data : "";
    }
    return ((w_bytes *)o)->data;
}

int64_t w_bytes_size(w_object *o)
{
    if (W_TYPE_CHECK(o, w_bytearray_type))
        return ((w_bytearray *)o)->size;
    return ((w_bytes *)o)->size;
}

/* self's bytes [a, b) as an object of self's kind (self itself if all of an exact bytes). */
static w_object *piece(w_object *self, int64_t a, int64_t b)
{
    if (a == 0 && b == w_bytes_size(self) && W_TYPE(self) == w_bytes_type)
        return self;
    return w_bytes_like_new(kind_of(self), w_bytes_data(self) + a, (size_t)(b - a));
}

/* "bytes.upper" for bytes, "bytearray.upper" for bytearray: CPython's qualified names. */
static const char *qualname(char *buf, size_t size, w_object *self, const char *name)
{
    snprintf(buf, size, "%s.%s", kind_of(self)->name, name);
    return buf;
}

#define QUAL(name) qualname(qbuf, sizeof qbuf, self, name)

/* ---- arguments ------------------------------------------------------------------------- */

static bool has_index(w_object *o)
{
    return W_INT_CHECK(o) || (W_TYPE(o)->number && W_TYPE(o)->number->index);
}

/* The bytes of a bytes-like argument (valid until the next allocation). */
static int need_buffer(w_object *o, const char **p, int64_t *n)
{
    if (!w_bytes_like(o)) {
        w_raise_fmt(w_exc_TypeError, "a bytes-like object is required, not '%s'",
                    W_TYPE(o)->name);
        return -1;
    }
    *p = w_bytes_data(o);
    *n = w_bytes_size(o);
    return 0;
}

/* An int argument that must be a byte value: "byte must be in range(0, 256)". */
int w_bytes_byte_arg(w_object *o, const char *msg, int *out)
{
    if (!has_index(o)) {
        w_raise_fmt(w_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                    W_TYPE(o)->name);
        return -1;
    }
    w_object *v = W_INT_CHECK(o) ? o : space_index(o);
    if (!v)
        return -1;
    int64_t x;
    if (!w_int_fits_i64(v) || w_int_as_i64(v, &x) < 0 || x < 0 || x > 255) {
        w_err_clear();
        w_raise_fmt(w_exc_ValueError, "%s", msg);
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* The needle of find(), count(), `in`...: an int byte value or a bytes-like object. The
   single byte is stored in one[0]. */
static int byte_or_buffer(w_object *o, char *one, const char **p, int64_t *n)
{
    if (has_index(o)) {
        int v;
        if (w_bytes_byte_arg(o, "byte must be in range(0, 256)", &v) < 0)
            return -1;
        one[0] = (char)v;
        *p = one;
        *n = 1;
        return 0;
    }
    if (w_bytes_like(o))
        return need_buffer(o, p, n);
    w_raise_fmt(w_exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                W_TYPE(o)->name);
    return -1;
}

/* ---- repr, hash, comparison ------------------------------------------------------------ */

void w_bytes_repr_add(w_strbuf *b, const char *d, int64_t n, bool escape_squote)
{
    bool squote = memchr(d, '\'', (size_t)n) != NULL, dquote = memchr(d, '"', (size_t)n) != NULL;
    char quote = squote && !dquote ? '"' : '\'';
    w_strbuf_add_byte(b, 'b');
    w_strbuf_add_byte(b, quote);
    for (int64_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == (unsigned char)quote || c == '\\' || (escape_squote && c == '\'')) {
            w_strbuf_add_byte(b, '\\');
            w_strbuf_add_byte(b, (char)c);
        } else if (c == '\t') {
            w_strbuf_addc(b, "\\t");
        } else if (c == '\n') {
            w_strbuf_addc(b, "\\n");
        } else if (c == '\r') {
            w_strbuf_addc(b, "\\r");
        } else if (c < 0x20 || c >= 0x7F) {
            w_strbuf_printf(b, "\\x%02x", c);
        } else {
            w_strbuf_add_byte(b, (char)c);
        }
    }
    w_strbuf_add_byte(b, quote);
}

static w_object *bytes_repr(w_object *self)
{
    w_strbuf b;
    w_strbuf_init(&b);
    w_bytes_repr_add(&b, w_bytes_data(self), w_bytes_size(self), false);
    return w_strbuf_finish(&b);
}

static int bytes_hash(w_object *self, int64_t *out)
{
    w_bytes *b = (w_bytes *)self;
    if (b->hash == -1)
        b->hash = w_text_hash_bytes(b->data, (size_t)b->size);
    *out = b->hash;
    return 0;
}

w_object *w_bytes_richcompare(w_object *a, w_object *b, int op)
{
    if (!w_bytes_like(a) || !w_bytes_like(b))
        return w_NotImplemented;
    int64_t na = w_bytes_size(a), nb = w_bytes_size(b);
    if ((op == W_EQ || op == W_NE) && na != nb)
        return W_BOOL(op == W_NE);
    int c = memcmp(w_bytes_data(a), w_bytes_data(b), (size_t)(na < nb ? na : nb));
    if (c == 0)
        c = na < nb ? -1 : na > nb;
    return W_BOOL(w_text_cmp_holds(c, op));
}

/* ---- sequence slots (bytearray uses them too) ----------------------------------------- */

int w_bytes_truth(w_object *self)
{
    return w_bytes_size(self) != 0;
}

int64_t w_bytes_len(w_object *self)
{
    return w_bytes_size(self);
}

int w_bytes_index_value(w_object *key, int64_t *out)
{
    w_object *v = W_INT_CHECK(key) ? key : space_index(key);
    if (!v)
        return -1;
    if (!w_int_fits_i64(v) || w_int_as_i64(v, out) < 0) {
        w_err_clear();
        w_raise_fmt(w_exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    return 0;
}

int w_bytes_index_key(w_object *key, int64_t len, const char *msg, int64_t *out)
{
    int64_t i;
    if (w_bytes_index_value(key, &i) < 0)
        return -1;
    if (i < 0)
        i += len;
    if (i < 0 || i >= len) {
        w_raise_fmt(w_exc_IndexError, "%s", msg);
        return -1;
    }
    *out = i;
    return 0;
}

w_object *w_bytes_getitem(w_object *self, w_object *key)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    bool ba = kind_of(self) == w_bytearray_type;
    if (W_SLICE_CHECK(key)) {
        int64_t start, stop, step, n;
        if (w_slice_indices(key, w_bytes_size(self), &start, &stop, &step, &n) < 0)
            GC_RETURN(NULL);
        if (n <= 0)
            GC_RETURN(w_bytes_like_new(kind_of(self), "", 0));
        if (step == 1)
            GC_RETURN(piece(self, start, start + n));
        w_strbuf b;
        w_strbuf_init(&b);
        const char *d = w_bytes_data(self);
        for (int64_t k = 0, i = start; k < n; k++, i += step)
            w_strbuf_add_byte(&b, d[i]);
        GC_RETURN(w_strbuf_finish_bytes(&b, kind_of(self)));
    }
    if (!has_index(key))
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "%s indices must be integers or slices, not %s",
                              ba ? "bytearray" : "byte", W_TYPE(key)->name));
    int64_t i;
    if (w_bytes_index_key(key, w_bytes_size(self), ba ? "bytearray index out of range"
                                                       : "index out of range", &i) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_int_from_i64((unsigned char)w_bytes_data(self)[i]));
}

int w_bytes_contains(w_object *self, w_object *item)
{
    char one[1];
    const char *p;
    int64_t n;
    GC_ENTER();
    GC_ROOT(self);
    int r = has_index(item) ? byte_or_buffer(item, one, &p, &n)
                            : need_buffer(item, &p, &n);
    if (r < 0)
        GC_RETURN(-1);
    GC_RETURN(w_text_find(w_bytes_data(self), w_bytes_size(self), p, n) >= 0);
}

w_object *w_bytes_concat(w_object *a, w_object *b)
{
    if (!w_bytes_like(a))
        return w_NotImplemented;
    if (!w_bytes_like(b))
        return w_raise_fmt(w_exc_TypeError, "can't concat %s to %s", W_TYPE(b)->name,
                           kind_of(a)->name);
    w_strbuf buf;
    w_strbuf_init(&buf);
    w_strbuf_add(&buf, w_bytes_data(a), (size_t)w_bytes_size(a));
    w_strbuf_add(&buf, w_bytes_data(b), (size_t)w_bytes_size(b));
    return w_strbuf_finish_bytes(&buf, kind_of(a));
}

/* Sizes beyond this are refused up front with MemoryError rather than attempted. */
#define BYTES_MAX ((int64_t)1 << 40)

w_object *w_bytes_repeat(w_object *self, int64_t count)
{
    int64_t n = w_bytes_size(self);
    if (count <= 0 || n == 0)
        return w_bytes_like_new(kind_of(self), "", 0);
    if (count == 1 && W_TYPE(self) == w_bytes_type)
        return self;
    if (count > INT64_MAX / n)
        return kind_of(self) == w_bytearray_type
                   ? w_raise(w_exc_MemoryError, NULL)
                   : w_raise_fmt(w_exc_OverflowError, "repeated bytes are too long");
    if (n * count > BYTES_MAX)
        return w_raise(w_exc_MemoryError, NULL);
    w_strbuf buf;
    w_strbuf_init(&buf);
    for (int64_t k = 0; k < count; k++)
        w_strbuf_add(&buf, w_bytes_data(self), (size_t)n);
    return w_strbuf_finish_bytes(&buf, kind_of(self));
}

/* ---- iterators: `seq` the bytes or bytearray, `index` the next position ----------------- */

static w_type *bytes_iter_type, *bytearray_iter_type;

w_object *w_bytes_iter_new(w_object *seq)
{
    GC_ENTER();
    GC_ROOT(seq);
    w_type *t = kind_of(seq) == w_bytearray_type ? bytearray_iter_type : bytes_iter_type;
    w_iter *it = (w_iter *)w_alloc(t, W_TID_ITER, sizeof(w_iter));
    if (it)
        W_STORE(it, seq, seq);
    GC_RETURN((w_object *)it);
}

/* A bytearray may shrink while iterated: the size is read at every step. */
static w_object *bytes_iter_next(w_object *self)
{
    w_iter *it = (w_iter *)self;
    if (!it->seq)
        return NULL;
    if (it->index >= w_bytes_size(it->seq)) {
        it->seq = NULL;
        return NULL;
    }
    unsigned char c = (unsigned char)w_bytes_data(it->seq)[it->index++];
    return w_int_from_i64(c);
}

/* ---- the constructor ----------------------------------------------------------------- */

int w_bytes_fill_iterable(w_strbuf *buf, w_object *source, const char *noiter_fmt,
                          const char *range_msg)
{
    GC_ENTER();
    w_object *it = NULL, *item = NULL;
    GC_ROOT(source);
    GC_ROOT(it);
    GC_ROOT(item);
    it = space_iter(source);
    if (!it) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, noiter_fmt, W_TYPE(source)->name);
        }
        GC_RETURN(-1);
    }
    while ((item = space_next(it))) {
        int v;
        if (w_bytes_byte_arg(item, range_msg, &v) < 0)
            GC_RETURN(-1);
        w_strbuf_add_byte(buf, (char)v);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

int w_bytes_fill_from(w_strbuf *buf, const char *fname, w_object *source, w_object *encoding,
                      w_object *errors)
{
    static const char *const argnames[] = {"encoding", "errors"};
    w_object *named[2] = {encoding, errors};
    for (int k = 0; k < 2; k++)
        if (named[k] && !W_STR_CHECK(named[k])) {
            w_raise_fmt(w_exc_TypeError, "%s() argument '%s' must be str, not %s", fname,
                        argnames[k], w_text_argtype_name(named[k]));
            return -1;
        }
    if (source && W_STR_CHECK(source)) {
        if (!encoding) {
            w_raise_fmt(w_exc_TypeError, "string argument without an encoding");
            return -1;
        }
        w_object *enc = w_str_encode(source, encoding, errors);
        if (!enc)
            return -1;
        w_strbuf_add(buf, w_bytes_data(enc), (size_t)w_bytes_size(enc));
        return 0;
    }
    if (encoding || errors) {
        w_raise_fmt(w_exc_TypeError, "%s without a string argument",
                    encoding ? "encoding" : "errors");
        return -1;
    }
    if (!source)
        return 0;
    if (w_bytes_like(source)) {
        w_strbuf_add(buf, w_bytes_data(source), (size_t)w_bytes_size(source));
        return 0;
    }
    if (W_TYPE(source)->buffer) {
        w_object *copy = W_TYPE(source)->buffer(source);
        if (!copy)
            return -1;
        w_strbuf_add(buf, w_bytes_data(copy), (size_t)w_bytes_size(copy));
        return 0;
    }
    if (has_index(source)) {
        w_object *v = W_INT_CHECK(source) ? source : space_index(source);
        if (!v)
            return -1;
        int64_t count;
        if (!w_int_fits_i64(v) || w_int_as_i64(v, &count) < 0) {
            w_err_clear();
            w_raise_fmt(w_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
            return -1;
        }
        if (count < 0) {
            w_raise_fmt(w_exc_ValueError, "negative count");
            return -1;
        }
        if (count > BYTES_MAX) {
            w_raise(w_exc_MemoryError, NULL);
            return -1;
        }
        for (int64_t k = 0; k < count; k++)
            w_strbuf_add_byte(buf, 0);
        return 0;
    }
    bool ba = strcmp(fname, "bytearray") == 0;
    return w_bytes_fill_iterable(buf, source,
                                 ba ? "cannot convert '%s' object to bytearray"
                                    : "cannot convert '%s' object to bytes",
                                 ba ? "byte must be in range(0, 256)"
                                    : "bytes must be in range(0, 256)");
}

static w_object *bytes_construct(w_object *type, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors"};
    static const w_argspec spec = {"bytes", names, 3, 3, 0, 0};
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(a, 3);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    if (a[0] && W_TYPE(a[0]) == w_bytes_type && !a[1] && !a[2])
        GC_RETURN(a[0]);
    w_strbuf buf;
    w_strbuf_init(&buf);
    if (w_bytes_fill_from(&buf, "bytes", a[0], a[1], a[2]) < 0) {
        w_strbuf_free(&buf);
        GC_RETURN(NULL);
    }
    GC_RETURN(w_strbuf_finish_bytes(&buf, w_bytes_type));
}

/* ---- find, index, count, startswith, endswith ------------------------------------------ */

/* (sub[, start[, end]]): the needle (valid until the next allocation) and adjusted indices. */
static int find_args(w_object *self, const char *qual, w_object **args, size_t nargs,
                     w_object *kwnames, char *one, const char **p, int64_t *n, int64_t *start,
                     int64_t *end)
{
    if (w_text_varargs(qual, nargs, kwnames, 1, 3) < 0)
        return -1;
    *start = 0;
    *end = INT64_MAX;
    if ((nargs > 1 && w_text_slice_index(args[1], start) < 0) ||
        (nargs > 2 && w_text_slice_index(args[2], end) < 0))
        return -1;
    w_text_adjust_indices(start, end, w_bytes_size(self));
    return byte_or_buffer(args[0], one, p, n);
}

static w_object *find_common(const char *name, w_object *self, w_object **args, size_t nargs,
                             w_object *kwnames, bool reverse, bool raise)
{
    char qbuf[64], one[1];
    const char *p;
    int64_t n, start, end;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (find_args(self, QUAL(name), args, nargs, kwnames, one, &p, &n, &start, &end) < 0)
        GC_RETURN(NULL);
    int64_t r = -1;
    if (end - start >= n) {
        const char *d = w_bytes_data(self) + start;
        int64_t off = n == 0 ? (reverse ? end - start : 0)
                      : reverse ? w_text_rfind(d, end - start, p, n)
                                : w_text_find(d, end - start, p, n);
        r = off < 0 ? -1 : start + off;
    }
    if (r < 0 && raise)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "subsection not found"));
    GC_RETURN(w_int_from_i64(r));
}

static w_object *bytes_find(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("find", self, args, nargs, kw, false, false);
}

static w_object *bytes_rfind(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("rfind", self, args, nargs, kw, true, false);
}

static w_object *bytes_index(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("index", self, args, nargs, kw, false, true);
}

static w_object *bytes_rindex(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("rindex", self, args, nargs, kw, true, true);
}

static w_object *bytes_count(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64], one[1];
    const char *p;
    int64_t n, start, end;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (find_args(self, QUAL("count"), args, nargs, kwnames, one, &p, &n, &start, &end) < 0)
        GC_RETURN(NULL);
    int64_t r = 0;
    if (end - start >= n)
        r = n == 0 ? end - start + 1
                   : w_text_count(w_bytes_data(self) + start, end - start, p, n, -1);
    GC_RETURN(w_int_from_i64(r));
}

static bool tailmatch(w_object *self, const char *p, int64_t n, int64_t start, int64_t end,
                      bool at_end)
{
    w_text_adjust_indices(&start, &end, w_bytes_size(self));
    end -= n;
    if (end < start)
        return false;
    return memcmp(w_bytes_data(self) + (at_end ? end : start), p, (size_t)n) == 0;
}

static w_object *startsend(const char *name, w_object *self, w_object **args, size_t nargs,
                           w_object *kwnames, bool at_end)
{
    char qbuf[64];
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_text_varargs(QUAL(name), nargs, kwnames, 1, 3) < 0)
        GC_RETURN(NULL);
    int64_t start = 0, end = INT64_MAX;
    if ((nargs > 1 && w_text_slice_index(args[1], &start) < 0) ||
        (nargs > 2 && w_text_slice_index(args[2], &end) < 0))
        GC_RETURN(NULL);
    w_object *x = args[0];
    const char *p;
    int64_t n;
    if (W_TUPLE_CHECK(x)) {
        for (int64_t k = 0; k < W_TUPLE_SIZE(x); k++) {
            if (need_buffer(W_TUPLE_ITEMS(x)[k], &p, &n) < 0)
                GC_RETURN(NULL);
            if (tailmatch(self, p, n, start, end, at_end))
                GC_RETURN(w_True);
        }
        GC_RETURN(w_False);
    }
    if (!w_bytes_like(x))
        GC_RETURN(w_raise_fmt(w_exc_TypeError,
                              "%s first arg must be bytes or a tuple of bytes, not %s", name,
                              W_TYPE(x)->name));
    need_buffer(x, &p, &n);
    GC_RETURN(W_BOOL(tailmatch(self, p, n, start, end, at_end)));
}

static w_object *bytes_startswith(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return startsend("startswith", self, args, nargs, kw, false);
}

static w_object *bytes_endswith(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return startsend("endswith", self, args, nargs, kw, true);
}

/* ---- split, splitlines, partition, join, replace ---------------------------------------- */

/* A list of the pieces of self named by `r`; frees `r`. */
static w_object *list_from_ranges(w_object *self, w_ranges *r)
{
    GC_ENTER();
    w_object *list = NULL, *item = NULL;
    GC_ROOT(self);
    GC_ROOT(list);
    GC_ROOT(item);
    list = w_list_new((int64_t)r->n);
    for (size_t k = 0; list && k < r->n; k++) {
        item = piece(self, r->v[k].a, r->v[k].b);
        if (!item || w_list_append(list, item) < 0)
            list = NULL;
    }
    w_ranges_free(r);
    GC_RETURN(list);
}

static w_object *split_common(const char *fname, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, bool reverse)
{
    static const char *const names[] = {"sep", "maxsplit"};
    w_argspec spec = {fname, names, 2, 2, 0, 0};
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT(self);
    GC_ROOT_ARRAY(a, 2);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    int64_t maxsplit = -1;
    if (a[1] && w_text_ssize_arg(a[1], &maxsplit) < 0)
        GC_RETURN(NULL);
    const char *sep = NULL;
    int64_t sepn = 0;
    if (a[0] && a[0] != w_None) {
        if (need_buffer(a[0], &sep, &sepn) < 0)
            GC_RETURN(NULL);
        if (sepn == 0)
            GC_RETURN(w_raise_fmt(w_exc_ValueError, "empty separator"));
    }
    w_ranges r = {0};
    (reverse ? w_text_rsplit_ranges : w_text_split_ranges)(
        &r, w_bytes_data(self), w_bytes_size(self), sep, sepn, maxsplit, false);
    GC_RETURN(list_from_ranges(self, &r));
}

static w_object *bytes_split(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return split_common("split", self, args, nargs, kw, false);
}

static w_object *bytes_rsplit(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return split_common("rsplit", self, args, nargs, kw, true);
}

static w_object *bytes_splitlines(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    GC_ENTER();
    GC_ROOT(self);
    int keepends;
    if (w_text_int_kwarg("splitlines", "keepends", 0, args, nargs, kw, &keepends) < 0)
        GC_RETURN(NULL);
    w_ranges r = {0};
    w_text_splitlines_ranges(&r, w_bytes_data(self), w_bytes_size(self), keepends, false);
    GC_RETURN(list_from_ranges(self, &r));
}

/* bytes keeps the separator object itself in the result; bytearray copies it. */
static w_object *partition_common(const char *name, w_object *self, w_object **args,
                                  size_t nargs, w_object *kwnames, bool reverse)
{
    char qbuf[64];
    GC_ENTER();
    w_object *sep = NULL, *head = NULL, *mid = NULL, *tail = NULL;
    GC_ROOT(self);
    GC_ROOT(sep);
    GC_ROOT(head);
    GC_ROOT(mid);
    GC_ROOT(tail);
    if (w_text_onearg(QUAL(name), nargs, kwnames) < 0)
        GC_RETURN(NULL);
    sep = args[0];
    const char *p;
    int64_t sn;
    if (need_buffer(sep, &p, &sn) < 0)
        GC_RETURN(NULL);
    if (sn == 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "empty separator"));
    int64_t n = w_bytes_size(self);
    int64_t off = reverse ? w_text_rfind(w_bytes_data(self), n, p, sn)
                          : w_text_find(w_bytes_data(self), n, p, sn);
    w_type *k = kind_of(self);
    if (off < 0) {
        if (!(head = piece(self, 0, n)) || !(mid = w_bytes_like_new(k, "", 0)) ||
            !(tail = w_bytes_like_new(k, "", 0)))
            GC_RETURN(NULL);
        GC_RETURN(reverse ? w_tuple_pack(3, tail, mid, head) : w_tuple_pack(3, head, mid, tail));
    }
    if (!(head = piece(self, 0, off)) || !(tail = piece(self, off + sn, n)))
        GC_RETURN(NULL);
    mid = k == w_bytearray_type ? w_bytes_like_new(k, w_bytes_data(sep), (size_t)sn) : sep;
    if (!mid)
        GC_RETURN(NULL);
    GC_RETURN(w_tuple_pack(3, head, mid, tail));
}

static w_object *bytes_partition(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return partition_common("partition", self, args, nargs, kw, false);
}

static w_object *bytes_rpartition(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return partition_common("rpartition", self, args, nargs, kw, true);
}

static w_object *bytes_join(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    GC_ENTER();
    w_object *seq = NULL;
    GC_ROOT(self);
    GC_ROOT(seq);
    if (w_text_onearg(QUAL("join"), nargs, kwnames) < 0)
        GC_RETURN(NULL);
    seq = w_text_join_items(args[0]);
    if (!seq)
        GC_RETURN(NULL);
    w_strbuf b;
    w_strbuf_init(&b);
    for (int64_t k = 0; k < W_TUPLE_SIZE(seq); k++) {
        w_object *item = W_TUPLE_ITEMS(seq)[k];
        if (!w_bytes_like(item) && W_TYPE(item)->buffer) {
            if (!(item = W_TYPE(item)->buffer(item))) {
                w_strbuf_free(&b);
                GC_RETURN(NULL);
            }
        }
        if (!w_bytes_like(item)) {
            w_strbuf_free(&b);
            GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                  "sequence item %" PRId64
                                  ": expected a bytes-like object, %s found",
                                  k, W_TYPE(item)->name));
        }
        if (k)
            w_strbuf_add(&b, w_bytes_data(self), (size_t)w_bytes_size(self));
        w_strbuf_add(&b, w_bytes_data(item), (size_t)w_bytes_size(item));
    }
    GC_RETURN(w_strbuf_finish_bytes(&b, kind_of(self)));
}

static w_object *bytes_replace(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_text_clinic(QUAL("replace"), nargs, kwnames, 2, 3) < 0)
        GC_RETURN(NULL);
    int64_t count = -1;
    const char *old, *new;
    int64_t on, nn;
    if (need_buffer(args[0], &old, &on) < 0 || need_buffer(args[1], &new, &nn) < 0)
        GC_RETURN(NULL);
    if (nargs > 2 && w_text_ssize_arg(args[2], &count) < 0)
        GC_RETURN(NULL);
    need_buffer(args[0], &old, &on);
    need_buffer(args[1], &new, &nn);
    w_strbuf b;
    w_strbuf_init(&b);
    w_text_replace(&b, w_bytes_data(self), w_bytes_size(self), old, on, new, nn, count, false);
    GC_RETURN(w_strbuf_finish_bytes(&b, kind_of(self)));
}

/* ---- strip, padding, tabs, prefixes ---------------------------------------------------- */

static bool ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

enum { STRIP_LEFT = 1, STRIP_RIGHT = 2 };

static w_object *strip_common(const char *name, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, int how)
{
    char qbuf[64];
    if (w_text_clinic(QUAL(name), nargs, kwnames, 0, 1) < 0)
        return NULL;
    const char *set = NULL;
    int64_t setn = 0;
    if (nargs && args[0] != w_None && need_buffer(args[0], &set, &setn) < 0)
        return NULL;
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    int64_t i = 0, j = w_bytes_size(self);
    while ((how & STRIP_LEFT) && i < j &&
           (set ? memchr(set, d[i], (size_t)setn) != NULL : ascii_space(d[i])))
        i++;
    while ((how & STRIP_RIGHT) && j > i &&
           (set ? memchr(set, d[j - 1], (size_t)setn) != NULL : ascii_space(d[j - 1])))
        j--;
    return piece(self, i, j);
}

static w_object *bytes_strip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("strip", self, args, nargs, kw, STRIP_LEFT | STRIP_RIGHT);
}

static w_object *bytes_lstrip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("lstrip", self, args, nargs, kw, STRIP_LEFT);
}

static w_object *bytes_rstrip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("rstrip", self, args, nargs, kw, STRIP_RIGHT);
}

static w_object *pad(w_object *self, int64_t left, int64_t right, char fill)
{
    int64_t n = w_bytes_size(self);
    if (left <= 0 && right <= 0)
        return piece(self, 0, n);
    left = left < 0 ? 0 : left;
    right = right < 0 ? 0 : right;
    w_strbuf b;
    w_strbuf_init(&b);
    for (int64_t k = 0; k < left; k++)
        w_strbuf_add_byte(&b, fill);
    w_strbuf_add(&b, w_bytes_data(self), (size_t)n);
    for (int64_t k = 0; k < right; k++)
        w_strbuf_add_byte(&b, fill);
    return w_strbuf_finish_bytes(&b, kind_of(self));
}

enum { JUST_LEFT, JUST_RIGHT, JUST_CENTER };

static w_object *just_common(const char *name, w_object *self, w_object **args, size_t nargs,
                             w_object *kwnames, int how)
{
    char qbuf[64];
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t width;
    if (w_text_clinic(QUAL(name), nargs, kwnames, 1, 2) < 0 ||
        w_text_ssize_arg(args[0], &width) < 0)
        GC_RETURN(NULL);
    char fill = ' ';
    if (nargs > 1) {
        w_object *f = args[1];
        if (!w_bytes_like(f) || w_bytes_size(f) != 1)
            GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                  "%s() argument 2 must be a byte string of length 1, not %s",
                                  name, w_text_argtype_name(f)));
        fill = w_bytes_data(f)[0];
    }
    int64_t marg = width - w_bytes_size(self);
    int64_t left = marg <= 0 ? 0
                   : how == JUST_LEFT ? 0
                   : how == JUST_RIGHT ? marg
                                       : marg / 2 + (marg & width & 1);
    GC_RETURN(pad(self, left, marg - left, fill));
}

static w_object *bytes_center(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("center", self, args, nargs, kw, JUST_CENTER);
}

static w_object *bytes_ljust(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("ljust", self, args, nargs, kw, JUST_LEFT);
}

static w_object *bytes_rjust(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("rjust", self, args, nargs, kw, JUST_RIGHT);
}

static w_object *bytes_zfill(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    GC_ENTER();
    GC_ROOT(self);
    int64_t width;
    if (w_text_onearg(QUAL("zfill"), nargs, kwnames) < 0 || w_text_ssize_arg(args[0], &width) < 0)
        GC_RETURN(NULL);
    int64_t n = w_bytes_size(self), fill = width - n;
    if (fill <= 0)
        GC_RETURN(piece(self, 0, n));
    w_strbuf b;
    w_strbuf_init(&b);
    const char *d = w_bytes_data(self);
    /* A sign moves to the front, ahead of the zeros. */
    int sign = n > 0 && (d[0] == '+' || d[0] == '-');
    if (sign)
        w_strbuf_add_byte(&b, d[0]);
    for (int64_t k = 0; k < fill; k++)
        w_strbuf_add_byte(&b, '0');
    w_strbuf_add(&b, d + sign, (size_t)(n - sign));
    GC_RETURN(w_strbuf_finish_bytes(&b, kind_of(self)));
}

static w_object *bytes_expandtabs(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    GC_ENTER();
    GC_ROOT(self);
    int tabsize;
    if (w_text_int_kwarg("expandtabs", "tabsize", 8, args, nargs, kw, &tabsize) < 0)
        GC_RETURN(NULL);
    w_strbuf b;
    w_strbuf_init(&b);
    w_text_expandtabs(&b, w_bytes_data(self), w_bytes_size(self), tabsize, false);
    GC_RETURN(w_strbuf_finish_bytes(&b, kind_of(self)));
}

static w_object *affix_common(const char *name, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, bool suffix)
{
    char qbuf[64];
    if (w_text_onearg(QUAL(name), nargs, kwnames) < 0)
        return NULL;
    const char *p;
    int64_t xn;
    if (need_buffer(args[0], &p, &xn) < 0)
        return NULL;
    int64_t n = w_bytes_size(self);
    const char *d = w_bytes_data(self);
    if (xn > 0 && xn <= n) {
        if (!suffix && memcmp(d, p, (size_t)xn) == 0)
            return piece(self, xn, n);
        if (suffix && memcmp(d + n - xn, p, (size_t)xn) == 0)
            return piece(self, 0, n - xn);
    }
    return piece(self, 0, n);
}

static w_object *bytes_removeprefix(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return affix_common("removeprefix", self, args, nargs, kw, false);
}

static w_object *bytes_removesuffix(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return affix_common("removesuffix", self, args, nargs, kw, true);
}

/* ---- ASCII case mapping and predicates ------------------------------------------------- */

static bool a_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool a_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool a_alpha(unsigned char c) { return a_upper(c) || a_lower(c); }
static bool a_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool a_alnum(unsigned char c) { return a_alpha(c) || a_digit(c); }
static bool a_ascii(unsigned char c) { return c < 0x80; }

enum casemap { CASE_LOWER, CASE_UPPER, CASE_SWAP, CASE_CAPITALIZE, CASE_TITLE };

static w_object *casemap(const char *name, w_object *self, size_t nargs, w_object *kwnames,
                         enum casemap how)
{
    char qbuf[64];
    if (w_text_noargs(QUAL(name), nargs, kwnames) < 0)
        return NULL;
    w_strbuf b;
    w_strbuf_init(&b);
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    int64_t n = w_bytes_size(self);
    bool prev_cased = false;
    for (int64_t i = 0; i < n; i++) {
        unsigned char c = d[i];
        bool up = a_upper(c), lo = a_lower(c);
        bool to_up;
        switch (how) {
        case CASE_UPPER: to_up = true; break;
        case CASE_SWAP: to_up = lo; break;
        case CASE_CAPITALIZE: to_up = i == 0; break;
        case CASE_TITLE: to_up = !prev_cased; break;
        default: to_up = false; break;
        }
        if (to_up && lo)
            c -= 32;
        else if (!to_up && up)
            c += 32;
        prev_cased = up || lo;
        w_strbuf_add_byte(&b, (char)c);
    }
    return w_strbuf_finish_bytes(&b, kind_of(self));
}

#define CASE_METHOD(name, how)                                                            \
    static w_object *bytes_##name(w_object *self, w_object **args, size_t nargs,          \
                                  w_object *kwnames)                                      \
    {                                                                                     \
        return casemap(#name, self, nargs, kwnames, how);                                 \
    }
CASE_METHOD(lower, CASE_LOWER)
CASE_METHOD(upper, CASE_UPPER)
CASE_METHOD(swapcase, CASE_SWAP)
CASE_METHOD(capitalize, CASE_CAPITALIZE)
CASE_METHOD(title, CASE_TITLE)
#undef CASE_METHOD

static bool all_bytes(w_object *self, bool (*pred)(unsigned char), bool empty)
{
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    int64_t n = w_bytes_size(self);
    if (n == 0)
        return empty;
    for (int64_t i = 0; i < n; i++)
        if (!pred(d[i]))
            return false;
    return true;
}

static bool b_isalnum(w_object *s) { return all_bytes(s, a_alnum, false); }
static bool b_isalpha(w_object *s) { return all_bytes(s, a_alpha, false); }
static bool b_isdigit(w_object *s) { return all_bytes(s, a_digit, false); }
static bool b_isspace(w_object *s) { return all_bytes(s, ascii_space, false); }
static bool b_isascii(w_object *s) { return all_bytes(s, a_ascii, true); }

/* islower/isupper: at least one cased byte, and none of the other case. */
static bool cased_only(w_object *self, bool (*want)(unsigned char), bool (*other)(unsigned char))
{
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    bool cased = false;
    for (int64_t i = 0; i < w_bytes_size(self); i++) {
        if (other(d[i]))
            return false;
        cased = cased || want(d[i]);
    }
    return cased;
}

static bool b_islower(w_object *s) { return cased_only(s, a_lower, a_upper); }
static bool b_isupper(w_object *s) { return cased_only(s, a_upper, a_lower); }

static bool b_istitle(w_object *self)
{
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    bool cased = false, prev_cased = false;
    for (int64_t i = 0; i < w_bytes_size(self); i++) {
        if (a_upper(d[i])) {
            if (prev_cased)
                return false;
            prev_cased = cased = true;
        } else if (a_lower(d[i])) {
            if (!prev_cased)
                return false;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return cased;
}

#define PRED_METHOD(name)                                                                 \
    static w_object *bytes_##name(w_object *self, w_object **args, size_t nargs,          \
                                  w_object *kwnames)                                      \
    {                                                                                     \
        char qbuf[64];                                                                    \
        if (w_text_noargs(QUAL(#name), nargs, kwnames) < 0)                               \
            return NULL;                                                                  \
        return W_BOOL(b_##name(self));                                                    \
    }
PRED_METHOD(isalnum)
PRED_METHOD(isalpha)
PRED_METHOD(isdigit)
PRED_METHOD(isspace)
PRED_METHOD(isascii)
PRED_METHOD(islower)
PRED_METHOD(isupper)
PRED_METHOD(istitle)
#undef PRED_METHOD

/* ---- decode, hex, fromhex --------------------------------------------------------------- */

static w_object *bytes_decode(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    w_object *encoding, *errors;
    if (w_text_codec_args("decode", args, nargs, kwnames, &encoding, &errors) < 0)
        return NULL;
    return w_str_decode(w_bytes_data(self), (size_t)w_bytes_size(self), encoding, errors);
}

/* hex([sep[, bytes_per_sep]]): the separator goes between groups of |bytes_per_sep|
   bytes, counted from the right when positive and from the left when negative. */
static w_object *bytes_hex(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    static const char *const names[] = {"sep", "bytes_per_sep"};
    static const w_argspec spec = {"hex", names, 2, 2, 0, 0};
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT(self);
    GC_ROOT_ARRAY(a, 2);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    char sep = 0;
    int group = 1;
    if (a[1] && w_text_int_arg(a[1], &group) < 0)
        GC_RETURN(NULL);
    if (a[0]) {
        int64_t seplen = space_len(a[0]);
        if (seplen < 0)
            GC_RETURN(NULL);
        if (seplen != 1)
            GC_RETURN(w_raise_fmt(w_exc_ValueError, "sep must be length 1."));
        if (W_STR_CHECK(a[0]))
            sep = w_str_utf8(a[0])[0];
        else if (W_TYPE_CHECK(a[0], w_bytes_type))
            sep = w_bytes_data(a[0])[0];
        else
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "sep must be str or bytes."));
        if ((unsigned char)sep >= 0x80)
            GC_RETURN(w_raise_fmt(w_exc_ValueError, "sep must be ASCII."));
    }
    static const char digits[] = "0123456789abcdef";
    int64_t n = w_bytes_size(self);
    int64_t g = group < 0 ? -group : group;
    const unsigned char *d = (const unsigned char *)w_bytes_data(self);
    w_strbuf b;
    w_strbuf_init(&b);
    for (int64_t i = 0; i < n; i++) {
        /* A separator precedes byte i when a group boundary falls there. */
        if (sep && g > 0 && i > 0 && (group > 0 ? (n - i) % g == 0 : i % g == 0))
            w_strbuf_add_byte(&b, sep);
        w_strbuf_add_byte(&b, digits[d[i] >> 4]);
        w_strbuf_add_byte(&b, digits[d[i] & 15]);
    }
    GC_RETURN(w_strbuf_finish(&b));
}

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (int)((c | 0x20) - 'a' + 10);
    return -1;
}

/* fromhex(string), a classmethod of bytes and bytearray: `cls` is the receiver. */
static w_object *bytes_fromhex(w_object *cls, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    snprintf(qbuf, sizeof qbuf, "%s.fromhex", ((w_type *)cls)->name);
    if (w_text_onearg(qbuf, nargs, kwnames) < 0)
        return NULL;
    w_object *s = args[0];
    if (!W_STR_CHECK(s))
        return w_raise_fmt(w_exc_TypeError, "fromhex() argument must be str, not %s",
                           w_text_argtype_name(s));
    w_strbuf b;
    w_strbuf_init(&b);
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    int64_t pos = 0;
    while (p < end) {
        uint32_t c = w_utf8_next(&p);
        if (c < 0x80 && ascii_space((unsigned char)c)) {
            pos++;
            continue;
        }
        int hi = hexval(c);
        int lo = hi < 0 || p == end ? -1 : hexval(w_utf8_next(&p));
        if (hi < 0 || lo < 0) {
            w_strbuf_free(&b);
            return w_raise_fmt(w_exc_ValueError,
                               "non-hexadecimal number found in fromhex() arg at position %" PRId64,
                               hi < 0 ? pos : pos + 1);
        }
        w_strbuf_add_byte(&b, (char)(hi << 4 | lo));
        pos += 2;
    }
    bool ba = w_type_is_subtype((w_type *)cls, w_bytearray_type);
    return w_strbuf_finish_bytes(&b, ba ? w_bytearray_type : w_bytes_type);
}

/* ---- start-up ------------------------------------------------------------------------ */

int w_bytes_add_methods(w_type *t)
{
    static const struct {
        const char *name;
        w_callfn fn;
    } methods[] = {
        {"find", bytes_find}, {"rfind", bytes_rfind}, {"index", bytes_index},
        {"rindex", bytes_rindex}, {"count", bytes_count}, {"startswith", bytes_startswith},
        {"endswith", bytes_endswith}, {"split", bytes_split}, {"rsplit", bytes_rsplit},
        {"splitlines", bytes_splitlines}, {"partition", bytes_partition},
        {"rpartition", bytes_rpartition}, {"join", bytes_join}, {"replace", bytes_replace},
        {"strip", bytes_strip}, {"lstrip", bytes_lstrip}, {"rstrip", bytes_rstrip},
        {"center", bytes_center}, {"ljust", bytes_ljust}, {"rjust", bytes_rjust},
        {"zfill", bytes_zfill}, {"expandtabs", bytes_expandtabs},
        {"removeprefix", bytes_removeprefix}, {"removesuffix", bytes_removesuffix},
        {"lower", bytes_lower}, {"upper", bytes_upper}, {"swapcase", bytes_swapcase},
        {"capitalize", bytes_capitalize}, {"title", bytes_title}, {"isalnum", bytes_isalnum},
        {"isalpha", bytes_isalpha}, {"isdigit", bytes_isdigit}, {"isspace", bytes_isspace},
        {"isascii", bytes_isascii}, {"islower", bytes_islower}, {"isupper", bytes_isupper},
        {"istitle", bytes_istitle}, {"decode", bytes_decode}, {"hex", bytes_hex},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (w_type_add_method(t, methods[i].name, methods[i].fn) < 0)
            return -1;
    return w_type_add_classmethod(t, "fromhex", bytes_fromhex);
}

static int make_iter_types(void)
{
    bytes_iter_type = w_type_new_static("bytes_iterator", w_object_type, W_TID_ITER);
    bytearray_iter_type = w_type_new_static("bytearray_iterator", w_object_type, W_TID_ITER);
    w_type *ts[2] = {bytes_iter_type, bytearray_iter_type};
    /* readied with every type at the end of start-up (w_types_ready_all), once object's
       slots exist for them to inherit */
    for (int k = 0; k < 2; k++) {
        ts[k]->iter = w_text_iter_self;
        ts[k]->next = bytes_iter_next;
    }
    return 0;
}

int w_bytes_init(void)
{
    w_type *t = w_bytes_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = bytes_repr;
    t->hash = bytes_hash;
    t->richcompare = w_bytes_richcompare;
    t->truth = w_bytes_truth;
    t->len = w_bytes_len;
    t->getitem = w_bytes_getitem;
    t->contains = w_bytes_contains;
    t->concat = w_bytes_concat;
    t->repeat = w_bytes_repeat;
    t->iter = w_bytes_iter_new;
    t->construct = bytes_construct;
    if (make_iter_types() < 0)
        return -1;
    return w_bytes_add_methods(t);
}

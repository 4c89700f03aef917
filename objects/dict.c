/* dict.c — dict: the compact insertion-ordered table, its type and methods. */
#include <string.h>

#include "objects/objects.h"

#define PERTURB_SHIFT 5
#define MIN_SIZE 8

/* The hashes, then the index (see struct w_dict). Pointers into storage objects: re-read
   them after any allocation. */
static inline int64_t *d_hashes(w_dict *d)
{
    return (int64_t *)d->table->data;
}

static inline int32_t *d_index(w_dict *d)
{
    return (int32_t *)(d->table->data + d->capacity * (int64_t)sizeof(int64_t));
}

static inline w_object **d_entries(w_dict *d)
{
    return d->entries->items;
}

#define D(o) ((w_dict *)(o))

static inline bool exact_str(w_object *o)
{
    return W_TYPE(o) == w_str_type;
}

void w_raise_key_error(w_object *key)
{
    w_object *args = w_tuple_pack(1, key);
    if (args)
        w_raise(w_exc_KeyError, args);
}

/* ---- lookup -------------------------------------------------------------------------- */

/*
 * The probe that may call __eq__: the comparison can run arbitrary code (and collect),
 * so every pointer is re-read afterwards, and the probe restarts if the table was
 * rebuilt or the compared entry replaced meanwhile, as CPython does.
 */
static int64_t lookup_slow(w_object *dobj, w_object *key, int64_t h, int64_t *slotp)
{
    GC_ENTER();
    w_object *startkey = NULL;
    GC_ROOT(dobj);
    GC_ROOT(key);
    GC_ROOT(startkey);
restart:
    if (!D(dobj)->table)
        GC_RETURN(-1);
    uint64_t mask = (uint64_t)D(dobj)->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    for (;;) {
        w_dict *d = D(dobj);
        int32_t ix = d_index(d)[i];
        if (ix == W_DICT_FREE)
            GC_RETURN(-1);
        if (ix >= 0 && d_hashes(d)[ix] == h) {
            startkey = d_entries(d)[2 * ix];
            int r = w_key_eq_fast(startkey, key);
            if (r > 0) {
                *slotp = (int64_t)i;
                GC_RETURN(ix);
            }
            if (r < 0) {
                uint64_t version = d->version;
                r = space_eq(startkey, key);
                if (r < 0)
                    GC_RETURN(-2);
                d = D(dobj);
                if (d->version != version || d_entries(d)[2 * ix] != startkey)
                    goto restart;
                if (r) {
                    *slotp = (int64_t)i;
                    GC_RETURN(ix);
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/*
 * Finds `key` with hash `h`: its entry number (and in *slotp its index slot), -1 if
 * absent, -2 on error. Keys that w_key_eq_fast can compare (identical objects, exact
 * strs, ints and floats) are settled here without calling out, so the str-keyed case
 * (attribute dicts) never allocates.
 */
static int64_t lookup(w_object *dobj, w_object *key, int64_t h, int64_t *slotp)
{
    w_dict *d = D(dobj);
    if (!d->table)
        return -1;
    const int32_t *index = d_index(d);
    const int64_t *hashes = d_hashes(d);
    w_object *const *ents = d_entries(d);
    uint64_t mask = (uint64_t)d->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    for (;;) {
        int32_t ix = index[i];
        if (ix == W_DICT_FREE)
            return -1;
        if (ix >= 0 && (ents[2 * ix] == key || hashes[ix] == h)) {
            int r = w_key_eq_fast(ents[2 * ix], key);
            if (r < 0)
                return lookup_slow(dobj, key, h, slotp);
            if (r) {
                *slotp = (int64_t)i;
                return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* An index slot that is free or a dummy on the probe sequence of `h`. */
static int64_t empty_slot(w_dict *d, int64_t h)
{
    const int32_t *index = d_index(d);
    uint64_t mask = (uint64_t)d->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    while (index[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (int64_t)i;
}

/* ---- resizing ------------------------------------------------------------------------ */

/* Rebuilds the table with room for at least `minused` entries (index size a power of two
   whose two thirds hold them), dropping deleted entries. */
static int dict_resize(w_object *dobj, int64_t minused)
{
    int64_t size = MIN_SIZE;
    while (size * 2 / 3 < minused)
        size <<= 1;
    int64_t cap = size * 2 / 3;
    if (cap > INT32_MAX - 1) {
        w_raise(w_exc_MemoryError, NULL);
        return -1;
    }
    GC_ENTER();
    w_object *ents = NULL, *table = NULL;
    GC_ROOT(dobj);
    GC_ROOT(ents);
    ents = (w_object *)w_objarray_new(2 * cap);
    if (!ents)
        GC_RETURN(-1);
    table = (w_object *)w_rawarray_new(cap * (int64_t)sizeof(int64_t) +
                                       size * (int64_t)sizeof(int32_t));
    if (!table)
        GC_RETURN(-1);

    w_dict *d = D(dobj);
    w_dict nd = {.capacity = cap, .mask = size - 1, .entries = (w_objarray *)ents,
                 .table = (w_rawarray *)table};
    memset(d_index(&nd), 0xff, (size_t)size * sizeof(int32_t)); /* all W_DICT_FREE */
    int64_t j = 0;
    for (int64_t i = 0; i < d->nentries; i++) {
        w_object *k = d_entries(d)[2 * i];
        if (!k)
            continue;
        int64_t h = d_hashes(d)[i];
        d_entries(&nd)[2 * j] = k;
        d_entries(&nd)[2 * j + 1] = d_entries(d)[2 * i + 1];
        d_hashes(&nd)[j] = h;
        d_index(&nd)[empty_slot(&nd, h)] = (int32_t)j;
        j++;
    }
    gc_write_barrier(ents);
    d->version++;
    d->capacity = cap;
    d->mask = size - 1;
    d->nentries = j;
    W_STORE(d, entries, (w_objarray *)ents);
    W_STORE(d, table, (w_rawarray *)table);
    GC_RETURN(0);
}

/* ---- the C API --------------------------------------------------------------------- */

static w_object *dict_alloc(w_type *type)
{
    return w_alloc(type, W_TID_DICT, sizeof(w_dict));
}

w_object *w_dict_new(void)
{
    return dict_alloc(w_dict_type);
}

int64_t w_dict_size(w_object *d)
{
    return D(d)->used;
}

/* A change to a type's dict invalidates the type cache (type.c). */
static inline void dict_changed(w_object *d)
{
    if (__builtin_expect(d->gc.flags & W_F_TYPE_DICT, 0))
        w_type_cache_epoch++;
}

/* Adds an entry for `key`, known to be absent. */
static int insert_new(w_object *dobj, w_object *key, w_object *value, int64_t h)
{
    GC_ENTER();
    GC_ROOT(dobj);
    GC_ROOT(key);
    GC_ROOT(value);
    if (D(dobj)->nentries == D(dobj)->capacity && dict_resize(dobj, D(dobj)->used * 3) < 0)
        GC_RETURN(-1);
    w_dict *d = D(dobj);
    dict_changed(dobj);
    int64_t ix = d->nentries;
    d_index(d)[empty_slot(d, h)] = (int32_t)ix;
    d_hashes(d)[ix] = h;
    d_entries(d)[2 * ix] = key;
    d_entries(d)[2 * ix + 1] = value;
    gc_write_barrier(d->entries);
    d->nentries++;
    d->used++;
    GC_RETURN(0);
}

/* d[key] = value for a key whose hash is known. */
static int set_hashed(w_object *dobj, w_object *key, w_object *value, int64_t h)
{
    GC_ENTER();
    GC_ROOT(dobj);
    GC_ROOT(key);
    GC_ROOT(value);
    int64_t slot, ix = lookup(dobj, key, h, &slot);
    if (ix == -2)
        GC_RETURN(-1);
    if (ix >= 0) {
        dict_changed(dobj);
        w_objarray *ents = D(dobj)->entries;
        W_STORE(ents, items[2 * ix + 1], value);
        GC_RETURN(0);
    }
    GC_RETURN(insert_new(dobj, key, value, h));
}

int w_dict_set(w_object *d, w_object *key, w_object *value)
{
    int64_t h;
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(key);
    GC_ROOT(value);
    if (w_key_hash(key, &h) < 0)
        GC_RETURN(-1);
    GC_RETURN(set_hashed(d, key, value, h));
}

int w_dict_set_cstr(w_object *d, const char *key, w_object *value)
{
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(value);
    w_object *k = w_str_from_cstr(key);
    GC_RETURN(k ? w_dict_set(d, k, value) : -1);
}

/* The value for `key` with a known hash; NULL without an error when absent. */
static w_object *get_hashed(w_object *d, w_object *key, int64_t h)
{
    GC_ENTER();
    GC_ROOT(d);
    int64_t slot, ix = lookup(d, key, h, &slot);
    GC_RETURN(ix >= 0 ? d_entries(D(d))[2 * ix + 1] : NULL);
}

w_object *w_dict_get(w_object *d, w_object *key)
{
    int64_t h;
    if (exact_str(key)) {
        if (w_str_hash(key, &h) < 0)
            return NULL;
        return get_hashed(d, key, h);
    }
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(key);
    if (space_hash(key, &h) < 0)
        GC_RETURN(NULL);
    GC_RETURN(get_hashed(d, key, h));
}

/* Finds a str key by its text without making a str: only str keys can match (a key of
   another type equal to a str would need a str to compare with). */
w_object *w_dict_get_cstr(w_object *dobj, const char *key)
{
    w_dict *d = D(dobj);
    if (!d->table)
        return NULL;
    size_t n = strlen(key);
    /* A small dict of exact strs (keyword arguments, mostly) is scanned: cheaper than
       hashing the text. A key of any other type may equal the text by its own rules. */
    if (d->nentries <= 8) {
        w_object **e = d_entries(d);
        bool plain = true;
        for (int64_t i = 0; i < d->nentries; i++) {
            w_object *k = e[2 * i];
            if (!k)
                continue;
            if (!exact_str(k)) {
                plain = false;
                break;
            }
            if ((size_t)w_str_nbytes(k) == n && memcmp(w_str_utf8(k), key, n) == 0)
                return e[2 * i + 1];
        }
        if (plain)
            return NULL;
    }
    int64_t h = w_text_hash_bytes(key, n);
    const int32_t *index = d_index(d);
    uint64_t mask = (uint64_t)d->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    for (;;) {
        int32_t ix = index[i];
        if (ix == W_DICT_FREE)
            return NULL;
        if (ix >= 0 && d_hashes(d)[ix] == h) {
            w_object *k = d_entries(d)[2 * ix];
            if (W_STR_CHECK(k) && (size_t)w_str_nbytes(k) == n &&
                memcmp(w_str_utf8(k), key, n) == 0)
                return d_entries(d)[2 * ix + 1];
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int w_dict_contains_hashed(w_object *d, w_object *key, int64_t h)
{
    int64_t slot, ix = lookup(d, key, h, &slot);
    return ix >= 0 ? 1 : ix == -1 ? 0 : -1;
}

static void delete_entry(w_dict *d, int64_t ix, int64_t slot)
{
    dict_changed(&d->ob);
    d_index(d)[slot] = W_DICT_DUMMY;
    d_entries(d)[2 * ix] = NULL;
    d_entries(d)[2 * ix + 1] = NULL;
    d->used--;
}

/* Removes `key` and returns its value, or NULL: absent (no error) or an error. */
static w_object *pop_key(w_object *d, w_object *key)
{
    int64_t h, slot;
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(key);
    if (w_key_hash(key, &h) < 0)
        GC_RETURN(NULL);
    int64_t ix = lookup(d, key, h, &slot);
    if (ix < 0)
        GC_RETURN(NULL);
    w_object *v = d_entries(D(d))[2 * ix + 1];
    delete_entry(D(d), ix, slot);
    GC_RETURN(v);
}

int w_dict_del(w_object *d, w_object *key)
{
    GC_ENTER();
    GC_ROOT(key);
    if (pop_key(d, key))
        GC_RETURN(0);
    if (!w_err_occurred())
        w_raise_key_error(key);
    GC_RETURN(-1);
}

bool w_dict_next_hash(w_object *d, int64_t *pos, w_object **key, w_object **value, int64_t *h)
{
    w_dict *dd = D(d);
    for (int64_t i = *pos; i < dd->nentries; i++) {
        w_object *k = d_entries(dd)[2 * i];
        if (k) {
            *key = k;
            if (value)
                *value = d_entries(dd)[2 * i + 1];
            if (h)
                *h = d_hashes(dd)[i];
            *pos = i + 1;
            return true;
        }
    }
    *pos = dd->nentries;
    return false;
}

bool w_dict_next(w_object *d, int64_t *pos, w_object **key, w_object **value)
{
    return w_dict_next_hash(d, pos, key, value, NULL);
}

void w_dict_clear(w_object *d)
{
    w_dict *dd = D(d);
    dict_changed(d);
    dd->version++;
    dd->used = dd->nentries = dd->capacity = dd->mask = 0;
    dd->entries = NULL;
    dd->table = NULL;
}

/* Copies every entry of `src` into `dst`, reusing the stored hashes. */
static int merge_dict(w_object *dst, w_object *src)
{
    if (dst == src || D(src)->used == 0)
        return 0;
    GC_ENTER();
    w_object *k = NULL, *v = NULL;
    GC_ROOT(dst);
    GC_ROOT(src);
    GC_ROOT(k);
    GC_ROOT(v);
    int64_t need = D(dst)->used + D(src)->used;
    if (D(dst)->capacity - D(dst)->nentries < D(src)->used && dict_resize(dst, need) < 0)
        GC_RETURN(-1);
    bool fresh = D(dst)->used == 0;
    int64_t pos = 0, h;
    while (w_dict_next_hash(src, &pos, &k, &v, &h)) {
        int r = fresh ? insert_new(dst, k, v, h) : set_hashed(dst, k, v, h);
        if (r < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(0);
}

w_object *w_dict_copy(w_object *d)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(d);
    GC_ROOT(r);
    r = w_dict_new();
    if (!r || merge_dict(r, d) < 0)
        GC_RETURN(NULL);
    GC_RETURN(r);
}

/* dict.update's positional argument from an iterable of pairs. */
static int merge_pairs(w_object *d, w_object *iterable)
{
    GC_ENTER();
    w_object *it = NULL, *item = NULL, *pair = NULL;
    GC_ROOT(d);
    GC_ROOT(it);
    GC_ROOT(item);
    GC_ROOT(pair);
    if (!(it = space_iter(iterable)))
        GC_RETURN(-1);
    for (int64_t n = 0; (item = space_next(it)); n++) {
        if (W_TUPLE_CHECK(item)) {
            pair = item;
        } else {
            if (!W_TYPE(item)->iter) {
                w_raise_fmt(w_exc_TypeError,
                            "cannot convert dictionary update sequence element #%ld to a sequence",
                            (long)n);
                GC_RETURN(-1);
            }
            if (!(pair = w_tuple_from_iterable(item)))
                GC_RETURN(-1);
        }
        if (W_TUPLE_SIZE(pair) != 2) {
            w_raise_fmt(w_exc_ValueError,
                        "dictionary update sequence element #%ld has length %ld; 2 is required",
                        (long)n, (long)W_TUPLE_SIZE(pair));
            GC_RETURN(-1);
        }
        if (w_dict_set(d, W_TUPLE_ITEMS(pair)[0], W_TUPLE_ITEMS(pair)[1]) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

/* From an object with keys() and __getitem__ (CPython's mapping test). */
static int merge_mapping(w_object *d, w_object *map)
{
    GC_ENTER();
    w_object *keys = NULL, *it = NULL, *k = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(map);
    GC_ROOT(keys);
    GC_ROOT(it);
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(keys = space_call_method(map, "keys", NULL, 0)) || !(it = space_iter(keys)))
        GC_RETURN(-1);
    while ((k = space_next(it))) {
        if (!(v = space_getitem(map, k)) || w_dict_set(d, k, v) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

int w_dict_update(w_object *d, w_object *other)
{
    if (W_DICT_CHECK(other))
        return merge_dict(d, other);
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(other);
    w_object *keys = w_type_lookup_cstr(W_TYPE(other), "keys");
    GC_RETURN(keys ? merge_mapping(d, other) : merge_pairs(d, other));
}

/* update(arg, **kwargs) as dict() and dict.update take them. */
static int update_args(w_object *d, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(d);
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + (kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0));
    if (nargs && w_dict_update(d, args[0]) < 0)
        GC_RETURN(-1);
    for (int64_t i = 0; kwnames && i < W_TUPLE_SIZE(kwnames); i++)
        if (w_dict_set(d, W_TUPLE_ITEMS(kwnames)[i], args[nargs + (size_t)i]) < 0)
            GC_RETURN(-1);
    GC_RETURN(0);
}

/* Keyword arguments are allowed here, so the positional count is checked by hand. */
static int check_update_args(const char *name, size_t nargs)
{
    if (nargs <= 1)
        return 0;
    w_raise_fmt(w_exc_TypeError, "%s expected at most 1 argument, got %zu", name, nargs);
    return -1;
}

/* ---- slots --------------------------------------------------------------------------- */

static w_object *dict_construct(w_object *callable, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    if (check_update_args("dict", nargs) < 0)
        return NULL;
    GC_ENTER();
    w_object *d = NULL;
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + (kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0));
    GC_ROOT(d);
    d = dict_alloc((w_type *)callable);
    if (!d || update_args(d, args, nargs, kwnames) < 0)
        GC_RETURN(NULL);
    GC_RETURN(d);
}

static w_object *dict_repr(w_object *self)
{
    if (D(self)->used == 0)
        return w_str_from_cstr("{}");
    int r = space_repr_enter(self);
    if (r != 0)
        return r < 0 ? NULL : w_str_from_cstr("{...}");
    GC_ENTER();
    w_object *k = NULL, *v = NULL, *s = NULL;
    GC_ROOT(self);
    GC_ROOT(k);
    GC_ROOT(v);
    GC_ROOT(s);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "{");
    int64_t pos = 0;
    bool first = true;
    while (w_dict_next(self, &pos, &k, &v)) {
        if (!(s = space_repr(k)))
            goto fail;
        if (!first)
            w_strbuf_addc(&b, ", ");
        first = false;
        w_strbuf_add_str(&b, s);
        w_strbuf_addc(&b, ": ");
        if (!(s = space_repr(v)))
            goto fail;
        w_strbuf_add_str(&b, s);
    }
    w_strbuf_addc(&b, "}");
    space_repr_leave(self);
    GC_RETURN(w_strbuf_finish(&b));
fail:
    w_strbuf_free(&b);
    space_repr_leave(self);
    GC_RETURN(NULL);
}

/* Equal sizes, and every key of `a` maps in `b` to an equal value. */
static int dict_equal(w_object *a, w_object *b)
{
    if (D(a)->used != D(b)->used)
        return 0;
    GC_ENTER();
    w_object *k = NULL, *v = NULL, *bv = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(k);
    GC_ROOT(v);
    GC_ROOT(bv);
    int64_t pos = 0, h;
    while (w_dict_next_hash(a, &pos, &k, &v, &h)) {
        bv = get_hashed(b, k, h);
        if (!bv)
            GC_RETURN(w_err_occurred() ? -1 : 0);
        int r = space_eq(v, bv);
        if (r <= 0)
            GC_RETURN(r);
    }
    GC_RETURN(1);
}

static w_object *dict_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_DICT_CHECK(a) || !W_DICT_CHECK(b) || (op != W_EQ && op != W_NE))
        return w_NotImplemented;
    int r = dict_equal(a, b);
    if (r < 0)
        return NULL;
    return W_BOOL(op == W_EQ ? r : !r);
}

static int64_t dict_len(w_object *self)
{
    return D(self)->used;
}

/* A missing key: KeyError, or a subclass's __missing__(key) (CPython's dict_subscript). */
static w_object *dict_getitem(w_object *self, w_object *key)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    w_object *v = w_dict_get(self, key);
    if (v || w_err_occurred())
        GC_RETURN(v);
    if (W_TYPE(self) != w_dict_type) {
        w_object *m = w_type_lookup_cstr(W_TYPE(self), "__missing__");
        if (m)
            GC_RETURN(space_call_method(self, "__missing__", &key, 1));
        if (w_err_occurred())
            GC_RETURN(NULL);
    }
    w_raise_key_error(key);
    GC_RETURN(NULL);
}

static int dict_setitem(w_object *self, w_object *key, w_object *value)
{
    return value ? w_dict_set(self, key, value) : w_dict_del(self, key);
}

static int dict_contains(w_object *self, w_object *key)
{
    if (w_dict_get(self, key))
        return 1;
    return w_err_occurred() ? -1 : 0;
}

static w_object *dict_iter(w_object *self)
{
    return w_dict_iter_new(self, W_DICT_ITER_KEYS);
}

/* d | other (3.9's merge operator). */
static w_object *dict_or(w_object *a, w_object *b)
{
    if (!W_DICT_CHECK(a) || !W_DICT_CHECK(b))
        return w_NotImplemented;
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(b);
    GC_ROOT(r);
    r = w_dict_copy(a);
    if (!r || merge_dict(r, b) < 0)
        GC_RETURN(NULL);
    GC_RETURN(r);
}

/* ---- methods ------------------------------------------------------------------------- */

static w_object *dict_get_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_posargs("get", "dict.get", nargs, kwnames, 1, 2) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    w_object *v = w_dict_get(self, args[0]);
    if (!v && !w_err_occurred())
        v = nargs > 1 ? args[1] : w_None;
    GC_RETURN(v);
}

static w_object *dict_setdefault(w_object *self, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_posargs("setdefault", "dict.setdefault", nargs, kwnames, 1, 2) < 0)
        return NULL;
    int64_t h;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_key_hash(args[0], &h) < 0)
        GC_RETURN(NULL);
    w_object *v = get_hashed(self, args[0], h);
    if (v || w_err_occurred())
        GC_RETURN(v);
    v = nargs > 1 ? args[1] : w_None;
    GC_RETURN(insert_new(self, args[0], v, h) < 0 ? NULL : (nargs > 1 ? args[1] : w_None));
}

static w_object *dict_pop(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_posargs("pop", "dict.pop", nargs, kwnames, 1, 2) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    w_object *v = pop_key(self, args[0]);
    if (v || w_err_occurred())
        GC_RETURN(v);
    if (nargs > 1)
        GC_RETURN(args[1]);
    w_raise_key_error(args[0]);
    GC_RETURN(NULL);
}

/* Removes the last entry (LIFO) and returns it as a pair. */
static w_object *dict_popitem(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.popitem", nargs, kwnames) < 0)
        return NULL;
    if (D(self)->used == 0) {
        w_raise_fmt(w_exc_KeyError, "popitem(): dictionary is empty");
        return NULL;
    }
    GC_ENTER();
    GC_ROOT(self);
    w_dict *d = D(self);
    int64_t ix = d->nentries - 1;
    while (!d_entries(d)[2 * ix])
        ix--;
    w_object *pair = w_tuple_pack(2, d_entries(d)[2 * ix], d_entries(d)[2 * ix + 1]);
    if (!pair)
        GC_RETURN(NULL);
    d = D(self);
    int64_t h = d_hashes(d)[ix];
    uint64_t mask = (uint64_t)d->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    while (d_index(d)[i] != ix) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    delete_entry(d, ix, (int64_t)i);
    d->nentries = ix;
    GC_RETURN(pair);
}

static w_object *dict_keys(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.keys", nargs, kwnames) < 0)
        return NULL;
    return w_dictview_new(self, W_DICT_ITER_KEYS);
}

static w_object *dict_values(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.values", nargs, kwnames) < 0)
        return NULL;
    return w_dictview_new(self, W_DICT_ITER_VALUES);
}

static w_object *dict_items(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.items", nargs, kwnames) < 0)
        return NULL;
    return w_dictview_new(self, W_DICT_ITER_ITEMS);
}

static w_object *dict_update_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (check_update_args("update", nargs) < 0 || update_args(self, args, nargs, kwnames) < 0)
        return NULL;
    return w_None;
}

static w_object *dict_clear_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.clear", nargs, kwnames) < 0)
        return NULL;
    w_dict_clear(self);
    return w_None;
}

static w_object *dict_copy_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("dict.copy", nargs, kwnames) < 0)
        return NULL;
    return w_dict_copy(self);
}

/* dict.fromkeys(iterable, value=None): a classmethod, `cls` is the receiver. */
static w_object *dict_fromkeys(w_object *cls, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_posargs("fromkeys", "dict.fromkeys", nargs, kwnames, 1, 2) < 0)
        return NULL;
    GC_ENTER();
    w_object *d = NULL, *it = NULL, *k = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(d);
    GC_ROOT(it);
    GC_ROOT(k);
    if (!(d = space_call(cls, NULL, 0, NULL)) || !(it = space_iter(args[0])))
        GC_RETURN(NULL);
    while ((k = space_next(it))) {
        w_object *v = nargs > 1 ? args[1] : w_None;
        int r = W_TYPE(d) == w_dict_type ? w_dict_set(d, k, v) : space_setitem(d, k, v);
        if (r < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(w_err_occurred() ? NULL : d);
}

/* ---- start-up ------------------------------------------------------------------------ */

static size_t dict_size(const void *o)
{
    return sizeof(w_dict);
}

static void dict_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_dict *d = o;
    if (d->entries)
        visit((void **)&d->entries, ctx);
    if (d->table)
        visit((void **)&d->table, ctx);
}

void w_dict_register_tid(void)
{
    static const gc_descr d = {"dict", dict_size, dict_trace};
    gc_register_tid(W_TID_DICT, &d);
}

static const w_number_slots dict_number = {.binop = {[W_OP_OR] = dict_or}};

int w_dict_init(void)
{
    w_type *t = w_dict_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = dict_repr;
    t->hash = space_hash_unhashable;
    t->richcompare = dict_richcompare;
    t->len = dict_len;
    t->getitem = dict_getitem;
    t->setitem = dict_setitem;
    t->contains = dict_contains;
    t->iter = dict_iter;
    t->construct = dict_construct;
    t->number = &dict_number;
    static const struct {
        const char *name;
        w_callfn fn;
    } methods[] = {
        {"get", dict_get_m},       {"setdefault", dict_setdefault}, {"pop", dict_pop},
        {"popitem", dict_popitem}, {"keys", dict_keys},             {"values", dict_values},
        {"items", dict_items},     {"update", dict_update_m},       {"clear", dict_clear_m},
        {"copy", dict_copy_m},
    };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if (w_type_add_method(t, methods[i].name, methods[i].fn) < 0)
            return -1;
    return w_type_add_classmethod(t, "fromkeys", dict_fromkeys);
}

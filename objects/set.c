/* set.c — set and frozenset on CPython's open-addressing table (same iteration order), and their types. */
#include <stdio.h>
#include <string.h>

#include "objects/objects.h"

#define S(o) ((w_set *)(o))
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

/* Pointers into the table's storage: re-read them after any allocation. */
static inline w_object **s_keys(w_set *s)
{
    return s->keys->items;
}

static inline int64_t *s_hashes(w_set *s)
{
    return (int64_t *)s->hashes->data;
}

static inline bool is_frozen(w_object *o)
{
    return W_TYPE_CHECK(o, w_frozenset_type);
}

/* ---- the table ----------------------------------------------------------------------- */

static w_object *set_alloc(w_type *type)
{
    w_set *s = (w_set *)w_alloc(type, W_TID_SET, sizeof(w_set));
    s->mask = W_SET_MINSIZE - 1;
    s->hash = -1;
    return &s->ob;
}

w_object *w_set_new(bool frozen)
{
    return set_alloc(frozen ? w_frozenset_type : w_set_type);
}

/* Installs a fresh, empty table of `size` slots (fill and used are the caller's). */
static int new_table(w_object *so, int64_t size)
{
    GC_ENTER();
    w_object *keys = NULL;
    GC_ROOT(so);
    GC_ROOT(keys);
    keys = (w_object *)w_objarray_new(size);
    w_object *hashes = (w_object *)w_rawarray_new(size * (int64_t)sizeof(int64_t));
    w_set *s = S(so);
    s->mask = size - 1;
    s->version++;
    W_STORE(s, keys, (w_objarray *)keys);
    W_STORE(s, hashes, (w_rawarray *)hashes);
    GC_RETURN(0);
}

static int ensure_table(w_object *so)
{
    return S(so)->keys ? 0 : new_table(so, W_SET_MINSIZE);
}

/* Puts a key known to be absent into a table without dummies (CPython's
   set_insert_clean): the first empty slot of its probe sequence. */
static void insert_clean(w_set *s, w_object *key, int64_t h)
{
    w_object **keys = s_keys(s);
    uint64_t mask = (uint64_t)s->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    for (;;) {
        uint64_t last = i + LINEAR_PROBES <= mask ? i + LINEAR_PROBES : i;
        for (uint64_t j = i; j <= last; j++) {
            if (!keys[j]) {
                keys[j] = key;
                s_hashes(s)[j] = h;
                return;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Rebuilds the table at the smallest power of two above `minused`, dropping dummies;
   keys are reinserted in the old table's order, as CPython does. */
static int set_resize(w_object *so, int64_t minused)
{
    int64_t size = W_SET_MINSIZE;
    while (size <= minused)
        size <<= 1;
    GC_ENTER();
    w_object *oldkeys = NULL, *oldhashes = NULL;
    GC_ROOT(so);
    GC_ROOT(oldkeys);
    GC_ROOT(oldhashes);
    oldkeys = (w_object *)S(so)->keys;
    oldhashes = (w_object *)S(so)->hashes;
    int64_t oldsize = S(so)->mask + 1;
    if (new_table(so, size) < 0)
        GC_RETURN(-1);
    w_set *s = S(so);
    if (oldkeys) {
        w_object **ok = ((w_objarray *)oldkeys)->items;
        int64_t *oh = (int64_t *)((w_rawarray *)oldhashes)->data;
        for (int64_t j = 0; j < oldsize; j++)
            if (ok[j])
                insert_clean(s, ok[j], oh[j]);
        gc_write_barrier(s->keys);
    }
    s->fill = s->used;
    GC_RETURN(0);
}

/*
 * Probes for `key` (hash h). Returns its slot, or -1 if absent with *insert_at set to
 * where an add should put it (the last dummy on the way, else the empty slot that ended
 * the search) and *unused to whether that slot was never used; -2 on error. A
 * comparison can run any code: if the table was rebuilt or the compared slot changed
 * meanwhile, the probe starts over, as CPython's does.
 */
static int64_t find(w_object *so, w_object *key, int64_t h, int64_t *insert_at, bool *unused)
{
    GC_ENTER();
    w_object *startkey = NULL;
    GC_ROOT(so);
    GC_ROOT(key);
    GC_ROOT(startkey);
restart:
    if (!S(so)->keys) {
        *insert_at = h & S(so)->mask;
        *unused = true;
        GC_RETURN(-1);
    }
    uint64_t mask = (uint64_t)S(so)->mask, perturb = (uint64_t)h, i = (uint64_t)h & mask;
    int64_t freeslot = -1;
    for (;;) {
        uint64_t last = i + LINEAR_PROBES <= mask ? i + LINEAR_PROBES : i;
        for (uint64_t j = i; j <= last; j++) {
            w_set *s = S(so);
            w_object *k = s_keys(s)[j];
            int64_t eh = s_hashes(s)[j];
            if (!k) {
                if (eh == 0) {
                    /* A comparison may have filled the dummy we meant to reuse. */
                    if (freeslot >= 0 && !s_keys(s)[freeslot] && s_hashes(s)[freeslot] == -1) {
                        *insert_at = freeslot;
                        *unused = false;
                    } else {
                        *insert_at = (int64_t)j;
                        *unused = true;
                    }
                    GC_RETURN(-1);
                }
                freeslot = (int64_t)j; /* CPython reuses the last dummy on the way */
                continue;
            }
            if (eh != h)
                continue;
            int r = w_key_eq_fast(k, key);
            if (r > 0)
                GC_RETURN((int64_t)j);
            if (r == 0)
                continue;
            startkey = k;
            uint64_t version = s->version;
            r = space_eq(startkey, key);
            if (r < 0)
                GC_RETURN(-2);
            s = S(so);
            if (s->version != version || s_keys(s)[j] != startkey)
                goto restart;
            if (r)
                GC_RETURN((int64_t)j);
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Adds `key` with hash h: 1 if added, 0 if already present, -1 on error. */
static int add_entry(w_object *so, w_object *key, int64_t h)
{
    GC_ENTER();
    GC_ROOT(so);
    GC_ROOT(key);
    if (ensure_table(so) < 0)
        GC_RETURN(-1);
    int64_t at;
    bool unused;
    int64_t r = find(so, key, h, &at, &unused);
    if (r != -1)
        GC_RETURN(r == -2 ? -1 : 0);
    w_set *s = S(so);
    W_STORE(s->keys, items[at], key);
    s_hashes(s)[at] = h;
    s->used++;
    if (!unused)
        GC_RETURN(1);
    s->fill++;
    if (s->fill * 5 < s->mask * 3)
        GC_RETURN(1);
    GC_RETURN(set_resize(so, s->used > 50000 ? s->used * 2 : s->used * 4) < 0 ? -1 : 1);
}

static int contains_entry(w_object *so, w_object *key, int64_t h)
{
    int64_t at;
    bool unused;
    int64_t r = find(so, key, h, &at, &unused);
    return r >= 0 ? 1 : r == -1 ? 0 : -1;
}

/* 1 if it was there (now a dummy), 0 if absent, -1 on error. */
static int discard_entry(w_object *so, w_object *key, int64_t h)
{
    int64_t at;
    bool unused;
    GC_ENTER();
    GC_ROOT(so);
    int64_t r = find(so, key, h, &at, &unused);
    if (r < 0)
        GC_RETURN(r == -1 ? 0 : -1);
    w_set *s = S(so);
    s_keys(s)[r] = NULL;
    s_hashes(s)[r] = -1;
    s->used--;
    GC_RETURN(1);
}

/* The hash of a key; a set that is used as a key stands for the frozenset of its items
   (CPython's rule for contains, remove and discard). *alias receives that frozenset. */
static int lookup_hash(w_object *key, int64_t *h, w_object **alias)
{
    GC_ENTER();
    GC_ROOT(key);
    *alias = key;
    if (w_key_hash(key, h) == 0)
        GC_RETURN(0);
    *alias = NULL;
    if (!W_TYPE_CHECK(key, w_set_type) || !w_err_matches(w_exc_TypeError))
        GC_RETURN(-1);
    w_err_clear();
    if (!(*alias = w_set_from_iterable(key, true)))
        GC_RETURN(-1);
    GC_RETURN(w_key_hash(*alias, h));
}

bool w_set_next(w_object *so, int64_t *pos, w_object **key)
{
    w_set *s = S(so);
    if (!s->keys)
        return false;
    for (int64_t i = *pos; i <= s->mask; i++) {
        if (s_keys(s)[i]) {
            *key = s_keys(s)[i];
            *pos = i + 1;
            return true;
        }
    }
    *pos = s->mask + 1;
    return false;
}

/* Like w_set_next, with the stored hash. */
static bool next_hash(w_object *so, int64_t *pos, w_object **key, int64_t *h)
{
    if (!w_set_next(so, pos, key))
        return false;
    *h = s_hashes(S(so))[*pos - 1];
    return true;
}

/* ---- the C API ----------------------------------------------------------------------- */

int64_t w_set_size(w_object *s)
{
    return S(s)->used;
}

int w_set_add(w_object *s, w_object *key)
{
    int64_t h;
    GC_ENTER();
    GC_ROOT(s);
    GC_ROOT(key);
    if (w_key_hash(key, &h) < 0)
        GC_RETURN(-1);
    GC_RETURN(add_entry(s, key, h) < 0 ? -1 : 0);
}

int w_set_contains(w_object *s, w_object *key)
{
    int64_t h;
    GC_ENTER();
    w_object *k = NULL;
    GC_ROOT(s);
    GC_ROOT(k);
    if (lookup_hash(key, &h, &k) < 0)
        GC_RETURN(-1);
    GC_RETURN(contains_entry(s, k, h));
}

int w_set_discard(w_object *s, w_object *key)
{
    int64_t h;
    GC_ENTER();
    w_object *k = NULL;
    GC_ROOT(s);
    GC_ROOT(k);
    if (lookup_hash(key, &h, &k) < 0)
        GC_RETURN(-1);
    GC_RETURN(discard_entry(s, k, h));
}

static void set_clear_table(w_object *so)
{
    w_set *s = S(so);
    s->keys = NULL;
    s->hashes = NULL;
    s->fill = s->used = 0;
    s->mask = W_SET_MINSIZE - 1;
    s->version++;
}

/* Adds every key of another set (CPython's set_merge: one resize up front; a straight
   copy of the table when this one is empty and the same size). */
static int merge_set(w_object *so, w_object *other)
{
    if (so == other || S(other)->used == 0)
        return 0;
    GC_ENTER();
    w_object *k = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(k);
    if ((S(so)->fill + S(other)->used) * 5 >= S(so)->mask * 3 &&
        set_resize(so, (S(so)->used + S(other)->used) * 2) < 0)
        GC_RETURN(-1);
    if (ensure_table(so) < 0)
        GC_RETURN(-1);
    w_set *s = S(so), *o = S(other);
    if (s->fill == 0 && s->mask == o->mask && o->fill == o->used) {
        memcpy(s_keys(s), s_keys(o), (size_t)(o->mask + 1) * sizeof(w_object *));
        memcpy(s_hashes(s), s_hashes(o), (size_t)(o->mask + 1) * sizeof(int64_t));
        gc_write_barrier(s->keys);
        s->fill = s->used = o->used;
        GC_RETURN(0);
    }
    if (s->fill == 0) {
        for (int64_t j = 0; j <= o->mask; j++)
            if (s_keys(o)[j])
                insert_clean(s, s_keys(o)[j], s_hashes(o)[j]);
        gc_write_barrier(s->keys);
        s->fill = s->used = o->used;
        GC_RETURN(0);
    }
    int64_t pos = 0, h;
    while (next_hash(other, &pos, &k, &h))
        if (add_entry(so, k, h) < 0)
            GC_RETURN(-1);
    GC_RETURN(0);
}

/* set.update with one argument (CPython's set_update_internal). */
int w_set_update(w_object *so, w_object *other)
{
    if (W_ANYSET_CHECK(other))
        return merge_set(so, other);
    GC_ENTER();
    w_object *k = NULL, *it = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(k);
    GC_ROOT(it);
    int64_t h;
    if (W_TYPE(other) == w_dict_type) {
        int64_t n = w_dict_size(other);
        if ((S(so)->fill + n) * 5 >= S(so)->mask * 3 && set_resize(so, (S(so)->used + n) * 2) < 0)
            GC_RETURN(-1);
        int64_t pos = 0;
        while (w_dict_next_hash(other, &pos, &k, NULL, &h))
            if (add_entry(so, k, h) < 0)
                GC_RETURN(-1);
        GC_RETURN(0);
    }
    if (!(it = space_iter(other)))
        GC_RETURN(-1);
    while ((k = space_next(it)))
        if (w_key_hash(k, &h) < 0 || add_entry(so, k, h) < 0)
            GC_RETURN(-1);
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

static w_object *new_set_of(w_type *type, w_object *iterable)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(iterable);
    GC_ROOT(s);
    s = set_alloc(type);
    if (iterable && w_set_update(s, iterable) < 0)
        GC_RETURN(NULL);
    GC_RETURN(s);
}

w_object *w_set_from_iterable(w_object *iterable, bool frozen)
{
    return new_set_of(frozen ? w_frozenset_type : w_set_type, iterable);
}

/* A set or frozenset (by the kind of `so`, never a subclass) of the items of `iterable`:
   CPython's make_new_set_basetype. */
static w_object *new_like(w_object *so, w_object *iterable)
{
    return new_set_of(is_frozen(so) ? w_frozenset_type : w_set_type, iterable);
}

/* ---- operations (CPython's algorithms, so results come out in the same order) ---------- */

static w_object *set_copy(w_object *so)
{
    return new_like(so, so);
}

static w_object *intersection(w_object *so, w_object *other)
{
    if (so == other)
        return set_copy(so);
    GC_ENTER();
    w_object *result = NULL, *k = NULL, *it = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(result);
    GC_ROOT(k);
    GC_ROOT(it);
    if (!(result = new_like(so, NULL)))
        GC_RETURN(NULL);
    int64_t h;
    if (W_ANYSET_CHECK(other)) {
        if (S(other)->used > S(so)->used) {
            w_object *t = so;
            so = other;
            other = t;
        }
        int64_t pos = 0;
        while (next_hash(other, &pos, &k, &h)) {
            int r = contains_entry(so, k, h);
            if (r < 0 || (r && add_entry(result, k, h) < 0))
                GC_RETURN(NULL);
        }
        GC_RETURN(result);
    }
    if (!(it = space_iter(other)))
        GC_RETURN(NULL);
    while ((k = space_next(it))) {
        if (w_key_hash(k, &h) < 0)
            GC_RETURN(NULL);
        int r = contains_entry(so, k, h);
        if (r < 0 || (r && add_entry(result, k, h) < 0))
            GC_RETURN(NULL);
    }
    GC_RETURN(w_err_occurred() ? NULL : result);
}

static w_object *intersection_multi(w_object *so, w_object **others, size_t n)
{
    if (n == 0)
        return set_copy(so);
    GC_ENTER();
    w_object *result = so;
    GC_ROOT(result);
    GC_ROOT_ARRAY(others, n);
    for (size_t i = 0; i < n; i++)
        if (!(result = intersection(result, others[i])))
            GC_RETURN(NULL);
    GC_RETURN(result);
}

static int difference_update(w_object *so, w_object *other)
{
    if (so == other) {
        set_clear_table(so);
        return 0;
    }
    GC_ENTER();
    w_object *k = NULL, *it = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(k);
    GC_ROOT(it);
    int64_t h;
    if (W_ANYSET_CHECK(other)) {
        int64_t pos = 0;
        while (next_hash(other, &pos, &k, &h))
            if (discard_entry(so, k, h) < 0)
                GC_RETURN(-1);
    } else {
        if (!(it = space_iter(other)))
            GC_RETURN(-1);
        while ((k = space_next(it)))
            if (w_set_discard(so, k) < 0)
                GC_RETURN(-1);
        if (w_err_occurred())
            GC_RETURN(-1);
    }
    /* Resize the dummies away once they are more than a quarter of the table. */
    w_set *s = S(so);
    if (s->fill - s->used <= s->mask / 4)
        GC_RETURN(0);
    GC_RETURN(set_resize(so, s->used > 50000 ? s->used * 2 : s->used * 4));
}

static w_object *copy_and_difference(w_object *so, w_object *other)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(other);
    GC_ROOT(r);
    if (!(r = set_copy(so)) || difference_update(r, other) < 0)
        GC_RETURN(NULL);
    GC_RETURN(r);
}

static w_object *difference(w_object *so, w_object *other)
{
    int64_t other_size;
    bool isdict = W_TYPE(other) == w_dict_type;
    if (W_ANYSET_CHECK(other))
        other_size = S(other)->used;
    else if (isdict)
        other_size = w_dict_size(other);
    else
        return copy_and_difference(so, other);
    /* Much bigger than `other`: copy, then remove what they share. */
    if ((S(so)->used >> 2) > other_size)
        return copy_and_difference(so, other);
    GC_ENTER();
    w_object *result = NULL, *k = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(result);
    GC_ROOT(k);
    if (!(result = new_like(so, NULL)))
        GC_RETURN(NULL);
    int64_t pos = 0, h;
    while (next_hash(so, &pos, &k, &h)) {
        int r = isdict ? w_dict_contains_hashed(other, k, h) : contains_entry(other, k, h);
        if (r < 0 || (!r && add_entry(result, k, h) < 0))
            GC_RETURN(NULL);
    }
    GC_RETURN(result);
}

static int symmetric_difference_update(w_object *so, w_object *other)
{
    if (so == other) {
        set_clear_table(so);
        return 0;
    }
    GC_ENTER();
    w_object *k = NULL, *src = NULL;
    GC_ROOT(so);
    GC_ROOT(k);
    GC_ROOT(src);
    int64_t pos = 0, h;
    if (W_TYPE(other) == w_dict_type) {
        src = other;
        while (w_dict_next_hash(src, &pos, &k, NULL, &h)) {
            int r = discard_entry(so, k, h);
            if (r < 0 || (r == 0 && add_entry(so, k, h) < 0))
                GC_RETURN(-1);
        }
        GC_RETURN(0);
    }
    src = W_ANYSET_CHECK(other) ? other : new_like(so, other);
    if (!src)
        GC_RETURN(-1);
    while (next_hash(src, &pos, &k, &h)) {
        int r = discard_entry(so, k, h);
        if (r < 0 || (r == 0 && add_entry(so, k, h) < 0))
            GC_RETURN(-1);
    }
    GC_RETURN(0);
}

static w_object *symmetric_difference(w_object *so, w_object *other)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(so);
    GC_ROOT(r);
    if (!(r = new_like(so, other)) || symmetric_difference_update(r, so) < 0)
        GC_RETURN(NULL);
    GC_RETURN(r);
}

static int issubset(w_object *so, w_object *other)
{
    GC_ENTER();
    w_object *k = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(k);
    if (!W_ANYSET_CHECK(other) && !(other = new_set_of(w_set_type, other)))
        GC_RETURN(-1);
    if (S(so)->used > S(other)->used)
        GC_RETURN(0);
    int64_t pos = 0, h;
    while (next_hash(so, &pos, &k, &h)) {
        int r = contains_entry(other, k, h);
        if (r <= 0)
            GC_RETURN(r);
    }
    GC_RETURN(1);
}

static int issuperset(w_object *so, w_object *other)
{
    if (W_ANYSET_CHECK(other))
        return issubset(other, so);
    GC_ENTER();
    w_object *k = NULL, *it = NULL;
    GC_ROOT(so);
    GC_ROOT(k);
    GC_ROOT(it);
    if (!(it = space_iter(other)))
        GC_RETURN(-1);
    while ((k = space_next(it))) {
        int r = w_set_contains(so, k);
        if (r <= 0)
            GC_RETURN(r);
    }
    GC_RETURN(w_err_occurred() ? -1 : 1);
}

static int isdisjoint(w_object *so, w_object *other)
{
    if (so == other)
        return S(so)->used == 0;
    GC_ENTER();
    w_object *k = NULL, *it = NULL;
    GC_ROOT(so);
    GC_ROOT(other);
    GC_ROOT(k);
    GC_ROOT(it);
    int64_t h;
    if (W_ANYSET_CHECK(other)) {
        if (S(other)->used > S(so)->used) {
            w_object *t = so;
            so = other;
            other = t;
        }
        int64_t pos = 0;
        while (next_hash(other, &pos, &k, &h)) {
            int r = contains_entry(so, k, h);
            if (r != 0)
                GC_RETURN(r < 0 ? -1 : 0);
        }
        GC_RETURN(1);
    }
    if (!(it = space_iter(other)))
        GC_RETURN(-1);
    while ((k = space_next(it))) {
        if (w_key_hash(k, &h) < 0)
            GC_RETURN(-1);
        int r = contains_entry(so, k, h);
        if (r != 0)
            GC_RETURN(r < 0 ? -1 : 0);
    }
    GC_RETURN(w_err_occurred() ? -1 : 1);
}

/* ---- slots --------------------------------------------------------------------------- */

static w_object *set_repr(w_object *self)
{
    const char *name = W_TYPE(self)->name;
    bool exact = W_TYPE(self) == w_set_type;
    if (S(self)->used == 0)
        return w_str_from_fmt("%s()", name);
    int r = space_repr_enter(self);
    if (r != 0)
        return r < 0 ? NULL : w_str_from_fmt("%s(...)", name);
    GC_ENTER();
    w_object *k = NULL, *s = NULL;
    GC_ROOT(self);
    GC_ROOT(k);
    GC_ROOT(s);
    w_strbuf b;
    w_strbuf_init(&b);
    if (!exact)
        w_strbuf_printf(&b, "%s(", name);
    w_strbuf_addc(&b, "{");
    int64_t pos = 0;
    bool first = true;
    while (w_set_next(self, &pos, &k)) {
        if (!(s = space_repr(k))) {
            w_strbuf_free(&b);
            space_repr_leave(self);
            GC_RETURN(NULL);
        }
        if (!first)
            w_strbuf_addc(&b, ", ");
        first = false;
        w_strbuf_add_str(&b, s);
    }
    w_strbuf_addc(&b, exact ? "}" : "})");
    space_repr_leave(self);
    GC_RETURN(w_strbuf_finish(&b));
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
}

/* CPython's frozenset hash: order-independent (xor of shuffled entry hashes), with the
   count folded in and a final dispersion step. */
static int frozenset_hash(w_object *self, int64_t *out)
{
    w_set *s = S(self);
    if (s->hash != -1) {
        *out = s->hash;
        return 0;
    }
    uint64_t h = 0;
    if (s->keys)
        for (int64_t i = 0; i <= s->mask; i++)
            h ^= shuffle_bits((uint64_t)s_hashes(s)[i]);
    if ((s->mask + 1 - s->fill) & 1)
        h ^= shuffle_bits(0);
    if ((s->fill - s->used) & 1)
        h ^= shuffle_bits((uint64_t)-1);
    h ^= ((uint64_t)s->used + 1) * 1927868237ULL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069U + 907133923ULL;
    if (h == UINT64_MAX)
        h = 590923713ULL;
    s->hash = (int64_t)h;
    *out = s->hash;
    return 0;
}

static w_object *set_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_ANYSET_CHECK(b))
        return w_NotImplemented;
    int r;
    switch (op) {
    case W_EQ:
    case W_NE:
        if (S(a)->used != S(b)->used)
            r = 0;
        else if (S(a)->hash != -1 && S(b)->hash != -1 && S(a)->hash != S(b)->hash)
            r = 0;
        else
            r = issubset(a, b);
        if (r >= 0 && op == W_NE)
            r = !r;
        break;
    case W_LE:
        r = issubset(a, b);
        break;
    case W_GE:
        r = issuperset(a, b);
        break;
    case W_LT:
        r = S(a)->used < S(b)->used ? issubset(a, b) : 0;
        break;
    default:
        r = S(a)->used > S(b)->used ? issuperset(a, b) : 0;
        break;
    }
    return r < 0 ? NULL : W_BOOL(r);
}

static int64_t set_len(w_object *self)
{
    return S(self)->used;
}

static w_object *set_iter(w_object *self)
{
    return w_set_iter_new(self);
}

static w_object *set_or(w_object *a, w_object *b)
{
    if (!W_ANYSET_CHECK(a) || !W_ANYSET_CHECK(b))
        return w_NotImplemented;
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(b);
    GC_ROOT(r);
    bool same = a == b;
    if (!(r = set_copy(a)))
        GC_RETURN(NULL);
    if (same)
        GC_RETURN(r);
    GC_RETURN(w_set_update(r, b) < 0 ? NULL : r);
}

static w_object *set_and(w_object *a, w_object *b)
{
    if (!W_ANYSET_CHECK(a) || !W_ANYSET_CHECK(b))
        return w_NotImplemented;
    return intersection(a, b);
}

static w_object *set_sub(w_object *a, w_object *b)
{
    if (!W_ANYSET_CHECK(a) || !W_ANYSET_CHECK(b))
        return w_NotImplemented;
    return difference(a, b);
}

static w_object *set_xor(w_object *a, w_object *b)
{
    if (!W_ANYSET_CHECK(a) || !W_ANYSET_CHECK(b))
        return w_NotImplemented;
    return symmetric_difference(a, b);
}

static const w_number_slots set_number = {
    .binop = {[W_OP_OR] = set_or, [W_OP_AND] = set_and, [W_OP_SUB] = set_sub,
              [W_OP_XOR] = set_xor},
};

/* set(iterable) and frozenset(iterable). */
static w_object *set_construct(w_object *callable, w_object **args, size_t nargs,
                               w_object *kwnames)
{
    w_type *type = (w_type *)callable;
    bool frozen = w_type_is_subtype(type, w_frozenset_type);
    if (w_meth_posargs(frozen ? "frozenset" : "set", frozen ? "frozenset" : "set", nargs,
                       kwnames, 0, 1) < 0)
        return NULL;
    if (type == w_frozenset_type && nargs && W_TYPE(args[0]) == w_frozenset_type)
        return args[0];
    return new_set_of(type, nargs ? args[0] : NULL);
}

/* ---- methods ------------------------------------------------------------------------- */

/* "set.add" or "frozenset.copy" for messages. */
static const char *qual(w_object *self, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s.%s", is_frozen(self) ? "frozenset" : "set", name);
    return buf;
}

#define QUAL(name) qual(self, name, qbuf, sizeof qbuf)

static w_object *set_add_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("add"), nargs, kwnames) < 0 || w_set_add(self, args[0]) < 0)
        return NULL;
    return w_None;
}

static w_object *set_discard_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("discard"), nargs, kwnames) < 0 || w_set_discard(self, args[0]) < 0)
        return NULL;
    return w_None;
}

static w_object *set_remove_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("remove"), nargs, kwnames) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, 1);
    int r = w_set_discard(self, args[0]);
    if (r == 0)
        w_raise_key_error(args[0]);
    GC_RETURN(r > 0 ? w_None : NULL);
}

static w_object *set_pop_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_noargs(QUAL("pop"), nargs, kwnames) < 0)
        return NULL;
    w_set *s = S(self);
    if (s->used == 0) {
        w_raise_fmt(w_exc_KeyError, "pop from an empty set");
        return NULL;
    }
    int64_t i = s->finger & s->mask;
    while (!s_keys(s)[i])
        i = i == s->mask ? 0 : i + 1;
    w_object *key = s_keys(s)[i];
    s_keys(s)[i] = NULL;
    s_hashes(s)[i] = -1;
    s->used--;
    s->finger = i + 1;
    return key;
}

static w_object *set_clear_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_noargs(QUAL("clear"), nargs, kwnames) < 0)
        return NULL;
    set_clear_table(self);
    return w_None;
}

static w_object *set_copy_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_noargs(QUAL("copy"), nargs, kwnames) < 0)
        return NULL;
    if (W_TYPE(self) == w_frozenset_type)
        return self;
    return set_copy(self);
}

static w_object *set_union_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("union", QUAL("union"), nargs, kwnames, 0, SIZE_MAX) < 0)
        return NULL;
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(r);
    if (!(r = set_copy(self)))
        GC_RETURN(NULL);
    for (size_t i = 0; i < nargs; i++)
        if (args[i] != self && w_set_update(r, args[i]) < 0)
            GC_RETURN(NULL);
    GC_RETURN(r);
}

static w_object *set_update_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("update", QUAL("update"), nargs, kwnames, 0, SIZE_MAX) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    for (size_t i = 0; i < nargs; i++)
        if (w_set_update(self, args[i]) < 0)
            GC_RETURN(NULL);
    GC_RETURN(w_None);
}

static w_object *set_intersection_m(w_object *self, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("intersection", QUAL("intersection"), nargs, kwnames, 0, SIZE_MAX) < 0)
        return NULL;
    return intersection_multi(self, args, nargs);
}

/* Gives `so` the table of `tmp` (CPython's set_swap_bodies, one way). */
static void take_body(w_object *so, w_object *tmp)
{
    w_set *s = S(so), *t = S(tmp);
    s->fill = t->fill;
    s->used = t->used;
    s->mask = t->mask;
    s->version++;
    W_STORE(s, keys, t->keys);
    W_STORE(s, hashes, t->hashes);
}

static w_object *set_intersection_update_m(w_object *self, w_object **args, size_t nargs,
                                           w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("intersection_update", QUAL("intersection_update"), nargs, kwnames, 0,
                       SIZE_MAX) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    w_object *r = intersection_multi(self, args, nargs);
    if (!r)
        GC_RETURN(NULL);
    take_body(self, r);
    GC_RETURN(w_None);
}

static w_object *set_difference_m(w_object *self, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("difference", QUAL("difference"), nargs, kwnames, 0, SIZE_MAX) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy(self);
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(r);
    if (!(r = difference(self, args[0])))
        GC_RETURN(NULL);
    for (size_t i = 1; i < nargs; i++)
        if (difference_update(r, args[i]) < 0)
            GC_RETURN(NULL);
    GC_RETURN(r);
}

static w_object *set_difference_update_m(w_object *self, w_object **args, size_t nargs,
                                         w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_posargs("difference_update", QUAL("difference_update"), nargs, kwnames, 0,
                       SIZE_MAX) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    for (size_t i = 0; i < nargs; i++)
        if (difference_update(self, args[i]) < 0)
            GC_RETURN(NULL);
    GC_RETURN(w_None);
}

static w_object *set_symmetric_difference_m(w_object *self, w_object **args, size_t nargs,
                                            w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("symmetric_difference"), nargs, kwnames) < 0)
        return NULL;
    return symmetric_difference(self, args[0]);
}

static w_object *set_symmetric_difference_update_m(w_object *self, w_object **args,
                                                   size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("symmetric_difference_update"), nargs, kwnames) < 0 ||
        symmetric_difference_update(self, args[0]) < 0)
        return NULL;
    return w_None;
}

static w_object *bool_result(int r)
{
    return r < 0 ? NULL : W_BOOL(r);
}

static w_object *set_issubset_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("issubset"), nargs, kwnames) < 0)
        return NULL;
    return bool_result(issubset(self, args[0]));
}

static w_object *set_issuperset_m(w_object *self, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("issuperset"), nargs, kwnames) < 0)
        return NULL;
    return bool_result(issuperset(self, args[0]));
}

static w_object *set_isdisjoint_m(w_object *self, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    char qbuf[64];
    if (w_meth_onearg(QUAL("isdisjoint"), nargs, kwnames) < 0)
        return NULL;
    return bool_result(isdisjoint(self, args[0]));
}

/* ---- start-up ------------------------------------------------------------------------ */

static size_t set_size(const void *o)
{
    return sizeof(w_set);
}

static void set_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_set *s = o;
    if (s->keys)
        visit((void **)&s->keys, ctx);
    if (s->hashes)
        visit((void **)&s->hashes, ctx);
}

void w_set_register_tid(void)
{
    static const gc_descr d = {"set", set_size, set_trace};
    gc_register_tid(W_TID_SET, &d);
}

struct method {
    const char *name;
    w_callfn fn;
};

static int add_methods(w_type *t, const struct method *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w_type_add_method(t, m[i].name, m[i].fn) < 0)
            return -1;
    return 0;
}

static void set_slots(w_type *t)
{
    t->flags |= W_TF_BASETYPE;
    t->repr = set_repr;
    t->richcompare = set_richcompare;
    t->len = set_len;
    t->contains = w_set_contains;
    t->iter = set_iter;
    t->construct = set_construct;
    t->number = &set_number;
}

int w_set_init(void)
{
    static const struct method shared[] = {
        {"copy", set_copy_m},
        {"union", set_union_m},
        {"intersection", set_intersection_m},
        {"difference", set_difference_m},
        {"symmetric_difference", set_symmetric_difference_m},
        {"issubset", set_issubset_m},
        {"issuperset", set_issuperset_m},
        {"isdisjoint", set_isdisjoint_m},
    };
    static const struct method mutating[] = {
        {"add", set_add_m},
        {"discard", set_discard_m},
        {"remove", set_remove_m},
        {"pop", set_pop_m},
        {"clear", set_clear_m},
        {"update", set_update_m},
        {"intersection_update", set_intersection_update_m},
        {"difference_update", set_difference_update_m},
        {"symmetric_difference_update", set_symmetric_difference_update_m},
    };
    set_slots(w_set_type);
    w_set_type->hash = space_hash_unhashable;
    set_slots(w_frozenset_type);
    w_frozenset_type->hash = frozenset_hash;
    size_t ns = sizeof shared / sizeof *shared, nm = sizeof mutating / sizeof *mutating;
    if (add_methods(w_set_type, shared, ns) < 0 || add_methods(w_set_type, mutating, nm) < 0 ||
        add_methods(w_frozenset_type, shared, ns) < 0)
        return -1;
    return 0;
}

/* containers.h — tuple, list (with storage strategies), dict, set/frozenset, range, slice, iterators. */
#ifndef FERRY_CONTAINERS_H
#define FERRY_CONTAINERS_H

/* A tuple's items are inline and filled once, right after allocation. */
typedef struct w_tuple {
    w_object ob;
    int64_t size;
    w_object *items[];
} w_tuple;

#define W_TUPLE_CHECK(o) (W_TYPE(o) == w_tuple_type || W_TYPE_CHECK(o, w_tuple_type))
#define W_TUPLE_SIZE(o) (((w_tuple *)(o))->size)
#define W_TUPLE_ITEMS(o) (((w_tuple *)(o))->items)

/*
 * A list keeps its items in one of four strategies:
 *   W_LIST_EMPTY   storage NULL, size 0; the first append picks the strategy;
 *   W_LIST_INT     storage a w_rawarray of int64_t (only exact ints that fit; bool is not int);
 *   W_LIST_FLOAT   storage a w_rawarray of double (only exact floats);
 *   W_LIST_OBJECT  storage a w_objarray of w_object*.
 * Capacity is the storage's length (storage may be NULL while the capacity is 0). NaN is
 * kept in the object strategy, so that `x in [x]` sees the identical object. Storing an
 * item the strategy cannot hold switches the whole list to the object strategy (boxing
 * each item); clearing a list resets it to EMPTY. In the object strategy, slots past
 * `size` are NULL. Only list_strategy.c knows these formats.
 */
enum w_list_strategy { W_LIST_EMPTY, W_LIST_INT, W_LIST_FLOAT, W_LIST_OBJECT };

typedef struct w_list {
    w_object ob;
    uint32_t strategy;
    int64_t size;
    w_object *storage;
} w_list;

#define W_LIST_CHECK(o) (W_TYPE(o) == w_list_type || W_TYPE_CHECK(o, w_list_type))

w_object *w_tuple_new(int64_t size);                        /* items NULL; fill at once */
w_object *w_tuple_from_array(w_object **items, int64_t n);   /* items rooted by the callee */
w_object *w_tuple_pack(int64_t n, ...);                      /* n w_object* arguments */
/* Stores item i of a tuple that is being filled (applies the barrier). Inline: every
   tuple made from C items is filled through it. */
static inline void w_tuple_set(w_object *t, int64_t i, w_object *v)
{
    FERRY_ASSERT(W_TUPLE_CHECK(t) && i >= 0 && i < W_TUPLE_SIZE(t));
    W_STORE((w_tuple *)t, items[i], v);
}

w_object *w_list_new(int64_t size_hint);
w_object *w_list_from_array(w_object **items, int64_t n);
int w_list_append(w_object *list, w_object *item);
int64_t w_list_size(w_object *list);
/* Item i (0 <= i < size): boxes for the int and float strategies, so it may allocate. */
w_object *w_list_get(w_object *list, int64_t i);
int w_list_set(w_object *list, int64_t i, w_object *item);
/* Sorts in place: stable, with an optional key callable and reverse flag. */
int w_list_sort(w_object *list, w_object *key, bool reverse);
/* A new list of the items of any iterable. */
w_object *w_list_from_iterable(w_object *iterable);
w_object *w_tuple_from_iterable(w_object *iterable);
int w_list_strategy_of(w_object *list);
/* Called after every change to a list flagged W_F_LIST_VIEW: items [start, start+removed)
   of the list as it was are now items [start, start+added). A permutation (sort, reverse)
   reports the whole list. The C-API keeps PyListObject.ob_item in step through it; the
   hook must not allocate in the heap. */
typedef void (*w_list_change_fn)(w_object *list, int64_t start, int64_t removed, int64_t added);
void w_list_set_change_hook(w_list_change_fn fn);

/* dict: insertion-ordered; keys compared with CPython's hash/eq protocol. */
#define W_DICT_CHECK(o) (W_TYPE(o) == w_dict_type || W_TYPE_CHECK(o, w_dict_type))
w_object *w_dict_new(void);
/* NULL and no error if absent; NULL with an error if hashing or comparing failed. */
w_object *w_dict_get(w_object *d, w_object *key);
w_object *w_dict_get_cstr(w_object *d, const char *key);
int w_dict_set(w_object *d, w_object *key, w_object *value);
int w_dict_set_cstr(w_object *d, const char *key, w_object *value);
int w_dict_del(w_object *d, w_object *key);   /* KeyError if absent */
int64_t w_dict_size(w_object *d);
/* Iteration in insertion order: *pos starts at 0; returns false at the end. The key and
   value pointers are valid until the next allocation. */
bool w_dict_next(w_object *d, int64_t *pos, w_object **key, w_object **value);

#define W_ANYSET_CHECK(o) (W_TYPE_CHECK(o, w_set_type) || W_TYPE_CHECK(o, w_frozenset_type))
w_object *w_set_new(bool frozen);
int w_set_add(w_object *s, w_object *key);
int w_set_contains(w_object *s, w_object *key);
int64_t w_set_size(w_object *s);
bool w_set_next(w_object *s, int64_t *pos, w_object **key);

w_object *w_slice_new(w_object *start, w_object *stop, w_object *step);
/* Resolves a slice against a sequence length (CPython's PySlice_GetIndicesEx). */
int w_slice_indices(w_object *slice, int64_t length, int64_t *start, int64_t *stop,
                    int64_t *step, int64_t *slicelength);
#define W_SLICE_CHECK(o) (W_TYPE(o) == w_slice_type)

w_object *w_range_new(int64_t start, int64_t stop, int64_t step);

/*
 * Layouts of the other containers (dict.c, set.c, range.c, slice.c, iter.c).
 *
 * dict: a compact table in two storage objects. `entries` holds 2 * capacity slots, key
 * then value, in insertion order; entries [0, nentries) have been used, a deleted one has
 * a NULL key. `table` is a rawarray holding `capacity` int64 hashes (parallel to the
 * entries) followed by the index: mask + 1 int32 slots, each an entry number, W_DICT_FREE
 * or W_DICT_DUMMY (deleted). Both are NULL while the dict has never held anything.
 * Resizing rebuilds both and drops deleted entries, so deletions never leak.
 */
typedef struct w_dict {
    w_object ob;
    uint64_t version;     /* bumped whenever the table is rebuilt or dropped */
    int64_t used;         /* live entries */
    int64_t nentries;     /* entries consumed, live or deleted */
    int64_t capacity;     /* entries available before a resize */
    int64_t mask;         /* index size - 1 */
    w_objarray *entries;
    w_rawarray *table;
} w_dict;

#define W_DICT_FREE (-1)
#define W_DICT_DUMMY (-2)

/*
 * set and frozenset: CPython's open-addressing table (so iteration order matches it).
 * Slot i is unused when keys[i] == NULL and hashes[i] == 0, a dummy (deleted) when
 * keys[i] == NULL and hashes[i] == -1, active otherwise. `keys` and `hashes` are NULL
 * while the set has its initial, empty table of mask + 1 == 8 slots.
 */
typedef struct w_set {
    w_object ob;
    uint64_t version;     /* bumped whenever the table is rebuilt or dropped */
    int64_t fill;         /* active + dummy slots */
    int64_t used;         /* active slots */
    int64_t mask;         /* table size - 1 */
    int64_t finger;       /* where pop() resumes its search */
    int64_t hash;         /* frozenset: cached hash, -1 until computed */
    w_objarray *keys;
    w_rawarray *hashes;   /* int64 per slot */
} w_set;

#define W_SET_MINSIZE 8

/* range: bounds that fit int64 (wider ranges raise OverflowError); `length` is cached. */
typedef struct w_range {
    w_object ob;
    int64_t start, stop, step, length;
} w_range;

typedef struct w_slice {
    w_object ob;
    w_object *start, *stop, *step;
} w_slice;

/*
 * Every builtin container iterator shares one layout; its type says how the fields are
 * used (iter.c). `seq` is the iterated object, NULL once exhausted; `index` the next
 * position; `a` and `b` kind-specific (the expected size of a dict or set, the number
 * of items left, a range's start and step).
 */
typedef struct w_iter {
    w_object ob;
    w_object *seq;
    int64_t index;
    int64_t a, b;
} w_iter;

/* keys(), values() and items() of a dict. */
typedef struct w_dictview {
    w_object ob;
    w_object *dict;
} w_dictview;

enum w_dict_iter_kind { W_DICT_ITER_KEYS, W_DICT_ITER_VALUES, W_DICT_ITER_ITEMS };

w_object *w_list_iter_new(w_object *list, bool reversed);
w_object *w_tuple_iter_new(w_object *tuple);
w_object *w_range_iter_new(int64_t start, int64_t step, int64_t length);
w_object *w_set_iter_new(w_object *set);
w_object *w_dict_iter_new(w_object *dict, enum w_dict_iter_kind kind);
/* The iterator of an object that only has a getitem slot: o[0], o[1] ... until IndexError. */
w_object *w_seq_iter_new(w_object *o);
w_object *w_dictview_new(w_object *dict, enum w_dict_iter_kind kind);

/* Normalises a sequence index (negative from the end); IndexError "<what> index out of
   range" when it falls outside. */
int w_seq_index(w_object *key, int64_t length, const char *what, int64_t *out);

/* More of the container API. */
int w_dict_contains_hashed(w_object *d, w_object *key, int64_t hash);
/* Like w_dict_next, also giving the stored hash of the key (any of the outputs may be NULL
   except key). */
bool w_dict_next_hash(w_object *d, int64_t *pos, w_object **key, w_object **value,
                      int64_t *hash);
void w_dict_clear(w_object *d);
w_object *w_dict_copy(w_object *d);
/* dict.update(other): a dict, an object with keys() and __getitem__, or an iterable of
   pairs. */
int w_dict_update(w_object *d, w_object *other);

/* 1 if present (and removed), 0 if absent, -1 on error. */
int w_set_discard(w_object *s, w_object *key);
/* Adds every item of an iterable (set.update with one argument). */
int w_set_update(w_object *s, w_object *iterable);
/* A set or frozenset of the items of an iterable. */
w_object *w_set_from_iterable(w_object *iterable, bool frozen);

/* CPython's _PyEval_SliceIndex: an int or an object with __index__ (None only when
   allow_none, leaving *out alone), clamped to the int64 range. */
int w_slice_index(w_object *o, bool allow_none, int64_t *out);
/* The optional start and stop arguments of index(x, start, stop), normalised against
   `length` (negative from the end, clamped at 0). */
int w_seq_index_bounds(w_object **args, size_t nargs, int64_t length, int64_t *start,
                       int64_t *stop);

/* Argument checks for builtin methods that take only positional arguments, with
   CPython's messages: `qualname` as in "list.clear() takes no arguments (1 given)",
   `name` as in "pop expected at most 1 argument, got 2". */
int w_meth_noargs(const char *qualname, size_t nargs, w_object *kwnames);
int w_meth_onearg(const char *qualname, size_t nargs, w_object *kwnames);
int w_meth_posargs(const char *name, const char *qualname, size_t nargs, w_object *kwnames,
                   size_t min, size_t max);

/*
 * The list's storage operations (list_strategy.c), used by list.c and list_sort.c.
 * Indices are already normalised; slices are (start, step, count) as w_slice_indices
 * gives them.
 */
int w_list_insert(w_object *list, int64_t i, w_object *item);
w_object *w_list_pop(w_object *list, int64_t i);
void w_list_clear(w_object *list);
w_object *w_list_slice(w_object *list, int64_t start, int64_t step, int64_t n);
int w_list_del_slice(w_object *list, int64_t start, int64_t step, int64_t n);
/* Replaces the n items of the slice by the items of the list `src` (for step != 1 it
   must hold exactly n items); `src` may be `list` itself. */
int w_list_assign_slice(w_object *list, int64_t start, int64_t step, int64_t n, w_object *src);
w_object *w_list_repeat_items(w_object *list, int64_t count);
void w_list_reverse(w_object *list);
/* First index in [start, stop) of an item equal to `item`; -1 if none, -2 on error. */
int64_t w_list_find(w_object *list, w_object *item, int64_t start, int64_t stop);
int64_t w_list_count(w_object *list, w_object *item); /* -1 on error */
/* Compares two int or two float lists without boxing: returns 1 with *result set, or 0
   when the generic comparison is needed. */
int w_list_compare_unboxed(w_object *a, w_object *b, int op, w_object **result);
/* Sorts an int or float list in place without boxing: 1 if done, 0 if the list needs the
   generic sort, -1 on error. */
int w_list_sort_unboxed(w_object *list, bool reverse);
/* sum(list, start) without boxing, for an int or float list and an exact int or float
   `start`, adding in the order and precision CPython's sum() does: 1 with *result set, 0
   when it does not apply (then sum the generic way; an int sum that overflows int64 does
   not apply either), -1 on error. */
int w_list_sum_unboxed(w_object *list, w_object *start, w_object **result);
/* Moves the items out into an objarray of boxes (n of them), leaving the list empty ... */
w_objarray *w_list_take_items(w_object *list, int64_t *n);
/* ... and back, in the narrowest strategy that holds them. */
int w_list_put_items(w_object *list, w_objarray *items, int64_t n);

/* Per-file start-up, called by w_containers_register_tids / w_containers_init. */
void w_tuple_register_tid(void);
void w_list_register_tid(void);
void w_dict_register_tid(void);
void w_set_register_tid(void);
void w_range_register_tid(void);
void w_slice_register_tid(void);
void w_iter_register_tids(void);
int w_tuple_init(void);
int w_list_init(void);
int w_dict_init(void);
int w_set_init(void);
int w_range_init(void);
int w_slice_init(void);
int w_iter_init(void);

/* A key's hash for dict.c and set.c: exact strs (the common key) without a call out,
   and so without allocating; anything else through the space. */
static inline int w_key_hash(w_object *key, int64_t *h)
{
    return W_TYPE(key) == w_str_type ? w_str_hash(key, h) : space_hash(key, h);
}

/* Raises KeyError with `key` as its single argument (even when the key is a tuple). */
void w_raise_key_error(w_object *key);

/*
 * Key equality that needs no call out (dict.c and set.c probe with it): 1 or 0 when
 * identity, two exact strs, two exact machine-size ints or two exact floats settle it,
 * -1 when the generic comparison must decide.
 */
static inline int w_key_eq_fast(w_object *a, w_object *b)
{
    if (a == b)
        return 1;
    w_type *t = W_TYPE(a);
    if (t != W_TYPE(b))
        return -1;
    if (t == w_str_type)
        return w_str_nbytes(a) == w_str_nbytes(b) &&
               memcmp(w_str_utf8(a), w_str_utf8(b), (size_t)w_str_nbytes(a)) == 0;
    if (t == w_int_type && a->gc.tid == W_TID_INT && b->gc.tid == W_TID_INT)
        return ((w_int *)a)->value == ((w_int *)b)->value;
    if (t == w_float_type)
        return ((w_float *)a)->value == ((w_float *)b)->value;
    return -1;
}

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_containers_register_tids(void);
int w_containers_init(void);

#endif

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
 * Capacity is the storage's length. Storing an item the strategy cannot hold switches the
 * whole list to the object strategy (boxing each item); clearing a list resets it to EMPTY.
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
/* Stores item i of a tuple that is being filled (applies the barrier). */
void w_tuple_set(w_object *t, int64_t i, w_object *v);

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

/* Normalises a sequence index (negative from the end); IndexError "<what> index out of
   range" when it falls outside. */
int w_seq_index(w_object *key, int64_t length, const char *what, int64_t *out);

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_containers_register_tids(void);
int w_containers_init(void);

#endif

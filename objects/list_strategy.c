/* list_strategy.c — the list's storage strategies: the only code that knows how a list stores its items. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

#define L(o) ((w_list *)(o))

/*
 * Every strategy stores 8-byte slots (int64_t, double, or w_object*), so moving items
 * around (insert, delete, slices, reverse) is the same byte copy whatever the strategy;
 * only reading and writing one item differs. After storing pointers into an objarray the
 * barrier is applied to the objarray, which may be old.
 */
#define SLOT 8

static inline char *sdata(w_object *storage)
{
    return storage->gc.tid == W_TID_OBJARRAY ? (char *)((w_objarray *)storage)->items
                                             : ((w_rawarray *)storage)->data;
}

static inline int64_t *ints(w_list *l)
{
    return (int64_t *)((w_rawarray *)l->storage)->data;
}

static inline double *floats(w_list *l)
{
    return (double *)((w_rawarray *)l->storage)->data;
}

static inline w_object **objs(w_list *l)
{
    return ((w_objarray *)l->storage)->items;
}

static int64_t capacity(w_list *l)
{
    if (!l->storage)
        return 0;
    if (l->strategy == W_LIST_OBJECT)
        return ((w_objarray *)l->storage)->length;
    return ((w_rawarray *)l->storage)->nbytes / SLOT;
}

/* The strategy that could hold `o` on its own. */
static int kind_of(w_object *o)
{
    if (W_TYPE(o) == w_int_type && o->gc.tid == W_TID_INT)
        return W_LIST_INT;
    if (W_TYPE(o) == w_float_type && !isnan(((w_float *)o)->value))
        return W_LIST_FLOAT;
    return W_LIST_OBJECT;
}

static w_object *new_storage(int strategy, int64_t cap)
{
    if (cap > INT64_MAX / 16)
        return w_raise(w_exc_MemoryError, NULL);
    if (strategy == W_LIST_OBJECT)
        return (w_object *)w_objarray_new(cap);
    return (w_object *)w_rawarray_new(cap * SLOT);
}

/* Item i boxed (allocates for the unboxed strategies). */
static w_object *box(w_list *l, int64_t i)
{
    switch (l->strategy) {
    case W_LIST_INT:
        return w_int_from_i64(ints(l)[i]);
    case W_LIST_FLOAT:
        return w_float_new(floats(l)[i]);
    default:
        return objs(l)[i];
    }
}

/* Stores `item` in slot i; the strategy must already accept it. */
static void store(w_list *l, int64_t i, w_object *item)
{
    switch (l->strategy) {
    case W_LIST_INT:
        ints(l)[i] = ((w_int *)item)->value;
        break;
    case W_LIST_FLOAT:
        floats(l)[i] = ((w_float *)item)->value;
        break;
    default:
        W_STORE((w_objarray *)l->storage, items[i], item);
    }
}

/* Switches to the object strategy, boxing every item. */
static int to_object(w_object *list)
{
    if (L(list)->strategy == W_LIST_OBJECT)
        return 0;
    if (L(list)->strategy == W_LIST_EMPTY || !L(list)->storage) {
        L(list)->strategy = W_LIST_OBJECT;
        L(list)->storage = NULL;
        return 0;
    }
    GC_ENTER();
    w_object *arr = NULL;
    GC_ROOT(list);
    GC_ROOT(arr);
    if (!(arr = new_storage(W_LIST_OBJECT, capacity(L(list)))))
        GC_RETURN(-1);
    for (int64_t i = 0; i < L(list)->size; i++) {
        w_object *v = box(L(list), i);
        if (!v)
            GC_RETURN(-1);
        W_STORE((w_objarray *)arr, items[i], v);
    }
    L(list)->strategy = W_LIST_OBJECT;
    W_STORE(L(list), storage, arr);
    GC_RETURN(0);
}

/* Makes the strategy able to hold `item` (the caller keeps `item` rooted). */
static int fit(w_object *list, w_object *item)
{
    w_list *l = L(list);
    int k = kind_of(item);
    if (l->strategy == (uint32_t)k || l->strategy == W_LIST_OBJECT)
        return 0;
    if (l->strategy == W_LIST_EMPTY) {
        l->strategy = (uint32_t)k;
        return 0;
    }
    return to_object(list);
}

/* Replaces the storage by one of capacity `cap` (>= size) holding the same items. */
static int realloc_storage(w_object *list, int64_t cap)
{
    GC_ENTER();
    GC_ROOT(list);
    w_object *st = new_storage((int)L(list)->strategy, cap);
    if (!st)
        GC_RETURN(-1);
    w_list *l = L(list);
    if (l->size)
        memcpy(sdata(st), sdata(l->storage), (size_t)l->size * SLOT);
    gc_write_barrier(st);
    W_STORE(l, storage, st);
    GC_RETURN(0);
}

/* Room for `need` items, over-allocating like CPython so appends are amortised O(1). */
static int reserve(w_object *list, int64_t need)
{
    w_list *l = L(list);
    if (need <= capacity(l))
        return 0;
    if (need > INT64_MAX / 16) {
        w_raise(w_exc_MemoryError, NULL);
        return -1;
    }
    int64_t cap = (need + (need >> 3) + 6) & ~(int64_t)3;
    if (need - l->size > cap - need)
        cap = (need + 3) & ~(int64_t)3;
    return realloc_storage(list, cap);
}

/* Gives memory back once a list has shrunk to a quarter of its capacity. */
static int maybe_shrink(w_object *list)
{
    w_list *l = L(list);
    int64_t cap = capacity(l);
    if (cap <= 16 || l->size >= cap / 4)
        return 0;
    return realloc_storage(list, l->size + (l->size >> 3) + 6);
}

/* ---- the change hook ---------------------------------------------------------------- */

static w_list_change_fn change_hook;

void w_list_set_change_hook(w_list_change_fn fn)
{
    change_hook = fn;
}

/* Reports a change of a list the C-API keeps a view of (containers.h). */
static inline void changed(w_object *list, int64_t start, int64_t removed, int64_t added)
{
    if (__builtin_expect(list->gc.flags & W_F_LIST_VIEW, 0) && (removed || added))
        change_hook(list, start, removed, added);
}

/* ---- creation and single items ------------------------------------------------------ */

w_object *w_list_new(int64_t size_hint)
{
    return w_alloc(w_list_type, W_TID_LIST, sizeof(w_list));
}

int w_list_strategy_of(w_object *list)
{
    return (int)L(list)->strategy;
}

int64_t w_list_size(w_object *list)
{
    return L(list)->size;
}

/* The strategy that can hold all of items[0..n). */
static int common_kind(w_object **items, int64_t n)
{
    if (n == 0)
        return W_LIST_EMPTY;
    int k = kind_of(items[0]);
    for (int64_t i = 1; i < n && k != W_LIST_OBJECT; i++)
        if (kind_of(items[i]) != k)
            k = W_LIST_OBJECT;
    return k;
}

/* Makes `list` hold exactly items[0..n), in the narrowest strategy. An objarray given as
   `arr` (with NULL past n) is adopted as the storage when the items need boxes anyway. */
static int set_contents(w_object *list, w_objarray *arr, w_object **items, int64_t n)
{
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(arr);
    if (items)
        GC_ROOT_ARRAY(items, (size_t)n);
    int k = common_kind(arr ? arr->items : items, n);
    if (k == W_LIST_OBJECT && arr) {
        L(list)->strategy = W_LIST_OBJECT;
        L(list)->size = n;
        W_STORE(L(list), storage, &arr->ob);
        GC_RETURN(0);
    }
    w_object *st = k == W_LIST_EMPTY ? NULL : new_storage(k, n);
    if (k != W_LIST_EMPTY && !st)
        GC_RETURN(-1);
    w_list *l = L(list);
    l->strategy = (uint32_t)k;
    l->size = 0;
    W_STORE(l, storage, st);
    for (int64_t i = 0; i < n; i++)
        store(l, i, arr ? arr->items[i] : items[i]);
    l->size = n;
    GC_RETURN(0);
}

w_object *w_list_from_array(w_object **items, int64_t n)
{
    GC_ENTER();
    GC_ROOT_ARRAY(items, (size_t)n);
    w_object *list = w_list_new(n);
    GC_ROOT(list);
    if (!list || set_contents(list, NULL, items, n) < 0)
        GC_RETURN(NULL);
    GC_RETURN(list);
}

w_object *w_list_get(w_object *list, int64_t i)
{
    FERRY_ASSERT(i >= 0 && i < L(list)->size);
    return box(L(list), i);
}

int w_list_set(w_object *list, int64_t i, w_object *item)
{
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(item);
    if (fit(list, item) < 0)
        GC_RETURN(-1);
    store(L(list), i, item);
    changed(list, i, 1, 1);
    GC_RETURN(0);
}

int w_list_append(w_object *list, w_object *item)
{
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(item);
    if (fit(list, item) < 0 || reserve(list, L(list)->size + 1) < 0)
        GC_RETURN(-1);
    w_list *l = L(list);
    store(l, l->size, item);
    l->size++;
    changed(list, l->size - 1, 0, 1);
    GC_RETURN(0);
}

int w_list_insert(w_object *list, int64_t i, w_object *item)
{
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(item);
    if (fit(list, item) < 0 || reserve(list, L(list)->size + 1) < 0)
        GC_RETURN(-1);
    w_list *l = L(list);
    char *d = sdata(l->storage);
    memmove(d + (i + 1) * SLOT, d + i * SLOT, (size_t)(l->size - i) * SLOT);
    if (l->strategy == W_LIST_OBJECT)
        objs(l)[i] = NULL;
    l->size++;
    store(l, i, item);
    changed(list, i, 0, 1);
    GC_RETURN(0);
}

w_object *w_list_pop(w_object *list, int64_t i)
{
    GC_ENTER();
    GC_ROOT(list);
    w_object *v = box(L(list), i);
    GC_ROOT(v);
    if (!v)
        GC_RETURN(NULL);
    w_list *l = L(list);
    char *d = sdata(l->storage);
    memmove(d + i * SLOT, d + (i + 1) * SLOT, (size_t)(l->size - i - 1) * SLOT);
    l->size--;
    if (l->strategy == W_LIST_OBJECT)
        objs(l)[l->size] = NULL;
    changed(list, i, 1, 0);
    if (maybe_shrink(list) < 0)
        GC_RETURN(NULL);
    GC_RETURN(v);
}

void w_list_clear(w_object *list)
{
    w_list *l = L(list);
    int64_t n = l->size;
    l->strategy = W_LIST_EMPTY;
    l->size = 0;
    l->storage = NULL;
    changed(list, 0, n, 0);
}

/* ---- slices -------------------------------------------------------------------------- */

w_object *w_list_slice(w_object *list, int64_t start, int64_t step, int64_t n)
{
    GC_ENTER();
    w_object *r = NULL, *st = NULL;
    GC_ROOT(list);
    GC_ROOT(r);
    GC_ROOT(st);
    if (!(r = w_list_new(n)))
        GC_RETURN(NULL);
    if (n == 0)
        GC_RETURN(r);
    int strategy = (int)L(list)->strategy;
    if (!(st = new_storage(strategy, n)))
        GC_RETURN(NULL);
    const char *src = sdata(L(list)->storage);
    char *dst = sdata(st);
    if (step == 1) {
        memcpy(dst, src + start * SLOT, (size_t)n * SLOT);
    } else {
        for (int64_t k = 0; k < n; k++)
            memcpy(dst + k * SLOT, src + (start + k * step) * SLOT, SLOT);
    }
    gc_write_barrier(st);
    L(r)->strategy = (uint32_t)strategy;
    L(r)->size = n;
    W_STORE(L(r), storage, st);
    GC_RETURN(r);
}

int w_list_del_slice(w_object *list, int64_t start, int64_t step, int64_t n)
{
    if (n <= 0)
        return 0;
    if (step < 0) {
        start += (n - 1) * step;
        step = -step;
    }
    w_list *l = L(list);
    char *d = sdata(l->storage);
    int64_t dst = start;
    for (int64_t k = 0; k < n; k++) {
        /* The run of kept items between deleted item k and the next one (or the end). */
        int64_t from = start + k * step + 1;
        int64_t to = k + 1 < n ? start + (k + 1) * step : l->size;
        memmove(d + dst * SLOT, d + from * SLOT, (size_t)(to - from) * SLOT);
        dst += to - from;
    }
    if (l->strategy == W_LIST_OBJECT)
        memset(d + dst * SLOT, 0, (size_t)(l->size - dst) * SLOT);
    int64_t size = l->size;
    l->size = dst;
    if (step == 1)
        changed(list, start, n, 0);
    else
        changed(list, 0, size, dst);
    return maybe_shrink(list);
}

/* `src` boxed into a new object-strategy list. */
static w_object *boxed_copy(w_object *src)
{
    GC_ENTER();
    w_object *c = w_list_slice(src, 0, 1, L(src)->size);
    GC_ROOT(c);
    if (!c || to_object(c) < 0)
        GC_RETURN(NULL);
    GC_RETURN(c);
}

int w_list_assign_slice(w_object *list, int64_t start, int64_t step, int64_t n, w_object *src)
{
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(src);
    if (src == list && !(src = w_list_slice(list, 0, 1, L(list)->size)))
        GC_RETURN(-1);
    int64_t m = L(src)->size;
    if (m > 0 && L(list)->strategy != L(src)->strategy) {
        if (step == 1 && n == L(list)->size) {
            /* Every item is replaced: take the source's strategy. */
            w_list_clear(list);
            n = start = 0;
        }
        if (L(list)->strategy == W_LIST_EMPTY) {
            L(list)->strategy = L(src)->strategy;
        } else {
            if (to_object(list) < 0)
                GC_RETURN(-1);
            if (L(src)->strategy != W_LIST_OBJECT && !(src = boxed_copy(src)))
                GC_RETURN(-1);
        }
    }
    if (step != 1) {
        FERRY_ASSERT(m == n);
        if (n == 0)
            GC_RETURN(0);
        char *d = sdata(L(list)->storage);
        const char *s = sdata(L(src)->storage);
        for (int64_t k = 0; k < n; k++)
            memcpy(d + (start + k * step) * SLOT, s + k * SLOT, SLOT);
        gc_write_barrier(L(list)->storage);
        changed(list, 0, L(list)->size, L(list)->size);
        GC_RETURN(0);
    }
    int64_t size = L(list)->size, newsize = size - n + m;
    if (reserve(list, newsize) < 0)
        GC_RETURN(-1);
    w_list *l = L(list);
    if (!l->storage)
        GC_RETURN(0);
    char *d = sdata(l->storage);
    memmove(d + (start + m) * SLOT, d + (start + n) * SLOT, (size_t)(size - start - n) * SLOT);
    if (m)
        memcpy(d + start * SLOT, sdata(L(src)->storage), (size_t)m * SLOT);
    if (l->strategy == W_LIST_OBJECT && newsize < size)
        memset(d + newsize * SLOT, 0, (size_t)(size - newsize) * SLOT);
    gc_write_barrier(l->storage);
    l->size = newsize;
    changed(list, start, n, m);
    GC_RETURN(maybe_shrink(list));
}

w_object *w_list_repeat_items(w_object *list, int64_t count)
{
    int64_t n = L(list)->size;
    if (count < 0)
        count = 0;
    if (n && count > INT64_MAX / 16 / n)
        return w_raise(w_exc_MemoryError, NULL);
    GC_ENTER();
    w_object *r = NULL, *st = NULL;
    GC_ROOT(list);
    GC_ROOT(r);
    GC_ROOT(st);
    if (!(r = w_list_new(n * count)))
        GC_RETURN(NULL);
    if (n * count == 0)
        GC_RETURN(r);
    int strategy = (int)L(list)->strategy;
    if (!(st = new_storage(strategy, n * count)))
        GC_RETURN(NULL);
    const char *src = sdata(L(list)->storage);
    char *dst = sdata(st);
    for (int64_t c = 0; c < count; c++)
        memcpy(dst + c * n * SLOT, src, (size_t)n * SLOT);
    gc_write_barrier(st);
    L(r)->strategy = (uint32_t)strategy;
    L(r)->size = n * count;
    W_STORE(L(r), storage, st);
    GC_RETURN(r);
}

/* Reverses the slots, unreported (sort's own use). */
static void reverse_slots(w_list *l)
{
    if (l->size < 2)
        return;
    char *d = sdata(l->storage);
    char tmp[SLOT];
    for (int64_t i = 0, j = l->size - 1; i < j; i++, j--) {
        memcpy(tmp, d + i * SLOT, SLOT);
        memcpy(d + i * SLOT, d + j * SLOT, SLOT);
        memcpy(d + j * SLOT, tmp, SLOT);
    }
}

void w_list_reverse(w_object *list)
{
    reverse_slots(L(list));
    changed(list, 0, L(list)->size, L(list)->size);
}

/* ---- searching ----------------------------------------------------------------------- */

/* Exact types whose instances never compare equal to an int or a float. */
static bool never_numeric(w_object *o)
{
    w_type *t = W_TYPE(o);
    return o == w_None || t == w_str_type || t == w_bytes_type || t == w_tuple_type ||
           t == w_list_type || t == w_dict_type;
}

/*
 * Without boxing: 1 when `item` is equal to slot i, 0 when not, for every i; -1 when the
 * answer needs the generic comparison. (Bool items take the generic path: True == 1.)
 */
static int unboxed_eq_kind(w_list *l, w_object *item)
{
    if (l->strategy == W_LIST_OBJECT || l->strategy == W_LIST_EMPTY)
        return -1;
    if (never_numeric(item))
        return 0;
    int k = kind_of(item);
    if ((uint32_t)k == l->strategy)
        return 1;
    if (l->strategy == W_LIST_INT && W_TYPE(item) == w_int_type)
        return 0; /* an int beyond int64 */
    if (W_TYPE(item) == w_float_type && isnan(((w_float *)item)->value))
        return 0;
    return -1;
}

static bool unboxed_equal(w_list *l, int64_t i, w_object *item)
{
    if (l->strategy == W_LIST_INT)
        return ints(l)[i] == ((w_int *)item)->value;
    return floats(l)[i] == ((w_float *)item)->value;
}

/* Scans [start, stop) for items equal to `item`: stops at the first when `first`.
   Returns the index found (or the count), -1 if none found with `first`, -2 on error. */
static int64_t scan(w_object *list, w_object *item, int64_t start, int64_t stop, bool first)
{
    int64_t count = 0;
    int how = unboxed_eq_kind(L(list), item);
    if (how >= 0) {
        for (int64_t i = start; how && i < stop && i < L(list)->size; i++) {
            if (unboxed_equal(L(list), i, item)) {
                if (first)
                    return i;
                count++;
            }
        }
        return first ? -1 : count;
    }
    GC_ENTER();
    GC_ROOT(list);
    GC_ROOT(item);
    for (int64_t i = start; i < stop && i < L(list)->size; i++) {
        w_object *v = box(L(list), i);
        if (!v)
            GC_RETURN(-2);
        int r = space_eq(v, item);
        if (r < 0)
            GC_RETURN(-2);
        if (r) {
            if (first)
                GC_RETURN(i);
            count++;
        }
    }
    GC_RETURN(first ? -1 : count);
}

int64_t w_list_find(w_object *list, w_object *item, int64_t start, int64_t stop)
{
    return scan(list, item, start, stop, true);
}

int64_t w_list_count(w_object *list, w_object *item)
{
    int64_t r = scan(list, item, 0, INT64_MAX, false);
    return r == -2 ? -1 : r;
}

/* ---- whole-list operations without boxing --------------------------------------------- */

int w_list_compare_unboxed(w_object *a, w_object *b, int op, w_object **result)
{
    w_list *la = L(a), *lb = L(b);
    if (la->strategy != lb->strategy ||
        (la->strategy != W_LIST_INT && la->strategy != W_LIST_FLOAT))
        return 0;
    int64_t na = la->size, nb = lb->size, i = 0;
    if (na != nb && (op == W_EQ || op == W_NE)) {
        *result = W_BOOL(op == W_NE);
        return 1;
    }
    bool isint = la->strategy == W_LIST_INT;
    for (; i < na && i < nb; i++)
        if (isint ? ints(la)[i] != ints(lb)[i] : floats(la)[i] != floats(lb)[i])
            break;
    int c; /* -1, 0, 1: the first differing pair, or the lengths */
    if (i >= na || i >= nb)
        c = na < nb ? -1 : na > nb;
    else if (isint)
        c = ints(la)[i] < ints(lb)[i] ? -1 : 1;
    else
        c = floats(la)[i] < floats(lb)[i] ? -1 : 1;
    static const bool table[6][3] = {
        [W_LT] = {1, 0, 0}, [W_LE] = {1, 1, 0}, [W_EQ] = {0, 1, 0},
        [W_NE] = {1, 0, 1}, [W_GT] = {0, 0, 1}, [W_GE] = {0, 1, 1},
    };
    *result = W_BOOL(table[op][c + 1]);
    return 1;
}

int w_list_sum_unboxed(w_object *list, w_object *start, w_object **result)
{
    w_list *l = L(list);
    if (l->strategy != W_LIST_INT && l->strategy != W_LIST_FLOAT)
        return 0;
    bool int_start = W_TYPE(start) == w_int_type && start->gc.tid == W_TID_INT;
    if (int_start && l->strategy == W_LIST_INT) {
        int64_t acc = ((w_int *)start)->value;
        for (int64_t i = 0; i < l->size; i++)
            if (__builtin_add_overflow(acc, ints(l)[i], &acc))
                return 0;
        *result = w_int_from_i64(acc);
        return *result ? 1 : -1;
    }
    double acc;
    if (W_TYPE(start) == w_float_type)
        acc = ((w_float *)start)->value;
    else if (int_start && l->size > 0)
        acc = (double)((w_int *)start)->value + floats(l)[0]; /* what int + float gives */
    else
        return 0;
    int64_t i = W_TYPE(start) == w_float_type ? 0 : 1;
    for (; i < l->size; i++)
        acc += l->strategy == W_LIST_INT ? (double)ints(l)[i] : floats(l)[i];
    *result = w_float_new(acc);
    return *result ? 1 : -1;
}

/* A stable merge sort of 8-byte values by `<` (ints or floats), through a malloc'd buffer:
   nothing here allocates in the collector, so the storage cannot move meanwhile. */
#define DEFINE_MERGESORT(name, T)                                                         \
    static void name(T *a, T *tmp, int64_t n)                                             \
    {                                                                                     \
        if (n < 2)                                                                        \
            return;                                                                       \
        int64_t h = n / 2;                                                                \
        name(a, tmp, h);                                                                  \
        name(a + h, tmp, n - h);                                                          \
        if (!(a[h] < a[h - 1]))                                                           \
            return;                                                                       \
        memcpy(tmp, a, (size_t)h * sizeof(T));                                            \
        int64_t i = 0, j = h, k = 0;                                                      \
        while (i < h && j < n)                                                            \
            a[k++] = a[j] < tmp[i] ? a[j++] : tmp[i++];                                   \
        while (i < h)                                                                     \
            a[k++] = tmp[i++];                                                            \
    }

DEFINE_MERGESORT(sort_int64, int64_t)
DEFINE_MERGESORT(sort_double, double)

int w_list_sort_unboxed(w_object *list, bool reverse)
{
    w_list *l = L(list);
    if (l->strategy != W_LIST_INT && l->strategy != W_LIST_FLOAT)
        return 0;
    if (l->size < 2)
        return 1;
    void *tmp = malloc((size_t)(l->size / 2 + 1) * SLOT);
    if (!tmp) {
        w_raise(w_exc_MemoryError, NULL);
        return -1;
    }
    /* reverse=True keeps equal items in their original order, as CPython does:
       reverse, sort, reverse. */
    if (reverse)
        reverse_slots(l);
    if (l->strategy == W_LIST_INT)
        sort_int64(ints(l), tmp, l->size);
    else
        sort_double(floats(l), tmp, l->size);
    if (reverse)
        reverse_slots(l);
    free(tmp);
    changed(list, 0, l->size, l->size);
    return 1;
}

w_objarray *w_list_take_items(w_object *list, int64_t *n)
{
    GC_ENTER();
    GC_ROOT(list);
    w_list *l = L(list);
    *n = l->size;
    w_object *arr = NULL;
    if (l->strategy == W_LIST_OBJECT && l->storage) {
        arr = l->storage;
    } else {
        GC_ROOT(arr);
        if (!(arr = new_storage(W_LIST_OBJECT, *n)))
            GC_RETURN(NULL);
        for (int64_t i = 0; i < *n; i++) {
            w_object *v = box(L(list), i);
            if (!v)
                GC_RETURN(NULL);
            W_STORE((w_objarray *)arr, items[i], v);
        }
    }
    w_list_clear(list);
    GC_RETURN((w_objarray *)arr);
}

int w_list_put_items(w_object *list, w_objarray *items, int64_t n)
{
    int64_t size = L(list)->size;
    GC_ENTER();
    GC_ROOT(list);
    if (set_contents(list, items, NULL, n) < 0)
        GC_RETURN(-1);
    changed(list, 0, size, n);
    GC_RETURN(0);
}

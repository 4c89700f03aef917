/* list_sort.c — list.sort: a stable merge sort over boxed items, with key= and reverse=. */
#include <string.h>

#include "objects/objects.h"

/*
 * The generic path. The items (and the keys, when key= is given) are taken out of the
 * list into objarrays, so that code run by a comparison sees an empty list, as in
 * CPython, and cannot disturb the sort. A comparison may collect, so the arrays are only
 * reached through rooted pointers and indices, never through a cached items pointer.
 *
 * Every comparison is `later < earlier`, as CPython's sort makes them, so the error for
 * an unorderable pair names the types in the same order. A list shorter than 64 items is
 * sorted exactly as CPython's timsort does at that size (the leading run, then binary
 * insertion), so the comparisons made, and the list left behind when one fails, are the
 * same; longer lists are merge sorted, with the same result when no comparison fails.
 */

typedef int (*lt_fn)(w_object *a, w_object *b); /* 1, 0, -1 */

static int lt_generic(w_object *a, w_object *b)
{
    return space_compare_bool(a, b, W_LT);
}

/* Comparisons for keys all of one exact type: they never allocate. */
static int lt_str(w_object *a, w_object *b)
{
    /* UTF-8 byte order is code point order. */
    int64_t na = w_str_nbytes(a), nb = w_str_nbytes(b);
    int c = memcmp(w_str_utf8(a), w_str_utf8(b), (size_t)(na < nb ? na : nb));
    return c < 0 || (c == 0 && na < nb);
}

static int lt_int(w_object *a, w_object *b)
{
    return ((w_int *)a)->value < ((w_int *)b)->value;
}

static int lt_float(w_object *a, w_object *b)
{
    return ((w_float *)a)->value < ((w_float *)b)->value;
}

static lt_fn choose_lt(w_objarray *keys, int64_t n)
{
    if (n == 0)
        return lt_generic;
    w_type *t = W_TYPE(keys->items[0]);
    for (int64_t i = 0; i < n; i++) {
        w_object *k = keys->items[i];
        if (W_TYPE(k) != t || (t == w_int_type && k->gc.tid != W_TID_INT))
            return lt_generic;
    }
    if (t == w_str_type)
        return lt_str;
    if (t == w_int_type)
        return lt_int;
    if (t == w_float_type)
        return lt_float;
    return lt_generic;
}

/* The sort's state: keys[] are compared, vals[] (NULL without key=) move along with
   them; tk/tv are scratch space for merging. All rooted by w_list_sort. */
struct sorter {
    w_objarray *keys, *vals, *tk, *tv;
    lt_fn lt;
};

static void move(struct sorter *s, w_objarray *dk, w_objarray *dv, int64_t di, w_objarray *sk,
                 w_objarray *sv, int64_t si)
{
    W_STORE(dk, items[di], sk->items[si]);
    if (dv)
        W_STORE(dv, items[di], sv->items[si]);
}

/* Insertion sort of [lo, hi): find the place by comparing, then shift. */
static int insertion_sort(struct sorter *s, int64_t lo, int64_t hi)
{
    GC_ENTER();
    w_object *pk = NULL, *pv = NULL;
    GC_ROOT(pk);
    GC_ROOT(pv);
    for (int64_t i = lo + 1; i < hi; i++) {
        pk = s->keys->items[i];
        pv = s->vals ? s->vals->items[i] : NULL;
        int64_t j = i;
        while (j > lo) {
            int r = s->lt(pk, s->keys->items[j - 1]);
            if (r < 0)
                GC_RETURN(-1);
            if (!r)
                break;
            j--;
        }
        if (j == i)
            continue;
        memmove(&s->keys->items[j + 1], &s->keys->items[j], (size_t)(i - j) * sizeof(w_object *));
        W_STORE(s->keys, items[j], pk);
        if (s->vals) {
            memmove(&s->vals->items[j + 1], &s->vals->items[j],
                    (size_t)(i - j) * sizeof(w_object *));
            W_STORE(s->vals, items[j], pv);
        }
    }
    GC_RETURN(0);
}

/* Merges the sorted runs [lo, mid) and [mid, hi). On an error the items not yet merged
   are put back, so that none is lost. */
static int merge(struct sorter *s, int64_t lo, int64_t mid, int64_t hi)
{
    int64_t h = mid - lo;
    for (int64_t i = 0; i < h; i++)
        move(s, s->tk, s->tv, i, s->keys, s->vals, lo + i);
    int64_t i = 0, j = mid, k = lo;
    int r = 0;
    while (i < h && j < hi) {
        r = s->lt(s->keys->items[j], s->tk->items[i]);
        if (r < 0)
            break;
        if (r)
            move(s, s->keys, s->vals, k++, s->keys, s->vals, j++);
        else
            move(s, s->keys, s->vals, k++, s->tk, s->tv, i++);
    }
    while (i < h)
        move(s, s->keys, s->vals, k++, s->tk, s->tv, i++);
    return r < 0 ? -1 : 0;
}

static int merge_sort(struct sorter *s, int64_t lo, int64_t hi)
{
    if (hi - lo <= 8)
        return insertion_sort(s, lo, hi);
    int64_t mid = lo + (hi - lo) / 2;
    if (merge_sort(s, lo, mid) < 0 || merge_sort(s, mid, hi) < 0)
        return -1;
    int r = s->lt(s->keys->items[mid], s->keys->items[mid - 1]);
    if (r <= 0)
        return r; /* already in order */
    return merge(s, lo, mid, hi);
}

static void reverse_range(w_objarray *a, int64_t lo, int64_t hi)
{
    if (!a)
        return;
    for (int64_t i = lo, j = hi - 1; i < j; i++, j--) {
        w_object *t = a->items[i];
        a->items[i] = a->items[j];
        a->items[j] = t;
    }
}

static void reverse_array(w_objarray *a, int64_t n)
{
    reverse_range(a, 0, n);
}

/* The length of the run at the start: ascending, or strictly descending (then reversed
   in place, which keeps the sort stable). -1 on error. */
static int64_t leading_run(struct sorter *s, int64_t n)
{
    if (n < 2)
        return n;
    int r = s->lt(s->keys->items[1], s->keys->items[0]);
    if (r < 0)
        return -1;
    bool descending = r;
    int64_t i = 2;
    for (; i < n; i++) {
        r = s->lt(s->keys->items[i], s->keys->items[i - 1]);
        if (r < 0)
            return -1;
        if (r != descending)
            break;
    }
    if (descending) {
        reverse_range(s->keys, 0, i);
        reverse_range(s->vals, 0, i);
    }
    return i;
}

/* Inserts items [start, n) one by one into the sorted [0, start), each at the place a
   binary search finds (after its equals). */
static int binary_insertion(struct sorter *s, int64_t start, int64_t n)
{
    GC_ENTER();
    w_object *pk = NULL, *pv = NULL;
    GC_ROOT(pk);
    GC_ROOT(pv);
    for (; start < n; start++) {
        pk = s->keys->items[start];
        pv = s->vals ? s->vals->items[start] : NULL;
        int64_t l = 0, r = start;
        do {
            int64_t p = l + ((r - l) >> 1);
            int c = s->lt(pk, s->keys->items[p]);
            if (c < 0)
                GC_RETURN(-1);
            if (c)
                r = p;
            else
                l = p + 1;
        } while (l < r);
        memmove(&s->keys->items[l + 1], &s->keys->items[l],
                (size_t)(start - l) * sizeof(w_object *));
        W_STORE(s->keys, items[l], pk);
        if (s->vals) {
            memmove(&s->vals->items[l + 1], &s->vals->items[l],
                    (size_t)(start - l) * sizeof(w_object *));
            W_STORE(s->vals, items[l], pv);
        }
    }
    GC_RETURN(0);
}

static int sort_small(struct sorter *s, int64_t n)
{
    int64_t run = leading_run(s, n);
    if (run < 0)
        return -1;
    return binary_insertion(s, run, n);
}

int w_list_sort(w_object *list, w_object *key, bool reverse)
{
    if (!key) {
        int r = w_list_sort_unboxed(list, reverse);
        if (r)
            return r < 0 ? -1 : 0;
    }
    int64_t n;
    struct sorter s = {NULL, NULL, NULL, NULL, lt_generic};
    GC_ENTER();
    w_objarray *items = NULL;
    GC_ROOT(list);
    GC_ROOT(key);
    GC_ROOT(items);
    GC_ROOT(s.keys);
    GC_ROOT(s.vals);
    GC_ROOT(s.tk);
    GC_ROOT(s.tv);
    if (!(items = w_list_take_items(list, &n)))
        GC_RETURN(-1);
    int r = 0;
    if (key) {
        if (!(s.keys = w_objarray_new(n)))
            r = -1;
        for (int64_t i = 0; r == 0 && i < n; i++) {
            w_object *arg[1] = {items->items[i]};
            w_object *k = space_call(key, arg, 1, NULL);
            if (!k)
                r = -1;
            else
                W_STORE(s.keys, items[i], k);
        }
        s.vals = items;
    } else {
        s.keys = items;
    }
    if (r == 0 && n >= 64) {
        if (!(s.tk = w_objarray_new(n / 2 + 1)) || (key && !(s.tv = w_objarray_new(n / 2 + 1))))
            r = -1;
    }
    if (r == 0) {
        s.lt = choose_lt(s.keys, n);
        if (reverse) {
            reverse_array(s.keys, n);
            reverse_array(s.vals, n);
        }
        r = n < 64 ? sort_small(&s, n) : merge_sort(&s, 0, n);
        if (reverse) {
            reverse_array(s.keys, n);
            reverse_array(s.vals, n);
        }
    }
    bool modified = w_list_size(list) != 0 || w_list_strategy_of(list) != W_LIST_EMPTY;
    if (w_list_put_items(list, items, n) < 0)
        GC_RETURN(-1);
    if (r == 0 && modified) {
        w_raise_fmt(w_exc_ValueError, "list modified during sort");
        r = -1;
    }
    GC_RETURN(r);
}

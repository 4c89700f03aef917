/* list.c — the list type as Python sees it: slots, methods, construction (storage: list_strategy.c). */
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

#define L(o) ((w_list *)(o))

static w_object *list_alloc(w_type *type)
{
    return w_alloc(type, W_TID_LIST, sizeof(w_list));
}

/* A tuple's items, copied out of the tuple first: a root array must not point into an
   object that can move. */
static w_object *list_from_tuple(w_object *t)
{
    int64_t n = W_TUPLE_SIZE(t);
    w_object **items = malloc((size_t)(n ? n : 1) * sizeof *items);
    if (!items)
        return w_raise(w_exc_MemoryError, NULL);
    memcpy(items, W_TUPLE_ITEMS(t), (size_t)n * sizeof *items);
    w_object *l = w_list_from_array(items, n);
    free(items);
    return l;
}

/* Appends every item of `iterable` to `list`. */
static int list_extend(w_object *list, w_object *iterable)
{
    if (W_LIST_CHECK(iterable))
        return w_list_assign_slice(list, L(list)->size, 1, 0, iterable);
    GC_ENTER();
    w_object *it = NULL, *x = NULL;
    GC_ROOT(list);
    GC_ROOT(it);
    GC_ROOT(x);
    if (W_TUPLE_CHECK(iterable)) {
        x = list_from_tuple(iterable);
        GC_RETURN(x ? w_list_assign_slice(list, L(list)->size, 1, 0, x) : -1);
    }
    if (!(it = space_iter(iterable)))
        GC_RETURN(-1);
    while ((x = space_next(it)))
        if (w_list_append(list, x) < 0)
            GC_RETURN(-1);
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

w_object *w_list_from_iterable(w_object *iterable)
{
    if (W_LIST_CHECK(iterable))
        return w_list_slice(iterable, 0, 1, L(iterable)->size);
    if (W_TUPLE_CHECK(iterable))
        return list_from_tuple(iterable);
    GC_ENTER();
    w_object *l = NULL;
    GC_ROOT(iterable);
    GC_ROOT(l);
    if (!(l = w_list_new(0)) || list_extend(l, iterable) < 0)
        GC_RETURN(NULL);
    GC_RETURN(l);
}

static w_object *list_construct(w_object *callable, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    if (w_meth_posargs("list", "list", nargs, kwnames, 0, 1) < 0)
        return NULL;
    GC_ENTER();
    w_object *l = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(l);
    if (!(l = list_alloc((w_type *)callable)))
        GC_RETURN(NULL);
    if (nargs && list_extend(l, args[0]) < 0)
        GC_RETURN(NULL);
    GC_RETURN(l);
}

/* ---- slots --------------------------------------------------------------------------- */

static w_object *list_repr(w_object *self)
{
    if (L(self)->size == 0)
        return w_str_from_cstr("[]");
    int r = space_repr_enter(self);
    if (r != 0)
        return r < 0 ? NULL : w_str_from_cstr("[...]");
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(self);
    GC_ROOT(s);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "[");
    /* An item's repr may change the list: re-check the size every time. */
    for (int64_t i = 0; i < L(self)->size; i++) {
        if (!(s = w_list_get(self, i)) || !(s = space_repr(s))) {
            w_strbuf_free(&b);
            space_repr_leave(self);
            GC_RETURN(NULL);
        }
        if (i)
            w_strbuf_addc(&b, ", ");
        w_strbuf_add_str(&b, s);
    }
    w_strbuf_addc(&b, "]");
    space_repr_leave(self);
    GC_RETURN(w_strbuf_finish(&b));
}

static bool cmp_sizes(int64_t a, int64_t b, int op)
{
    switch (op) {
    case W_LT: return a < b;
    case W_LE: return a <= b;
    case W_EQ: return a == b;
    case W_NE: return a != b;
    case W_GT: return a > b;
    default: return a >= b;
    }
}

/* CPython's order: lengths first for == and !=, then the first unequal pair decides. */
static w_object *list_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_LIST_CHECK(a) || !W_LIST_CHECK(b))
        return w_NotImplemented;
    w_object *res;
    if (w_list_compare_unboxed(a, b, op, &res))
        return res;
    if (L(a)->size != L(b)->size && (op == W_EQ || op == W_NE))
        return W_BOOL(op == W_NE);
    GC_ENTER();
    w_object *x = NULL, *y = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(x);
    GC_ROOT(y);
    int64_t i = 0;
    for (; i < L(a)->size && i < L(b)->size; i++) {
        if (!(x = w_list_get(a, i)) || !(y = w_list_get(b, i)))
            GC_RETURN(NULL);
        if (x == y)
            continue;
        int k = space_eq(x, y);
        if (k < 0)
            GC_RETURN(NULL);
        if (!k)
            break;
    }
    if (i >= L(a)->size || i >= L(b)->size)
        GC_RETURN(W_BOOL(cmp_sizes(L(a)->size, L(b)->size, op)));
    if (op == W_EQ)
        GC_RETURN(w_False);
    if (op == W_NE)
        GC_RETURN(w_True);
    GC_RETURN(space_richcompare(x, y, op));
}

static int64_t list_len(w_object *self)
{
    return L(self)->size;
}

static bool is_index(w_object *key)
{
    return W_INT_CHECK(key) || (W_TYPE(key)->number && W_TYPE(key)->number->index);
}

static w_object *list_getitem(w_object *self, w_object *key)
{
    int64_t i;
    if (is_index(key)) {
        GC_ENTER();
        GC_ROOT(self);
        /* __index__ may have changed the list: the index is checked against the size after. */
        if (w_seq_index(key, L(self)->size, "list", &i) < 0)
            GC_RETURN(NULL);
        if (i >= L(self)->size)
            GC_RETURN(w_raise_fmt(w_exc_IndexError, "list index out of range"));
        GC_RETURN(w_list_get(self, i));
    }
    if (W_SLICE_CHECK(key)) {
        int64_t start, stop, step, n;
        GC_ENTER();
        GC_ROOT(self);
        if (w_slice_indices(key, L(self)->size, &start, &stop, &step, &n) < 0)
            GC_RETURN(NULL);
        GC_RETURN(w_list_slice(self, start, step, n));
    }
    return w_raise_fmt(w_exc_TypeError, "list indices must be integers or slices, not %s",
                       W_TYPE(key)->name);
}

/* The items of `value` as a list for a slice assignment (`msg` if it is not iterable). */
static w_object *assigned_items(w_object *value, const char *msg)
{
    if (W_LIST_CHECK(value))
        return value;
    if (!W_TYPE(value)->iter && !W_TYPE(value)->getitem)
        return w_raise_fmt(w_exc_TypeError, "%s", msg);
    return w_list_from_iterable(value);
}

static int list_setslice(w_object *self, w_object *slice, w_object *value)
{
    int64_t start, stop, step, n;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(slice);
    GC_ROOT(value);
    if (w_slice_indices(slice, L(self)->size, &start, &stop, &step, &n) < 0)
        GC_RETURN(-1);
    if (!value)
        GC_RETURN(w_list_del_slice(self, start, step, n));
    if (step == 1) {
        if (!(value = assigned_items(value, "can only assign an iterable")))
            GC_RETURN(-1);
        GC_RETURN(w_list_assign_slice(self, start, 1, n, value));
    }
    if (!(value = assigned_items(value, "must assign iterable to extended slice")))
        GC_RETURN(-1);
    /* Resolve the slice again: building the items may have run code that changed the list. */
    if (w_slice_indices(slice, L(self)->size, &start, &stop, &step, &n) < 0)
        GC_RETURN(-1);
    if (L(value)->size != n) {
        w_raise_fmt(w_exc_ValueError,
                    "attempt to assign sequence of size %ld to extended slice of size %ld",
                    (long)L(value)->size, (long)n);
        GC_RETURN(-1);
    }
    GC_RETURN(w_list_assign_slice(self, start, step, n, value));
}

static int list_setitem(w_object *self, w_object *key, w_object *value)
{
    int64_t i;
    if (is_index(key)) {
        GC_ENTER();
        GC_ROOT(self);
        GC_ROOT(value);
        if (w_seq_index(key, L(self)->size, "list assignment", &i) < 0)
            GC_RETURN(-1);
        if (i >= L(self)->size) {
            w_raise_fmt(w_exc_IndexError, "list assignment index out of range");
            GC_RETURN(-1);
        }
        GC_RETURN(value ? w_list_set(self, i, value) : w_list_del_slice(self, i, 1, 1));
    }
    if (W_SLICE_CHECK(key))
        return list_setslice(self, key, value);
    w_raise_fmt(w_exc_TypeError, "list indices must be integers or slices, not %s",
                W_TYPE(key)->name);
    return -1;
}

static int list_contains(w_object *self, w_object *item)
{
    int64_t r = w_list_find(self, item, 0, INT64_MAX);
    return r == -2 ? -1 : r >= 0;
}

static w_object *list_concat(w_object *a, w_object *b)
{
    if (!W_LIST_CHECK(b))
        return w_raise_fmt(w_exc_TypeError, "can only concatenate list (not \"%s\") to list",
                           W_TYPE(b)->name);
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(b);
    GC_ROOT(r);
    if (!(r = w_list_slice(a, 0, 1, L(a)->size)) ||
        w_list_assign_slice(r, L(r)->size, 1, 0, b) < 0)
        GC_RETURN(NULL);
    GC_RETURN(r);
}

static w_object *list_repeat(w_object *self, int64_t count)
{
    return w_list_repeat_items(self, count);
}

static w_object *list_iter(w_object *self)
{
    return w_list_iter_new(self, false);
}

/* ---- methods ------------------------------------------------------------------------- */

static w_object *list_append_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("list.append", nargs, kwnames) < 0 || w_list_append(self, args[0]) < 0)
        return NULL;
    return w_None;
}

static w_object *list_extend_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("list.extend", nargs, kwnames) < 0 || list_extend(self, args[0]) < 0)
        return NULL;
    return w_None;
}

/* An index argument of pop() and insert(): __index__, then a machine-size value. */
static int index_arg(w_object *o, int64_t *out)
{
    GC_ENTER();
    w_object *i = space_index(o);
    GC_ROOT(i);
    if (!i)
        GC_RETURN(-1);
    if (w_int_as_i64(i, out) < 0) {
        w_err_clear();
        w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C ssize_t");
        GC_RETURN(-1);
    }
    GC_RETURN(0);
}

static w_object *list_pop_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    int64_t i = -1;
    if (w_meth_posargs("pop", "list.pop", nargs, kwnames, 0, 1) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    if (nargs && index_arg(args[0], &i) < 0)
        GC_RETURN(NULL);
    int64_t n = L(self)->size;
    if (n == 0)
        GC_RETURN(w_raise_fmt(w_exc_IndexError, "pop from empty list"));
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        GC_RETURN(w_raise_fmt(w_exc_IndexError, "pop index out of range"));
    GC_RETURN(w_list_pop(self, i));
}

static w_object *list_insert_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    int64_t i;
    if (w_meth_posargs("insert", "list.insert", nargs, kwnames, 2, 2) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (index_arg(args[0], &i) < 0)
        GC_RETURN(NULL);
    int64_t n = L(self)->size;
    if (i < 0)
        i = i + n < 0 ? 0 : i + n;
    if (i > n)
        i = n;
    GC_RETURN(w_list_insert(self, i, args[1]) < 0 ? NULL : w_None);
}

static w_object *list_remove_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("list.remove", nargs, kwnames) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    int64_t i = w_list_find(self, args[0], 0, INT64_MAX);
    if (i == -2)
        GC_RETURN(NULL);
    if (i == -1)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "list.remove(x): x not in list"));
    GC_RETURN(w_list_del_slice(self, i, 1, 1) < 0 ? NULL : w_None);
}

static w_object *list_index_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    int64_t start, stop;
    if (w_meth_posargs("index", "list.index", nargs, kwnames, 1, 3) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_seq_index_bounds(args + 1, nargs - 1, L(self)->size, &start, &stop) < 0)
        GC_RETURN(NULL);
    int64_t i = w_list_find(self, args[0], start, stop);
    if (i >= 0)
        GC_RETURN(w_int_from_i64(i));
    if (i == -2)
        GC_RETURN(NULL);
    w_object *r = space_repr(args[0]);
    if (!r)
        GC_RETURN(NULL);
    char *text = strdup(w_str_utf8(r));
    w_raise_fmt(w_exc_ValueError, "%s is not in list", text);
    free(text);
    GC_RETURN(NULL);
}

static w_object *list_count_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_onearg("list.count", nargs, kwnames) < 0)
        return NULL;
    int64_t n = w_list_count(self, args[0]);
    return n < 0 ? NULL : w_int_from_i64(n);
}

/* sort(*, key=None, reverse=False) */
static w_object *list_sort_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (nargs)
        return w_raise_fmt(w_exc_TypeError, "sort() takes no positional arguments");
    w_object *key = NULL, *rev = NULL;
    for (int64_t i = 0; kwnames && i < W_TUPLE_SIZE(kwnames); i++) {
        w_object *name = W_TUPLE_ITEMS(kwnames)[i];
        if (w_str_eq_cstr(name, "key"))
            key = args[i];
        else if (w_str_eq_cstr(name, "reverse"))
            rev = args[i];
        else
            return w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for sort()",
                               w_str_utf8(name));
    }
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    bool reverse = false;
    if (rev) {
        w_object *r = space_index(rev);
        if (!r)
            GC_RETURN(NULL);
        reverse = w_int_sign(r) != 0;
    }
    if (key == w_None)
        key = NULL;
    GC_RETURN(w_list_sort(self, key, reverse) < 0 ? NULL : w_None);
}

static w_object *list_reverse_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("list.reverse", nargs, kwnames) < 0)
        return NULL;
    w_list_reverse(self);
    return w_None;
}

static w_object *list_clear_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("list.clear", nargs, kwnames) < 0)
        return NULL;
    w_list_clear(self);
    return w_None;
}

static w_object *list_copy_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_meth_noargs("list.copy", nargs, kwnames) < 0)
        return NULL;
    return w_list_slice(self, 0, 1, L(self)->size);
}

static w_object *list_reversed_m(w_object *self, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_noargs("list.__reversed__", nargs, kwnames) < 0)
        return NULL;
    return w_list_iter_new(self, true);
}

/* ---- start-up ------------------------------------------------------------------------ */

static size_t list_size(const void *o)
{
    return sizeof(w_list);
}

static void list_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_list *l = o;
    if (l->storage)
        visit((void **)&l->storage, ctx);
}

void w_list_register_tid(void)
{
    static const gc_descr d = {"list", list_size, list_trace};
    gc_register_tid(W_TID_LIST, &d);
}

int w_list_init(void)
{
    w_type *t = w_list_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = list_repr;
    t->hash = space_hash_unhashable;
    t->richcompare = list_richcompare;
    t->len = list_len;
    t->getitem = list_getitem;
    t->setitem = list_setitem;
    t->contains = list_contains;
    t->concat = list_concat;
    t->repeat = list_repeat;
    t->iter = list_iter;
    t->construct = list_construct;
    static const struct {
        const char *name;
        w_callfn fn;
    } methods[] = {
        {"append", list_append_m}, {"extend", list_extend_m},   {"pop", list_pop_m},
        {"insert", list_insert_m}, {"remove", list_remove_m},   {"index", list_index_m},
        {"count", list_count_m},   {"sort", list_sort_m},       {"reverse", list_reverse_m},
        {"clear", list_clear_m},   {"copy", list_copy_m},       {"__reversed__", list_reversed_m},
    };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if (w_type_add_method(t, methods[i].name, methods[i].fn) < 0)
            return -1;
    return 0;
}

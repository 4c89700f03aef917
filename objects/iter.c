/* iter.c — the iterators of the builtin containers, the sequence iterator, and the dict views. */
#include "objects/objects.h"

#define IT(o) ((w_iter *)(o))

/*
 * Field use per iterator type (struct w_iter):
 *   list_iterator, tuple_iterator, iterator   seq, index: the next position
 *   list_reverseiterator                      seq, index: the next position, going down
 *   range_iterator                            index: items left, a: next value, b: step
 *   set_iterator                              seq, index: table position,
 *                                             a: the size expected, b: items left
 *   dict_*iterator                            seq, index: entry position,
 *                                             a: the size expected, b: items left
 * `seq` is dropped (NULL) once the iterator is exhausted.
 */
static w_type *list_iter_type, *list_reviter_type, *tuple_iter_type, *range_iter_type;
static w_type *set_iter_type, *seq_iter_type;
static w_type *dict_iter_types[3];
static w_type *dictview_types[3];

static w_object *iter_alloc(w_type *type, w_object *seq, int64_t index)
{
    GC_ENTER();
    GC_ROOT(seq);
    w_iter *it = (w_iter *)w_alloc(type, W_TID_ITER, sizeof(w_iter));
    it->seq = seq;
    it->index = index;
    GC_RETURN(&it->ob);
}

static w_object *iter_self(w_object *self)
{
    return self;
}

/* Marks an iterator exhausted: NULL is "no more items" for the next slot. */
static w_object *exhausted(w_object *self)
{
    IT(self)->seq = NULL;
    return NULL;
}

/* ---- lists, tuples, ranges --------------------------------------------------------------- */

w_object *w_list_iter_new(w_object *list, bool reversed)
{
    if (reversed)
        return iter_alloc(list_reviter_type, list, w_list_size(list) - 1);
    return iter_alloc(list_iter_type, list, 0);
}

static w_object *list_iter_next(w_object *self)
{
    w_iter *it = IT(self);
    if (!it->seq || it->index >= w_list_size(it->seq))
        return exhausted(self);
    return w_list_get(it->seq, it->index++);
}

static w_object *list_reviter_next(w_object *self)
{
    w_iter *it = IT(self);
    if (!it->seq || it->index < 0 || it->index >= w_list_size(it->seq))
        return exhausted(self);
    return w_list_get(it->seq, it->index--);
}

w_object *w_tuple_iter_new(w_object *tuple)
{
    return iter_alloc(tuple_iter_type, tuple, 0);
}

static w_object *tuple_iter_next(w_object *self)
{
    w_iter *it = IT(self);
    if (!it->seq || it->index >= W_TUPLE_SIZE(it->seq))
        return exhausted(self);
    return W_TUPLE_ITEMS(it->seq)[it->index++];
}

w_object *w_range_iter_new(int64_t start, int64_t step, int64_t length)
{
    w_iter *it = (w_iter *)w_alloc(range_iter_type, W_TID_ITER, sizeof(w_iter));
    it->index = length;
    it->a = start;
    it->b = step;
    return &it->ob;
}

static w_object *range_iter_next(w_object *self)
{
    w_iter *it = IT(self);
    if (it->index <= 0)
        return NULL;
    int64_t v = it->a;
    /* Past the last item the next value may not fit: wrap instead of overflowing. */
    it->a = (int64_t)((uint64_t)it->a + (uint64_t)it->b);
    it->index--;
    return w_int_from_i64(v);
}

/* ---- the sequence iterator: o[0], o[1], ... until IndexError or StopIteration --------- */

w_object *w_seq_iter_new(w_object *o)
{
    return iter_alloc(seq_iter_type, o, 0);
}

static w_object *seq_iter_next(w_object *self)
{
    if (!IT(self)->seq)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    w_object *i = w_int_from_i64(IT(self)->index);
    w_object *v = i ? space_getitem(IT(self)->seq, i) : NULL;
    if (v) {
        IT(self)->index++;
        GC_RETURN(v);
    }
    if (w_err_matches(w_exc_IndexError) || w_err_matches(w_exc_StopIteration)) {
        w_err_clear();
        exhausted(self);
    }
    GC_RETURN(NULL);
}

/* ---- sets ------------------------------------------------------------------------------ */

w_object *w_set_iter_new(w_object *set)
{
    w_object *it = iter_alloc(set_iter_type, set, 0);
    IT(it)->a = IT(it)->b = w_set_size(IT(it)->seq);
    return it;
}

static w_object *set_iter_next(w_object *self)
{
    w_iter *it = IT(self);
    if (!it->seq)
        return NULL;
    if (it->a != w_set_size(it->seq)) {
        it->a = -1; /* stays an error */
        return w_raise_fmt(w_exc_RuntimeError, "Set changed size during iteration");
    }
    w_object *k;
    if (!w_set_next(it->seq, &it->index, &k))
        return exhausted(self);
    it->b--;
    return k;
}

/* ---- dicts ------------------------------------------------------------------------------ */

w_object *w_dict_iter_new(w_object *dict, enum w_dict_iter_kind kind)
{
    w_object *it = iter_alloc(dict_iter_types[kind], dict, 0);
    IT(it)->a = IT(it)->b = w_dict_size(IT(it)->seq);
    return it;
}

/* The next entry, with CPython's checks for a dict changed during iteration. */
static bool dict_iter_step(w_object *self, w_object **k, w_object **v)
{
    w_iter *it = IT(self);
    if (!it->seq)
        return false;
    if (it->a != w_dict_size(it->seq)) {
        it->a = -1;
        w_raise_fmt(w_exc_RuntimeError, "dictionary changed size during iteration");
        return false;
    }
    if (!w_dict_next(it->seq, &it->index, k, v)) {
        exhausted(self);
        return false;
    }
    if (it->b == 0) {
        w_raise_fmt(w_exc_RuntimeError, "dictionary keys changed during iteration");
        exhausted(self);
        return false;
    }
    it->b--;
    return true;
}

static w_object *dict_keyiter_next(w_object *self)
{
    w_object *k, *v;
    return dict_iter_step(self, &k, &v) ? k : NULL;
}

static w_object *dict_valueiter_next(w_object *self)
{
    w_object *k, *v;
    return dict_iter_step(self, &k, &v) ? v : NULL;
}

static w_object *dict_itemiter_next(w_object *self)
{
    w_object *k, *v;
    return dict_iter_step(self, &k, &v) ? w_tuple_pack(2, k, v) : NULL;
}

/* ---- dict views ------------------------------------------------------------------------- */

#define VIEW_DICT(o) (((w_dictview *)(o))->dict)

static enum w_dict_iter_kind view_kind(w_object *o)
{
    w_type *t = W_TYPE(o);
    return t == dictview_types[0] ? W_DICT_ITER_KEYS
           : t == dictview_types[1] ? W_DICT_ITER_VALUES
                                    : W_DICT_ITER_ITEMS;
}

/* keys() and items() views behave like sets. */
static bool is_setlike_view(w_object *o)
{
    return W_TYPE(o) == dictview_types[W_DICT_ITER_KEYS] ||
           W_TYPE(o) == dictview_types[W_DICT_ITER_ITEMS];
}

w_object *w_dictview_new(w_object *dict, enum w_dict_iter_kind kind)
{
    GC_ENTER();
    GC_ROOT(dict);
    w_dictview *v = (w_dictview *)w_alloc(dictview_types[kind], W_TID_DICTVIEW, sizeof(w_dictview));
    v->dict = dict;
    GC_RETURN(&v->ob);
}

static int64_t view_len(w_object *self)
{
    return w_dict_size(VIEW_DICT(self));
}

static w_object *view_iter(w_object *self)
{
    return w_dict_iter_new(VIEW_DICT(self), view_kind(self));
}

/* dict_keys([1, 2]): the type name around the repr of a list of the items. */
static w_object *view_repr(w_object *self)
{
    int r = space_repr_enter(self);
    if (r != 0)
        return r < 0 ? NULL : w_str_from_cstr("...");
    GC_ENTER();
    w_object *l = NULL;
    GC_ROOT(self);
    GC_ROOT(l);
    if ((l = w_list_from_iterable(self)))
        l = space_repr(l);
    space_repr_leave(self);
    if (!l)
        GC_RETURN(NULL);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_printf(&b, "%s(", W_TYPE(self)->name);
    w_strbuf_add_str(&b, l);
    w_strbuf_addc(&b, ")");
    GC_RETURN(w_strbuf_finish(&b));
}

static int keys_contains(w_object *self, w_object *key)
{
    if (w_dict_get(VIEW_DICT(self), key))
        return 1;
    return w_err_occurred() ? -1 : 0;
}

/* (key, value) in d.items() */
static int items_contains(w_object *self, w_object *item)
{
    if (!W_TUPLE_CHECK(item) || W_TUPLE_SIZE(item) != 2)
        return 0;
    GC_ENTER();
    GC_ROOT(item);
    w_object *v = w_dict_get(VIEW_DICT(self), W_TUPLE_ITEMS(item)[0]);
    if (!v)
        GC_RETURN(w_err_occurred() ? -1 : 0);
    GC_RETURN(space_eq(v, W_TUPLE_ITEMS(item)[1]));
}

/* Every item of `a` is in `b`. */
static int all_contained_in(w_object *a, w_object *b)
{
    GC_ENTER();
    w_object *it = NULL, *x = NULL;
    GC_ROOT(b);
    GC_ROOT(it);
    GC_ROOT(x);
    if (!(it = space_iter(a)))
        GC_RETURN(-1);
    while ((x = space_next(it))) {
        int r = space_contains(b, x);
        if (r <= 0)
            GC_RETURN(r);
    }
    GC_RETURN(w_err_occurred() ? -1 : 1);
}

static w_object *view_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_ANYSET_CHECK(b) && !is_setlike_view(b))
        return w_NotImplemented;
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    int64_t na = space_len(a), nb = space_len(b);
    if (na < 0 || nb < 0)
        GC_RETURN(NULL);
    int r = 0;
    switch (op) {
    case W_EQ:
    case W_NE:
        if (na == nb)
            r = all_contained_in(a, b);
        if (op == W_NE && r >= 0)
            r = !r;
        break;
    case W_LT:
        if (na < nb)
            r = all_contained_in(a, b);
        break;
    case W_LE:
        if (na <= nb)
            r = all_contained_in(a, b);
        break;
    case W_GT:
        if (na > nb)
            r = all_contained_in(b, a);
        break;
    default:
        if (na >= nb)
            r = all_contained_in(b, a);
        break;
    }
    GC_RETURN(r < 0 ? NULL : W_BOOL(r));
}

/* The set of the left operand's items, then a set method applied with the right one:
   how CPython's view operators work (either operand may be the view). */
static w_object *view_setop(w_object *a, w_object *b, const char *method)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(b);
    GC_ROOT(s);
    /* A keys view stands for its dict, which set() sizes for in one go (as CPython). */
    w_object *src = W_TYPE(a) == dictview_types[W_DICT_ITER_KEYS] &&
                            W_TYPE(VIEW_DICT(a)) == w_dict_type
                        ? VIEW_DICT(a)
                        : a;
    if (!(s = w_set_from_iterable(src, false)))
        GC_RETURN(NULL);
    w_object *arg[1] = {b};
    GC_RETURN(space_call_method(s, method, arg, 1) ? s : NULL);
}

static w_object *view_or(w_object *a, w_object *b)
{
    return view_setop(a, b, "update");
}

static w_object *view_sub(w_object *a, w_object *b)
{
    return view_setop(a, b, "difference_update");
}

static w_object *view_xor(w_object *a, w_object *b)
{
    return view_setop(a, b, "symmetric_difference_update");
}

/* CPython's _PyDictView_Intersect: iterate the other operand (the smaller one when both
   are views), keeping what the view contains. */
static w_object *view_and(w_object *a, w_object *b)
{
    if (!is_setlike_view(a)) {
        w_object *t = a;
        a = b;
        b = t;
    }
    GC_ENTER();
    w_object *s = NULL, *it = NULL, *x = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(s);
    GC_ROOT(it);
    GC_ROOT(x);
    int64_t na = view_len(a);
    if (W_TYPE(b) == w_set_type && na <= w_set_size(b)) {
        w_object *arg[1] = {a};
        GC_RETURN(space_call_method(b, "intersection", arg, 1));
    }
    if (is_setlike_view(b) && view_len(b) > na) {
        w_object *t = a;
        a = b;
        b = t;
    }
    if (!(s = w_set_new(false)) || !(it = space_iter(b)))
        GC_RETURN(NULL);
    bool keys = view_kind(a) == W_DICT_ITER_KEYS;
    while ((x = space_next(it))) {
        int r = keys ? keys_contains(a, x) : items_contains(a, x);
        if (r < 0 || (r && w_set_add(s, x) < 0))
            GC_RETURN(NULL);
    }
    GC_RETURN(w_err_occurred() ? NULL : s);
}

static w_object *view_isdisjoint(w_object *self, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    if (w_meth_onearg(view_kind(self) == W_DICT_ITER_KEYS ? "dict_keys.isdisjoint"
                                                          : "dict_items.isdisjoint",
                      nargs, kwnames) < 0)
        return NULL;
    GC_ENTER();
    w_object *other = args[0], *it = NULL, *x = NULL;
    GC_ROOT(self);
    GC_ROOT(other);
    GC_ROOT(it);
    GC_ROOT(x);
    if (other == self)
        GC_RETURN(W_BOOL(view_len(self) == 0));
    if ((W_ANYSET_CHECK(other) || is_setlike_view(other))) {
        int64_t no = space_len(other);
        if (no < 0)
            GC_RETURN(NULL);
        if (no > view_len(self)) {
            w_object *t = self;
            self = other;
            other = t;
        }
    }
    if (!(it = space_iter(other)))
        GC_RETURN(NULL);
    while ((x = space_next(it))) {
        int r = space_contains(self, x);
        if (r < 0)
            GC_RETURN(NULL);
        if (r)
            GC_RETURN(w_False);
    }
    GC_RETURN(w_err_occurred() ? NULL : w_True);
}

static const w_number_slots view_number = {
    .binop = {[W_OP_OR] = view_or, [W_OP_AND] = view_and, [W_OP_SUB] = view_sub,
              [W_OP_XOR] = view_xor},
};

/* ---- start-up ----------------------------------------------------------------------------- */

static size_t iter_size(const void *o)
{
    return sizeof(w_iter);
}

static void iter_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_iter *it = o;
    if (it->seq)
        visit((void **)&it->seq, ctx);
}

static size_t view_size(const void *o)
{
    return sizeof(w_dictview);
}

static void view_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_dictview *v = o;
    if (v->dict)
        visit((void **)&v->dict, ctx);
}

void w_iter_register_tids(void)
{
    static const gc_descr it = {"iter", iter_size, iter_trace};
    static const gc_descr view = {"dictview", view_size, view_trace};
    gc_register_tid(W_TID_ITER, &it);
    gc_register_tid(W_TID_DICTVIEW, &view);
}

static w_type *iter_type(const char *name, w_object *(*next)(w_object *))
{
    w_type *t = w_type_new_static(name, w_object_type, W_TID_ITER);
    t->iter = iter_self;
    t->next = next;
    return t;
}

int w_iter_init(void)
{
    list_iter_type = iter_type("list_iterator", list_iter_next);
    list_reviter_type = iter_type("list_reverseiterator", list_reviter_next);
    tuple_iter_type = iter_type("tuple_iterator", tuple_iter_next);
    range_iter_type = iter_type("range_iterator", range_iter_next);
    set_iter_type = iter_type("set_iterator", set_iter_next);
    seq_iter_type = iter_type("iterator", seq_iter_next);
    dict_iter_types[W_DICT_ITER_KEYS] = iter_type("dict_keyiterator", dict_keyiter_next);
    dict_iter_types[W_DICT_ITER_VALUES] = iter_type("dict_valueiterator", dict_valueiter_next);
    dict_iter_types[W_DICT_ITER_ITEMS] = iter_type("dict_itemiterator", dict_itemiter_next);

    static const char *const view_names[3] = {"dict_keys", "dict_values", "dict_items"};
    for (int k = 0; k < 3; k++) {
        w_type *t = w_type_new_static(view_names[k], w_object_type, W_TID_DICTVIEW);
        t->len = view_len;
        t->iter = view_iter;
        t->repr = view_repr;
        dictview_types[k] = t;
    }
    for (int k = 0; k < 3; k += 2) {
        w_type *t = dictview_types[k];
        t->hash = space_hash_unhashable;
        t->richcompare = view_richcompare;
        t->contains = k == W_DICT_ITER_KEYS ? keys_contains : items_contains;
        t->number = &view_number;
        if (w_type_add_method(t, "isdisjoint", view_isdisjoint) < 0)
            return -1;
    }
    return 0;
}

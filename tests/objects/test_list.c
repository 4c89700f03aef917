/* test_list.c — list: storage strategies and their switches, methods, slices, sort, errors, GC safety. */
#include <stdio.h>

#include "fixture.h"

TestSuite(list, .init = fx_setup, .fini = fx_teardown);

static w_object *int_list(int n, const int64_t *v)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    for (int i = 0; i < n; i++) {
        w_object *x = w_int_from_i64(v[i]);
        cr_assert_eq(w_list_append(l, x), 0);
    }
    GC_RETURN(l);
}

/* self.name(*args); the arguments are rooted by the callee. */
static w_object *call(w_object *self, const char *name, int n, w_object **args)
{
    return space_call_method(self, name, args, (size_t)n);
}

static w_object *call1(w_object *self, const char *name, w_object *arg)
{
    w_object *args[1] = {arg};
    return call(self, name, 1, args);
}

/*
 * Helpers that make an argument and use it with `o` rooted: a call such as
 * f(l, w_int_from_i64(1)) may read `l` before the int is allocated, and that allocation
 * can move `l`.
 */
static w_object *call_i(w_object *self, const char *name, int64_t v)
{
    GC_ENTER();
    GC_ROOT(self);
    w_object *x = w_int_from_i64(v);
    GC_RETURN(call1(self, name, x));
}

static w_object *call_s(w_object *self, const char *name, const char *v)
{
    GC_ENTER();
    GC_ROOT(self);
    w_object *x = w_str_from_cstr(v);
    GC_RETURN(call1(self, name, x));
}

static int append_s(w_object *l, const char *v)
{
    GC_ENTER();
    GC_ROOT(l);
    w_object *x = w_str_from_cstr(v);
    GC_RETURN(w_list_append(l, x));
}

static int append_f(w_object *l, double v)
{
    GC_ENTER();
    GC_ROOT(l);
    w_object *x = w_float_new(v);
    GC_RETURN(w_list_append(l, x));
}

static w_object *getitem_i(w_object *o, int64_t i)
{
    GC_ENTER();
    GC_ROOT(o);
    w_object *k = w_int_from_i64(i);
    GC_RETURN(space_getitem(o, k));
}

static int setitem_i(w_object *o, int64_t i, w_object *v)
{
    GC_ENTER();
    GC_ROOT(o);
    GC_ROOT(v);
    w_object *k = w_int_from_i64(i);
    GC_RETURN(space_setitem(o, k, v));
}

#define NONE INT64_MIN

/* slice(start, stop, step), NONE standing for None. */
static w_object *slice(int64_t start, int64_t stop, int64_t step)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL, *c = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(c);
    a = start == NONE ? NULL : w_int_from_i64(start);
    b = stop == NONE ? NULL : w_int_from_i64(stop);
    c = step == NONE ? NULL : w_int_from_i64(step);
    GC_RETURN(w_slice_new(a, b, c));
}

static w_object *getslice(w_object *o, int64_t a, int64_t b, int64_t c)
{
    GC_ENTER();
    GC_ROOT(o);
    w_object *k = slice(a, b, c);
    GC_RETURN(space_getitem(o, k));
}

/* o[a:b:c] = v, or del o[a:b:c] when v is NULL. */
static int setslice(w_object *o, int64_t a, int64_t b, int64_t c, w_object *v)
{
    GC_ENTER();
    GC_ROOT(o);
    GC_ROOT(v);
    w_object *k = slice(a, b, c);
    GC_RETURN(space_setitem(o, k, v));
}

/* ---- strategies ----------------------------------------------------------------------- */

Test(list, starts_empty_and_first_int_picks_int_strategy)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_EMPTY);
    w_object *x = w_int_from_i64(1);
    w_list_append(l, x);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    x = w_int_from_i64(-7);
    w_list_append(l, x);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    fx_assert_repr(l, "[1, -7]");
    GC_LEAVE();
}

Test(list, appending_a_str_to_an_int_list_switches_to_object_and_keeps_items)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){1, 2, 3});
    GC_ROOT(l);
    w_object *a = w_str_from_cstr("a");
    cr_assert_not_null(call1(l, "append", a));
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    fx_assert_repr(l, "[1, 2, 3, 'a']");
    GC_LEAVE();
}

Test(list, floats_use_the_float_strategy_until_an_int_arrives)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    w_object *x = w_float_new(1.5);
    w_list_append(l, x);
    x = w_float_new(-0.25);
    w_list_append(l, x);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_FLOAT);
    fx_assert_repr(l, "[1.5, -0.25]");
    x = w_int_from_i64(3);
    w_list_append(l, x);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    fx_assert_repr(l, "[1.5, -0.25, 3]");
    GC_LEAVE();
}

Test(list, bool_and_nan_go_to_the_object_strategy)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *nan = NULL;
    GC_ROOT(l);
    GC_ROOT(nan);
    w_list_append(l, w_True);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    fx_assert_repr(l, "[True]");
    l = w_list_new(0);
    nan = w_float_new(__builtin_nan(""));
    w_list_append(l, nan);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    cr_assert_eq(space_contains(l, nan), 1, "the identical NaN is found");
    GC_LEAVE();
}

Test(list, setting_a_mismatching_item_switches_the_whole_list)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){1, 2, 3}), *k = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(k);
    GC_ROOT(v);
    k = w_int_from_i64(1);
    v = w_float_new(2.5);
    cr_assert_eq(space_setitem(l, k, v), 0);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    fx_assert_repr(l, "[1, 2.5, 3]");
    GC_LEAVE();
}

Test(list, int_list_stays_int_through_pop_insert_sort_reverse_and_slices)
{
    GC_ENTER();
    w_object *l = int_list(5, (int64_t[]){5, 3, 9, 1, 7}), *r = NULL;
    GC_ROOT(l);
    GC_ROOT(r);
    fx_assert_repr(call(l, "pop", 0, NULL), "7");
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    args[0] = w_int_from_i64(0);
    args[1] = w_int_from_i64(42);
    cr_assert_not_null(call(l, "insert", 2, args));
    cr_assert_not_null(call(l, "sort", 0, NULL));
    fx_assert_repr(l, "[1, 3, 5, 9, 42]");
    cr_assert_not_null(call(l, "reverse", 0, NULL));
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    r = slice(1, NONE, 2);
    r = space_getitem(l, r);
    fx_assert_repr(r, "[9, 3]");
    cr_assert_eq(w_list_strategy_of(r), W_LIST_INT);
    r = space_binop(W_OP_ADD, l, r);
    cr_assert_eq(w_list_strategy_of(r), W_LIST_INT);
    w_object *two = w_int_from_i64(2);
    r = space_binop(W_OP_MUL, r, two);
    cr_assert_eq(w_list_strategy_of(r), W_LIST_INT);
    cr_assert_eq(w_list_size(r), 14);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    GC_LEAVE();
}

Test(list, sort_with_key_puts_ints_back_in_the_int_strategy)
{
    GC_ENTER();
    w_object *l = int_list(4, (int64_t[]){10, 9, 100, 1}), *sort = NULL, *kn = NULL;
    GC_ROOT(l);
    GC_ROOT(sort);
    GC_ROOT(kn);
    kn = w_str_from_cstr("key");
    kn = w_tuple_pack(1, kn);
    sort = space_getattr_cstr(l, "sort");
    w_object *args[1] = {&w_str_type->ob}; /* key=str: by the decimal text */
    cr_assert_not_null(space_call(sort, args, 0, kn));
    fx_assert_repr(l, "[1, 10, 100, 9]");
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    GC_LEAVE();
}

Test(list, clear_resets_to_empty_and_extend_with_a_list_adopts_its_strategy)
{
    GC_ENTER();
    w_object *l = int_list(2, (int64_t[]){1, 2}), *f = NULL;
    GC_ROOT(l);
    GC_ROOT(f);
    cr_assert_not_null(call(l, "clear", 0, NULL));
    cr_assert_eq(w_list_strategy_of(l), W_LIST_EMPTY);
    f = w_list_new(0);
    append_f(f, 0.5);
    cr_assert_not_null(call1(l, "extend", f));
    cr_assert_eq(w_list_strategy_of(l), W_LIST_FLOAT);
    fx_assert_repr(l, "[0.5]");
    GC_LEAVE();
}

/* ---- sorting ---------------------------------------------------------------------------- */

static w_object *first_item(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    return W_TUPLE_ITEMS(args[0])[0];
}

/* Pairs (k, tag) sorted by k alone: equal keys keep their tags in order, reversed or not. */
Test(list, sort_is_stable_with_and_without_reverse)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *p = NULL, *q = NULL, *key = NULL;
    GC_ROOT(l);
    GC_ROOT(p);
    GC_ROOT(q);
    GC_ROOT(key);
    const int keys[] = {2, 1, 2, 1, 3, 2};
    for (int i = 0; i < 6; i++) {
        p = w_int_from_i64(keys[i]);
        q = w_int_from_i64(i);
        p = w_tuple_pack(2, p, q);
        w_list_append(l, p);
    }
    key = w_builtin_new("first", first_item, NULL, NULL);
    cr_assert_eq(w_list_sort(l, key, true), 0);
    fx_assert_repr(l, "[(3, 4), (2, 0), (2, 2), (2, 5), (1, 1), (1, 3)]");
    cr_assert_eq(w_list_sort(l, key, false), 0);
    fx_assert_repr(l, "[(1, 1), (1, 3), (2, 0), (2, 2), (2, 5), (3, 4)]");
    GC_LEAVE();
}

Test(list, float_sort_keeps_signed_zeros_in_order)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    const double v[] = {0.0, -0.0, -1.0};
    for (int i = 0; i < 3; i++) {
        w_object *x = w_float_new(v[i]);
        w_list_append(l, x);
    }
    cr_assert_eq(w_list_sort(l, NULL, false), 0);
    fx_assert_repr(l, "[-1.0, 0.0, -0.0]");
    cr_assert_eq(w_list_sort(l, NULL, true), 0);
    fx_assert_repr(l, "[0.0, -0.0, -1.0]");
    GC_LEAVE();
}

Test(list, sort_of_many_ints_and_strs)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *s = NULL;
    GC_ROOT(l);
    GC_ROOT(s);
    for (int i = 0; i < 1000; i++) {
        w_object *x = w_int_from_i64((i * 7919) % 1000);
        w_list_append(l, x);
    }
    cr_assert_eq(w_list_sort(l, NULL, false), 0);
    for (int i = 0; i < 1000; i++) {
        int64_t v;
        w_int_as_i64(w_list_get(l, i), &v);
        cr_assert_eq(v, i);
    }
    s = w_list_new(0);
    for (int i = 0; i < 300; i++) {
        w_object *x = w_str_from_fmt("k%03d", (i * 37) % 300);
        w_list_append(s, x);
    }
    cr_assert_eq(w_list_sort(s, NULL, true), 0);
    cr_assert_str_eq(w_str_utf8(w_list_get(s, 0)), "k299");
    cr_assert_str_eq(w_str_utf8(w_list_get(s, 299)), "k000");
    GC_LEAVE();
}

Test(list, sort_comparison_error_propagates_and_keeps_every_item)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){3, 1, 2});
    GC_ROOT(l);
    w_object *a = w_str_from_cstr("a");
    w_list_append(l, a);
    cr_assert_eq(w_list_sort(l, NULL, false), -1);
    fx_assert_raised(w_exc_TypeError, "'<' not supported between instances of 'str' and 'int'");
    cr_assert_eq(w_list_size(l), 4);
    GC_LEAVE();
}

static w_object *mutating_key(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, 1);
    w_object *zero = w_int_from_i64(0);
    w_list_append(W_SELF(self), zero);
    GC_RETURN(args[0]);
}

Test(list, modifying_the_list_during_sort_is_detected)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){3, 1, 2}), *key = NULL;
    GC_ROOT(l);
    GC_ROOT(key);
    key = w_builtin_new("key", mutating_key, l, NULL);
    cr_assert_eq(w_list_sort(l, key, false), -1);
    fx_assert_raised(w_exc_ValueError, "list modified during sort");
    fx_assert_repr(l, "[1, 2, 3]");
    GC_LEAVE();
}

Test(list, sort_rejects_positional_and_unknown_keyword_arguments)
{
    GC_ENTER();
    w_object *l = int_list(1, (int64_t[]){1}), *sort = NULL, *kn = NULL;
    GC_ROOT(l);
    GC_ROOT(sort);
    GC_ROOT(kn);
    cr_assert_null(call1(l, "sort", w_None));
    fx_assert_raised(w_exc_TypeError, "sort() takes no positional arguments");
    kn = w_str_from_cstr("foo");
    kn = w_tuple_pack(1, kn);
    sort = space_getattr_cstr(l, "sort");
    w_object *args[1] = {w_True};
    cr_assert_null(space_call(sort, args, 0, kn));
    fx_assert_raised(w_exc_TypeError, "'foo' is an invalid keyword argument for sort()");
    GC_LEAVE();
}

/* ---- methods and errors ----------------------------------------------------------------- */

Test(list, pop_errors)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    cr_assert_null(call(l, "pop", 0, NULL));
    fx_assert_raised(w_exc_IndexError, "pop from empty list");
    append_s(l, "x");
    cr_assert_null(call_i(l, "pop", 5));
    fx_assert_raised(w_exc_IndexError, "pop index out of range");
    w_object *args[2] = {w_None, w_None};
    cr_assert_null(call(l, "pop", 2, args));
    fx_assert_raised(w_exc_TypeError, "pop expected at most 1 argument, got 2");
    fx_assert_repr(call_i(l, "pop", -1), "'x'");
    GC_LEAVE();
}

Test(list, remove_index_count)
{
    GC_ENTER();
    w_object *l = int_list(4, (int64_t[]){1, 2, 1, 3}), *f = NULL;
    GC_ROOT(l);
    GC_ROOT(f);
    fx_assert_repr(call_i(l, "count", 1), "2");
    f = w_float_new(1.0);
    fx_assert_repr(call1(l, "count", f), "2");
    fx_assert_repr(call_i(l, "index", 3), "3");
    cr_assert_null(call_i(l, "index", 7));
    fx_assert_raised(w_exc_ValueError, "7 is not in list");
    cr_assert_null(call_s(l, "index", "x"));
    fx_assert_raised(w_exc_ValueError, "'x' is not in list");
    cr_assert_not_null(call_i(l, "remove", 1));
    fx_assert_repr(l, "[2, 1, 3]");
    cr_assert_null(call_i(l, "remove", 9));
    fx_assert_raised(w_exc_ValueError, "list.remove(x): x not in list");
    cr_assert_null(call(l, "append", 0, NULL));
    fx_assert_raised(w_exc_TypeError, "list.append() takes exactly one argument (0 given)");
    GC_LEAVE();
}

Test(list, slices_get_set_and_delete)
{
    GC_ENTER();
    w_object *l = int_list(10, (int64_t[]){0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    v = w_list_new(0);
    append_s(v, "a");
    cr_assert_eq(setslice(l, 2, 5, NONE, v), 0);
    fx_assert_repr(l, "[0, 1, 'a', 5, 6, 7, 8, 9]");
    cr_assert_eq(setslice(l, NONE, NONE, 2, NULL), 0);
    fx_assert_repr(l, "[1, 5, 7, 9]");
    cr_assert_eq(setslice(l, NONE, NONE, -1, l), 0);
    fx_assert_repr(l, "[9, 7, 5, 1]");
    w_object *r = w_range_new(0, 3, 1);
    cr_assert_eq(setslice(l, 1, 1, NONE, r), 0);
    fx_assert_repr(l, "[9, 0, 1, 2, 7, 5, 1]");
    cr_assert_eq(setslice(l, NONE, NONE, -3, NULL), 0);
    fx_assert_repr(l, "[0, 1, 7, 5]");
    fx_assert_repr(getslice(l, -3, NONE, NONE), "[1, 7, 5]");
    fx_assert_repr(getslice(l, NONE, NONE, -2), "[5, 1]");
    fx_assert_repr(getslice(l, 10, NONE, NONE), "[]");
    cr_assert_eq(setslice(l, NONE, NONE, 2, v), -1);
    fx_assert_raised(w_exc_ValueError,
                     "attempt to assign sequence of size 1 to extended slice of size 2");
    cr_assert_eq(setslice(l, 0, 1, NONE, w_True), -1);
    fx_assert_raised(w_exc_TypeError, "can only assign an iterable");
    cr_assert_eq(setslice(l, NONE, NONE, 2, w_True), -1);
    fx_assert_raised(w_exc_TypeError, "must assign iterable to extended slice");
    cr_assert_null(getslice(l, NONE, NONE, 0));
    fx_assert_raised(w_exc_ValueError, "slice step cannot be zero");
    fx_assert_repr(l, "[0, 1, 7, 5]");
    GC_LEAVE();
}

Test(list, item_errors)
{
    GC_ENTER();
    w_object *l = int_list(2, (int64_t[]){1, 2}), *k = NULL;
    GC_ROOT(l);
    GC_ROOT(k);
    cr_assert_null(getitem_i(l, 2));
    fx_assert_raised(w_exc_IndexError, "list index out of range");
    cr_assert_eq(setitem_i(l, -3, w_None), -1);
    fx_assert_raised(w_exc_IndexError, "list assignment index out of range");
    cr_assert_eq(setitem_i(l, 5, NULL), -1);
    fx_assert_raised(w_exc_IndexError, "list assignment index out of range");
    k = w_float_new(1.0);
    cr_assert_null(space_getitem(l, k));
    fx_assert_raised(w_exc_TypeError, "list indices must be integers or slices, not float");
    cr_assert_null(space_binop(W_OP_ADD, l, w_tuple_new(0)));
    fx_assert_raised(w_exc_TypeError, "can only concatenate list (not \"tuple\") to list");
    int64_t h;
    cr_assert_eq(space_hash(l, &h), -1);
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'list'");
    cr_assert_eq(setitem_i(l, -2, NULL), 0);
    fx_assert_repr(l, "[2]");
    GC_LEAVE();
}

Test(list, repr_of_a_self_containing_list)
{
    GC_ENTER();
    w_object *l = int_list(1, (int64_t[]){1}), *outer = NULL;
    GC_ROOT(l);
    GC_ROOT(outer);
    w_list_append(l, l);
    fx_assert_repr(l, "[1, [...]]");
    outer = w_list_new(0);
    w_list_append(outer, l);
    fx_assert_repr(outer, "[[1, [...]]]");
    GC_LEAVE();
}

Test(list, comparisons_mix_strategies)
{
    GC_ENTER();
    w_object *a = int_list(2, (int64_t[]){1, 2}), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = w_list_new(0);
    append_f(b, 1.0);
    append_f(b, 2.0);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 1);
    b = int_list(3, (int64_t[]){1, 2, 0});
    cr_assert_eq(space_compare_bool(a, b, W_LT), 1);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 0);
    b = int_list(2, (int64_t[]){1, 3});
    cr_assert_eq(space_compare_bool(b, a, W_GT), 1);
    GC_LEAVE();
}

Test(list, constructor_and_extend_take_any_iterable)
{
    GC_ENTER();
    w_object *l = NULL;
    GC_ROOT(l);
    w_object *args[1] = {w_range_new(0, 4, 1)};
    GC_ROOT_ARRAY(args, 1);
    l = space_call(&w_list_type->ob, args, 1, NULL);
    fx_assert_repr(l, "[0, 1, 2, 3]");
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    w_object *t = w_str_from_cstr("z");
    t = w_tuple_pack(1, t);
    cr_assert_not_null(call1(l, "extend", t));
    fx_assert_repr(l, "[0, 1, 2, 3, 'z']");
    cr_assert_not_null(call1(l, "extend", l));
    cr_assert_eq(w_list_size(l), 10);
    args[0] = w_None;
    cr_assert_null(space_call(&w_list_type->ob, args, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "'NoneType' object is not iterable");
    GC_LEAVE();
}

Test(list, iterator_walks_forward_and_backward)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){1, 2, 3}), *it = NULL;
    GC_ROOT(l);
    GC_ROOT(it);
    it = space_iter(l);
    cr_assert_str_eq(W_TYPE(it)->name, "list_iterator");
    fx_assert_repr(space_next(it), "1");
    fx_assert_repr(space_next(it), "2");
    fx_assert_repr(space_next(it), "3");
    cr_assert_null(space_next(it));
    cr_assert(!w_err_occurred());
    it = call(l, "__reversed__", 0, NULL);
    cr_assert_str_eq(W_TYPE(it)->name, "list_reverseiterator");
    fx_assert_repr(space_next(it), "3");
    GC_LEAVE();
}

/* ---- scale and GC --------------------------------------------------------------------- */

Test(list, many_boxed_items_survive_collections)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    for (int i = 0; i < 20000; i++) {
        w_object *x = w_str_from_fmt("%d", i);
        cr_assert_eq(w_list_append(l, x), 0);
    }
    gc_collect_major();
    for (int i = 0; i < 20000; i += 997) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", i);
        cr_assert_str_eq(w_str_utf8(w_list_get(l, i)), buf);
    }
    cr_assert_eq(w_list_del_slice(l, 0, 1, 19990), 0);
    fx_assert_repr(l, "['19990', '19991', '19992', '19993', '19994', '19995', '19996', "
                      "'19997', '19998', '19999']");
    GC_LEAVE();
}

Test(list, large_int_list_converts_to_objects_intact)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    /* Smaller under FERRY_GC_STRESS, where every box rescans the remembered storage. */
    const int n = gc_stress_enabled() ? 5000 : 100000;
    for (int i = 0; i < n; i++) {
        w_object *x = w_int_from_i64(i);
        w_list_append(l, x);
    }
    cr_assert_eq(w_list_strategy_of(l), W_LIST_INT);
    w_list_append(l, w_None);
    cr_assert_eq(w_list_strategy_of(l), W_LIST_OBJECT);
    int64_t v;
    w_int_as_i64(w_list_get(l, n - 1), &v);
    cr_assert_eq(v, n - 1);
    cr_assert_eq(w_list_get(l, n), w_None);
    GC_LEAVE();
}

Test(list, sum_without_boxing_matches_the_generic_sum)
{
    GC_ENTER();
    w_object *l = int_list(3, (int64_t[]){1, 2, 3}), *r = NULL, *start = NULL;
    GC_ROOT(l);
    GC_ROOT(r);
    GC_ROOT(start);
    start = w_int_from_i64(10);
    cr_assert_eq(w_list_sum_unboxed(l, start, &r), 1);
    fx_assert_repr(r, "16");
    start = w_float_new(0.5);
    cr_assert_eq(w_list_sum_unboxed(l, start, &r), 1);
    fx_assert_repr(r, "6.5");
    l = int_list(2, (int64_t[]){INT64_MAX, 1});
    start = w_int_from_i64(0);
    cr_assert_eq(w_list_sum_unboxed(l, start, &r), 0, "an overflowing sum is left to sum()");
    l = w_list_new(0);
    append_f(l, 1.5);
    append_f(l, 2.25);
    cr_assert_eq(w_list_sum_unboxed(l, start, &r), 1);
    fx_assert_repr(r, "3.75");
    append_s(l, "x");
    cr_assert_eq(w_list_sum_unboxed(l, start, &r), 0);
    GC_LEAVE();
}

Test(list, sequence_iterator_walks_getitem_until_index_error)
{
    GC_ENTER();
    w_object *it = w_range_new(5, 8, 1);
    GC_ROOT(it);
    it = w_seq_iter_new(it);
    cr_assert_str_eq(W_TYPE(it)->name, "iterator");
    fx_assert_repr(space_next(it), "5");
    fx_assert_repr(space_next(it), "6");
    fx_assert_repr(space_next(it), "7");
    cr_assert_null(space_next(it));
    cr_assert(!w_err_occurred(), "IndexError ends the iteration silently");
    cr_assert_null(space_next(it));
    GC_LEAVE();
}

/* test_tuple.c — tuple: construction, repr, CPython's hash, comparison, indexing and errors. */
#include "fixture.h"

TestSuite(tuple, .init = fx_setup, .fini = fx_teardown);

static w_object *ints_tuple(int n, const int64_t *v)
{
    GC_ENTER();
    w_object *t = w_tuple_new(n);
    GC_ROOT(t);
    for (int i = 0; i < n; i++) {
        w_object *x = w_int_from_i64(v[i]);
        w_tuple_set(t, i, x);
    }
    GC_RETURN(t);
}

static w_object *call(w_object *self, const char *name, int n, w_object **args)
{
    return space_call_method(self, name, args, (size_t)n);
}

Test(tuple, repr_of_empty_single_and_pair)
{
    fx_assert_repr(w_tuple_new(0), "()");
    fx_assert_repr(ints_tuple(1, (int64_t[]){1}), "(1,)");
    fx_assert_repr(ints_tuple(2, (int64_t[]){1, 2}), "(1, 2)");
    fx_assert_repr(w_tuple_pack(2, w_str_from_cstr("a"), w_None), "('a', None)");
}

Test(tuple, empty_tuple_is_a_singleton)
{
    cr_assert_eq(w_tuple_new(0), w_tuple_new(0));
    cr_assert_eq(w_tuple_from_iterable(w_list_new(0)), w_tuple_new(0));
}

Test(tuple, hash_matches_cpython)
{
    int64_t h;
    cr_assert_eq(space_hash(w_tuple_new(0), &h), 0);
    cr_assert_eq(h, 5740354900026072187LL);
    cr_assert_eq(space_hash(ints_tuple(2, (int64_t[]){1, 2}), &h), 0);
    cr_assert_eq(h, -3550055125485641917LL);
    cr_assert_eq(space_hash(ints_tuple(3, (int64_t[]){-1, 0, 7}), &h), 0);
    cr_assert_eq(h, -1597129687291410868LL);
}

Test(tuple, hash_of_unhashable_item_raises)
{
    int64_t h;
    GC_ENTER();
    w_object *one = w_int_from_i64(1), *t = NULL;
    GC_ROOT(one);
    GC_ROOT(t);
    t = w_list_new(0);
    t = w_tuple_pack(2, one, t);
    cr_assert_eq(space_hash(t, &h), -1);
    GC_LEAVE();
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'list'");
}

Test(tuple, compares_lexicographically)
{
    GC_ENTER();
    w_object *a = ints_tuple(2, (int64_t[]){1, 2}), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = ints_tuple(2, (int64_t[]){1, 3});
    cr_assert_eq(space_compare_bool(a, b, W_LT), 1);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 0);
    b = ints_tuple(3, (int64_t[]){1, 2, 0});
    cr_assert_eq(space_compare_bool(a, b, W_LE), 1);
    cr_assert_eq(space_compare_bool(a, b, W_GT), 0);
    b = ints_tuple(2, (int64_t[]){1, 2});
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 1);
    b = w_str_from_cstr("a");
    b = w_tuple_pack(2, W_TUPLE_ITEMS(a)[0], b);
    cr_assert_eq(space_compare_bool(b, a, W_LT), -1);
    fx_assert_raised(w_exc_TypeError, "'<' not supported between instances of 'str' and 'int'");
    GC_LEAVE();
}

Test(tuple, indexing_and_slicing)
{
    GC_ENTER();
    w_object *t = ints_tuple(4, (int64_t[]){10, 20, 30, 40}), *r = NULL, *k = NULL, *k2 = NULL;
    GC_ROOT(t);
    GC_ROOT(r);
    GC_ROOT(k);
    GC_ROOT(k2);
    k = w_int_from_i64(-1);
    r = space_getitem(t, k);
    fx_assert_repr(r, "40");
    k = w_int_from_i64(-2);
    k = w_slice_new(NULL, NULL, k);
    r = space_getitem(t, k);
    fx_assert_repr(r, "(40, 20)");
    k = w_int_from_i64(1);
    k2 = w_int_from_i64(3);
    k = w_slice_new(k, k2, NULL);
    r = space_getitem(t, k);
    fx_assert_repr(r, "(20, 30)");
    k = w_slice_new(NULL, NULL, NULL);
    cr_assert_eq(space_getitem(t, k), t);
    k = w_int_from_i64(4);
    cr_assert_null(space_getitem(t, k));
    fx_assert_raised(w_exc_IndexError, "tuple index out of range");
    k = w_str_from_cstr("a");
    cr_assert_null(space_getitem(t, k));
    fx_assert_raised(w_exc_TypeError, "tuple indices must be integers or slices, not str");
    GC_LEAVE();
}

Test(tuple, concat_and_repeat)
{
    GC_ENTER();
    w_object *t = ints_tuple(2, (int64_t[]){1, 2}), *r = NULL, *k = NULL;
    GC_ROOT(t);
    GC_ROOT(r);
    GC_ROOT(k);
    k = ints_tuple(1, (int64_t[]){3});
    r = space_binop(W_OP_ADD, t, k);
    fx_assert_repr(r, "(1, 2, 3)");
    k = w_int_from_i64(2);
    r = space_binop(W_OP_MUL, t, k);
    fx_assert_repr(r, "(1, 2, 1, 2)");
    k = w_int_from_i64(-3);
    r = space_binop(W_OP_MUL, k, t);
    fx_assert_repr(r, "()");
    k = w_list_new(0);
    cr_assert_null(space_binop(W_OP_ADD, t, k));
    fx_assert_raised(w_exc_TypeError, "can only concatenate tuple (not \"list\") to tuple");
    GC_LEAVE();
}

Test(tuple, count_index_and_contains)
{
    GC_ENTER();
    w_object *t = ints_tuple(4, (int64_t[]){1, 2, 1, 3}), *r = NULL;
    GC_ROOT(t);
    GC_ROOT(r);
    w_object *args[3] = {w_int_from_i64(1)};
    GC_ROOT_ARRAY(args, 3);
    fx_assert_repr(call(t, "count", 1, args), "2");
    args[1] = w_int_from_i64(1);
    fx_assert_repr(call(t, "index", 2, args), "2");
    args[0] = w_int_from_i64(3);
    args[1] = w_int_from_i64(0);
    args[2] = w_int_from_i64(-1);
    cr_assert_null(call(t, "index", 3, args));
    fx_assert_raised(w_exc_ValueError, "tuple.index(x): x not in tuple");
    cr_assert_null(call(t, "index", 0, args));
    fx_assert_raised(w_exc_TypeError, "index expected at least 1 argument, got 0");
    r = w_int_from_i64(3);
    cr_assert_eq(space_contains(t, r), 1);
    r = w_str_from_cstr("x");
    cr_assert_eq(space_contains(t, r), 0);
    GC_LEAVE();
}

Test(tuple, constructor_takes_any_iterable)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *x = NULL;
    GC_ROOT(l);
    GC_ROOT(x);
    x = w_int_from_i64(5);
    w_list_append(l, x);
    x = w_str_from_cstr("x");
    w_list_append(l, x);
    w_object *args[1] = {l};
    GC_ROOT_ARRAY(args, 1);
    fx_assert_repr(space_call(&w_tuple_type->ob, args, 1, NULL), "(5, 'x')");
    args[0] = w_range_new(0, 3, 1);
    fx_assert_repr(space_call(&w_tuple_type->ob, args, 1, NULL), "(0, 1, 2)");
    args[0] = w_int_from_i64(1);
    cr_assert_null(space_call(&w_tuple_type->ob, args, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "'int' object is not iterable");
    GC_LEAVE();
}

Test(tuple, repr_guards_against_cycles_through_lists)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *t = NULL;
    GC_ROOT(l);
    GC_ROOT(t);
    t = w_tuple_pack(1, l);
    w_list_append(l, t);
    fx_assert_repr(t, "([(...)],)");
    GC_LEAVE();
}

Test(tuple, survives_collections_while_filled)
{
    GC_ENTER();
    w_object *t = w_tuple_new(1000);
    GC_ROOT(t);
    for (int i = 0; i < 1000; i++) {
        w_object *s = w_str_from_fmt("s%d", i);
        w_tuple_set(t, i, s);
    }
    gc_collect_minor();
    gc_collect_major();
    cr_assert_str_eq(w_str_utf8(W_TUPLE_ITEMS(t)[999]), "s999");
    cr_assert_str_eq(w_str_utf8(W_TUPLE_ITEMS(t)[0]), "s0");
    GC_LEAVE();
}

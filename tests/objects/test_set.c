/* test_set.c — set and frozenset: CPython's iteration order, operations, hashing, errors, growth. */
#include "fixture.h"

TestSuite(set, .init = fx_setup, .fini = fx_teardown);

static void add_i(w_object *s, int64_t v)
{
    GC_ENTER();
    GC_ROOT(s);
    w_object *x = w_int_from_i64(v);
    cr_assert_eq(w_set_add(s, x), 0);
    GC_LEAVE();
}

static int discard_i(w_object *s, int64_t v)
{
    GC_ENTER();
    GC_ROOT(s);
    w_object *x = w_int_from_i64(v);
    GC_RETURN(w_set_discard(s, x));
}

/* A set of ints added one by one, in order (as a loop of s.add(x) in CPython). */
static w_object *int_set(int n, const int64_t *v)
{
    GC_ENTER();
    w_object *s = w_set_new(false);
    GC_ROOT(s);
    for (int i = 0; i < n; i++)
        add_i(s, v[i]);
    GC_RETURN(s);
}

static w_object *range_set(int64_t start, int64_t stop, int64_t step)
{
    GC_ENTER();
    w_object *s = w_set_new(false);
    GC_ROOT(s);
    for (int64_t i = start; i < stop; i += step)
        add_i(s, i);
    GC_RETURN(s);
}

static w_object *call1(w_object *self, const char *name, w_object *arg)
{
    w_object *args[1] = {arg};
    return space_call_method(self, name, args, 1);
}

/* ---- iteration order (expected strings printed by CPython 3.11) ------------------------ */

Test(set, small_int_order_matches_cpython)
{
    fx_assert_repr(int_set(5, (int64_t[]){10, 3, 7, 100, -1}), "{3, 100, 7, 10, -1}");
    fx_assert_repr(int_set(5, (int64_t[]){32, 64, 96, 1, 33}), "{32, 1, 64, 96, 33}");
}

Test(set, order_after_collisions_and_resize_matches_cpython)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *s = NULL;
    GC_ROOT(l);
    GC_ROOT(s);
    const int64_t v[] = {5, 13, 21, 29, 37};
    for (int i = 0; i < 5; i++) {
        w_object *x = w_int_from_i64(v[i]);
        w_list_append(l, x);
    }
    s = w_set_from_iterable(l, false);
    fx_assert_repr(s, "{37, 5, 13, 21, 29}");
    fx_assert_repr(range_set(0, 200, 7),
                   "{0, 133, 7, 140, 14, 147, 21, 154, 28, 161, 35, 168, 42, 175, 49, 182, 56, "
                   "189, 63, 196, 70, 77, 84, 91, 98, 105, 112, 119, 126}");
    GC_LEAVE();
}

Test(set, removed_slots_are_reused_like_cpython)
{
    GC_ENTER();
    w_object *s = int_set(3, (int64_t[]){1, 2, 9});
    GC_ROOT(s);
    cr_assert_eq(discard_i(s, 1), 1);
    cr_assert_eq(discard_i(s, 2), 1);
    cr_assert_eq(discard_i(s, 2), 0);
    add_i(s, 17);
    add_i(s, 10);
    fx_assert_repr(s, "{17, 10, 9}");
    s = range_set(0, 50, 1);
    for (int i = 0; i < 50; i += 2)
        discard_i(s, i);
    for (int i = 100; i <= 110; i++)
        add_i(s, i);
    fx_assert_repr(s, "{1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, "
                      "39, 41, 43, 45, 47, 49, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, "
                      "110}");
    GC_LEAVE();
}

Test(set, pop_follows_the_table_order)
{
    GC_ENTER();
    w_object *s = int_set(5, (int64_t[]){10, 3, 7, 100, -1});
    GC_ROOT(s);
    fx_assert_repr(space_call_method(s, "pop", NULL, 0), "3");
    fx_assert_repr(space_call_method(s, "pop", NULL, 0), "100");
    fx_assert_repr(space_call_method(s, "pop", NULL, 0), "7");
    fx_assert_repr(s, "{10, -1}");
    s = w_set_new(false);
    cr_assert_null(space_call_method(s, "pop", NULL, 0));
    fx_assert_raised(w_exc_KeyError, "'pop from an empty set'");
    GC_LEAVE();
}

Test(set, operators_give_cpython_results_and_order)
{
    GC_ENTER();
    w_object *a = range_set(1, 21, 3), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = range_set(5, 31, 5);
    fx_assert_repr(a, "{1, 4, 7, 10, 13, 16, 19}");
    fx_assert_repr(space_binop(W_OP_OR, a, b), "{1, 4, 5, 7, 10, 13, 15, 16, 19, 20, 25, 30}");
    fx_assert_repr(space_binop(W_OP_AND, a, b), "{10}");
    fx_assert_repr(space_binop(W_OP_SUB, a, b), "{1, 4, 7, 13, 16, 19}");
    fx_assert_repr(space_binop(W_OP_XOR, a, b), "{1, 4, 5, 7, 13, 15, 16, 19, 20, 25, 30}");
    fx_assert_repr(space_binop(W_OP_SUB, b, a), "{5, 15, 20, 25, 30}");
    cr_assert_null(space_binop(W_OP_OR, a, w_None));
    fx_assert_raised(w_exc_TypeError, "unsupported operand type(s) for |: 'set' and 'NoneType'");
    GC_LEAVE();
}

Test(set, methods_accept_any_iterable)
{
    GC_ENTER();
    w_object *a = int_set(3, (int64_t[]){1, 2, 3}), *r = NULL;
    GC_ROOT(a);
    GC_ROOT(r);
    r = w_range_new(2, 6, 1);
    fx_assert_repr(call1(a, "union", r), "{1, 2, 3, 4, 5}");
    fx_assert_repr(call1(a, "intersection", r), "{2, 3}");
    fx_assert_repr(call1(a, "difference", r), "{1}");
    fx_assert_repr(call1(a, "symmetric_difference", r), "{1, 4, 5}");
    cr_assert_eq(call1(a, "issubset", r), w_False);
    cr_assert_eq(call1(a, "isdisjoint", r), w_False);
    r = w_range_new(0, 10, 1);
    cr_assert_eq(call1(a, "issubset", r), w_True);
    cr_assert_eq(call1(a, "issuperset", r), w_False);
    cr_assert_eq(call1(a, "update", r), w_None);
    cr_assert_eq(w_set_size(a), 10);
    cr_assert_null(call1(a, "union", w_None));
    fx_assert_raised(w_exc_TypeError, "'NoneType' object is not iterable");
    GC_LEAVE();
}

Test(set, comparisons_are_subset_tests)
{
    GC_ENTER();
    w_object *a = int_set(2, (int64_t[]){1, 2}), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = int_set(3, (int64_t[]){1, 2, 3});
    cr_assert_eq(space_compare_bool(a, b, W_LT), 1);
    cr_assert_eq(space_compare_bool(a, b, W_LE), 1);
    cr_assert_eq(space_compare_bool(b, a, W_GT), 1);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 0);
    cr_assert_eq(space_compare_bool(a, a, W_LT), 0);
    b = w_set_from_iterable(a, true);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 1, "set == frozenset with the same items");
    cr_assert_null(space_richcompare(a, w_None, W_LT));
    fx_assert_raised(w_exc_TypeError,
                     "'<' not supported between instances of 'set' and 'NoneType'");
    GC_LEAVE();
}

Test(set, frozenset_hash_matches_cpython)
{
    GC_ENTER();
    w_object *s = int_set(2, (int64_t[]){1, 2}), *f = NULL;
    GC_ROOT(s);
    GC_ROOT(f);
    int64_t h;
    f = w_set_from_iterable(s, true);
    cr_assert_eq(space_hash(f, &h), 0);
    cr_assert_eq(h, -1826646154956904602LL);
    f = w_set_new(true);
    cr_assert_eq(space_hash(f, &h), 0);
    cr_assert_eq(h, 133146708735736LL);
    s = range_set(0, 10, 1);
    f = w_set_from_iterable(s, true);
    cr_assert_eq(space_hash(f, &h), 0);
    cr_assert_eq(h, 3895031357313128696LL);
    s = int_set(3, (int64_t[]){-1, 0, 1LL << 40});
    f = w_set_from_iterable(s, true);
    cr_assert_eq(space_hash(f, &h), 0);
    cr_assert_eq(h, -6036769559949963560LL);
    cr_assert_eq(space_hash(s, &h), -1);
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'set'");
    GC_LEAVE();
}

Test(set, repr_of_empty_sets_and_frozensets)
{
    GC_ENTER();
    w_object *s = w_set_new(false);
    GC_ROOT(s);
    fx_assert_repr(s, "set()");
    fx_assert_repr(w_set_new(true), "frozenset()");
    add_i(s, 2);
    add_i(s, 1);
    fx_assert_repr(w_set_from_iterable(s, true), "frozenset({1, 2})");
    GC_LEAVE();
}

Test(set, remove_raises_key_error_with_the_key)
{
    GC_ENTER();
    w_object *s = int_set(1, (int64_t[]){1}), *k = NULL;
    GC_ROOT(s);
    GC_ROOT(k);
    k = w_int_from_i64(2);
    cr_assert_null(call1(s, "remove", k));
    fx_assert_raised(w_exc_KeyError, "2");
    k = w_list_new(0);
    cr_assert_eq(w_set_add(s, k), -1);
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'list'");
    cr_assert_null(space_call_method(s, "add", NULL, 0));
    fx_assert_raised(w_exc_TypeError, "set.add() takes exactly one argument (0 given)");
    GC_LEAVE();
}

Test(set, a_set_key_stands_for_its_frozenset)
{
    GC_ENTER();
    w_object *outer = w_set_new(false), *inner = NULL;
    GC_ROOT(outer);
    GC_ROOT(inner);
    inner = w_set_new(true);
    cr_assert_eq(w_set_add(outer, inner), 0);
    inner = w_set_new(false);
    cr_assert_eq(space_contains(outer, inner), 1);
    cr_assert_eq(w_set_discard(outer, inner), 1);
    cr_assert_eq(w_set_size(outer), 0);
    GC_LEAVE();
}

Test(set, str_keys_are_found_by_value)
{
    GC_ENTER();
    w_object *s = w_set_new(false), *k = NULL;
    GC_ROOT(s);
    GC_ROOT(k);
    for (int i = 0; i < 100; i++) {
        k = w_str_from_fmt("key%d", i);
        cr_assert_eq(w_set_add(s, k), 0);
    }
    k = w_str_from_fmt("key%d", 42);
    cr_assert_eq(w_set_contains(s, k), 1);
    k = w_str_from_cstr("key100");
    cr_assert_eq(w_set_contains(s, k), 0);
    GC_LEAVE();
}

/* Smaller under FERRY_GC_STRESS, where every allocation rescans the remembered table. */
Test(set, grows_to_100k_and_changes_during_iteration_are_caught)
{
    GC_ENTER();
    w_object *s = w_set_new(false), *it = NULL;
    GC_ROOT(s);
    GC_ROOT(it);
    const int64_t n = gc_stress_enabled() ? 5000 : 100000;
    for (int64_t i = 0; i < n; i++)
        add_i(s, i * 7919 % 100003);
    cr_assert_eq(w_set_size(s), n);
    int64_t pos = 0, count = 0;
    w_object *k;
    while (w_set_next(s, &pos, &k))
        count++;
    cr_assert_eq(count, n);
    it = space_iter(s);
    fx_assert_repr(space_next(it), "0");
    add_i(s, -5);
    cr_assert_null(space_next(it));
    fx_assert_raised(w_exc_RuntimeError, "Set changed size during iteration");
    GC_LEAVE();
}

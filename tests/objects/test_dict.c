/* test_dict.c — dict: order through deletes and resizes, lookups, methods, views, errors, growth. */
#include <stdio.h>

#include "fixture.h"

TestSuite(dict, .init = fx_setup, .fini = fx_teardown);

static int set_ii(w_object *d, int64_t k, int64_t v)
{
    GC_ENTER();
    w_object *kk = NULL, *vv = NULL;
    GC_ROOT(d);
    GC_ROOT(kk);
    GC_ROOT(vv);
    kk = w_int_from_i64(k);
    vv = w_int_from_i64(v);
    GC_RETURN(w_dict_set(d, kk, vv));
}

static int del_i(w_object *d, int64_t k)
{
    GC_ENTER();
    GC_ROOT(d);
    w_object *kk = w_int_from_i64(k);
    GC_RETURN(w_dict_del(d, kk));
}

static w_object *get_i(w_object *d, int64_t k)
{
    GC_ENTER();
    GC_ROOT(d);
    w_object *kk = w_int_from_i64(k);
    GC_RETURN(w_dict_get(d, kk));
}

static w_object *pair_ii(int64_t a, int64_t b)
{
    GC_ENTER();
    w_object *x = NULL, *y = NULL;
    GC_ROOT(x);
    GC_ROOT(y);
    x = w_int_from_i64(a);
    y = w_int_from_i64(b);
    GC_RETURN(w_tuple_pack(2, x, y));
}

static w_object *call(w_object *self, const char *name, int n, w_object **args)
{
    return space_call_method(self, name, args, (size_t)n);
}

static w_object *call1(w_object *self, const char *name, w_object *arg)
{
    w_object *args[1] = {arg};
    return call(self, name, 1, args);
}

Test(dict, set_get_and_delete)
{
    GC_ENTER();
    w_object *d = w_dict_new();
    GC_ROOT(d);
    cr_assert_eq(set_ii(d, 1, 10), 0);
    cr_assert_eq(set_ii(d, 2, 20), 0);
    cr_assert_eq(set_ii(d, 1, 11), 0);
    cr_assert_eq(w_dict_size(d), 2);
    fx_assert_repr(get_i(d, 1), "11");
    cr_assert_null(get_i(d, 3));
    cr_assert(!w_err_occurred(), "a missing key is not an error");
    cr_assert_eq(del_i(d, 1), 0);
    cr_assert_eq(del_i(d, 1), -1);
    fx_assert_raised(w_exc_KeyError, "1");
    fx_assert_repr(d, "{2: 20}");
    GC_LEAVE();
}

Test(dict, order_survives_deletes_and_resizes)
{
    GC_ENTER();
    w_object *d = w_dict_new();
    GC_ROOT(d);
    for (int i = 0; i < 20; i++)
        set_ii(d, i, i * i);
    for (int i = 0; i < 20; i += 3)
        del_i(d, i);
    for (int i = 100; i < 105; i++)
        set_ii(d, i, -i);
    fx_assert_repr(d, "{1: 1, 2: 4, 4: 16, 5: 25, 7: 49, 8: 64, 10: 100, 11: 121, 13: 169, "
                      "14: 196, 16: 256, 17: 289, 19: 361, 100: -100, 101: -101, 102: -102, "
                      "103: -103, 104: -104}");
    GC_LEAVE();
}

Test(dict, str_keys_and_cstr_lookup)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *k = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(k);
    GC_ROOT(v);
    for (int i = 0; i < 1000; i++) {
        k = w_str_from_fmt("%d", i);
        v = w_int_from_i64(i);
        cr_assert_eq(w_dict_set(d, k, v), 0);
    }
    for (int i = 0; i < 1000; i += 2) {
        k = w_str_from_fmt("%d", i);
        cr_assert_eq(w_dict_del(d, k), 0);
    }
    cr_assert_eq(w_dict_size(d), 500);
    fx_assert_repr(w_dict_get_cstr(d, "999"), "999");
    cr_assert_null(w_dict_get_cstr(d, "998"));
    cr_assert_eq(w_dict_set_cstr(d, "new", w_None), 0);
    cr_assert_eq(w_dict_get_cstr(d, "new"), w_None);
    int64_t pos = 0;
    w_object *key, *val;
    cr_assert(w_dict_next(d, &pos, &key, &val));
    cr_assert_str_eq(w_str_utf8(key), "1");
    GC_LEAVE();
}

Test(dict, deleted_entries_are_reclaimed)
{
    GC_ENTER();
    w_object *d = w_dict_new();
    GC_ROOT(d);
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 50; i++)
            set_ii(d, round * 50 + i, i);
        for (int i = 0; i < 50; i++)
            del_i(d, round * 50 + i);
    }
    cr_assert_eq(w_dict_size(d), 0);
    cr_assert_leq(((w_dict *)d)->capacity, 256, "the table was compacted, not grown forever");
    set_ii(d, 7, 7);
    fx_assert_repr(d, "{7: 7}");
    GC_LEAVE();
}

/* Under FERRY_GC_STRESS every allocation rescans the remembered (large, old) table, so the
   scale tests run smaller there; the growth path they take is the same. */
static int64_t scale(int64_t n)
{
    return gc_stress_enabled() ? n / 20 : n;
}

Test(dict, grows_to_100k_entries)
{
    GC_ENTER();
    w_object *d = w_dict_new();
    GC_ROOT(d);
    const int64_t n = scale(100000);
    for (int64_t i = 0; i < n; i++)
        cr_assert_eq(set_ii(d, i * 31, i), 0);
    cr_assert_eq(w_dict_size(d), n);
    for (int64_t i = 0; i < n; i += 4999) {
        int64_t v;
        w_object *x = get_i(d, i * 31);
        cr_assert_not_null(x);
        w_int_as_i64(x, &v);
        cr_assert_eq(v, i);
    }
    int64_t pos = 0, count = 0, prev = -1;
    w_object *k, *v;
    while (w_dict_next(d, &pos, &k, &v)) {
        int64_t kv;
        w_int_as_i64(k, &kv);
        cr_assert_gt(kv, prev, "insertion order");
        prev = kv;
        count++;
    }
    cr_assert_eq(count, n);
    GC_LEAVE();
}

Test(dict, key_error_carries_the_key)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *k = NULL;
    GC_ROOT(d);
    GC_ROOT(k);
    k = w_str_from_cstr("a");
    cr_assert_null(space_getitem(d, k));
    fx_assert_raised(w_exc_KeyError, "'a'");
    k = w_tuple_pack(2, w_int_from_i64(1), w_None);
    cr_assert_null(space_getitem(d, k));
    cr_assert(w_err_matches(w_exc_KeyError));
    w_object *e = w_err_fetch();
    cr_assert_eq(W_TUPLE_SIZE(((w_exc *)e)->args), 1);
    cr_assert_eq(W_TUPLE_ITEMS(((w_exc *)e)->args)[0], k);
    k = w_list_new(0);
    cr_assert_null(space_getitem(d, k));
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'list'");
    GC_LEAVE();
}

Test(dict, popitem_is_lifo_and_reports_empty)
{
    GC_ENTER();
    w_object *d = w_dict_new();
    GC_ROOT(d);
    set_ii(d, 1, 2);
    set_ii(d, 3, 4);
    fx_assert_repr(call(d, "popitem", 0, NULL), "(3, 4)");
    fx_assert_repr(d, "{1: 2}");
    fx_assert_repr(call(d, "popitem", 0, NULL), "(1, 2)");
    cr_assert_null(call(d, "popitem", 0, NULL));
    fx_assert_raised(w_exc_KeyError, "'popitem(): dictionary is empty'");
    GC_LEAVE();
}

Test(dict, pop_get_setdefault)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *k = NULL;
    GC_ROOT(d);
    GC_ROOT(k);
    set_ii(d, 1, 2);
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    args[0] = w_int_from_i64(5);
    args[1] = w_str_from_cstr("x");
    fx_assert_repr(call(d, "get", 2, args), "'x'");
    cr_assert_eq(call(d, "get", 1, args), w_None);
    fx_assert_repr(call(d, "pop", 2, args), "'x'");
    cr_assert_null(call(d, "pop", 1, args));
    fx_assert_raised(w_exc_KeyError, "5");
    fx_assert_repr(call(d, "setdefault", 2, args), "'x'");
    fx_assert_repr(call(d, "setdefault", 1, args), "'x'");
    fx_assert_repr(d, "{1: 2, 5: 'x'}");
    cr_assert_null(call(d, "get", 0, args));
    fx_assert_raised(w_exc_TypeError, "get expected at least 1 argument, got 0");
    GC_LEAVE();
}

Test(dict, update_from_pairs_and_its_errors)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *l = NULL, *p = NULL, *x = NULL;
    GC_ROOT(d);
    GC_ROOT(l);
    GC_ROOT(p);
    GC_ROOT(x);
    l = w_list_new(0);
    x = w_int_from_i64(1);
    p = w_tuple_pack(2, x, x);
    w_list_append(l, p);
    cr_assert_not_null(call1(d, "update", l));
    fx_assert_repr(d, "{1: 1}");
    p = w_tuple_pack(3, x, x, x);
    w_list_append(l, p);
    cr_assert_null(call1(d, "update", l));
    fx_assert_raised(w_exc_ValueError,
                     "dictionary update sequence element #1 has length 3; 2 is required");
    l = w_list_new(0);
    w_list_append(l, x);
    cr_assert_null(call1(d, "update", l));
    fx_assert_raised(w_exc_TypeError,
                     "cannot convert dictionary update sequence element #0 to a sequence");
    GC_LEAVE();
}

Test(dict, constructor_takes_mapping_pairs_and_keywords)
{
    GC_ENTER();
    w_object *src = w_dict_new(), *kn = NULL, *d = NULL;
    GC_ROOT(src);
    GC_ROOT(kn);
    GC_ROOT(d);
    set_ii(src, 1, 2);
    kn = w_str_from_cstr("a");
    kn = w_tuple_pack(1, kn);
    w_object *args[2] = {src, NULL};
    GC_ROOT_ARRAY(args, 2);
    args[1] = w_int_from_i64(3);
    d = space_call(&w_dict_type->ob, args, 1, kn);
    fx_assert_repr(d, "{1: 2, 'a': 3}");
    cr_assert_null(space_call(&w_dict_type->ob, args, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "dict expected at most 1 argument, got 2");
    GC_LEAVE();
}

Test(dict, repr_guards_against_cycles)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *k = NULL;
    GC_ROOT(d);
    GC_ROOT(k);
    set_ii(d, 1, 2);
    k = w_str_from_cstr("x");
    w_dict_set(d, k, d);
    fx_assert_repr(d, "{1: 2, 'x': {...}}");
    GC_LEAVE();
}

Test(dict, views_show_and_compare_like_sets)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *v = NULL, *s = NULL;
    GC_ROOT(d);
    GC_ROOT(v);
    GC_ROOT(s);
    set_ii(d, 1, 2);
    set_ii(d, 3, 4);
    fx_assert_repr(call(d, "keys", 0, NULL), "dict_keys([1, 3])");
    fx_assert_repr(call(d, "values", 0, NULL), "dict_values([2, 4])");
    fx_assert_repr(call(d, "items", 0, NULL), "dict_items([(1, 2), (3, 4)])");
    v = call(d, "keys", 0, NULL);
    s = w_set_from_iterable(v, false);
    cr_assert_eq(space_compare_bool(v, s, W_EQ), 1);
    s = w_set_new(false);
    w_object *one = w_int_from_i64(1);
    w_set_add(s, one);
    fx_assert_repr(space_binop(W_OP_AND, v, s), "{1}");
    fx_assert_repr(space_binop(W_OP_SUB, v, s), "{3}");
    cr_assert_eq(space_len(v), 2);
    v = call(d, "items", 0, NULL);
    s = pair_ii(3, 4);
    cr_assert_eq(space_contains(v, s), 1);
    GC_LEAVE();
}

Test(dict, changing_size_during_iteration_is_an_error)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *it = NULL;
    GC_ROOT(d);
    GC_ROOT(it);
    set_ii(d, 1, 2);
    it = space_iter(d);
    cr_assert_str_eq(W_TYPE(it)->name, "dict_keyiterator");
    fx_assert_repr(space_next(it), "1");
    set_ii(d, 5, 6);
    cr_assert_null(space_next(it));
    fx_assert_raised(w_exc_RuntimeError, "dictionary changed size during iteration");
    cr_assert_null(space_next(it));
    fx_assert_raised(w_exc_RuntimeError, "dictionary changed size during iteration");
    GC_LEAVE();
}

Test(dict, equality_and_fromkeys)
{
    GC_ENTER();
    w_object *a = w_dict_new(), *b = NULL, *l = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(l);
    set_ii(a, 1, 2);
    set_ii(a, 3, 4);
    b = w_dict_new();
    set_ii(b, 3, 4);
    set_ii(b, 1, 2);
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 1, "order does not matter for ==");
    set_ii(b, 1, 3);
    cr_assert_eq(space_compare_bool(a, b, W_NE), 1);
    cr_assert_null(space_richcompare(a, b, W_LT));
    fx_assert_raised(w_exc_TypeError, "'<' not supported between instances of 'dict' and 'dict'");
    l = w_str_from_cstr("ab");
    b = call1(&w_dict_type->ob, "fromkeys", l);
    fx_assert_repr(b, "{'a': None, 'b': None}");
    GC_LEAVE();
}

Test(dict, entries_survive_collections)
{
    GC_ENTER();
    w_object *d = w_dict_new(), *k = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(k);
    GC_ROOT(v);
    for (int i = 0; i < 5000; i++) {
        k = w_str_from_fmt("k%d", i);
        v = w_str_from_fmt("v%d", i);
        w_dict_set(d, k, v);
    }
    gc_collect_major();
    gc_collect_minor();
    for (int i = 0; i < 5000; i += 777) {
        char kb[16], vb[16];
        snprintf(kb, sizeof kb, "k%d", i);
        snprintf(vb, sizeof vb, "v%d", i);
        w_object *got = w_dict_get_cstr(d, kb);
        cr_assert_not_null(got);
        cr_assert_str_eq(w_str_utf8(got), vb);
    }
    GC_LEAVE();
}

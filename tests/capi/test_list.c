/* test_list.c — borrowed items of list proxies over the runtime's strategy lists. */
#include "tests/capi/fixture.h"

#include "freelists/freelists.h"

TestSuite(list, .init = cx_setup, .fini = cx_teardown);

/* A new reference to the proxy of a runtime list of the ints base, base + 1, ... */
static PyObject *int_list(int64_t n, int64_t base)
{
    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(n);
    for (int64_t i = 0; i < n; i++) {
        v = w_int_from_i64(base + i);
        cr_assert_eq(w_list_append(l, v), 0);
    }
    GC_RETURN(capi_new_ref(l));
}

static w_object *wl(PyObject *p)
{
    return capi_link(p);
}

/* The runtime stores v as item i (v made here). */
static void runtime_set(PyObject *p, int64_t i, int64_t v)
{
    w_object *w = w_int_from_i64(v);
    cr_assert_eq(w_list_set(wl(p), i, w), 0);
}

/* Int proxies alive now, counted from the free list's traffic: each miss makes one,
   each block back on the list was one. */
static int64_t live_ints(void)
{
    freelist_counts c;
    freelist_int_counts(&c);
    return (int64_t)c.misses - (int64_t)c.cached;
}

static long item_long(PyObject *p, Py_ssize_t i)
{
    PyObject *o = PyList_GetItem(p, i);
    cr_assert_not_null(o, "item %zd", i);
    return PyLong_AsLong(o);
}

Test(list, int_reads_keep_the_int_strategy)
{
    PyObject *p = int_list(100, 1000), *first[100]; /* past the shared small ints */
    long sum = 0;
    for (Py_ssize_t i = 0; i < 100; i++) {
        first[i] = PyList_GetItem(p, i);
        sum += PyLong_AsLong(first[i]);
    }
    cr_assert_eq(sum, 104950);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT, "reading from C did not box the list");
    freelist_counts before, after;
    freelist_int_counts(&before);
    size_t young = capi_young_count();
    for (Py_ssize_t i = 0; i < 100; i++)
        cr_assert_eq(PyList_GetItem(p, i), first[i], "a second read gives the same pointer");
    freelist_int_counts(&after);
    cr_assert_eq(after.hits + after.misses, before.hits + before.misses, "and makes nothing");
    cr_assert_eq(capi_young_count(), young, "nor any link");
    cr_assert_null(capi_link(first[0]), "an item of an int list is a value proxy");
    Py_DECREF(p);
}

Test(list, small_int_items_are_the_shared_ints)
{
    PyObject *p = int_list(10, 0);
    PyObject *three = PyList_GetItem(p, 3);
    cr_assert_eq(three, capi_proxy(w_int_from_i64(3)), "the runtime's 3, as PyLong_FromLong(3)");
    cr_assert_eq(PyList_GetItem(p, 3), three);
    cr_assert_eq(PyLong_AsLong(three), 3);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT, "and the list keeps its strategy");
    Py_DECREF(p);
}

Test(list, float_reads_keep_the_float_strategy)
{
    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(0);
    for (int i = 0; i < 20; i++) {
        v = w_float_new(i * 0.5);
        w_list_append(l, v);
    }
    v = w_float_new(-0.0);
    w_list_append(l, v);
    PyObject *p = capi_new_ref(l);
    for (Py_ssize_t i = 0; i < 20; i++)
        cr_assert_eq(PyFloat_AS_DOUBLE(PyList_GetItem(p, i)), i * 0.5);
    cr_assert(signbit(PyFloat_AS_DOUBLE(PyList_GetItem(p, 20))), "-0.0 keeps its sign");
    cr_assert_eq(w_list_strategy_of(l), W_LIST_FLOAT);
    PyObject *a = PyList_GetItem(p, 3);
    cr_assert_eq(PyList_GetItem(p, 3), a);
    v = w_float_new(0.0);
    w_list_set(l, 20, v);
    cr_assert(!signbit(PyFloat_AS_DOUBLE(PyList_GetItem(p, 20))), "0.0 is not -0.0");
    Py_DECREF(p);
    GC_LEAVE();
}

Test(list, runtime_store_is_seen_and_the_old_item_stays_valid)
{
    PyObject *p = int_list(10, 0);
    PyObject *a = PyList_GetItem(p, 3);
    runtime_set(p, 3, 42);
    PyObject *b = PyList_GetItem(p, 3);
    cr_assert_neq(a, b);
    cr_assert_eq(PyLong_AsLong(b), 42);
    cr_assert_eq(PyLong_AsLong(a), 3, "C may still hold the displaced item");
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT);
    Py_DECREF(p);
}

Test(list, a_moved_value_keeps_its_proxy)
{
    PyObject *p = int_list(10, 100), *old[10];
    for (Py_ssize_t i = 0; i < 10; i++)
        old[i] = PyList_GetItem(p, i);
    int64_t live = live_ints();
    w_list_reverse(wl(p));
    for (Py_ssize_t i = 0; i < 10; i++) {
        cr_assert_eq(item_long(p, i), 109 - i);
        cr_assert_eq(PyList_GetItem(p, i), old[9 - i], "item %zd followed its value", i);
    }
    cr_assert_eq(live_ints(), live, "no proxy made for a permutation");
    Py_DECREF(p);
}

Test(list, runtime_sort_and_insert_keep_proxies_by_value)
{
    static const int64_t vals[8] = {5, 3, 9, 1, 7, 2, 8, 6};
    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(0);
    for (int i = 0; i < 8; i++) {
        v = w_int_from_i64(vals[i]);
        w_list_append(l, v);
    }
    PyObject *p = capi_new_ref(l), *by_value[10] = {0};
    for (Py_ssize_t i = 0; i < 8; i++)
        by_value[vals[i]] = PyList_GetItem(p, i);
    cr_assert_eq(w_list_sort(l, NULL, false), 0);
    for (Py_ssize_t i = 0; i < 8; i++) {
        PyObject *o = PyList_GetItem(p, i);
        cr_assert_eq(o, by_value[PyLong_AsLong(o)]);
    }
    v = w_int_from_i64(0);
    cr_assert_eq(w_list_insert(l, 0, v), 0);
    cr_assert_eq(item_long(p, 0), 0);
    for (Py_ssize_t i = 1; i < 9; i++) {
        PyObject *o = PyList_GetItem(p, i);
        cr_assert_eq(o, by_value[PyLong_AsLong(o)], "item %zd after the insert", i);
    }
    Py_DECREF(p);
    GC_LEAVE();
}

Test(list, runtime_appends_and_pops_are_seen)
{
    PyObject *p = int_list(6, 10), *old[6];
    for (Py_ssize_t i = 0; i < 6; i++)
        old[i] = PyList_GetItem(p, i);
    GC_ENTER();
    w_object *v = w_int_from_i64(16);
    GC_ROOT(v);
    cr_assert_eq(w_list_append(wl(p), v), 0);
    cr_assert_eq(PyList_Size(p), 7);
    cr_assert_eq(item_long(p, 6), 16, "an appended item is read");
    cr_assert_eq(PyList_GetItem(p, 5), old[5], "the others keep their proxies");
    cr_assert_not_null(w_list_pop(wl(p), 0));
    cr_assert_not_null(w_list_pop(wl(p), 5));
    cr_assert_eq(PyList_Size(p), 5);
    for (Py_ssize_t i = 0; i < 5; i++)
        cr_assert_eq(PyList_GetItem(p, i), old[i + 1], "item %zd moved down with its proxy", i);
    cr_assert_null(PyList_GetItem(p, 5));
    fx_assert_raised(w_exc_IndexError, "list index out of range");
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT);
    Py_DECREF(p);
    GC_LEAVE();
}

Test(list, switch_to_the_object_strategy_keeps_pointers)
{
    PyObject *p = int_list(5, 0), *old[5];
    for (Py_ssize_t i = 0; i < 5; i++)
        old[i] = PyList_GetItem(p, i);
    GC_ENTER();
    w_object *s = w_str_from_cstr("five");
    GC_ROOT(s);
    cr_assert_eq(w_list_append(wl(p), s), 0);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_OBJECT);
    for (Py_ssize_t i = 0; i < 5; i++)
        cr_assert_eq(PyList_GetItem(p, i), old[i], "item %zd is still the proxy C has", i);
    cr_assert_eq(PyList_GetItem(p, 5), capi_proxy(s), "an object item is its own proxy");
    Py_DECREF(p);
    GC_LEAVE();
}

Test(list, c_stores_read_back_and_keep_the_strategy)
{
    PyObject *p = int_list(6, 0);
    PyList_GetItem(p, 2);
    size_t young = capi_young_count();
    PyObject *v = PyLong_FromLong(7777);
    cr_assert_eq(PyList_SetItem(p, 2, v), 0);
    cr_assert_eq(PyList_GetItem(p, 2), v, "GetItem gives back what SetItem stored");
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT);
    cr_assert_null(capi_link(v), "the int stays a value proxy");
    cr_assert_eq(capi_young_count(), young);
    PyObject *f = PyLong_FromLong(5);
    cr_assert_eq(PyList_Append(p, f), 0);
    cr_assert_eq(PyList_GET_ITEM(p, 6), f);
    Py_DECREF(f);
    cr_assert_eq(PyLong_AsLong(PyList_GET_ITEM(p, 6)), 5, "the list keeps what it appended");
    PyObject *s = PyUnicode_FromString("x");
    cr_assert_eq(PyList_SetItem(p, 3, s), 0);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_OBJECT);
    cr_assert_eq(PyList_GetItem(p, 3), s);
    cr_assert_eq(PyList_GetItem(p, 2), v, "still the stored int");
    cr_assert_eq(PyList_SetItem(p, 9, PyLong_FromLong(1)), -1);
    fx_assert_raised(w_exc_IndexError, "list assignment index out of range");
    cr_assert_null(PyList_GetItem(p, 9));
    fx_assert_raised(w_exc_IndexError, "list index out of range");
    Py_DECREF(p);
}

Test(list, c_insert_and_slices_shift_the_entries)
{
    PyObject *p = int_list(6, 0), *old[6];
    for (Py_ssize_t i = 0; i < 6; i++)
        old[i] = PyList_GetItem(p, i);
    PyObject *v = PyLong_FromLong(-1);
    cr_assert_eq(PyList_Insert(p, 0, v), 0);
    cr_assert_eq(PyList_GetItem(p, 0), v);
    Py_DECREF(v);
    for (Py_ssize_t i = 0; i < 6; i++)
        cr_assert_eq(PyList_GetItem(p, i + 1), old[i]);
    cr_assert_eq(PyList_SetSlice(p, 1, 3, NULL), 0); /* drops 0 and 1 */
    cr_assert_eq(PyList_Size(p), 5);
    for (Py_ssize_t i = 2; i < 6; i++)
        cr_assert_eq(PyList_GetItem(p, i - 1), old[i]);
    cr_assert_eq(PyList_Reverse(p), 0);
    cr_assert_eq(PyList_GetItem(p, 0), old[5]);
    cr_assert_eq(PyList_GetItem(p, 4), PyList_GetItem(p, 4));
    cr_assert_eq(PyLong_AsLong(PyList_GetItem(p, 4)), -1);
    Py_DECREF(p);
}

Test(list, a_list_c_fills_becomes_an_int_list)
{
    PyObject *p = PyList_New(5), *items[5];
    for (Py_ssize_t i = 0; i < 5; i++)
        cr_assert_null(PyList_GET_ITEM(p, i), "slot %zd is not filled yet", i);
    cr_assert_null(PyList_GetItem(p, 0));
    cr_assert(!w_err_occurred(), "an unfilled slot is NULL without an error");
    for (Py_ssize_t i = 0; i < 5; i++) {
        items[i] = PyLong_FromLong(1000 + i * 3);
        PyList_SET_ITEM(p, i, items[i]);
    }
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT, "filled with ints: an int list");
    for (Py_ssize_t i = 0; i < 5; i++) {
        cr_assert_eq(PyList_GET_ITEM(p, i), items[i]);
        cr_assert_null(capi_link(items[i]));
    }
    Py_DECREF(p);
}

Test(list, fast_items_is_every_item)
{
    PyObject *p = int_list(4, 0);
    PyObject *s = PyUnicode_FromString("s");
    PyList_Append(p, s);
    PyObject *f = PySequence_Fast(p, "no");
    cr_assert_eq(f, p);
    PyObject **items = PySequence_Fast_ITEMS(f);
    cr_assert_eq(PySequence_Fast_GET_SIZE(f), 5);
    for (Py_ssize_t i = 0; i < 5; i++)
        cr_assert_eq(items[i], PyList_GET_ITEM(p, i));
    cr_assert_eq(items[4], s);
    Py_DECREF(s);
    Py_DECREF(f);
    Py_DECREF(p);
}

Test(list, proxies_of_dropped_values_are_released)
{
    PyObject *p = int_list(100, 0);
    int64_t live = live_ints();
    for (int64_t round = 1; round <= 50; round++) {
        for (Py_ssize_t i = 0; i < 100; i++)
            runtime_set(p, i, round * 1000 + i);
        for (Py_ssize_t i = 0; i < 100; i++)
            cr_assert_eq(item_long(p, i), round * 1000 + i);
    }
    cr_assert_leq(live_ints() - live, 400, "the pool is swept (%lld alive)",
                  (long long)(live_ints() - live));
    Py_DECREF(p);
    gc_collect_major();
    cr_assert_leq(live_ints() - live, 0, "and freed with the list");
}

Test(list, object_items_follow_their_objects)
{
    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(0);
    for (int i = 0; i < 5; i++) {
        v = w_str_from_fmt("item %d", i);
        w_list_append(l, v);
    }
    PyObject *p = capi_new_ref(l);
    PyObject *a = PyList_GetItem(p, 2);
    cr_assert(PyUnicode_Check(a));
    gc_collect_minor();
    cr_assert_eq(PyList_GetItem(p, 2), a);
    cr_assert_eq(capi_link(a), w_list_get(l, 2), "the link followed the move");
    gc_collect_major();
    cr_assert_str_eq(PyUnicode_AsUTF8(PyList_GetItem(p, 2)), "item 2");
    Py_DECREF(p);
    GC_LEAVE();
}

Test(list, stress_mode)
{
    cx_restart_in_stress_mode();
    PyObject *p = PyList_New(3);
    PyList_SET_ITEM(p, 0, PyLong_FromLong(1));
    PyList_SET_ITEM(p, 1, PyUnicode_FromString("two"));
    PyList_SET_ITEM(p, 2, PyFloat_FromDouble(3.0));
    for (int i = 0; i < 30; i++) {
        PyObject *v = i % 3 ? PyLong_FromLong(i) : PyUnicode_FromString("xy");
        cr_assert_eq(PyList_Append(p, v), 0);
        Py_DECREF(v);
        PyObject *g = PyList_GetSlice(p, 1, 3);
        cr_assert_eq(PyList_Size(g), 2);
        Py_DECREF(g);
    }
    cr_assert_eq(PyLong_AsLong(PyList_GetItem(p, 0)), 1);
    cr_assert_str_eq(PyUnicode_AsUTF8(PyList_GetItem(p, 1)), "two");
    cr_assert_eq(PyFloat_AS_DOUBLE(PyList_GetItem(p, 2)), 3.0);
    cr_assert_eq(PyList_Sort(p), -1, "str and int do not compare");
    w_err_clear();
    cr_assert_eq(PyList_SetSlice(p, 1, 3, NULL), 0);
    for (Py_ssize_t i = 1; i < PyList_Size(p); i++) {
        PyObject *o = PyList_GetItem(p, i);
        cr_assert(PyLong_Check(o) || PyUnicode_Check(o));
    }
    PyObject *t = PyList_AsTuple(p);
    cr_assert_eq(PyTuple_GET_SIZE(t), PyList_Size(p));
    Py_DECREF(t);
    Py_DECREF(p);
}

/* PyList_SET_ITEM over an item leaves the list's reference to it with the caller, as
   CPython's macro does: C's idiom old = GET_ITEM; SET_ITEM(new); Py_DECREF(old) must
   neither free the old item twice nor leave it dead before the DECREF. */
Test(list, set_item_macro_hands_the_old_reference_to_the_caller)
{
    PyObject *l = int_list(3, 1000);
    PyObject *old = PyList_GET_ITEM(l, 1); /* a value proxy the list's cache holds */
    cr_assert_eq(Py_REFCNT(old), 1);
    PyList_SET_ITEM(l, 1, PyLong_FromLong(5));
    cr_assert_eq(Py_REFCNT(old), 1, "the cache's reference is the caller's now");
    cr_assert_eq(PyLong_AsLong(old), 1001);
    Py_DECREF(old);
    fx_assert_repr(wl(l), "[1000, 5, 1002]");

    /* an object item: the caller gets a reference of its own to the item's proxy */
    PyObject *s = PyList_New(0);
    PyObject *text = PyUnicode_FromString("kept");
    cr_assert_eq(PyList_Append(s, text), 0);
    Py_DECREF(text);
    PyObject *obj = PyList_GET_ITEM(s, 0);
    Py_ssize_t before = Py_REFCNT(obj);
    PyList_SET_ITEM(s, 0, PyLong_FromLong(7));
    cr_assert_eq(Py_REFCNT(obj), before + 1);
    cr_assert_str_eq(PyUnicode_AsUTF8(obj), "kept");
    Py_DECREF(obj);
    fx_assert_repr(wl(s), "[7]");
    Py_DECREF(s);
    Py_DECREF(l);
}

/* ---- the view: code compiled for CPython reads ob_item and ob_size directly ------------ */

static PyObject **items(PyObject *p)
{
    return ((PyListObject *)p)->ob_item;
}

static Py_ssize_t ob_size(PyObject *p)
{
    return ((PyVarObject *)p)->ob_size;
}

static long direct_long(PyObject *p, Py_ssize_t i)
{
    cr_assert_not_null(items(p)[i], "ob_item[%zd]", i);
    return PyLong_AsLong(items(p)[i]);
}

Test(list, the_view_follows_the_runtime)
{
    PyObject *p = int_list(6, 10);
    cr_assert_eq(PyList_GET_SIZE(p), 6, "asking for the size starts the view");
    for (Py_ssize_t i = 0; i < 6; i++) {
        cr_assert_eq(items(p)[i], PyList_GET_ITEM(p, i));
        cr_assert_eq(direct_long(p, i), 10 + i);
    }
    PyObject *thirteen = items(p)[3];
    GC_ENTER();
    w_object *v = w_int_from_i64(16);
    GC_ROOT(v);
    /* every change below is read back with no call in between */
    cr_assert_eq(w_list_append(wl(p), v), 0);
    cr_assert_eq(ob_size(p), 7);
    cr_assert_eq(direct_long(p, 6), 16);
    v = w_int_from_i64(9);
    cr_assert_eq(w_list_insert(wl(p), 0, v), 0);
    cr_assert_eq(ob_size(p), 8);
    cr_assert_eq(direct_long(p, 0), 9);
    cr_assert_eq(items(p)[4], thirteen, "a shifted item keeps its proxy");
    cr_assert_not_null(w_list_pop(wl(p), 1));
    cr_assert_eq(ob_size(p), 7);
    w_list_reverse(wl(p));
    static const long reversed[7] = {16, 15, 14, 13, 12, 11, 9};
    for (Py_ssize_t i = 0; i < 7; i++)
        cr_assert_eq(direct_long(p, i), reversed[i]);
    cr_assert_eq(items(p)[3], thirteen, "a permutation keeps every value's proxy");
    cr_assert_eq(w_list_sort(wl(p), NULL, false), 0);
    cr_assert_eq(direct_long(p, 0), 9);
    cr_assert_eq(items(p)[3], thirteen);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_INT, "the view costs no strategy");
    v = w_str_from_cstr("s");
    cr_assert_eq(w_list_set(wl(p), 6, v), 0);
    cr_assert_eq(items(p)[6], capi_proxy(v));
    cr_assert_eq(items(p)[3], thirteen, "leaving the int strategy keeps the pointers");
    cr_assert_eq(w_list_del_slice(wl(p), 0, 2, 3), 0); /* items 0, 2, 4 */
    cr_assert_eq(ob_size(p), 4);
    fx_assert_repr(wl(p), "[11, 13, 15, 's']");
    for (Py_ssize_t i = 0; i < 4; i++)
        cr_assert_eq(items(p)[i], PyList_GET_ITEM(p, i));
    w_list_clear(wl(p));
    cr_assert_eq(ob_size(p), 0);
    Py_DECREF(p);
    GC_LEAVE();
}

/* Cython's __Pyx_PyList_GetSlice: the items are copied out of the source's ob_item
   into the ob_item of a fresh PyList_New, with a reference each. */
Test(list, c_fills_a_new_list_through_ob_item)
{
    PyObject *src = int_list(10, 0);
    cr_assert_eq(PyList_GET_SIZE(src), 10);
    PyObject *dst = PyList_New(4);
    for (Py_ssize_t i = 0; i < 4; i++) {
        items(dst)[i] = items(src)[i + 3];
        Py_INCREF(items(dst)[i]);
    }
    w_object *w = capi_w(dst); /* crossing into the runtime takes the items up */
    fx_assert_repr(w, "[3, 4, 5, 6]");
    cr_assert_eq(w_list_strategy_of(w), W_LIST_INT, "a list C filled with ints is an int list");
    for (Py_ssize_t i = 0; i < 4; i++)
        cr_assert_eq(PyList_GET_ITEM(dst, i), items(src)[i + 3], "item %zd is C's proxy", i);

    PyObject *mixed = PyList_New(3);
    items(mixed)[0] = PyUnicode_FromString("a");
    items(mixed)[2] = PyFloat_FromDouble(2.5);
    cr_assert_eq(PyList_GET_SIZE(mixed), 3, "a call on the list takes the items up too");
    cr_assert_null(PyList_GET_ITEM(mixed, 1), "the slot C did not fill");
    PyList_SET_ITEM(mixed, 1, Py_NewRef(Py_None));
    fx_assert_repr(capi_w(mixed), "['a', None, 2.5]");
    gc_collect_major();
    cr_assert_str_eq(PyUnicode_AsUTF8(items(mixed)[0]), "a");
    Py_DECREF(mixed);
    Py_DECREF(dst);
    Py_DECREF(src);
}

/* Cython's `first, *middle, last = seq`: each trailing item is read with PyList_GET_ITEM
   and taken off with ob_size--, its reference passing from the list to C. */
Test(list, c_takes_the_last_items_by_shrinking_ob_size)
{
    int64_t live = live_ints();
    PyObject *p = int_list(5, 1000);
    Py_ssize_t n = PyList_GET_SIZE(p);
    PyObject *last = PyList_GET_ITEM(p, n - 1);
    ((PyVarObject *)p)->ob_size--;
    PyObject *prev = PyList_GET_ITEM(p, n - 2);
    ((PyVarObject *)p)->ob_size--;
    fx_assert_repr(capi_w(p), "[1000, 1001, 1002]");
    gc_collect_major();
    cr_assert_eq(PyLong_AsLong(last), 1004, "the items are C's now");
    cr_assert_eq(PyLong_AsLong(prev), 1003);
    Py_DECREF(last);
    Py_DECREF(prev);

    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(0);
    for (int i = 0; i < 3; i++) {
        v = w_str_from_fmt("s%d", i);
        w_list_append(l, v);
    }
    PyObject *s = capi_new_ref(l);
    cr_assert_eq(PyList_GET_SIZE(s), 3);
    PyObject *s2 = PyList_GET_ITEM(s, 2);
    ((PyVarObject *)s)->ob_size--;
    cr_assert_eq(PyList_Size(s), 2);
    l = v = NULL;
    Py_DECREF(s);
    gc_collect_major();
    gc_collect_major();
    cr_assert_str_eq(PyUnicode_AsUTF8(s2), "s2", "an object item C took outlives its list");
    Py_DECREF(s2);
    GC_LEAVE();
    Py_DECREF(p);
    gc_collect_major();
    cr_assert_eq(live_ints(), live, "every proxy the list made went with it");
}

/* A sort that empties the list while it runs (object items) keeps the value proxies C
   holds, however many. */
Test(list, a_sort_keeps_what_c_holds)
{
    PyObject *p = int_list(300, 0);
    cr_assert_eq(PyList_GET_SIZE(p), 300);
    PyObject *held = items(p)[123];
    GC_ENTER();
    w_object *f = w_float_new(0.5);
    GC_ROOT(f);
    cr_assert_eq(w_list_append(wl(p), f), 0);
    cr_assert_eq(w_list_strategy_of(wl(p)), W_LIST_OBJECT);
    w_list_reverse(wl(p));
    cr_assert_eq(PyList_Sort(p), 0);
    cr_assert_eq(PyLong_AsLong(held), 123);
    cr_assert_eq(PyFloat_AsDouble(items(p)[1]), 0.5);
    cr_assert_eq(direct_long(p, 124), 123);
    Py_DECREF(p);
    GC_LEAVE();
}

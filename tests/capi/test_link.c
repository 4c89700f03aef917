/* test_link.c — the invariants of proxies and links: identity, moves, lifetime, the map. */
#include "tests/capi/fixture.h"

#include "freelists/freelists.h"

TestSuite(link, .init = cx_setup, .fini = cx_teardown);
TestSuite(link_young, .init = cx_setup_without_stress, .fini = cx_teardown);

/* A fresh runtime list, young, of n ints. */
static w_object *young_list(int n)
{
    GC_ENTER();
    w_object *l = NULL, *v = NULL;
    GC_ROOT(l);
    GC_ROOT(v);
    l = w_list_new(0);
    for (int i = 0; i < n; i++) {
        v = w_str_from_fmt("item %d", i);
        w_list_append(l, v);
    }
    GC_RETURN(l);
}

Test(link_young, same_object_same_proxy)
{
    GC_ENTER();
    w_object *l = young_list(3);
    GC_ROOT(l);
    cr_assert(gc_is_young(l));
    PyObject *p = capi_proxy(l);
    cr_assert_eq(capi_proxy(l), p);
    cr_assert_eq(capi_link(p), l);
    gc_collect_minor(); /* moves l out of the nursery */
    cr_assert(!gc_is_young(l));
    cr_assert_eq(capi_link(p), l, "the link follows the move");
    cr_assert_eq(capi_proxy(l), p, "the reverse link follows the move");
    gc_collect_major();
    cr_assert_eq(capi_proxy(l), p);
    GC_LEAVE();
}

Test(link, statics_have_fixed_proxies)
{
    cr_assert_eq(capi_proxy(w_None), Py_None);
    cr_assert_eq(capi_proxy(w_True), Py_True);
    cr_assert_eq(capi_proxy(w_False), Py_False);
    cr_assert_eq(capi_proxy((w_object *)w_int_type), (PyObject *)&PyLong_Type);
    cr_assert_eq(capi_w(Py_None), w_None);
    cr_assert_eq(capi_w((PyObject *)&PyTuple_Type), (w_object *)w_tuple_type);
    cr_assert_eq(capi_map_size(), 0, "statics never enter the map");
}

Test(link, proxy_held_by_c_keeps_object_alive)
{
    PyObject *p = capi_new_ref(young_list(5));
    cr_assert_gt(p->ob_refcnt, FERRY_REFCNT_HOST);
    /* nothing but the proxy refers to the list now */
    for (int i = 0; i < 3; i++) {
        gc_collect_minor();
        young_list(100); /* garbage to reuse the nursery */
    }
    gc_collect_major();
    w_object *l = capi_link(p);
    cr_assert(l && W_LIST_CHECK(l));
    cr_assert_eq(w_list_size(l), 5);
    cr_assert(w_str_eq_cstr(w_list_get(l, 4), "item 4"));
    Py_DECREF(p);
}

Test(link, proxy_freed_when_both_sides_drop_it)
{
    gc_collect_major();
    size_t before = capi_map_size();
    PyObject *p = capi_new_ref(young_list(2));
    gc_collect_minor(); /* the list survives (C holds it) and its proxy enters the map */
    cr_assert_eq(capi_map_size(), before + 1);
    cr_assert_eq(capi_young_count(), 0);
    Py_DECREF(p); /* C lets go: the runtime's share remains */
    cr_assert_eq(p->ob_refcnt, FERRY_REFCNT_HOST);
    gc_collect_major(); /* nobody holds the list: it dies, the proxy is freed */
    cr_assert_eq(capi_map_size(), before, "the reverse map is back to its size");
}

Test(link_young, young_object_dies_without_touching_the_map)
{
    size_t before = capi_map_size();
    capi_proxy(young_list(1));
    cr_assert_eq(capi_young_count(), 1);
    gc_collect_minor();
    cr_assert_eq(capi_young_count(), 0);
    cr_assert_eq(capi_map_size(), before);
}

/* A C tuple with a NULL item cannot cross: SystemError, whether C hands it over (its
   items' references are taken one by one, the one taken before the hole included) or
   only lends it (the tuple stays as it was). */
Test(link, c_tuple_with_a_null_item_does_not_cross)
{
    PyObject *t = PyTuple_New(3);
    PyTuple_SET_ITEM(t, 0, PyLong_FromLong(1000));
    PyTuple_SET_ITEM(t, 2, PyFloat_FromDouble(2.5));
    cr_assert_null(capi_w(t));
    fx_assert_raised(w_exc_SystemError, "tuple item 1 is NULL when it crossed into the runtime");
    cr_assert_null(capi_link(t));
    cr_assert(PyTuple_GET_ITEM(t, 0) && PyTuple_GET_ITEM(t, 2), "lent: the items stay");
    cr_assert_null(capi_w_steal(t), "handed over: the tuple and its items are freed");
    fx_assert_raised(w_exc_SystemError, "tuple item 1 is NULL when it crossed into the runtime");
}

Test(link, c_created_object_round_trips_with_identity)
{
    PyObject *t = PyTuple_New(2);
    PyTuple_SET_ITEM(t, 0, PyLong_FromLong(7));
    PyTuple_SET_ITEM(t, 1, PyUnicode_FromString("x"));
    cr_assert_null(capi_link(t));
    GC_ENTER();
    w_object *w = capi_w(t);
    GC_ROOT(w);
    cr_assert(w && W_TUPLE_CHECK(w));
    cr_assert_eq(capi_link(t), w);
    cr_assert_eq(capi_proxy(w), t, "the runtime object leads back to the same proxy");
    gc_collect_minor();
    cr_assert_eq(capi_proxy(w), t);
    cr_assert_eq(capi_w(t), w);
    cr_assert_eq(capi_w(PyTuple_GET_ITEM(t, 0)), W_TUPLE_ITEMS(w)[0]);
    Py_DECREF(t);
    GC_LEAVE();
}

Test(link, handed_over_int_converts_by_value)
{
    size_t young = capi_young_count(), map = capi_map_size();
    freelist_counts before, after;
    freelist_int_counts(&before);
    PyObject *o = PyLong_FromLong(123456789);
    w_object *w = capi_w_steal(o);
    cr_assert(W_INT_CHECK(w) && w_int_small_value(w) == 123456789);
    cr_assert_eq(capi_young_count(), young, "no link was made");
    cr_assert_eq(capi_map_size(), map);
    freelist_int_counts(&after);
    cr_assert_eq(after.cached, before.cached + 1, "the proxy went back to the free list");
    o = PyLong_FromLong(5);
    freelist_int_counts(&after);
    cr_assert_eq(after.hits, before.hits + 1, "and the next int reuses it");
    Py_DECREF(o);
}

Test(link, handed_over_tuple_of_ints_converts_by_value)
{
    size_t young = capi_young_count();
    PyObject *t = PyTuple_Pack(0);
    Py_DECREF(t);
    t = PyTuple_New(2);
    PyTuple_SET_ITEM(t, 0, PyLong_FromLong(1 << 20));
    PyTuple_SET_ITEM(t, 1, PyFloat_FromDouble(2.5));
    w_object *w = capi_w_steal(t);
    cr_assert(W_TUPLE_CHECK(w) && W_TUPLE_SIZE(w) == 2);
    cr_assert_eq(w_int_small_value(W_TUPLE_ITEMS(w)[0]), 1 << 20);
    cr_assert_eq(capi_young_count(), young, "no link for the tuple or its items");
}

Test(link, shared_int_gets_a_link)
{
    PyObject *o = PyLong_FromLong(99);
    Py_INCREF(o); /* C keeps a reference: the identity must hold */
    GC_ENTER();
    w_object *w = capi_w_steal(o);
    GC_ROOT(w);
    cr_assert_eq(capi_link(o), w);
    cr_assert_eq(capi_proxy(w), o);
    Py_DECREF(o);
    GC_LEAVE();
}

Test(link, stress_mode_moves_keep_links)
{
    cx_restart_in_stress_mode();
    PyObject *p = capi_new_ref(young_list(20));
    PyObject *q = capi_new_ref(w_tuple_pack(2, capi_link(p), w_None));
    cr_assert_eq(PyTuple_GET_ITEM(q, 0), p, "the tuple proxy's item is the list's proxy");
    young_list(50);
    cr_assert_eq(w_list_size(capi_link(p)), 20);
    cr_assert_eq(W_TUPLE_ITEMS(capi_link(q))[0], capi_link(p));
    Py_DECREF(q);
    Py_DECREF(p);
}

Test(link, c_value_of_a_shared_runtime_object_stays_unlinked)
{
    /* "q" is the runtime's cached one-character str, which may have its own proxy
       already: a C-made "q" that C keeps must not become a second proxy of it */
    PyObject *mine = PyUnicode_FromString("q");
    PyObject *runtime_q = capi_proxy(w_str_from_cstr("q"));
    cr_assert_neq(mine, runtime_q);
    w_object *w1 = capi_w(mine);
    w_object *w2 = capi_w(mine);
    cr_assert_eq(w1, w2);
    cr_assert_eq(capi_proxy(w1), runtime_q, "the runtime object keeps its one proxy");
    cr_assert_null(capi_link(mine), "the C value stays unlinked");
    gc_collect_major();
    cr_assert_str_eq(PyUnicode_AsUTF8(mine), "q");
    Py_DECREF(mine);
}

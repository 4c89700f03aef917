/* test_types.c — extension types: readying, instances' lifetime, and cycles through both heaps. */
#include "tests/capi/fixture.h"

#include <unistd.h>

TestSuite(types, .init = cx_setup, .fini = cx_teardown);

/* ---- a GC-tracked node holding one reference ---------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *ref;
} node;

static long live_nodes;

static int node_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((node *)self)->ref);
    return 0;
}

static int node_clear(PyObject *self)
{
    Py_CLEAR(((node *)self)->ref);
    return 0;
}

static void node_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    node_clear(self);
    live_nodes--;
    PyObject_GC_Del(self);
}

static PyTypeObject node_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.Node",
    .tp_basicsize = sizeof(node),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = node_traverse,
    .tp_clear = node_clear,
    .tp_dealloc = node_dealloc,
};

static node *node_new(PyObject *ref)
{
    node *n = PyObject_GC_New(node, &node_type);
    cr_assert(n);
    n->ref = Py_XNewRef(ref);
    live_nodes++;
    PyObject_GC_Track(n);
    return n;
}

/* A cycle through both heaps: a runtime list holding a node whose C field is the list.
   Returns the list, a new reference. */
static PyObject *make_cycle(void)
{
    PyObject *l = PyList_New(0);
    node *n = node_new(l);
    cr_assert_eq(PyList_Append(l, (PyObject *)n), 0);
    Py_DECREF(n);
    return l;
}

static void collect(void)
{
    gc_collect_major();
    capi_flush_pending();
}

Test(types, ready_makes_a_runtime_type)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    cr_assert(node_type.tp_flags & Py_TPFLAGS_READY);
    w_type *t = capi_w_type(&node_type);
    cr_assert(t && (t->flags & W_TF_EXTENSION));
    cr_assert_eq(capi_type(t), &node_type);
    cr_assert_eq(node_type.tp_base, &PyBaseObject_Type);
    cr_assert_eq(node_type.tp_free, PyObject_GC_Del, "GC types inherit the GC deallocator");
    fx_assert_repr(&t->ob, "<class 'test.Node'>");
}

Test(types, instance_never_crossed_dies_at_decref)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    live_nodes = 0;
    node *n = node_new(NULL);
    cr_assert_eq(capi_gc_tracked_count(), 1);
    Py_DECREF(n);
    cr_assert_eq(live_nodes, 0, "as in CPython: no runtime object, so freed at once");
    cr_assert_eq(capi_gc_tracked_count(), 0);
}

/* 100,000 dead cycles go, and with them every proxy, map entry and tracked object; the
   memory they took is reused: a second round of them does not grow the process. */
static void cycles_round(void)
{
    for (int i = 0; i < 100000; i++)
        Py_DECREF(make_cycle());
    cr_assert_eq(live_nodes, 100000);
    collect();
    cr_assert_eq(live_nodes, 0, "%ld nodes of dead cycles left", live_nodes);
}

Test(types, cycles_through_both_heaps_are_collected)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    live_nodes = 0;
    collect();
    size_t map0 = capi_map_size(), tracked0 = capi_gc_tracked_count();
    gc_stats s0, s1;
    gc_get_stats(&s0);
    cycles_round();
    cr_assert_eq(capi_map_size(), map0, "map: %zu entries, %zu before", capi_map_size(), map0);
    cr_assert_eq(capi_gc_tracked_count(), tracked0);
    gc_get_stats(&s1);
    cr_assert_leq(s1.old_bytes_live, s0.old_bytes_live + 64 * 1024,
                  "old space: %llu bytes live, %llu before",
                  (unsigned long long)s1.old_bytes_live, (unsigned long long)s0.old_bytes_live);
    /* the first round grew the heaps (the old space and malloc keep what they got); the
       second reuses that memory */
    size_t rss1 = rss_kib();
    cycles_round();
    cr_assert_eq(capi_map_size(), map0);
    if (RSS_REUSED)
        cr_assert_leq(rss_kib(), rss1 + 4 * 1024, "RSS grew from %zu KiB to %zu KiB", rss1, rss_kib());
}

Test(types, cycle_held_by_the_runtime_survives)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    live_nodes = 0;
    PyObject *l = make_cycle();
    void **held = gc_handle_persist(capi_link(l)); /* the runtime's reference */
    node *n = (node *)PyList_GetItem(l, 0);
    Py_DECREF(l);
    collect();
    collect();
    cr_assert_eq(live_nodes, 1);
    cr_assert_eq(capi_link((PyObject *)n) != NULL, 1);
    cr_assert_eq(capi_proxy(*held), n->ref, "the node still holds the same list");
    cr_assert_eq(PyList_GetItem(n->ref, 0), (PyObject *)n, "and the list the same node");
    gc_handle_release(held);
    collect();
    cr_assert_eq(live_nodes, 0, "collected once the runtime lets go");
}

Test(types, cycle_held_by_c_survives)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    live_nodes = 0;
    PyObject *l = make_cycle();
    node *n = (node *)Py_NewRef(PyList_GetItem(l, 0)); /* C's own reference to the node */
    Py_DECREF(l);
    collect();
    collect();
    cr_assert_eq(live_nodes, 1);
    cr_assert(PyList_Check(n->ref));
    cr_assert_eq(PyList_GetItem(n->ref, 0), (PyObject *)n);
    Py_DECREF(n);
    collect();
    cr_assert_eq(live_nodes, 0);
}

Test(types, chain_of_nodes_through_runtime_tuples)
{
    /* node -> tuple -> node -> tuple ... -> first node: one cycle of 2000 objects */
    cr_assert_eq(PyType_Ready(&node_type), 0);
    live_nodes = 0;
    node *first = node_new(NULL), *prev = first;
    for (int i = 0; i < 1000; i++) {
        node *n = node_new(NULL);
        PyObject *t = PyTuple_Pack(1, (PyObject *)n);
        cr_assert(capi_w(t));
        Py_XSETREF(prev->ref, t);
        Py_DECREF(n);
        prev = n;
    }
    PyObject *t = PyTuple_Pack(1, (PyObject *)first);
    cr_assert(capi_w(t));
    prev->ref = t;
    Py_DECREF(first);
    cr_assert_eq(live_nodes, 1001);
    collect();
    cr_assert_eq(live_nodes, 0);
}

/* ---- a list subtype with a C field: its runtime object is a list ----------------------------- */

typedef struct {
    PyListObject list;
    PyObject *extra;
} xlist;

static long live_xlists;

static int xlist_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((xlist *)self)->extra);
    return 0;
}

static int xlist_clear(PyObject *self)
{
    Py_CLEAR(((xlist *)self)->extra);
    return 0;
}

static void xlist_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    xlist_clear(self);
    live_xlists--;
    PyList_Type.tp_dealloc(self);
}

static PyTypeObject xlist_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.XList",
    .tp_basicsize = sizeof(xlist),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_traverse = xlist_traverse,
    .tp_clear = xlist_clear,
    .tp_dealloc = xlist_dealloc,
};

Test(types, list_subtype_is_a_list_with_c_fields)
{
    xlist_type.tp_base = &PyList_Type;
    cr_assert_eq(PyType_Ready(&xlist_type), 0);
    live_xlists = 0;
    PyObject *args = Py_BuildValue("([iii])", 1, 2, 3);
    PyObject *x = PyObject_Call((PyObject *)&xlist_type, args, NULL);
    Py_DECREF(args);
    cr_assert(x, "XList([1, 2, 3]) made an instance");
    live_xlists++;
    cr_assert(PyList_Check(x) && !PyList_CheckExact(x));
    cr_assert_eq(PyList_Size(x), 3, "list's tp_init filled it");
    cr_assert_eq(PyList_Append(x, x), 0);
    ((xlist *)x)->extra = Py_NewRef(x); /* a cycle through its own C field, too */
    cr_assert_eq(PyLong_AsLong(PyList_GetItem(x, 2)), 3);
    fx_assert_repr(capi_link(x), "[1, 2, 3, [...]]");
    Py_DECREF(x);
    collect();
    cr_assert_eq(live_xlists, 0, "the self-referencing list subtype instance was collected");
}

/* A later runtime in the same process readies the same static type again. */
Test(types, static_type_readied_again_by_a_new_runtime)
{
    cr_assert_eq(PyType_Ready(&node_type), 0);
    cx_teardown();
    cr_assert_eq(node_type.tp_flags & Py_TPFLAGS_READY, 0);
    cx_start(-1);
    cr_assert_eq(PyType_Ready(&node_type), 0);
    cr_assert(capi_w_type(&node_type) && capi_w_type(&node_type)->flags & W_TF_EXTENSION);
    live_nodes = 0;
    node *n = node_new(NULL);
    cr_assert(capi_w((PyObject *)n));
    Py_DECREF(n);
    collect();
    cr_assert_eq(live_nodes, 0);
}

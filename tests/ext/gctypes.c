/* gctypes.c — test extension `gctypes`: GC-tracked types (tp_traverse, tp_clear) whose C fields make cycles through both heaps. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/*
 * Node: one C field `ref` holding any object (a T_OBJECT member, so that Python can close
 * cycles too). Bag: a var-sized GC type (PyObject_GC_NewVar) holding its items inline.
 * `live()` counts the instances of both not yet deallocated, so that a line file sees a
 * collection free them. `held` is a C global keeping one cycle alive from the C side.
 */

static long live_nodes, live_bags;
static PyObject *held;

typedef struct {
    PyObject_HEAD
    PyObject *ref;
    long id;
} NodeObject;

static PyTypeObject NodeType;

static int Node_traverse(NodeObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->ref);
    return 0;
}

static int Node_clear(NodeObject *self)
{
    Py_CLEAR(self->ref);
    return 0;
}

static void Node_dealloc(NodeObject *self)
{
    PyObject_GC_UnTrack(self);
    Node_clear(self);
    live_nodes--;
    PyObject_GC_Del(self);
}

/* Node(ref=None, id=0) through tp_alloc (PyType_GenericAlloc tracks it). */
static PyObject *Node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"ref", "id", NULL};
    PyObject *ref = Py_None;
    long id = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|Ol:Node", kwlist, &ref, &id))
        return NULL;
    NodeObject *self = (NodeObject *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    live_nodes++;
    self->ref = Py_NewRef(ref);
    self->id = id;
    return (PyObject *)self;
}

/* A node made the other way: PyObject_GC_New, fields set, then PyObject_GC_Track. */
static NodeObject *node_make(PyObject *ref, long id)
{
    NodeObject *self = PyObject_GC_New(NodeObject, &NodeType);
    if (!self)
        return NULL;
    live_nodes++;
    self->ref = Py_XNewRef(ref);
    self->id = id;
    PyObject_GC_Track(self);
    return self;
}

static PyObject *Node_repr(NodeObject *self)
{
    return PyUnicode_FromFormat("Node(%ld)", self->id);
}

static PyMemberDef Node_members[] = {
    {"ref", T_OBJECT, offsetof(NodeObject, ref), 0, NULL},
    {"id", T_LONG, offsetof(NodeObject, id), 0, NULL},
    {NULL},
};

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gctypes.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = (destructor)Node_dealloc,
    .tp_repr = (reprfunc)Node_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)Node_traverse,
    .tp_clear = (inquiry)Node_clear,
    .tp_members = Node_members,
    .tp_new = Node_new,
};

/* ---- Bag: var-sized ------------------------------------------------------------------------------ */

typedef struct {
    PyObject_VAR_HEAD
    PyObject *items[1];
} BagObject;

static int Bag_traverse(BagObject *self, visitproc visit, void *arg)
{
    for (Py_ssize_t i = 0; i < Py_SIZE(self); i++)
        Py_VISIT(self->items[i]);
    return 0;
}

static int Bag_clear(BagObject *self)
{
    for (Py_ssize_t i = 0; i < Py_SIZE(self); i++)
        Py_CLEAR(self->items[i]);
    return 0;
}

static void Bag_dealloc(BagObject *self)
{
    PyObject_GC_UnTrack(self);
    Bag_clear(self);
    live_bags--;
    PyObject_GC_Del(self);
}

static Py_ssize_t Bag_length(BagObject *self)
{
    return Py_SIZE(self);
}

/* A cleared slot reads as None. */
static PyObject *Bag_item(BagObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "Bag index out of range");
        return NULL;
    }
    return Py_NewRef(self->items[i] ? self->items[i] : Py_None);
}

static int Bag_ass_item(BagObject *self, Py_ssize_t i, PyObject *v)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "Bag assignment index out of range");
        return -1;
    }
    Py_XSETREF(self->items[i], Py_XNewRef(v));
    return 0;
}

static PySequenceMethods Bag_as_sequence = {
    .sq_length = (lenfunc)Bag_length,
    .sq_item = (ssizeargfunc)Bag_item,
    .sq_ass_item = (ssizeobjargproc)Bag_ass_item,
};

static PyTypeObject BagType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gctypes.Bag",
    .tp_basicsize = offsetof(BagObject, items),
    .tp_itemsize = sizeof(PyObject *),
    .tp_dealloc = (destructor)Bag_dealloc,
    .tp_as_sequence = &Bag_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)Bag_traverse,
    .tp_clear = (inquiry)Bag_clear,
};

/* bag(*items): a Bag made with PyObject_GC_NewVar, holding the items. */
static PyObject *fn_bag(PyObject *m, PyObject *args)
{
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    BagObject *b = PyObject_GC_NewVar(BagObject, &BagType, n);
    if (!b)
        return NULL;
    live_bags++;
    for (Py_ssize_t i = 0; i < n; i++)
        b->items[i] = Py_NewRef(PyTuple_GET_ITEM(args, i));
    PyObject_GC_Track(b);
    return (PyObject *)b;
}

/* ---- cycles -------------------------------------------------------------------------------------- */

/* One cycle runtime list -> C node -> the list; returns the list. */
static PyObject *cycle_new(long id)
{
    PyObject *list = PyList_New(0);
    if (!list)
        return NULL;
    NodeObject *node = node_make(list, id);
    if (!node || PyList_Append(list, (PyObject *)node) < 0) {
        Py_XDECREF(node);
        Py_DECREF(list);
        return NULL;
    }
    Py_DECREF(node);
    return list;
}

static PyObject *fn_cycle(PyObject *m, PyObject *arg)
{
    long id = PyLong_AsLong(arg);
    if (id == -1 && PyErr_Occurred())
        return NULL;
    return cycle_new(id);
}

/* make_cycles(n): n cycles (list -> node -> list, and dict -> node -> dict), all dropped. */
static PyObject *fn_make_cycles(PyObject *m, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    for (long i = 0; i < n; i++) {
        PyObject *c = cycle_new(i);
        if (!c)
            return NULL;
        Py_DECREF(c);
        PyObject *d = PyDict_New();
        NodeObject *node = d ? node_make(d, i) : NULL;
        if (!node || PyDict_SetItemString(d, "node", (PyObject *)node) < 0) {
            Py_XDECREF(node);
            Py_XDECREF(d);
            return NULL;
        }
        Py_DECREF(node);
        Py_DECREF(d);
    }
    Py_RETURN_NONE;
}

/* make_self_cycles(n): n nodes, each its own ref: cycles inside the C heap alone. */
static PyObject *fn_make_self_cycles(PyObject *m, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    for (long i = 0; i < n; i++) {
        NodeObject *node = node_make(NULL, i);
        if (!node)
            return NULL;
        node->ref = Py_NewRef(node);
        Py_DECREF(node);
    }
    Py_RETURN_NONE;
}

/* hold(o): keeps `o` in the C global (None releases it); held(): what it holds. */
static PyObject *fn_hold(PyObject *m, PyObject *o)
{
    Py_XSETREF(held, o == Py_None ? NULL : Py_NewRef(o));
    Py_RETURN_NONE;
}

static PyObject *fn_held(PyObject *m, PyObject *unused)
{
    return Py_NewRef(held ? held : Py_None);
}

static PyObject *fn_live(PyObject *m, PyObject *unused)
{
    return Py_BuildValue("(ll)", live_nodes, live_bags);
}

/* is_gc(o): PyObject_IS_GC, which says whether o's type takes part in cycle collection. */
static PyObject *fn_is_gc(PyObject *m, PyObject *o)
{
    return PyBool_FromLong(PyObject_IS_GC(o));
}

/* untrack_retrack(node): PyObject_GC_UnTrack then PyObject_GC_Track again, the pattern of
   code that mutates an object's references in between. */
static PyObject *fn_untrack_retrack(PyObject *m, PyObject *args)
{
    NodeObject *node;
    PyObject *ref;
    if (!PyArg_ParseTuple(args, "O!O:untrack_retrack", &NodeType, &node, &ref))
        return NULL;
    PyObject_GC_UnTrack(node);
    Py_XSETREF(node->ref, Py_NewRef(ref));
    PyObject_GC_Track(node);
    Py_RETURN_NONE;
}

static PyMethodDef gctypes_functions[] = {
    {"bag", fn_bag, METH_VARARGS, NULL},
    {"cycle", fn_cycle, METH_O, NULL},
    {"make_cycles", fn_make_cycles, METH_O, NULL},
    {"make_self_cycles", fn_make_self_cycles, METH_O, NULL},
    {"hold", fn_hold, METH_O, NULL},
    {"held", fn_held, METH_NOARGS, NULL},
    {"live", fn_live, METH_NOARGS, NULL},
    {"is_gc", fn_is_gc, METH_O, NULL},
    {"untrack_retrack", fn_untrack_retrack, METH_VARARGS, NULL},
    {NULL},
};

static struct PyModuleDef gctypes_module = {
    PyModuleDef_HEAD_INIT, "gctypes", "GC-tracked types and cycles across both heaps.", -1,
    gctypes_functions,
};

PyMODINIT_FUNC PyInit_gctypes(void)
{
    if (PyType_Ready(&NodeType) < 0 || PyType_Ready(&BagType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&gctypes_module);
    if (!m)
        return NULL;
    if (PyModule_AddType(m, &NodeType) < 0 || PyModule_AddType(m, &BagType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* heaptypes.c — test extension `heaptypes`: heap types from PyType_FromSpec* and PyType_FromModuleAndSpec in a multi-phase module with state. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/*
 * The module's exec slot makes every type (capi_heaptypes.lines walks them):
 *   Counter   PyType_FromModuleAndSpec: Py_tp_* slots, number/sequence/mapping slots by id,
 *             members (with __dictoffset__), getsets, a METH_METHOD method that reaches the
 *             module state through its defining class; tp_new counts instances in the state
 *   Derived   "heaptypes.sub.Derived", PyType_FromModuleAndSpec with Counter as base:
 *             overrides repr and nb_add, inherits the rest
 *   Plain     PyType_FromSpec, a name without a dot, Py_TPFLAGS_IMMUTABLETYPE, no module
 *   NoNew     Py_TPFLAGS_DISALLOW_INSTANTIATION
 *   IntSub    PyType_FromModuleAndSpec with a 1-tuple (int,)
 * and the functions make types with PyType_FromSpecWithBases and PyType_FromSpec (their
 * errors included) and probe PyType_GetSlot, PyType_GetModule(State) and reference counts.
 */

typedef struct {
    PyObject *counter_type;
    long created; /* Counter (and Derived) instances made by tp_new */
} heap_state;

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    long value;
} CounterObject;

static PyObject *Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    heap_state *st = PyType_GetModuleState(type);
    if (!st)
        return NULL;
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    CounterObject *self = (CounterObject *)alloc(type, 0);
    if (self)
        st->created++;
    return (PyObject *)self;
}

static int Counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", NULL};
    return PyArg_ParseTupleAndKeywords(args, kwds, "|l:Counter", kwlist, &self->value) ? 0 : -1;
}

/* A heap type's instances own a reference to it, dropped here. */
static void Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_CLEAR(self->dict);
    freefunc free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    free(self);
    Py_DECREF(tp);
}

static PyObject *Counter_repr(CounterObject *self)
{
    return PyUnicode_FromFormat("Counter(%ld)", self->value);
}

static Py_hash_t Counter_hash(CounterObject *self)
{
    return self->value == -1 ? -2 : self->value;
}

static PyObject *Counter_richcompare(PyObject *a, PyObject *b, int op)
{
    PyTypeObject *t = Py_TYPE(a);
    if (!PyObject_TypeCheck(b, t) && !PyObject_TypeCheck(a, Py_TYPE(b)))
        Py_RETURN_NOTIMPLEMENTED;
    Py_RETURN_RICHCOMPARE(((CounterObject *)a)->value, ((CounterObject *)b)->value, op);
}

static PyObject *Counter_add(PyObject *a, PyObject *b)
{
    if (!PyLong_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    long v = PyLong_AsLong(b);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyObject_CallFunction((PyObject *)Py_TYPE(a), "l", ((CounterObject *)a)->value + v);
}

static int Counter_bool(CounterObject *self)
{
    return self->value > 0;
}

static Py_ssize_t Counter_length(CounterObject *self)
{
    return self->value < 0 ? 0 : self->value;
}

static PyObject *Counter_subscript(CounterObject *self, PyObject *key)
{
    return PyUnicode_FromFormat("Counter[%R]", key);
}

static PyObject *Counter_iter(CounterObject *self)
{
    return Py_NewRef(self);
}

/* Counts down to 0, consuming its own value. */
static PyObject *Counter_next(CounterObject *self)
{
    if (self->value <= 0)
        return NULL;
    return PyLong_FromLong(--self->value);
}

/* created(): the module state's count, reached from the defining class (METH_METHOD). */
static PyObject *Counter_created(PyObject *self, PyTypeObject *defining_class, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames)
{
    if (nargs || (kwnames && PyTuple_GET_SIZE(kwnames))) {
        PyErr_SetString(PyExc_TypeError, "created() takes no arguments");
        return NULL;
    }
    heap_state *st = PyType_GetModuleState(defining_class);
    if (!st)
        return NULL;
    PyObject *m = PyType_GetModule(defining_class);
    return Py_BuildValue("(lOO)", st->created, PyModule_GetNameObject(m),
                         (PyObject *)defining_class);
}

static PyObject *Counter_twice(CounterObject *self, PyObject *unused)
{
    return PyLong_FromLong(2 * self->value);
}

static PyMethodDef Counter_methods[] = {
    {"created", (PyCFunction)(void (*)(void))Counter_created,
     METH_METHOD | METH_FASTCALL | METH_KEYWORDS, "created() -> (count, module name, class)"},
    {"twice", (PyCFunction)Counter_twice, METH_NOARGS, NULL},
    {NULL},
};

static PyMemberDef Counter_members[] = {
    {"value", T_LONG, offsetof(CounterObject, value), 0, "the value"},
    {"__dictoffset__", T_PYSSIZET, offsetof(CounterObject, dict), READONLY},
    {NULL},
};

static PyObject *Counter_get_negated(CounterObject *self, void *closure)
{
    return PyLong_FromLong(-self->value);
}

static PyGetSetDef Counter_getset[] = {
    {"negated", (getter)Counter_get_negated, NULL, "-value", NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};

static PyType_Slot Counter_slots[] = {
    {Py_tp_doc, "Counter(value=0)\n--\n\nA counter from a spec."},
    {Py_tp_new, Counter_new},
    {Py_tp_init, Counter_init},
    {Py_tp_dealloc, Counter_dealloc},
    {Py_tp_repr, Counter_repr},
    {Py_tp_hash, Counter_hash},
    {Py_tp_richcompare, Counter_richcompare},
    {Py_tp_iter, Counter_iter},
    {Py_tp_iternext, Counter_next},
    {Py_tp_methods, Counter_methods},
    {Py_tp_members, Counter_members},
    {Py_tp_getset, Counter_getset},
    {Py_nb_add, Counter_add},
    {Py_nb_bool, Counter_bool},
    {Py_sq_length, Counter_length},
    {Py_mp_subscript, Counter_subscript},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "heaptypes.Counter",
    .basicsize = sizeof(CounterObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .slots = Counter_slots,
};

/* ---- Derived ----------------------------------------------------------------------------------- */

static PyObject *Derived_repr(CounterObject *self)
{
    return PyUnicode_FromFormat("Derived(%ld)", self->value);
}

static PyObject *Derived_add(PyObject *a, PyObject *b)
{
    return PyUnicode_FromString("Derived.__add__");
}

static PyType_Slot Derived_slots[] = {
    {Py_tp_repr, Derived_repr},
    {Py_nb_add, Derived_add},
    {0, NULL},
};

static PyType_Spec Derived_spec = {
    .name = "heaptypes.sub.Derived",
    .basicsize = sizeof(CounterObject),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = Derived_slots,
};

/* ---- Plain, NoNew, IntSub ------------------------------------------------------------------------ */

static PyType_Slot Plain_slots[] = {
    {Py_tp_doc, "no module"},
    {0, NULL},
};

static PyType_Spec Plain_spec = {
    .name = "Plain",
    .basicsize = sizeof(PyObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Plain_slots,
};

static PyType_Slot NoNew_slots[] = {
    {0, NULL},
};

static PyType_Spec NoNew_spec = {
    .name = "heaptypes.NoNew",
    .basicsize = sizeof(PyObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = NoNew_slots,
};

static PyObject *IntSub_half(PyObject *self, PyObject *unused)
{
    PyObject *two = PyLong_FromLong(2);
    if (!two)
        return NULL;
    PyObject *r = PyNumber_FloorDivide(self, two);
    Py_DECREF(two);
    return r;
}

static PyMethodDef IntSub_methods[] = {
    {"half", IntSub_half, METH_NOARGS, NULL},
    {NULL},
};

static PyType_Slot IntSub_slots[] = {
    {Py_tp_methods, IntSub_methods},
    {0, NULL},
};

static PyType_Spec IntSub_spec = {
    .name = "heaptypes.IntSub",
    .basicsize = 0,
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = IntSub_slots,
};

/* ---- functions ------------------------------------------------------------------------------------ */

/* get_slot(type, id): None when PyType_GetSlot gives NULL, "Counter_new" etc. when it is
   one of ours, "other" for anyone else's; for a bad id, the name of the exception (CPython's
   SystemError message names its own source file). */
static PyObject *fn_get_slot(PyObject *m, PyObject *args)
{
    PyTypeObject *t;
    int id;
    if (!PyArg_ParseTuple(args, "O!i:get_slot", &PyType_Type, &t, &id))
        return NULL;
    void *p = PyType_GetSlot(t, id);
    if (!p && PyErr_Occurred()) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *name = PyObject_GetAttrString(type, "__name__");
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return name;
    }
    if (!p)
        return Py_NewRef(Py_None);
    static const struct {
        void *fn;
        const char *name;
    } ours[] = {
        {Counter_new, "Counter_new"},   {Counter_init, "Counter_init"},
        {Counter_repr, "Counter_repr"}, {Counter_add, "Counter_add"},
        {Derived_repr, "Derived_repr"}, {Derived_add, "Derived_add"},
        {Counter_length, "Counter_length"}, {Counter_subscript, "Counter_subscript"},
        {Counter_dealloc, "Counter_dealloc"},
    };
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
        if (ours[i].fn == p)
            return PyUnicode_FromString(ours[i].name);
    return PyUnicode_FromString("other");
}

/* slot_ids(): the Py_* slot ids the line file names, as a dict. */
static PyObject *fn_slot_ids(PyObject *m, PyObject *unused)
{
    return Py_BuildValue("{sisisisisisisisisisi}", "tp_new", Py_tp_new, "tp_init", Py_tp_init,
                         "tp_repr", Py_tp_repr, "nb_add", Py_nb_add, "sq_length", Py_sq_length,
                         "mp_subscript", Py_mp_subscript, "tp_dealloc", Py_tp_dealloc,
                         "tp_call", Py_tp_call, "nb_multiply", Py_nb_multiply, "tp_free",
                         Py_tp_free);
}

static PyObject *fn_module_of(PyObject *m, PyObject *t)
{
    if (!PyType_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "module_of() needs a type");
        return NULL;
    }
    return Py_XNewRef(PyType_GetModule((PyTypeObject *)t));
}

static PyObject *fn_state_of(PyObject *m, PyObject *t)
{
    if (!PyType_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "state_of() needs a type");
        return NULL;
    }
    heap_state *st = PyType_GetModuleState((PyTypeObject *)t);
    if (!st)
        return NULL;
    return Py_BuildValue("(lO)", st->created, st->counter_type);
}

/* refcnt(o): Py_REFCNT, for differences only (the absolute value is the runtime's). */
static PyObject *fn_refcnt(PyObject *m, PyObject *o)
{
    return PyLong_FromSsize_t(Py_REFCNT(o));
}

static PyObject *fn_is_heaptype(PyObject *m, PyObject *t)
{
    if (!PyType_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "is_heaptype() needs a type");
        return NULL;
    }
    return PyBool_FromLong(PyType_HasFeature((PyTypeObject *)t, Py_TPFLAGS_HEAPTYPE));
}

/* bad_spec(kind): PyType_FromSpec with something wrong: a slot id out of range, a
   negative one, no name, a base that refuses subclasses, bases that are not a tuple. */
static PyObject *fn_bad_spec(PyObject *m, PyObject *arg)
{
    static PyType_Slot bad_id[] = {{1000, NULL}, {0, NULL}};
    static PyType_Slot negative_id[] = {{-1, NULL}, {0, NULL}};
    static PyType_Slot bool_base[] = {{Py_tp_base, &PyBool_Type}, {0, NULL}};
    static PyType_Slot bad_bases[] = {{Py_tp_bases, &PyLong_Type}, {0, NULL}};
    static PyType_Spec specs[] = {
        {"heaptypes.BadId", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, bad_id},
        {"heaptypes.NegativeId", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, negative_id},
        {NULL, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, NoNew_slots},
        {"heaptypes.BoolSub", 0, 0, Py_TPFLAGS_DEFAULT, bool_base},
        {"heaptypes.BadBases", 0, 0, Py_TPFLAGS_DEFAULT, bad_bases},
    };
    long k = PyLong_AsLong(arg);
    if (k == -1 && PyErr_Occurred())
        return NULL;
    if (k < 0 || k >= (long)(sizeof specs / sizeof specs[0])) {
        PyErr_SetString(PyExc_ValueError, "no such bad spec");
        return NULL;
    }
    return PyType_FromSpec(&specs[k]);
}

/* from_spec_with_bases(bases): a fresh type with the given bases (a type or a tuple). */
static PyObject *fn_from_spec_with_bases(PyObject *m, PyObject *bases)
{
    static PyType_Slot slots[] = {{0, NULL}};
    static PyType_Spec spec = {"heaptypes.Made", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                               slots};
    return PyType_FromSpecWithBases(&spec, bases);
}

static PyMethodDef heaptypes_functions[] = {
    {"get_slot", fn_get_slot, METH_VARARGS, NULL},
    {"slot_ids", fn_slot_ids, METH_NOARGS, NULL},
    {"module_of", fn_module_of, METH_O, NULL},
    {"state_of", fn_state_of, METH_O, NULL},
    {"refcnt", fn_refcnt, METH_O, NULL},
    {"is_heaptype", fn_is_heaptype, METH_O, NULL},
    {"bad_spec", fn_bad_spec, METH_O, NULL},
    {"from_spec_with_bases", fn_from_spec_with_bases, METH_O, NULL},
    {NULL},
};

/* Adds a new type to the module under its short name; steals `t`. */
static int add_type(PyObject *m, PyObject *t)
{
    if (!t)
        return -1;
    int r = PyModule_AddType(m, (PyTypeObject *)t);
    Py_DECREF(t);
    return r;
}

static int heaptypes_exec(PyObject *m)
{
    heap_state *st = PyModule_GetState(m);
    st->created = 0;
    st->counter_type = PyType_FromModuleAndSpec(m, &Counter_spec, NULL);
    if (!st->counter_type || PyModule_AddType(m, (PyTypeObject *)st->counter_type) < 0)
        return -1;
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyLong_Type);
    if (!bases)
        return -1;
    PyObject *intsub = PyType_FromModuleAndSpec(m, &IntSub_spec, bases);
    Py_DECREF(bases);
    if (add_type(m, PyType_FromModuleAndSpec(m, &Derived_spec, st->counter_type)) < 0 ||
        add_type(m, PyType_FromSpec(&Plain_spec)) < 0 ||
        add_type(m, PyType_FromModuleAndSpec(m, &NoNew_spec, NULL)) < 0 || add_type(m, intsub) < 0)
        return -1;
    return 0;
}

static int heaptypes_traverse(PyObject *m, visitproc visit, void *arg)
{
    heap_state *st = PyModule_GetState(m);
    Py_VISIT(st->counter_type);
    return 0;
}

static int heaptypes_clear(PyObject *m)
{
    heap_state *st = PyModule_GetState(m);
    Py_CLEAR(st->counter_type);
    return 0;
}

static PyModuleDef_Slot heaptypes_slots[] = {
    {Py_mod_exec, heaptypes_exec},
    {0, NULL},
};

static struct PyModuleDef heaptypes_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "heaptypes",
    .m_doc = "Heap types from specs.",
    .m_size = sizeof(heap_state),
    .m_methods = heaptypes_functions,
    .m_slots = heaptypes_slots,
    .m_traverse = heaptypes_traverse,
    .m_clear = heaptypes_clear,
};

PyMODINIT_FUNC PyInit_heaptypes(void)
{
    return PyModuleDef_Init(&heaptypes_module);
}

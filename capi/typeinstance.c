/* typeinstance.c — instances of extension types: allocation, object's own slots, instance dicts. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * An instance of an extension type is a C object first: tp_alloc makes a block of
 * tp_basicsize bytes (the type's own fields live there, at the addresses C expects) with
 * no link, and its references are C's alone, as in CPython — a DECREF to zero before it
 * ever crosses runs tp_dealloc at once. The first crossing makes its runtime object
 * (capi_instance_w): a header-only W_TID_COBJ of the extension's runtime type, from then on
 * linked like any proxy, so the proxy lives as long as either side holds it.
 */

static size_t var_size(PyTypeObject *pt, Py_ssize_t nitems)
{
    size_t size = (size_t)pt->tp_basicsize + (size_t)nitems * (size_t)pt->tp_itemsize;
    return (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
}

PyObject *PyObject_Init(PyObject *o, PyTypeObject *pt)
{
    if (!o)
        return PyErr_NoMemory();
    o->ob_refcnt = 1;
    o->ob_pypy_link = 0;
    o->ob_type = pt;
    if (pt->tp_flags & Py_TPFLAGS_HEAPTYPE)
        Py_INCREF(pt); /* dropped by the instance's tp_dealloc, as in CPython */
    return o;
}

PyVarObject *PyObject_InitVar(PyVarObject *o, PyTypeObject *pt, Py_ssize_t size)
{
    if (!o)
        return (PyVarObject *)PyErr_NoMemory();
    PyObject_Init((PyObject *)o, pt);
    o->ob_size = size;
    return o;
}

/*
 * A static type C never readied (pyahocorasick's iterator types) is readied when its first
 * instance is made: CPython readies such a type lazily, at its first attribute lookup, and
 * its instances work meanwhile; here an instance needs the runtime type to cross at all.
 */
static int ready_on_first_instance(PyTypeObject *pt)
{
    return capi_w_type(pt) ? 0 : PyType_Ready(pt);
}

PyObject *_PyObject_New(PyTypeObject *pt)
{
    if (ready_on_first_instance(pt) < 0)
        return NULL;
    return PyObject_Init(PyObject_Malloc(var_size(pt, 0)), pt);
}

PyVarObject *_PyObject_NewVar(PyTypeObject *pt, Py_ssize_t nitems)
{
    if (ready_on_first_instance(pt) < 0)
        return NULL;
    return PyObject_InitVar(PyObject_Malloc(var_size(pt, nitems)), pt, nitems);
}

PyObject *PyType_GenericAlloc(PyTypeObject *pt, Py_ssize_t nitems)
{
    if (ready_on_first_instance(pt) < 0)
        return NULL;
    /* a type based on a builtin other than object: B's state lives in the runtime */
    w_type *t = capi_w_type(pt);
    if (t && t->inst_tid != W_TID_COBJ && t != w_object_type)
        return capi_instance_alloc(pt);
    /* one item more than asked, zeroed, as CPython's (var-sized types keep a sentinel) */
    PyObject *o = PyObject_Calloc(1, var_size(pt, pt->tp_itemsize ? nitems + 1 : 0));
    if (!o)
        return PyErr_NoMemory();
    if (pt->tp_itemsize)
        PyObject_InitVar((PyVarObject *)o, pt, nitems);
    else
        PyObject_Init(o, pt);
    if (pt->tp_flags & Py_TPFLAGS_HAVE_GC)
        PyObject_GC_Track(o);
    return o;
}

PyObject *PyType_GenericNew(PyTypeObject *pt, PyObject *args, PyObject *kwds)
{
    return pt->tp_alloc(pt, 0);
}

/* ---- object's slots, which extension types inherit -------------------------------------------- */

static int excess_args(PyObject *args, PyObject *kwds)
{
    return (args && PyTuple_GET_SIZE(args)) || (kwds && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds));
}

static int object_init(PyObject *self, PyObject *args, PyObject *kwds);

static PyObject *object_new(PyTypeObject *pt, PyObject *args, PyObject *kwds)
{
    if (excess_args(args, kwds)) {
        if (pt->tp_new != object_new) {
            PyErr_SetString(PyExc_TypeError,
                            "object.__new__() takes exactly one argument (the type to instantiate)");
            return NULL;
        }
        if (pt->tp_init == object_init) {
            PyErr_Format(PyExc_TypeError, "%.200s() takes no arguments", pt->tp_name);
            return NULL;
        }
    }
    return pt->tp_alloc(pt, 0);
}

static int object_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyTypeObject *pt = Py_TYPE(self);
    if (excess_args(args, kwds)) {
        if (pt->tp_init != object_init) {
            PyErr_SetString(PyExc_TypeError,
                            "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (pt->tp_new == object_new) {
            PyErr_Format(PyExc_TypeError, "%.200s() takes no arguments", pt->tp_name);
            return -1;
        }
    }
    return 0;
}

static void object_dealloc(PyObject *self)
{
    Py_TYPE(self)->tp_free(self);
}

/* ---- the runtime object of an instance ----------------------------------------------------- */

w_object *capi_instance_w(PyObject *o)
{
    w_type *t = capi_w_type(Py_TYPE(o));
    if (t->inst_tid != W_TID_COBJ) {
        /* a builtin-based instance gets its runtime object from tp_alloc (subclass.c);
           one made by PyObject_New has none, and its base's state cannot be made up */
        w_type *b = t->base;
        while (b->flags & W_TF_EXTENSION)
            b = b->base;
        return w_raise_fmt(w_exc_SystemError,
                           "'%s' object was not made by tp_alloc: an instance of a subtype of "
                           "'%s' needs its runtime object from PyType_GenericAlloc",
                           Py_TYPE(o)->tp_name, b->name);
    }
    w_object *w = capi_cobj_new(t);
    if (capi_gc_is_tracked(o))
        w->gc.flags |= GC_F_EXTRA_TRACE;
    return w;
}

/* ---- instance dicts (tp_dictoffset) ---------------------------------------------------------- */

PyObject **_PyObject_GetDictPtr(PyObject *o)
{
    PyTypeObject *pt = Py_TYPE(o);
    Py_ssize_t off = pt->tp_dictoffset;
    if (!off)
        return NULL;
    if (off < 0) {
        /* from the end of a var-sized object */
        Py_ssize_t n = ((PyVarObject *)o)->ob_size;
        off += (Py_ssize_t)var_size(pt, n < 0 ? -n : n);
    }
    return (PyObject **)((char *)o + off);
}

PyObject *PyObject_GenericGetDict(PyObject *o, void *context)
{
    PyObject **dp = _PyObject_GetDictPtr(o);
    if (!dp) {
        PyErr_SetString(PyExc_AttributeError, "This object has no __dict__");
        return NULL;
    }
    if (!*dp && !(*dp = PyDict_New()))
        return NULL;
    return Py_NewRef(*dp);
}

int PyObject_GenericSetDict(PyObject *o, PyObject *value, void *context)
{
    PyObject **dp = _PyObject_GetDictPtr(o);
    if (!dp) {
        PyErr_SetString(PyExc_AttributeError, "This object has no __dict__");
        return -1;
    }
    if (!value) {
        PyErr_SetString(PyExc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!PyDict_Check(value)) {
        PyErr_Format(PyExc_TypeError, "__dict__ must be set to a dictionary, not a '%.200s'",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    Py_XSETREF(*dp, Py_NewRef(value));
    return 0;
}

w_object *capi_instance_dict(PyObject *o, bool create)
{
    PyObject **dp = _PyObject_GetDictPtr(o);
    if (!dp)
        return NULL;
    if (!*dp && create && !(*dp = PyDict_New()))
        return NULL;
    return *dp ? capi_w(*dp) : NULL;
}

/* ---- start-up -------------------------------------------------------------------------------- */

void capi_object_type_init(void)
{
    PyTypeObject *o = &PyBaseObject_Type;
    o->tp_new = object_new;
    o->tp_init = object_init;
    o->tp_alloc = PyType_GenericAlloc;
    o->tp_dealloc = object_dealloc;
    o->tp_free = PyObject_Free;
    o->tp_getattro = PyObject_GenericGetAttr;
    o->tp_setattro = PyObject_GenericSetAttr;
    o->tp_flags |= Py_TPFLAGS_BASETYPE;
    capi_register_gc_safe_dealloc(object_dealloc);
}

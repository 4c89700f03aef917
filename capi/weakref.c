/* weakref.c — weak references to extension objects (tp_weaklistoffset): PyWeakref_*, PyObject_ClearWeakRefs. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A weak reference is a C object holding its referent's proxy without a count; the
 * referents are instances of types with tp_weaklistoffset, whose slot there heads the list
 * of their weak references (CPython's layout, so that code reading it keeps working).
 * A referent is alive while its count is above zero: its runtime object may be dead and
 * its deallocation waiting for the next crossing, and then it reads as dead already.
 * Its tp_dealloc calls PyObject_ClearWeakRefs, which clears the references and calls
 * their callbacks. Runtime objects can't be referred to weakly yet (TypeError, as CPython
 * says for list, dict, int, str and tuple).
 */

PyTypeObject _PyWeakref_RefType;

static PyWeakReference **list_of(PyObject *ob)
{
    Py_ssize_t off = Py_TYPE(ob)->tp_weaklistoffset;
    return off > 0 ? (PyWeakReference **)((char *)ob + off) : NULL;
}

static void unlink_ref(PyWeakReference *r)
{
    if (r->wr_object == Py_None)
        return;
    PyWeakReference **head = list_of(r->wr_object);
    if (*head == r)
        *head = r->wr_next;
    if (r->wr_prev)
        r->wr_prev->wr_next = r->wr_next;
    if (r->wr_next)
        r->wr_next->wr_prev = r->wr_prev;
    r->wr_prev = r->wr_next = NULL;
    r->wr_object = Py_None;
}

PyObject *PyWeakref_NewRef(PyObject *ob, PyObject *callback)
{
    PyWeakReference **head = ob ? list_of(ob) : NULL;
    if (!head) {
        PyErr_Format(PyExc_TypeError, "cannot create weak reference to '%s' object",
                     ob ? Py_TYPE(ob)->tp_name : "NULL");
        return NULL;
    }
    if (callback == Py_None)
        callback = NULL;
    /* a reference without a callback is shared, and kept first in the list */
    if (!callback && *head && !(*head)->wr_callback)
        return Py_NewRef((PyObject *)*head);
    PyWeakReference *r = PyObject_Malloc(sizeof *r);
    if (!r)
        return PyErr_NoMemory();
    PyObject_Init((PyObject *)r, &_PyWeakref_RefType);
    r->wr_object = ob;
    r->wr_callback = Py_XNewRef(callback);
    r->hash = -1;
    r->vectorcall = NULL;
    PyWeakReference *after = !callback || !*head || (*head)->wr_callback ? NULL : *head;
    r->wr_prev = after;
    r->wr_next = after ? after->wr_next : *head;
    if (r->wr_next)
        r->wr_next->wr_prev = r;
    if (after)
        after->wr_next = r;
    else
        *head = r;
    return (PyObject *)r;
}

PyObject *PyWeakref_NewProxy(PyObject *ob, PyObject *callback)
{
    PyErr_SetString(PyExc_NotImplementedError, "Ferry has no weak proxies yet (PyWeakref_NewProxy)");
    return NULL;
}

PyObject *PyWeakref_GetObject(PyObject *ref)
{
    if (!ref || !PyWeakref_Check(ref)) {
        capi_bad_internal_call();
        return NULL;
    }
    return PyWeakref_GET_OBJECT(ref);
}

void PyObject_ClearWeakRefs(PyObject *ob)
{
    PyWeakReference **head = ob ? list_of(ob) : NULL;
    if (!head) {
        capi_bad_internal_call();
        return;
    }
    /* the callbacks run after every reference is cleared, each holding its reference */
    while (*head) {
        PyWeakReference *r = *head;
        PyObject *cb = r->wr_callback;
        r->wr_callback = NULL;
        unlink_ref(r);
        if (!cb)
            continue;
        Py_INCREF(r);
        PyObject *err_type, *err_value, *err_tb;
        PyErr_Fetch(&err_type, &err_value, &err_tb);
        PyObject *res = PyObject_CallOneArg(cb, (PyObject *)r);
        if (res)
            Py_DECREF(res);
        else
            PyErr_WriteUnraisable(cb);
        PyErr_Restore(err_type, err_value, err_tb);
        Py_DECREF(cb);
        Py_DECREF(r);
    }
}

/* ---- the type ----------------------------------------------------------------------------------- */

static void ref_dealloc(PyObject *o)
{
    PyWeakReference *r = (PyWeakReference *)o;
    unlink_ref(r);
    Py_CLEAR(r->wr_callback);
    PyObject_Free(o);
}

PyTypeObject _PyWeakref_RefType = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "weakref.ReferenceType",
    .tp_basicsize = sizeof(PyWeakReference),
    .tp_dealloc = ref_dealloc,
};

static PyWeakReference *ref_of(w_object *w)
{
    return (PyWeakReference *)capi_proxy(w);
}

static w_object *ref_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("weakref", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return capi_w(PyWeakref_GET_OBJECT((PyObject *)ref_of(callable)));
}

static w_object *ref_repr(w_object *self)
{
    PyWeakReference *r = ref_of(self);
    PyObject *ob = PyWeakref_GET_OBJECT((PyObject *)r);
    if (ob == Py_None)
        return w_str_from_fmt("<weakref at %p; dead>", (void *)r);
    return w_str_from_fmt("<weakref at %p; to '%s' at %p>", (void *)r, Py_TYPE(ob)->tp_name, (void *)ob);
}

static w_object *ref_get_callback(w_object *self)
{
    PyObject *cb = ref_of(self)->wr_callback;
    return cb ? capi_w(cb) : w_None;
}

static w_object *ref_w(PyObject *o, bool owned)
{
    return capi_cobj_new(capi_w_type(Py_TYPE(o)));
}

int capi_weakref_init(void)
{
    w_type *t = w_type_new_static(_PyWeakref_RefType.tp_name, w_object_type, W_TID_COBJ);
    t->call = ref_call;
    t->repr = ref_repr;
    if (w_type_add_getter(t, "__callback__", ref_get_callback) < 0)
        return -1;
    GC_ENTER();
    w_object *m = w_str_intern("weakref");
    GC_ROOT(m);
    int r = w_type_add_attr(t, "__module__", m);
    GC_LEAVE();
    if (r < 0 || w_type_ready(t) < 0)
        return -1;
    capi_bind_static_type(&_PyWeakref_RefType, t);
    capi_register_w_maker(&_PyWeakref_RefType, ref_w, false);
    return 0;
}

/* slotmethods.c — the dunder methods of extension types (__repr__, __add__, __get__ ...): each calls a C slot. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * CPython puts a wrapper in a type's dict for each slot the type defines, so that
 * `T.__repr__(x)`, `x.__index__()` or `d.__get__(obj, T)` work. Here each is a method
 * descriptor of the runtime whose data is a row of `slots` and whose owner is the defining
 * type: calling it calls the defining type's C function, with the receiver first (the
 * other operand first for the reflected __radd__ ...).
 */

enum kind { UNARY, LEN, HASH, BOOL, GETITEM, SETITEM, DELITEM, CONTAINS, CALL, RICHCMP, BINARY,
            RBINARY, TERNARY, RTERNARY, DGET, DSET, DDELETE, NEXT };

#define TP CAPI_TP
#define NB CAPI_NB
#define SQ CAPI_SQ
#define MP CAPI_MP

struct slot_method {
    const char *name;
    unsigned char kind, suite;
    unsigned short offset;
    int op; /* RICHCMP: Py_LT ... */
};

#define TPS(n, k, f) {n, k, TP, offsetof(PyTypeObject, f), 0}
#define NBS(n, k, f) {n, k, NB, offsetof(PyNumberMethods, f), 0}
#define SQS(n, k, f) {n, k, SQ, offsetof(PySequenceMethods, f), 0}
#define MPS(n, k, f) {n, k, MP, offsetof(PyMappingMethods, f), 0}
#define CMP(n, op) {n, RICHCMP, TP, offsetof(PyTypeObject, tp_richcompare), op}
#define NB2(n, rn, f) NBS(n, BINARY, f), NBS(rn, RBINARY, f)

static const struct slot_method slots[] = {
    TPS("__repr__", UNARY, tp_repr), TPS("__str__", UNARY, tp_str), TPS("__hash__", HASH, tp_hash),
    TPS("__call__", CALL, tp_call), TPS("__iter__", UNARY, tp_iter),
    TPS("__next__", NEXT, tp_iternext), TPS("__get__", DGET, tp_descr_get),
    TPS("__set__", DSET, tp_descr_set), TPS("__delete__", DDELETE, tp_descr_set),
    CMP("__lt__", Py_LT), CMP("__le__", Py_LE), CMP("__eq__", Py_EQ), CMP("__ne__", Py_NE),
    CMP("__gt__", Py_GT), CMP("__ge__", Py_GE),
    MPS("__len__", LEN, mp_length), MPS("__getitem__", GETITEM, mp_subscript),
    MPS("__setitem__", SETITEM, mp_ass_subscript), MPS("__delitem__", DELITEM, mp_ass_subscript),
    SQS("__len__", LEN, sq_length), SQS("__getitem__", GETITEM, sq_item),
    SQS("__setitem__", SETITEM, sq_ass_item), SQS("__delitem__", DELITEM, sq_ass_item),
    SQS("__contains__", CONTAINS, sq_contains),
    NB2("__add__", "__radd__", nb_add), NB2("__sub__", "__rsub__", nb_subtract),
    NB2("__mul__", "__rmul__", nb_multiply), NB2("__mod__", "__rmod__", nb_remainder),
    NB2("__divmod__", "__rdivmod__", nb_divmod), NB2("__lshift__", "__rlshift__", nb_lshift),
    NB2("__rshift__", "__rrshift__", nb_rshift), NB2("__and__", "__rand__", nb_and),
    NB2("__xor__", "__rxor__", nb_xor), NB2("__or__", "__ror__", nb_or),
    NB2("__floordiv__", "__rfloordiv__", nb_floor_divide),
    NB2("__truediv__", "__rtruediv__", nb_true_divide),
    NB2("__matmul__", "__rmatmul__", nb_matrix_multiply),
    NBS("__pow__", TERNARY, nb_power), NBS("__rpow__", RTERNARY, nb_power),
    NBS("__neg__", UNARY, nb_negative), NBS("__pos__", UNARY, nb_positive),
    NBS("__abs__", UNARY, nb_absolute), NBS("__invert__", UNARY, nb_invert),
    NBS("__bool__", BOOL, nb_bool), NBS("__int__", UNARY, nb_int),
    NBS("__float__", UNARY, nb_float), NBS("__index__", UNARY, nb_index),
};

/* The slot's function in `pt`, NULL if it has none. */
static void *slot_fn(PyTypeObject *pt, const struct slot_method *s)
{
    char *suite = capi_type_suite(pt, s->suite);
    return suite ? *(void **)(suite + s->offset) : NULL;
}

static int arity(const struct slot_method *s)
{
    switch (s->kind) {
    case UNARY: case LEN: case HASH: case BOOL: case NEXT:
        return 0;
    case SETITEM: case DSET:
        return 2;
    default:
        return 1;
    }
}

/* A sequence slot's index argument (negative ones count from the end, as CPython's
   wrappers do for sq_item and sq_ass_item). */
static int index_arg(PyTypeObject *pt, PyObject *self, PyObject *key, Py_ssize_t *out)
{
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_OverflowError);
    if ((i == -1 && PyErr_Occurred()) || capi_seq_index_from_end(pt->tp_as_sequence, self, &i) < 0)
        return -1;
    *out = i;
    return 0;
}

static PyObject *none_or_null(int r)
{
    return r < 0 ? NULL : Py_NewRef(Py_None);
}

static PyObject *call_slot(const struct slot_method *s, PyTypeObject *pt, PyObject *self,
                           PyObject **a, size_t nargs, w_object **wargs, w_object *kwnames)
{
    void *f = slot_fn(pt, s);
    Py_ssize_t i;
    switch (s->kind) {
    case UNARY:
        return ((unaryfunc)f)(self);
    case NEXT: {
        PyObject *r = ((iternextfunc)f)(self);
        if (!r && !PyErr_Occurred())
            PyErr_SetNone(PyExc_StopIteration);
        return r;
    }
    case LEN: {
        Py_ssize_t n = ((lenfunc)f)(self);
        return n < 0 ? NULL : PyLong_FromSsize_t(n);
    }
    case HASH: {
        Py_hash_t h = ((hashfunc)f)(self);
        return h == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(h);
    }
    case BOOL: {
        int r = ((inquiry)f)(self);
        return r < 0 ? NULL : PyBool_FromLong(r);
    }
    case CONTAINS: {
        int r = ((objobjproc)f)(self, a[0]);
        return r < 0 ? NULL : PyBool_FromLong(r);
    }
    case GETITEM:
        if (s->suite == MP)
            return ((binaryfunc)f)(self, a[0]);
        return index_arg(pt, self, a[0], &i) < 0 ? NULL : ((ssizeargfunc)f)(self, i);
    case SETITEM:
    case DELITEM: {
        PyObject *v = s->kind == SETITEM ? a[1] : NULL;
        if (s->suite == MP)
            return none_or_null(((objobjargproc)f)(self, a[0], v));
        return index_arg(pt, self, a[0], &i) < 0 ? NULL
                                                 : none_or_null(((ssizeobjargproc)f)(self, i, v));
    }
    case RICHCMP:
        return ((richcmpfunc)f)(self, a[0], s->op);
    case BINARY:
        return ((binaryfunc)f)(self, a[0]);
    case RBINARY:
        return ((binaryfunc)f)(a[0], self);
    case TERNARY:
        return ((ternaryfunc)f)(self, a[0], nargs > 1 ? a[1] : Py_None);
    case RTERNARY:
        return ((ternaryfunc)f)(a[0], self, nargs > 1 ? a[1] : Py_None);
    case DGET: {
        PyObject *obj = a[0] == Py_None ? NULL : a[0];
        PyObject *type = nargs > 1 && a[1] != Py_None ? a[1] : NULL;
        if (!obj && !type) {
            PyErr_SetString(PyExc_TypeError, "__get__(None, None) is invalid");
            return NULL;
        }
        return ((descrgetfunc)f)(self, obj, type ? type : (PyObject *)Py_TYPE(obj));
    }
    case DSET:
        return none_or_null(((descrsetfunc)f)(self, a[0], a[1]));
    case DDELETE:
        return none_or_null(((descrsetfunc)f)(self, a[0], NULL));
    case CALL: {
        PyObject *t, *kw;
        if (capi_call_args(wargs, nargs, kwnames, &t, &kw) < 0)
            return NULL;
        PyObject *r = ((ternaryfunc)f)(self, t, kw);
        Py_DECREF(t);
        Py_XDECREF(kw);
        return r;
    }
    }
    return NULL;
}

static w_object *slot_method_call(w_object *callable, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    w_builtin *b = (w_builtin *)callable;
    const struct slot_method *s = b->data;
    if (s->kind != CALL) {
        int n = arity(s);
        size_t max = s->kind == TERNARY || s->kind == RTERNARY || s->kind == DGET ? 2 : (size_t)n;
        if (w_args_positional(s->name, nargs, kwnames, (size_t)n, max) < 0)
            return NULL;
    }
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    PyTypeObject *pt = capi_type(b->owner);
    GC_ENTER();
    GC_ROOT(callable);
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    PyObject *a[2] = {nargs > 0 ? capi_proxy(args[0]) : NULL, nargs > 1 ? capi_proxy(args[1]) : NULL};
    PyObject *r = call_slot(s, pt, capi_proxy(((w_builtin *)callable)->self), a, nargs, args, kwnames);
    GC_RETURN(capi_result(r, "%s", s->name));
}

int capi_add_slot_methods(PyTypeObject *pt, PyTypeObject *base, w_type *t)
{
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        const struct slot_method *s = &slots[i];
        void *f = slot_fn(pt, s);
        if (!f || f == slot_fn(base, s) || w_dict_get_cstr(t->dict, s->name))
            continue;
        if (s->kind == HASH && f == (void *)PyObject_HashNotImplemented)
            continue;
        if (capi_type_add_builtin(t, s->name, slot_method_call, NULL, (void *)s, W_BF_METHOD) < 0)
            return -1;
    }
    return 0;
}

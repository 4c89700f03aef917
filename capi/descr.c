/* descr.c — member and getset descriptors (tp_members, tp_getset) and PyMember_GetOne/SetOne. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "structmember.h"

/*
 * A descriptor C makes is a C object first (the definition it reads lives in its proxy);
 * its runtime object is a W_TID_COBJ header of the runtime type member_descriptor or
 * getset_descriptor, whose descr_get/descr_set slots find the proxy again. Types hold
 * their descriptors for ever, so these proxies are never freed before shutdown.
 */
typedef struct {
    PyObject_HEAD
    PyTypeObject *d_type;
    const char *d_name;
    union {
        PyMemberDef *member;
        PyGetSetDef *getset;
    } d;
} descr_object;

static void descr_dealloc(PyObject *o)
{
    PyObject_Free(o);
}

PyTypeObject PyMemberDescr_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "member_descriptor",
    .tp_basicsize = sizeof(descr_object),
    .tp_dealloc = descr_dealloc,
};
PyTypeObject PyGetSetDescr_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "getset_descriptor",
    .tp_basicsize = sizeof(descr_object),
    .tp_dealloc = descr_dealloc,
};

static descr_object *descr_of(w_object *w)
{
    return (descr_object *)capi_proxy(w);
}

static PyObject *descr_new(PyTypeObject *kind, PyTypeObject *type, const char *name)
{
    if (!type || !name) {
        capi_bad_internal_call();
        return NULL;
    }
    descr_object *d = PyObject_Malloc(sizeof *d);
    if (!d)
        return PyErr_NoMemory();
    PyObject_Init((PyObject *)d, kind);
    d->d_type = type;
    d->d_name = name;
    return (PyObject *)d;
}

PyObject *PyDescr_NewMember(PyTypeObject *type, PyMemberDef *member)
{
    descr_object *d = (descr_object *)descr_new(&PyMemberDescr_Type, type, member ? member->name : NULL);
    if (d)
        d->d.member = member;
    return (PyObject *)d;
}

PyObject *PyDescr_NewGetSet(PyTypeObject *type, PyGetSetDef *getset)
{
    descr_object *d = (descr_object *)descr_new(&PyGetSetDescr_Type, type, getset ? getset->name : NULL);
    if (d)
        d->d.getset = getset;
    return (PyObject *)d;
}

/* CPython's descr_check: the descriptor applies to instances of its type only. */
static PyObject *check_instance(descr_object *d, w_object *obj)
{
    PyObject *o = capi_proxy(obj);
    if (PyObject_TypeCheck(o, d->d_type))
        return o;
    w_raise_fmt(w_exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                d->d_name, d->d_type->tp_name, Py_TYPE(o)->tp_name);
    return NULL;
}

static w_object *member_get(w_object *descr, w_object *obj, w_type *owner)
{
    if (!obj)
        return descr;
    descr_object *d = descr_of(descr);
    PyObject *o = check_instance(d, obj);
    if (!o)
        return NULL;
    GC_ENTER();
    GC_ROOT(obj); /* o's runtime object, while C reads it */
    PyObject *v = PyMember_GetOne((const char *)o, d->d.member);
    GC_RETURN(v ? capi_w_steal(v) : NULL);
}

static int member_set(w_object *descr, w_object *obj, w_object *value)
{
    descr_object *d = descr_of(descr);
    PyObject *o = check_instance(d, obj);
    if (!o)
        return -1;
    GC_ENTER();
    GC_ROOT(obj);
    GC_ROOT(value);
    int r = PyMember_SetOne((char *)o, d->d.member, value ? capi_proxy(value) : NULL);
    capi_flush_pending();
    GC_RETURN(r);
}

static w_object *getset_get(w_object *descr, w_object *obj, w_type *owner)
{
    if (!obj)
        return descr;
    descr_object *d = descr_of(descr);
    PyObject *o = check_instance(d, obj);
    if (!o)
        return NULL;
    if (!d->d.getset->get)
        return w_raise_fmt(w_exc_AttributeError, "attribute '%s' of '%s' objects is not readable",
                           d->d_name, d->d_type->tp_name);
    GC_ENTER();
    GC_ROOT(obj);
    GC_RETURN(capi_result(d->d.getset->get(o, d->d.getset->closure), "attribute '%s' getter",
                          d->d_name));
}

static int getset_set(w_object *descr, w_object *obj, w_object *value)
{
    descr_object *d = descr_of(descr);
    PyObject *o = check_instance(d, obj);
    if (!o)
        return -1;
    if (!d->d.getset->set) {
        w_raise_fmt(w_exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                    d->d_name, d->d_type->tp_name);
        return -1;
    }
    GC_ENTER();
    GC_ROOT(obj);
    GC_ROOT(value);
    int r = d->d.getset->set(o, value ? capi_proxy(value) : NULL, d->d.getset->closure);
    capi_flush_pending();
    GC_RETURN(r);
}

static w_object *member_repr(w_object *self)
{
    descr_object *d = descr_of(self);
    return w_str_from_fmt("<member '%s' of '%s' objects>", d->d_name, d->d_type->tp_name);
}

static w_object *getset_repr(w_object *self)
{
    descr_object *d = descr_of(self);
    return w_str_from_fmt("<attribute '%s' of '%s' objects>", d->d_name, d->d_type->tp_name);
}

static w_object *descr_get_name(w_object *self)
{
    return w_str_from_cstr(descr_of(self)->d_name);
}

static w_object *descr_get_qualname(w_object *self)
{
    descr_object *d = descr_of(self);
    const char *dot = strrchr(d->d_type->tp_name, '.');
    return w_str_from_fmt("%s.%s", dot ? dot + 1 : d->d_type->tp_name, d->d_name);
}

static w_object *descr_get_objclass(w_object *self)
{
    return capi_link((PyObject *)descr_of(self)->d_type);
}

static w_object *descr_get_doc(w_object *self)
{
    descr_object *d = descr_of(self);
    const char *doc = Py_IS_TYPE((PyObject *)d, &PyMemberDescr_Type) ? d->d.member->doc
                                                                     : d->d.getset->doc;
    return doc ? w_str_from_cstr(doc) : w_None;
}

/* descr.__get__(obj, type=None), descr.__set__(obj, value), descr.__delete__(obj): the
   descriptor protocol called by name; the runtime passes the descriptor as `self`. */
static w_object *dunder_get(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__get__", nargs, kwnames, 1, 2) < 0)
        return NULL;
    w_object *obj = args[0] == w_None ? NULL : args[0];
    if (!obj && (nargs < 2 || args[1] == w_None))
        return w_raise_fmt(w_exc_TypeError, "__get__(None, None) is invalid");
    w_type *owner = nargs > 1 && args[1] != w_None ? (w_type *)args[1] : W_TYPE(obj);
    return W_TYPE(self)->descr_get(self, obj, owner);
}

static w_object *dunder_set(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__set__", nargs, kwnames, 2, 2) < 0)
        return NULL;
    return W_TYPE(self)->descr_set(self, args[0], args[1]) < 0 ? NULL : w_None;
}

static w_object *dunder_delete(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__delete__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return W_TYPE(self)->descr_set(self, args[0], NULL) < 0 ? NULL : w_None;
}

/* ---- PyMember_GetOne and PyMember_SetOne (CPython's structmember.c rules) ------------------- */

PyObject *PyMember_GetOne(const char *obj_addr, PyMemberDef *m)
{
    const char *addr = obj_addr + m->offset;
    PyObject *v;
    switch (m->type) {
    case T_BOOL:
        return PyBool_FromLong(*(const char *)addr);
    case T_BYTE:
        return PyLong_FromLong(*(const signed char *)addr);
    case T_UBYTE:
        return PyLong_FromUnsignedLong(*(const unsigned char *)addr);
    case T_SHORT:
        return PyLong_FromLong(*(const short *)addr);
    case T_USHORT:
        return PyLong_FromUnsignedLong(*(const unsigned short *)addr);
    case T_INT:
        return PyLong_FromLong(*(const int *)addr);
    case T_UINT:
        return PyLong_FromUnsignedLong(*(const unsigned int *)addr);
    case T_LONG:
        return PyLong_FromLong(*(const long *)addr);
    case T_ULONG:
        return PyLong_FromUnsignedLong(*(const unsigned long *)addr);
    case T_PYSSIZET:
        return PyLong_FromSsize_t(*(const Py_ssize_t *)addr);
    case T_FLOAT:
        return PyFloat_FromDouble(*(const float *)addr);
    case T_DOUBLE:
        return PyFloat_FromDouble(*(const double *)addr);
    case T_STRING:
        if (!*(char *const *)addr)
            Py_RETURN_NONE;
        return PyUnicode_FromString(*(char *const *)addr);
    case T_STRING_INPLACE:
        return PyUnicode_FromString(addr);
    case T_CHAR:
        return PyUnicode_FromStringAndSize(addr, 1);
    case T_OBJECT:
        v = *(PyObject *const *)addr;
        return Py_NewRef(v ? v : Py_None);
    case T_OBJECT_EX:
        v = *(PyObject *const *)addr;
        if (!v)
            PyErr_Format(PyExc_AttributeError, "'%.200s' object has no attribute '%s'",
                         Py_TYPE((PyObject *)obj_addr)->tp_name, m->name);
        return Py_XNewRef(v);
    case T_LONGLONG:
        return PyLong_FromLongLong(*(const long long *)addr);
    case T_ULONGLONG:
        return PyLong_FromUnsignedLongLong(*(const unsigned long long *)addr);
    case T_NONE:
        Py_RETURN_NONE;
    default:
        PyErr_SetString(PyExc_SystemError, "bad memberdescr type");
        return NULL;
    }
}

/* CPython only warns when a value doesn't fit a narrow field, and stores it truncated. */
static int warn(const char *msg)
{
    return PyErr_WarnEx(PyExc_RuntimeWarning, msg, 1);
}

/* A C long from `v`, with the truncation warning for a field of [lo, hi]. */
static int narrow(PyObject *v, long lo, long hi, const char *msg, long *out)
{
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    *out = x;
    return (x > hi || x < lo) ? warn(msg) : 0;
}

/* An unsigned C long from `v`; a negative int is accepted too (with a warning). */
static int unsigned_long(PyObject *v, unsigned long *out)
{
    unsigned long x = PyLong_AsUnsignedLong(v);
    if (x == (unsigned long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        x = (unsigned long)PyLong_AsLong(v);
        if (x == (unsigned long)-1 && PyErr_Occurred())
            return -1;
        *out = x;
        return warn("Writing negative value into unsigned field");
    }
    *out = x;
    return 0;
}

int PyMember_SetOne(char *obj_addr, PyMemberDef *m, PyObject *v)
{
    char *addr = obj_addr + m->offset;
    long x = 0;
    unsigned long ux = 0;
    if (m->flags & READONLY) {
        PyErr_SetString(PyExc_AttributeError, "readonly attribute");
        return -1;
    }
    if (!v) {
        if (m->type == T_OBJECT_EX) {
            if (!*(PyObject **)addr) {
                PyErr_SetString(PyExc_AttributeError, m->name);
                return -1;
            }
        } else if (m->type != T_OBJECT) {
            PyErr_SetString(PyExc_TypeError, "can't delete numeric/char attribute");
            return -1;
        }
    }
    switch (m->type) {
    case T_BOOL:
        if (!PyBool_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "attribute value type must be bool");
            return -1;
        }
        *addr = v == Py_True;
        return 0;
    case T_BYTE:
        if (narrow(v, CHAR_MIN, CHAR_MAX, "Truncation of value to char", &x) < 0 && PyErr_Occurred())
            return -1;
        *addr = (char)x;
        return 0;
    case T_UBYTE:
        if (narrow(v, 0, UCHAR_MAX, "Truncation of value to unsigned char", &x) < 0 && PyErr_Occurred())
            return -1;
        *(unsigned char *)addr = (unsigned char)x;
        return 0;
    case T_SHORT:
        if (narrow(v, SHRT_MIN, SHRT_MAX, "Truncation of value to short", &x) < 0 && PyErr_Occurred())
            return -1;
        *(short *)addr = (short)x;
        return 0;
    case T_USHORT:
        if (narrow(v, 0, USHRT_MAX, "Truncation of value to unsigned short", &x) < 0 && PyErr_Occurred())
            return -1;
        *(unsigned short *)addr = (unsigned short)x;
        return 0;
    case T_INT:
        if (narrow(v, INT_MIN, INT_MAX, "Truncation of value to int", &x) < 0 && PyErr_Occurred())
            return -1;
        *(int *)addr = (int)x;
        return 0;
    case T_UINT:
        if (unsigned_long(v, &ux) < 0 && PyErr_Occurred())
            return -1;
        *(unsigned int *)addr = (unsigned int)ux;
        if (ux > UINT_MAX && warn("Truncation of value to unsigned int") < 0)
            return -1;
        return 0;
    /* these kinds store what the conversion gave, -1 on failure too, as CPython does */
    case T_LONG:
        *(long *)addr = PyLong_AsLong(v);
        return *(long *)addr == -1 && PyErr_Occurred() ? -1 : 0;
    case T_ULONG:
        *(unsigned long *)addr = PyLong_AsUnsignedLong(v);
        if (*(unsigned long *)addr == (unsigned long)-1 && PyErr_Occurred()) {
            PyErr_Clear();
            *(unsigned long *)addr = (unsigned long)PyLong_AsLong(v);
            if (*(unsigned long *)addr == (unsigned long)-1 && PyErr_Occurred())
                return -1;
            return warn("Writing negative value into unsigned field");
        }
        return 0;
    case T_PYSSIZET:
        *(Py_ssize_t *)addr = PyLong_AsSsize_t(v);
        return *(Py_ssize_t *)addr == -1 && PyErr_Occurred() ? -1 : 0;
    case T_FLOAT: {
        double d = PyFloat_AsDouble(v);
        if (d == -1 && PyErr_Occurred())
            return -1;
        *(float *)addr = (float)d;
        return 0;
    }
    case T_DOUBLE:
        *(double *)addr = PyFloat_AsDouble(v);
        return *(double *)addr == -1 && PyErr_Occurred() ? -1 : 0;
    case T_OBJECT:
    case T_OBJECT_EX: {
        PyObject *old = *(PyObject **)addr;
        *(PyObject **)addr = Py_XNewRef(v);
        Py_XDECREF(old);
        return 0;
    }
    case T_CHAR: {
        Py_ssize_t len;
        const char *s = PyUnicode_AsUTF8AndSize(v, &len);
        if (!s || len != 1) {
            PyErr_BadArgument();
            return -1;
        }
        *addr = s[0];
        return 0;
    }
    case T_STRING:
    case T_STRING_INPLACE:
        PyErr_SetString(PyExc_TypeError, "readonly attribute");
        return -1;
    case T_LONGLONG:
        *(long long *)addr = PyLong_AsLongLong(v);
        return *(long long *)addr == -1 && PyErr_Occurred() ? -1 : 0;
    case T_ULONGLONG:
        *(unsigned long long *)addr = PyLong_Check(v) ? PyLong_AsUnsignedLongLong(v)
                                                      : (unsigned long long)PyLong_AsLong(v);
        return *(unsigned long long *)addr == (unsigned long long)-1 && PyErr_Occurred() ? -1 : 0;
    default:
        PyErr_Format(PyExc_SystemError, "bad memberdescr type for %s", m->name);
        return -1;
    }
}

/* ---- start-up ------------------------------------------------------------------------------- */

static w_object *descr_w(PyObject *o, bool owned)
{
    w_type *t = capi_w_type(Py_TYPE(o));
    return capi_cobj_new(t);
}

static int make_kind(PyTypeObject *pt, w_object *(*repr)(w_object *),
                     w_object *(*get)(w_object *, w_object *, w_type *),
                     int (*set)(w_object *, w_object *, w_object *))
{
    w_type *t = w_type_new_static(pt->tp_name, w_object_type, W_TID_COBJ);
    t->repr = repr;
    t->descr_get = get;
    t->descr_set = set;
    if (w_type_add_getter(t, "__name__", descr_get_name) < 0 ||
        w_type_add_getter(t, "__qualname__", descr_get_qualname) < 0 ||
        w_type_add_getter(t, "__objclass__", descr_get_objclass) < 0 ||
        w_type_add_getter(t, "__doc__", descr_get_doc) < 0 ||
        w_type_add_method(t, "__get__", dunder_get) < 0 ||
        w_type_add_method(t, "__set__", dunder_set) < 0 ||
        w_type_add_method(t, "__delete__", dunder_delete) < 0 || w_type_ready(t) < 0)
        return -1;
    capi_bind_static_type(pt, t);
    capi_register_w_maker(pt, descr_w, false);
    return 0;
}

int capi_descr_init(void)
{
    if (make_kind(&PyMemberDescr_Type, member_repr, member_get, member_set) < 0 ||
        make_kind(&PyGetSetDescr_Type, getset_repr, getset_get, getset_set) < 0)
        return -1;
    return 0;
}

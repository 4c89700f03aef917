/* object.c — the generic object protocol as C sees it (PyObject_*): one space operation each. */
#include "capi/capi.h"

Py_ssize_t _Ferry_DynamicSize(PyObject *o)
{
    w_object *w = capi_link(o);
    if (!w)
        return ((PyVarObject *)o)->ob_size;
    if (W_LIST_CHECK(w))
        return capi_list_size(o);
    return w_bytes_size(w);
}

/* CPython's null_error() of the abstract protocol. */
static void *null_error(void)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "null argument to internal routine");
    return NULL;
}

/* A builtin function of the runtime by name (dir, ascii, issubclass): the C-API calls the
   runtime's own implementation rather than keeping a second one. */
static w_object *call_builtin(const char *name, w_object **args, size_t nargs)
{
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    w_object *f = w_dict_get_cstr(w_module_dict(w_builtins_module()), name);
    if (!f)
        GC_RETURN(w_err_occurred() ? NULL
                                   : w_raise_fmt(w_exc_SystemError, "no builtin '%s'", name));
    GC_RETURN(space_call(f, args, nargs, NULL));
}

/* ---- text ---------------------------------------------------------------------------------- */

PyObject *PyObject_Repr(PyObject *o)
{
    if (!o)
        return PyUnicode_FromString("<NULL>");
    w_object *w = capi_w(o);
    return w ? capi_new_ref(space_repr(w)) : NULL;
}

PyObject *PyObject_Str(PyObject *o)
{
    if (!o)
        return PyUnicode_FromString("<NULL>");
    w_object *w = capi_w(o);
    return w ? capi_new_ref(space_str(w)) : NULL;
}

int PyObject_Print(PyObject *o, FILE *fp, int flags)
{
    if (!o) {
        fputs("<nil>", fp);
        return ferror(fp) ? -1 : 0;
    }
    PyObject *s = flags & Py_PRINT_RAW ? PyObject_Str(o) : PyObject_Repr(o);
    if (!s)
        return -1;
    Py_ssize_t n;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &n);
    int r = utf8 && fwrite(utf8, 1, (size_t)n, fp) == (size_t)n ? 0 : -1;
    if (utf8 && r < 0)
        PyErr_SetFromErrno(PyExc_OSError);
    Py_DECREF(s);
    return r;
}

PyObject *PyObject_ASCII(PyObject *o)
{
    if (!o)
        return PyUnicode_FromString("<NULL>");
    w_object *w = capi_w(o);
    return w ? capi_new_ref(call_builtin("ascii", &w, 1)) : NULL;
}

/* bytes(o), except for what PyBytes_FromObject refuses: ints (bytes(3) would make three
   zero bytes) and strs (which need an encoding). */
PyObject *PyObject_Bytes(PyObject *o)
{
    if (!o)
        return capi_new_ref(w_bytes_from("<NULL>", 6));
    w_object *w = capi_w(o);
    if (!w)
        return NULL;
    if (W_TYPE(w) == w_bytes_type)
        return Py_NewRef(o);
    w_type *t = W_TYPE(w);
    if (W_STR_CHECK(w) || W_INT_CHECK(w) || (t->number && t->number->index))
        return w_raise_fmt(w_exc_TypeError, "cannot convert '%s' object to bytes", t->name);
    return capi_new_ref(space_call(&w_bytes_type->ob, &w, 1, NULL));
}

/* format(obj, spec): the runtime's format() (a NULL spec is the empty one). */
PyObject *PyObject_Format(PyObject *obj, PyObject *format_spec)
{
    GC_ENTER();
    w_object *w = NULL, *spec = NULL;
    GC_ROOT(w);
    GC_ROOT(spec);
    if (!(w = capi_w(obj)))
        GC_RETURN(NULL);
    if (!format_spec)
        spec = w_str_intern("");
    else if (!(spec = capi_w(format_spec)))
        GC_RETURN(NULL);
    if (!W_STR_CHECK(spec))
        GC_RETURN(w_raise_fmt(w_exc_SystemError, "Format specifier must be a string, not %s",
                              W_TYPE(spec)->name));
    GC_RETURN(capi_new_ref(w_format(w, spec)));
}

int Py_ReprEnter(PyObject *o)
{
    w_object *w = capi_w(o);
    return w ? space_repr_enter(w) : -1;
}

void Py_ReprLeave(PyObject *o)
{
    w_object *w = capi_link(o);
    if (w)
        space_repr_leave(w);
}

/* ---- hashing, comparing, truth ------------------------------------------------------------- */

Py_hash_t PyObject_Hash(PyObject *o)
{
    w_object *w = capi_w(o);
    int64_t h;
    if (!w || space_hash(w, &h) < 0)
        return -1;
    return (Py_hash_t)h;
}

Py_hash_t PyObject_HashNotImplemented(PyObject *o)
{
    w_raise_fmt(w_exc_TypeError, "unhashable type: '%s'", Py_TYPE(o)->tp_name);
    return -1;
}

PyObject *PyObject_RichCompare(PyObject *a, PyObject *b, int op)
{
    if (!a || !b || op < Py_LT || op > Py_GE) {
        if (!w_err_occurred())
            capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    if (!(wa = capi_w(a)) || !(wb = capi_w(b)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_richcompare(wa, wb, op)));
}

int PyObject_RichCompareBool(PyObject *a, PyObject *b, int op)
{
    /* one proxy per object: the same proxy is the same object */
    if (a == b && a) {
        if (op == Py_EQ)
            return 1;
        if (op == Py_NE)
            return 0;
    }
    PyObject *r = PyObject_RichCompare(a, b, op);
    if (!r)
        return -1;
    int t = r == Py_True ? 1 : r == Py_False ? 0 : PyObject_IsTrue(r);
    Py_DECREF(r);
    return t;
}

int PyObject_IsTrue(PyObject *o)
{
    if (o == Py_True)
        return 1;
    if (o == Py_False || o == Py_None)
        return 0;
    w_object *w = capi_w(o);
    return w ? space_truth(w) : -1;
}

int PyObject_Not(PyObject *o)
{
    int r = PyObject_IsTrue(o);
    return r < 0 ? r : !r;
}

/* ---- type, size, items ----------------------------------------------------------------------- */

PyObject *PyObject_Type(PyObject *o)
{
    if (!o)
        return null_error();
    return Py_NewRef((PyObject *)Py_TYPE(o));
}

Py_ssize_t PyObject_Size(PyObject *o)
{
    if (!o) {
        null_error();
        return -1;
    }
    w_object *w = capi_w(o);
    return w ? (Py_ssize_t)space_len(w) : -1;
}

#undef PyObject_Length
Py_ssize_t PyObject_Length(PyObject *o)
{
    return PyObject_Size(o);
}

/* CPython's operator.length_hint(): len() if the type has one, else __length_hint__(),
   else the default. */
Py_ssize_t PyObject_LengthHint(PyObject *o, Py_ssize_t defaultvalue)
{
    GC_ENTER();
    w_object *w = NULL, *r = NULL;
    GC_ROOT(w);
    GC_ROOT(r);
    if (!(w = capi_w(o)))
        GC_RETURN(-1);
    if (W_TYPE(w)->len) {
        int64_t n = space_len(w);
        if (n >= 0)
            GC_RETURN((Py_ssize_t)n);
        if (!w_err_matches(w_exc_TypeError))
            GC_RETURN(-1);
        w_err_clear();
    }
    if (!w_type_lookup_cstr(W_TYPE(w), "__length_hint__"))
        GC_RETURN(defaultvalue);
    if (!(r = space_call_method(w, "__length_hint__", NULL, 0))) {
        if (!w_err_matches(w_exc_TypeError))
            GC_RETURN(-1);
        w_err_clear();
        GC_RETURN(defaultvalue);
    }
    if (r == w_NotImplemented)
        GC_RETURN(defaultvalue);
    if (!W_INT_CHECK(r)) {
        w_raise_fmt(w_exc_TypeError, "__length_hint__ must be an integer, not %s",
                    W_TYPE(r)->name);
        GC_RETURN(-1);
    }
    int64_t n;
    if (w_int_as_i64(r, &n) < 0)
        GC_RETURN(-1);
    if (n < 0) {
        w_raise_fmt(w_exc_ValueError, "__length_hint__() should return >= 0");
        GC_RETURN(-1);
    }
    GC_RETURN((Py_ssize_t)n);
}

PyObject *PyObject_GetItem(PyObject *o, PyObject *key)
{
    if (!o || !key)
        return null_error();
    GC_ENTER();
    w_object *w = NULL, *k = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    if (!(w = capi_w(o)) || !(k = capi_w(key)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_getitem(w, k)));
}

int PyObject_SetItem(PyObject *o, PyObject *key, PyObject *value)
{
    if (!o || !key || !value) {
        null_error();
        return -1;
    }
    GC_ENTER();
    w_object *w = NULL, *k = NULL, *v = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(w = capi_w(o)) || !(k = capi_w(key)) || !(v = capi_w(value)))
        GC_RETURN(-1);
    GC_RETURN(space_setitem(w, k, v));
}

int PyObject_DelItem(PyObject *o, PyObject *key)
{
    if (!o || !key) {
        null_error();
        return -1;
    }
    GC_ENTER();
    w_object *w = NULL, *k = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    if (!(w = capi_w(o)) || !(k = capi_w(key)))
        GC_RETURN(-1);
    GC_RETURN(space_delitem(w, k));
}

int PyObject_DelItemString(PyObject *o, const char *key)
{
    if (!o || !key) {
        null_error();
        return -1;
    }
    PyObject *k = PyUnicode_FromString(key);
    if (!k)
        return -1;
    int r = PyObject_DelItem(o, k);
    Py_DECREF(k);
    return r;
}

/* ---- attributes ---------------------------------------------------------------------------- */

/* The runtime objects of an object and an attribute name (a str, else TypeError as
   CPython words it), both rooted by the caller. */
static int attr_args(PyObject *o, PyObject *name, w_object **w, w_object **n)
{
    if (!o || !name) {
        capi_bad_internal_call();
        return -1;
    }
    if (!(*w = capi_w(o)) || !(*n = capi_w(name)))
        return -1;
    if (!W_STR_CHECK(*n)) {
        w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                    W_TYPE(*n)->name);
        return -1;
    }
    return 0;
}

PyObject *PyObject_GetAttr(PyObject *o, PyObject *name)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    if (attr_args(o, name, &w, &n) < 0)
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_getattr(w, n)));
}

PyObject *PyObject_GetAttrString(PyObject *o, const char *name)
{
    if (!o || !name) {
        capi_bad_internal_call();
        return NULL;
    }
    PyObject *n = PyUnicode_FromString(name);
    if (!n)
        return NULL;
    PyObject *r = PyObject_GetAttr(o, n);
    Py_DECREF(n);
    return r;
}

/* The generic protocol: the type's descriptors and the instance dict at tp_dictoffset
   (extension types); never the type's own getattr slot, which may be what calls this. */
PyObject *PyObject_GenericGetAttr(PyObject *o, PyObject *name)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL, *d = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    GC_ROOT(d);
    if (attr_args(o, name, &w, &n) < 0)
        GC_RETURN(NULL);
    d = capi_instance_dict(o, false);
    if (!d && w_err_occurred())
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_generic_getattr_dict(w, n, d)));
}

PyObject *_PyObject_GenericGetAttrWithDict(PyObject *o, PyObject *name, PyObject *dict,
                                           int suppress)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL, *d = NULL, *r = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    GC_ROOT(d);
    if (attr_args(o, name, &w, &n) < 0)
        GC_RETURN(NULL);
    if (dict ? !(d = capi_w(dict)) : !(d = capi_instance_dict(o, false)) && w_err_occurred())
        GC_RETURN(NULL);
    r = space_generic_getattr_dict(w, n, d);
    if (!r && suppress && w_err_matches(w_exc_AttributeError))
        w_err_clear();
    GC_RETURN(capi_new_ref(r));
}

PyObject *_PyObject_NextNotImplemented(PyObject *self)
{
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not iterable", Py_TYPE(self)->tp_name);
    return NULL;
}

int _PyObject_LookupAttr(PyObject *o, PyObject *name, PyObject **result)
{
    *result = PyObject_GetAttr(o, name);
    if (*result)
        return 1;
    if (!w_err_matches(w_exc_AttributeError))
        return -1;
    w_err_clear();
    return 0;
}

int PyObject_HasAttr(PyObject *o, PyObject *name)
{
    PyObject *r = PyObject_GetAttr(o, name);
    if (!r) {
        w_err_clear();
        return 0;
    }
    Py_DECREF(r);
    return 1;
}

int PyObject_HasAttrString(PyObject *o, const char *name)
{
    PyObject *r = PyObject_GetAttrString(o, name);
    if (!r) {
        w_err_clear();
        return 0;
    }
    Py_DECREF(r);
    return 1;
}

/* value NULL deletes. */
int PyObject_SetAttr(PyObject *o, PyObject *name, PyObject *value)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL, *v = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    GC_ROOT(v);
    if (attr_args(o, name, &w, &n) < 0 || (value && !(v = capi_w(value))))
        GC_RETURN(-1);
    GC_RETURN(space_setattr(w, n, v));
}

int PyObject_SetAttrString(PyObject *o, const char *name, PyObject *value)
{
    if (!o || !name) {
        capi_bad_internal_call();
        return -1;
    }
    PyObject *n = PyUnicode_FromString(name);
    if (!n)
        return -1;
    int r = PyObject_SetAttr(o, n, value);
    Py_DECREF(n);
    return r;
}

int PyObject_GenericSetAttr(PyObject *o, PyObject *name, PyObject *value)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL, *d = NULL, *v = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    GC_ROOT(d);
    GC_ROOT(v);
    if (attr_args(o, name, &w, &n) < 0 || (value && !(v = capi_w(value))))
        GC_RETURN(-1);
    d = capi_instance_dict(o, value != NULL);
    if (!d && w_err_occurred())
        GC_RETURN(-1);
    GC_RETURN(space_generic_setattr_dict(w, n, v, d));
}

PyObject *PyObject_Dir(PyObject *o)
{
    w_object *w = NULL;
    if (o && !(w = capi_w(o)))
        return NULL;
    return capi_new_ref(call_builtin("dir", &w, o ? 1 : 0));
}

/* ---- types, iteration, calls ----------------------------------------------------------------- */

int PyObject_IsInstance(PyObject *o, PyObject *cls)
{
    GC_ENTER();
    w_object *w = NULL, *c = NULL;
    GC_ROOT(w);
    GC_ROOT(c);
    if (!(w = capi_w(o)) || !(c = capi_w(cls)))
        GC_RETURN(-1);
    GC_RETURN(space_isinstance(w, c));
}

int PyObject_IsSubclass(PyObject *derived, PyObject *cls)
{
    GC_ENTER();
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    if (!(args[0] = capi_w(derived)) || !(args[1] = capi_w(cls)))
        GC_RETURN(-1);
    w_object *r = call_builtin("issubclass", args, 2);
    GC_RETURN(r ? space_truth(r) : -1);
}

PyObject *PyObject_GetIter(PyObject *o)
{
    w_object *w = capi_w(o);
    return w ? capi_new_ref(space_iter(w)) : NULL;
}

PyObject *PyObject_SelfIter(PyObject *o)
{
    return Py_NewRef(o);
}

int PyCallable_Check(PyObject *o)
{
    if (!o)
        return 0;
    w_object *w = capi_w(o);
    if (!w) {
        w_err_clear();
        return Py_TYPE(o)->tp_call != NULL;
    }
    return W_TYPE(w)->call != NULL;
}

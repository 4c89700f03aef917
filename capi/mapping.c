/* mapping.c — the mapping protocol (PyMapping_*) over the runtime's objects and C slots. */
#include "capi/capi.h"

/* As in sequence.c: a type with C slot tables is served by them, a runtime type by its
   own slots (mp_subscript is a getitem slot, mp_length a len slot next to one). */

static int null_error(void)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "null argument to internal routine");
    return -1;
}

static bool has_c_slots(PyTypeObject *t)
{
    return t->tp_as_sequence || t->tp_as_mapping;
}

int PyMapping_Check(PyObject *o)
{
    if (!o)
        return 0;
    PyTypeObject *t = Py_TYPE(o);
    if (has_c_slots(t))
        return t->tp_as_mapping && t->tp_as_mapping->mp_subscript;
    w_type *wt = capi_w_type(t);
    return wt && wt->getitem;
}

Py_ssize_t PyMapping_Size(PyObject *o)
{
    if (!o)
        return null_error();
    PyTypeObject *t = Py_TYPE(o);
    bool mp_length, sq_length;
    if (has_c_slots(t)) {
        if (t->tp_as_mapping && t->tp_as_mapping->mp_length)
            return t->tp_as_mapping->mp_length(o);
        mp_length = false;
        sq_length = t->tp_as_sequence && t->tp_as_sequence->sq_length;
    } else {
        w_type *wt = capi_w_type(t);
        mp_length = wt && wt->len && wt->getitem;
        sq_length = wt && wt->len;
    }
    if (mp_length) {
        w_object *w = capi_w(o);
        return w ? (Py_ssize_t)space_len(w) : -1;
    }
    w_raise_fmt(w_exc_TypeError, sq_length ? "%s is not a mapping" : "object of type '%s' has no len()",
                t->tp_name);
    return -1;
}

#undef PyMapping_Length
Py_ssize_t PyMapping_Length(PyObject *o)
{
    return PyMapping_Size(o);
}

/* o[key] with a str key; NULL with an error if key cannot be decoded. */
static w_object *get_string(PyObject *o, const char *key)
{
    GC_ENTER();
    w_object *w = NULL, *k = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    if (!(k = w_str_decode_utf8(key, strlen(key), NULL)) || !(w = capi_w(o)))
        GC_RETURN(NULL);
    GC_RETURN(space_getitem(w, k));
}

PyObject *PyMapping_GetItemString(PyObject *o, const char *key)
{
    if (!o || !key)
        return null_error(), NULL;
    return capi_new_ref(get_string(o, key));
}

int PyMapping_SetItemString(PyObject *o, const char *key, PyObject *v)
{
    if (!o || !key || !v)
        return null_error();
    GC_ENTER();
    w_object *w = NULL, *k = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    GC_ROOT(wv);
    if (!(k = w_str_decode_utf8(key, strlen(key), NULL)) || !(wv = capi_w(v)) || !(w = capi_w(o)))
        GC_RETURN(-1);
    GC_RETURN(space_setitem(w, k, wv));
}

/* CPython clears whatever error there is, the lookup's or one set before. */
int PyMapping_HasKey(PyObject *o, PyObject *key)
{
    w_object *r = NULL;
    if (o && key) {
        GC_ENTER();
        w_object *w = NULL, *k = NULL;
        GC_ROOT(w);
        GC_ROOT(k);
        if ((k = capi_w(key)) && (w = capi_w(o)))
            r = space_getitem(w, k);
        GC_LEAVE();
    }
    w_err_clear();
    return r != NULL;
}

int PyMapping_HasKeyString(PyObject *o, const char *key)
{
    w_object *r = o && key ? get_string(o, key) : NULL;
    w_err_clear();
    return r != NULL;
}

/* o.<name>() as a list: CPython's method_output_as_list. */
static PyObject *method_list(PyObject *o, const char *name)
{
    if (!o)
        return null_error(), NULL;
    GC_ENTER();
    w_object *w = NULL, *out = NULL, *it = NULL;
    GC_ROOT(w);
    GC_ROOT(out);
    GC_ROOT(it);
    if (!(w = capi_w(o)) || !(out = space_call_method(w, name, NULL, 0)))
        GC_RETURN(NULL);
    if (W_TYPE(out) == w_list_type)
        GC_RETURN(capi_new_ref(out));
    if (!(it = space_iter(out))) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "%s.%s() returned a non-iterable (type %s)",
                        Py_TYPE(o)->tp_name, name, W_TYPE(out)->name);
        }
        GC_RETURN(NULL);
    }
    GC_RETURN(capi_new_ref(w_list_from_iterable(it)));
}

PyObject *PyMapping_Keys(PyObject *o)
{
    if (o && PyDict_CheckExact(o))
        return PyDict_Keys(o);
    return method_list(o, "keys");
}

PyObject *PyMapping_Values(PyObject *o)
{
    if (o && PyDict_CheckExact(o))
        return PyDict_Values(o);
    return method_list(o, "values");
}

PyObject *PyMapping_Items(PyObject *o)
{
    if (o && PyDict_CheckExact(o))
        return PyDict_Items(o);
    return method_list(o, "items");
}

/* sequence.c — the sequence protocol (PySequence_*) over the runtime's objects and C slots. */
#include "capi/capi.h"

/*
 * CPython's sequence functions are defined by which slots a type fills: sq_item,
 * sq_length, sq_ass_item, sq_concat, sq_repeat, and the mapping slots next to them.
 * A type with C slot tables (an extension type) is served by those slots, exactly as
 * CPython would; for the runtime's types the slots are read off the runtime type:
 *
 *   sq_item      a getitem slot, on anything but a dict (dict has only mp_subscript)
 *   sq_length    a len slot, on anything but a dict (set and the dict views have it)
 *   sq_ass_item  a setitem slot, on anything but a dict
 *   mp_*         getitem, len (with getitem), setitem
 *   sq_concat    the concat slot; sq_repeat the repeat slot
 *
 * Lists go through PyList_*, so that C's borrowed items stay consistent.
 */

static int null_error(void)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "null argument to internal routine");
    return -1;
}

/* TypeError `fmt` with the type name of `o`; NULL. */
static void *type_error(const char *fmt, PyObject *o)
{
    return w_raise_fmt(w_exc_TypeError, fmt, Py_TYPE(o)->tp_name);
}

/* The C slot tables of an extension's type, or NULL for a type the runtime defines. */
static PySequenceMethods *c_seq(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    return t->tp_as_sequence || t->tp_as_mapping ? t->tp_as_sequence : NULL;
}

static PyMappingMethods *c_map(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    return t->tp_as_sequence || t->tp_as_mapping ? t->tp_as_mapping : NULL;
}

static bool has_c_slots(PyObject *o)
{
    return Py_TYPE(o)->tp_as_sequence || Py_TYPE(o)->tp_as_mapping;
}

/* The runtime type of `o` when its slots decide (no C tables), else NULL. */
static w_type *rt_type(PyObject *o)
{
    return has_c_slots(o) ? NULL : capi_w_type(Py_TYPE(o));
}

static bool is_dict_type(w_type *t)
{
    return t == w_dict_type || w_type_is_subtype(t, w_dict_type);
}

static bool rt_sq_item(w_type *t)
{
    return t && t->getitem && !is_dict_type(t);
}

static bool rt_sq_ass_item(w_type *t)
{
    return t && t->setitem && !is_dict_type(t);
}

int PySequence_Check(PyObject *s)
{
    if (!s || PyDict_Check(s))
        return 0;
    if (has_c_slots(s))
        return c_seq(s) && c_seq(s)->sq_item;
    return rt_sq_item(rt_type(s));
}

Py_ssize_t PySequence_Size(PyObject *s)
{
    if (!s)
        return null_error();
    if (has_c_slots(s)) {
        if (c_seq(s) && c_seq(s)->sq_length)
            return c_seq(s)->sq_length(s);
        if (c_map(s) && c_map(s)->mp_length)
            type_error("%s is not a sequence", s);
        else
            type_error("object of type '%s' has no len()", s);
        return -1;
    }
    w_type *t = rt_type(s);
    if (t && t->len && !is_dict_type(t)) {
        w_object *w = capi_w(s);
        return w ? (Py_ssize_t)space_len(w) : -1;
    }
    type_error(t && t->len ? "%s is not a sequence" : "object of type '%s' has no len()", s);
    return -1;
}

#undef PySequence_Length
Py_ssize_t PySequence_Length(PyObject *s)
{
    return PySequence_Size(s);
}

/* CPython's binary_op1 over the operands' C number slots (the builtin types have them too):
   the right operand's slot first if its type is a proper subtype of the left's; a new
   reference to NotImplemented when neither slot takes the operands. */
static PyObject *binary_op1(PyObject *v, PyObject *w, size_t slot)
{
    PyNumberMethods *nv = Py_TYPE(v)->tp_as_number, *nw = Py_TYPE(w)->tp_as_number;
    binaryfunc slotv = nv ? *(binaryfunc *)((char *)nv + slot) : NULL;
    binaryfunc slotw = nw && Py_TYPE(w) != Py_TYPE(v) ? *(binaryfunc *)((char *)nw + slot) : NULL;
    PyObject *x;
    if (slotw == slotv)
        slotw = NULL;
    if (slotv) {
        if (slotw && PyType_IsSubtype(Py_TYPE(w), Py_TYPE(v))) {
            if ((x = slotw(v, w)) != Py_NotImplemented)
                return x;
            Py_DECREF(x);
            slotw = NULL;
        }
        if ((x = slotv(v, w)) != Py_NotImplemented)
            return x;
        Py_DECREF(x);
    }
    if (slotw) {
        if ((x = slotw(v, w)) != Py_NotImplemented)
            return x;
        Py_DECREF(x);
    }
    return Py_NewRef(Py_NotImplemented);
}

/* The runtime objects of a and b (rooted by the caller). */
static bool both_w(PyObject *a, PyObject *b, w_object **wa, w_object **wb)
{
    return (*wa = capi_w(a)) && (*wb = capi_w(b));
}

PyObject *PySequence_Concat(PyObject *s, PyObject *o)
{
    if (!s || !o)
        return null_error(), NULL;
    if (c_seq(s) && c_seq(s)->sq_concat)
        return c_seq(s)->sq_concat(s, o);
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    w_type *t = rt_type(s);
    if (t && t->concat) {
        if (!both_w(s, o, &a, &b))
            GC_RETURN(NULL);
        GC_RETURN(capi_new_ref(t->concat(a, b)));
    }
    /* a sequence may add through its number slots */
    if (has_c_slots(s) && PySequence_Check(s) && PySequence_Check(o)) {
        PyObject *r = binary_op1(s, o, offsetof(PyNumberMethods, nb_add));
        if (r != Py_NotImplemented)
            GC_RETURN(r);
        Py_DECREF(r);
    }
    GC_RETURN(type_error("'%s' object can't be concatenated", s));
}

PyObject *PySequence_Repeat(PyObject *o, Py_ssize_t count)
{
    if (!o)
        return null_error(), NULL;
    if (c_seq(o) && c_seq(o)->sq_repeat)
        return c_seq(o)->sq_repeat(o, count);
    GC_ENTER();
    w_object *a = NULL;
    GC_ROOT(a);
    w_type *t = rt_type(o);
    if (t && t->repeat) {
        if (!(a = capi_w(o)))
            GC_RETURN(NULL);
        GC_RETURN(capi_new_ref(t->repeat(a, count)));
    }
    if (has_c_slots(o) && PySequence_Check(o)) {
        PyObject *pn = PyLong_FromSsize_t(count);
        if (!pn)
            GC_RETURN(NULL);
        PyObject *r = binary_op1(o, pn, offsetof(PyNumberMethods, nb_multiply));
        Py_DECREF(pn);
        if (r != Py_NotImplemented)
            GC_RETURN(r);
        Py_DECREF(r);
    }
    GC_RETURN(type_error("'%s' object can't be repeated", o));
}

/* Replaces every item of the mutable sequence `s` by those of `r` (a new reference,
   consumed): s[:] = r. Returns a new reference to `s`. */
static PyObject *replace_contents(PyObject *s, PyObject *r)
{
    if (!r)
        return NULL;
    int rc = PySequence_SetSlice(s, 0, PY_SSIZE_T_MAX, r);
    Py_DECREF(r);
    return rc < 0 ? NULL : Py_NewRef(s);
}

/* The runtime's mutable sequences other than list (whose in-place forms are below). */
static bool rt_mutable(w_type *t)
{
    return rt_sq_ass_item(t) && t->concat && !(t == w_list_type || w_type_is_subtype(t, w_list_type));
}

/* list.extend(o) on list `s`; a new reference to `s`. */
static PyObject *extend_list(PyObject *s, PyObject *o)
{
    PyObject *r = _PyList_Extend((PyListObject *)s, o);
    if (!r)
        return NULL;
    Py_DECREF(r);
    return Py_NewRef(s);
}

PyObject *PySequence_InPlaceConcat(PyObject *s, PyObject *o)
{
    if (!s || !o)
        return null_error(), NULL;
    PySequenceMethods *m = c_seq(s);
    if (m && m->sq_inplace_concat)
        return m->sq_inplace_concat(s, o);
    if (PyList_Check(s))
        return extend_list(s, o);
    if (rt_mutable(rt_type(s)))
        return replace_contents(s, PySequence_Concat(s, o));
    return PySequence_Concat(s, o);
}

PyObject *PySequence_InPlaceRepeat(PyObject *o, Py_ssize_t count)
{
    if (!o)
        return null_error(), NULL;
    PySequenceMethods *m = c_seq(o);
    if (m && m->sq_inplace_repeat)
        return m->sq_inplace_repeat(o, count);
    if (PyList_Check(o)) {
        /* the items stay where they are; count - 1 copies follow them */
        if (count < 1)
            return PyList_SetSlice(o, 0, PY_SSIZE_T_MAX, NULL) < 0 ? NULL : Py_NewRef(o);
        PyObject *more = PySequence_Repeat(o, count - 1);
        if (!more)
            return NULL;
        PyObject *r = extend_list(o, more);
        Py_DECREF(more);
        return r;
    }
    if (rt_mutable(rt_type(o)))
        return replace_contents(o, PySequence_Repeat(o, count));
    return PySequence_Repeat(o, count);
}

/* o[i] (i as given: the runtime counts a negative index from the end, as CPython's
   PySequence_* do before calling sq_item), or with v: o[i] = v, or del o[i] if v is NULL. */
static w_object *rt_index_op(PyObject *o, Py_ssize_t i, PyObject *v, bool store)
{
    GC_ENTER();
    w_object *w = NULL, *k = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    GC_ROOT(wv);
    if (!(k = w_int_from_i64(i)) || (v && !(wv = capi_w(v))) || !(w = capi_w(o)))
        GC_RETURN(NULL);
    if (!store)
        GC_RETURN(space_getitem(w, k));
    int r = wv ? space_setitem(w, k, wv) : space_delitem(w, k);
    GC_RETURN(r < 0 ? NULL : w_None);
}

PyObject *PySequence_GetItem(PyObject *s, Py_ssize_t i)
{
    if (!s)
        return null_error(), NULL;
    if (PyList_Check(s)) {
        Py_ssize_t j = i < 0 ? i + PyList_GET_SIZE(s) : i;
        return Py_XNewRef(PyList_GetItem(s, j < 0 ? PY_SSIZE_T_MAX : j));
    }
    if (has_c_slots(s)) {
        PySequenceMethods *m = c_seq(s);
        if (m && m->sq_item) {
            return capi_seq_index_from_end(m, s, &i) < 0 ? NULL : m->sq_item(s, i);
        }
        return type_error(c_map(s) && c_map(s)->mp_subscript ? "%s is not a sequence"
                                                             : "'%s' object does not support indexing",
                          s);
    }
    w_type *t = rt_type(s);
    if (rt_sq_item(t))
        return capi_new_ref(rt_index_op(s, i, NULL, false));
    return type_error(t && t->getitem ? "%s is not a sequence" : "'%s' object does not support indexing",
                      s);
}

/* sq_ass_item's part of SetItem and DelItem; `deleting` picks the error wording. */
static int ass_item(PyObject *s, Py_ssize_t i, PyObject *v, bool deleting)
{
    const char *unsupported = deleting ? "'%s' object doesn't support item deletion"
                                       : "'%s' object does not support item assignment";
    if (PyList_Check(s)) {
        Py_ssize_t n = PyList_GET_SIZE(s);
        Py_ssize_t j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            w_raise_fmt(w_exc_IndexError, "list assignment index out of range");
            return -1;
        }
        return v ? PyList_SetItem(s, j, Py_NewRef(v)) : PyList_SetSlice(s, j, j + 1, NULL);
    }
    if (has_c_slots(s)) {
        PySequenceMethods *m = c_seq(s);
        if (m && m->sq_ass_item) {
            return capi_seq_index_from_end(m, s, &i) < 0 ? -1 : m->sq_ass_item(s, i, v);
        }
        type_error(c_map(s) && c_map(s)->mp_ass_subscript ? "%s is not a sequence" : unsupported, s);
        return -1;
    }
    w_type *t = rt_type(s);
    if (rt_sq_ass_item(t))
        return rt_index_op(s, i, v, true) ? 0 : -1;
    type_error(t && t->setitem ? "%s is not a sequence" : unsupported, s);
    return -1;
}

int PySequence_SetItem(PyObject *s, Py_ssize_t i, PyObject *v)
{
    if (!s)
        return null_error();
    return ass_item(s, i, v, false);
}

int PySequence_DelItem(PyObject *s, Py_ssize_t i)
{
    if (!s)
        return null_error();
    return ass_item(s, i, NULL, true);
}

/* s[i1:i2], s[i1:i2] = v, or del s[i1:i2] (v NULL). */
static w_object *rt_slice_op(PyObject *s, Py_ssize_t i1, Py_ssize_t i2, PyObject *v, bool store)
{
    GC_ENTER();
    w_object *w = NULL, *a = NULL, *b = NULL, *sl = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(sl);
    GC_ROOT(wv);
    if (!(a = w_int_from_i64(i1)) || !(b = w_int_from_i64(i2)) || !(sl = w_slice_new(a, b, NULL)) ||
        (v && !(wv = capi_w(v))) || !(w = capi_w(s)))
        GC_RETURN(NULL);
    if (!store)
        GC_RETURN(space_getitem(w, sl));
    int r = wv ? space_setitem(w, sl, wv) : space_delitem(w, sl);
    GC_RETURN(r < 0 ? NULL : w_None);
}

PyObject *PySequence_GetSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2)
{
    if (!s)
        return null_error(), NULL;
    if (has_c_slots(s)) {
        PyMappingMethods *mp = c_map(s);
        if (!mp || !mp->mp_subscript)
            return type_error("'%s' object is unsliceable", s);
        PyObject *slice = _PySlice_FromIndices(i1, i2);
        if (!slice)
            return NULL;
        PyObject *r = mp->mp_subscript(s, slice);
        Py_DECREF(slice);
        return r;
    }
    w_type *t = rt_type(s);
    if (!t || !t->getitem)
        return type_error("'%s' object is unsliceable", s);
    return capi_new_ref(rt_slice_op(s, i1, i2, NULL, false));
}

static int ass_slice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2, PyObject *v)
{
    const char *unsupported = v ? "'%s' object doesn't support slice assignment"
                                : "'%s' object doesn't support slice deletion";
    if (PyList_Check(s)) {
        PySlice_AdjustIndices(PyList_GET_SIZE(s), &i1, &i2, 1);
        return PyList_SetSlice(s, i1, i2, v);
    }
    if (has_c_slots(s)) {
        PyMappingMethods *mp = c_map(s);
        if (!mp || !mp->mp_ass_subscript) {
            type_error(unsupported, s);
            return -1;
        }
        PyObject *slice = _PySlice_FromIndices(i1, i2);
        if (!slice)
            return -1;
        int r = mp->mp_ass_subscript(s, slice, v);
        Py_DECREF(slice);
        return r;
    }
    w_type *t = rt_type(s);
    if (!t || !t->setitem) {
        type_error(unsupported, s);
        return -1;
    }
    return rt_slice_op(s, i1, i2, v, true) ? 0 : -1;
}

int PySequence_SetSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2, PyObject *v)
{
    if (!s)
        return null_error();
    return ass_slice(s, i1, i2, v);
}

int PySequence_DelSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2)
{
    if (!s)
        return null_error();
    return ass_slice(s, i1, i2, NULL);
}

PyObject *PySequence_Tuple(PyObject *v)
{
    if (!v)
        return null_error(), NULL;
    if (PyTuple_CheckExact(v))
        return Py_NewRef(v);
    w_object *w = capi_w(v);
    return w ? capi_new_ref(w_tuple_from_iterable(w)) : NULL;
}

PyObject *PySequence_List(PyObject *v)
{
    if (!v)
        return null_error(), NULL;
    w_object *w = capi_w(v);
    return w ? capi_new_ref(w_list_from_iterable(w)) : NULL;
}

PyObject *PySequence_Fast(PyObject *v, const char *m)
{
    if (!v)
        return null_error(), NULL;
    if (PyList_CheckExact(v) || PyTuple_CheckExact(v))
        return Py_NewRef(v);
    GC_ENTER();
    w_object *it = NULL;
    GC_ROOT(it);
    if (!(it = capi_w(v)))
        GC_RETURN(NULL);
    if (!(it = space_iter(it))) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "%s", m);
        }
        GC_RETURN(NULL);
    }
    GC_RETURN(capi_new_ref(w_list_from_iterable(it)));
}

/* CPython's _PySequence_IterSearch: counts the items equal to `obj`, finds the first
   one's index, or tells whether there is one, iterating `seq`. */
Py_ssize_t _PySequence_IterSearch(PyObject *seq, PyObject *obj, int operation)
{
    if (!seq || !obj)
        return null_error();
    GC_ENTER();
    w_object *it = NULL, *o = NULL, *item = NULL;
    GC_ROOT(it);
    GC_ROOT(o);
    GC_ROOT(item);
    if (!(o = capi_w(obj)) || !(it = capi_w(seq)))
        GC_RETURN(-1);
    if (!(it = space_iter(it))) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            type_error("argument of type '%s' is not iterable", seq);
        }
        GC_RETURN(-1);
    }
    Py_ssize_t n = 0;
    while ((item = space_next(it))) {
        int eq = space_eq(item, o);
        if (eq < 0)
            GC_RETURN(-1);
        if (eq && operation == PY_ITERSEARCH_CONTAINS)
            GC_RETURN(1);
        if (eq && operation == PY_ITERSEARCH_INDEX)
            GC_RETURN(n);
        if (eq || operation == PY_ITERSEARCH_INDEX)
            n++;
    }
    if (w_err_occurred())
        GC_RETURN(-1);
    if (operation == PY_ITERSEARCH_INDEX) {
        w_raise_fmt(w_exc_ValueError, "sequence.index(x): x not in sequence");
        GC_RETURN(-1);
    }
    GC_RETURN(operation == PY_ITERSEARCH_COUNT ? n : 0);
}

Py_ssize_t PySequence_Count(PyObject *s, PyObject *o)
{
    return _PySequence_IterSearch(s, o, PY_ITERSEARCH_COUNT);
}

Py_ssize_t PySequence_Index(PyObject *s, PyObject *o)
{
    return _PySequence_IterSearch(s, o, PY_ITERSEARCH_INDEX);
}

int PySequence_Contains(PyObject *seq, PyObject *ob)
{
    if (!seq || !ob)
        return null_error();
    PySequenceMethods *m = c_seq(seq);
    if (m && m->sq_contains)
        return m->sq_contains(seq, ob);
    if (has_c_slots(seq))
        return (int)_PySequence_IterSearch(seq, ob, PY_ITERSEARCH_CONTAINS);
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    if (!both_w(seq, ob, &a, &b))
        GC_RETURN(-1);
    GC_RETURN(space_contains(a, b));
}

#undef PySequence_In
int PySequence_In(PyObject *seq, PyObject *ob)
{
    return PySequence_Contains(seq, ob);
}

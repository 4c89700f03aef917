/* containers.c — test extension `containers`: the list, dict, set, slice, sequence, mapping and iterator APIs. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * Each function calls one API function on its arguments and returns what it gave:
 * an error propagates, a borrowed result comes back as a new reference, a NULL result
 * without an error comes back as the string "<NULL>". The object `containers.NULL`
 * passed as an argument stands for a NULL pointer.
 */

static PyObject *null_marker;

static PyObject *A(PyObject *args, Py_ssize_t i)
{
    PyObject *o = PyTuple_GET_ITEM(args, i);
    return o == null_marker ? NULL : o;
}

static Py_ssize_t N(PyObject *args, Py_ssize_t i)
{
    return PyLong_AsSsize_t(PyTuple_GET_ITEM(args, i));
}

static const char *S(PyObject *args, Py_ssize_t i)
{
    PyObject *o = PyTuple_GET_ITEM(args, i);
    return o == null_marker ? NULL : PyUnicode_AsUTF8(o);
}

/* Returns NULL, first cutting the "Objects/listobject.c:246: " that CPython's own
   PyErr_BadInternalCall puts before "bad argument to internal function" off a pending
   SystemError, so that the messages compare across runtimes. */
static PyObject *error(void)
{
    if (!PyErr_ExceptionMatches(PyExc_SystemError))
        return NULL;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    const char *msg = s ? PyUnicode_AsUTF8(s) : NULL;
    const char *at = msg ? strstr(msg, ".c:") : NULL;
    if (at && (at = strstr(at, ": "))) {
        PyErr_SetString(PyExc_SystemError, at + 2);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else {
        PyErr_Restore(t, v, tb);
    }
    Py_XDECREF(s);
    return NULL;
}

/* A borrowed or new result: NULL with an error stays an error, NULL without becomes
   "<NULL>". `owned` says whether r is a new reference. */
static PyObject *result(PyObject *r, int owned)
{
    if (r)
        return owned ? r : Py_NewRef(r);
    if (PyErr_Occurred())
        return error();
    return PyUnicode_FromString("<NULL>");
}
#define NEW(r) result((r), 1)
#define BORROWED(r) result((r), 0)

static PyObject *size_result(Py_ssize_t r)
{
    if (r == -1 && PyErr_Occurred())
        return error();
    return PyLong_FromSsize_t(r);
}

/* An int status: an error if negative with an error set, else the int. */
static PyObject *status(int r)
{
    if (r < 0 && PyErr_Occurred())
        return error();
    return PyLong_FromLong(r);
}

#define F(name) static PyObject *name(PyObject *self, PyObject *args)

/* ---- list -------------------------------------------------------------------------- */

/* PyList_New(n), filled with 0, 10, 20 ... by PyList_SET_ITEM. */
F(list_new)
{
    Py_ssize_t n = N(args, 0);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    PyObject *l = PyList_New(n);
    for (Py_ssize_t i = 0; l && i < n; i++)
        PyList_SET_ITEM(l, i, PyLong_FromSsize_t(10 * i));
    return l ? l : error();
}

/* (GET_ITEM of every fresh slot is NULL, GetItem(i) of a fresh slot): then fills the
   list with None and drops it. */
F(list_unfilled)
{
    Py_ssize_t n = N(args, 0), i = N(args, 1);
    PyObject *l = PyList_New(n);
    if (!l)
        return NULL;
    int all_null = 1;
    for (Py_ssize_t k = 0; k < n; k++)
        all_null &= PyList_GET_ITEM(l, k) == NULL;
    PyObject *item = result(PyList_GetItem(l, i), 0);
    for (Py_ssize_t k = 0; k < n; k++)
        PyList_SET_ITEM(l, k, Py_NewRef(Py_None));
    Py_DECREF(l);
    if (!item)
        return NULL;
    PyObject *r = PyTuple_New(2);
    PyTuple_SET_ITEM(r, 0, PyBool_FromLong(all_null));
    PyTuple_SET_ITEM(r, 1, item);
    return r;
}

/* Replacing an item by hand, as C extensions (and Cython) do: PyList_SET_ITEM leaves the
   list's reference to the old item with the caller. list_swap returns it; list_renumber
   drops it, for every item, as the idiom old = GET_ITEM; SET_ITEM; Py_DECREF(old) does. */
F(list_swap)
{
    PyObject *l = A(args, 0), *v = A(args, 2);
    Py_ssize_t i = N(args, 1);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    PyObject *old = PyList_GET_ITEM(l, i);
    PyList_SET_ITEM(l, i, Py_NewRef(v));
    return old;
}

F(list_renumber)
{
    PyObject *l = A(args, 0);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(l); k++) {
        PyObject *old = PyList_GET_ITEM(l, k);
        PyList_SET_ITEM(l, k, PyLong_FromSsize_t(7 * k));
        Py_DECREF(old);
    }
    Py_RETURN_NONE;
}

F(list_size) { return size_result(PyList_Size(A(args, 0))); }
F(list_getitem) { return BORROWED(PyList_GetItem(A(args, 0), N(args, 1))); }
F(list_setitem) { return status(PyList_SetItem(A(args, 0), N(args, 1), Py_XNewRef(A(args, 2)))); }
F(list_insert) { return status(PyList_Insert(A(args, 0), N(args, 1), A(args, 2))); }
F(list_append) { return status(PyList_Append(A(args, 0), A(args, 1))); }
F(list_getslice) { return NEW(PyList_GetSlice(A(args, 0), N(args, 1), N(args, 2))); }
F(list_setslice) { return status(PyList_SetSlice(A(args, 0), N(args, 1), N(args, 2), A(args, 3))); }
F(list_sort) { return status(PyList_Sort(A(args, 0))); }
F(list_reverse) { return status(PyList_Reverse(A(args, 0))); }
F(list_astuple) { return NEW(PyList_AsTuple(A(args, 0))); }
F(list_extend) { return NEW(_PyList_Extend((PyListObject *)A(args, 0), A(args, 1))); }

/* The sum of an int list, read with PyList_GetItem and PyLong_AsLong. */
F(list_sum)
{
    PyObject *l = A(args, 0);
    Py_ssize_t n = PyList_Size(l);
    long total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PyList_GetItem(l, i));
        if (v == -1 && PyErr_Occurred())
            return NULL;
        total += v;
    }
    return n < 0 ? NULL : PyLong_FromLong(total);
}

/* Whether reading item i twice gives the same pointer. */
F(list_same_twice)
{
    PyObject *l = A(args, 0);
    Py_ssize_t i = N(args, 1);
    return PyBool_FromLong(PyList_GET_ITEM(l, i) == PyList_GET_ITEM(l, i));
}

/* Whether item i reads back as the object PyList_SetItem stored. */
F(list_set_then_get)
{
    PyObject *l = A(args, 0), *v = A(args, 2);
    Py_ssize_t i = N(args, 1);
    if (PyList_SetItem(l, i, Py_NewRef(v)) < 0)
        return NULL;
    return PyBool_FromLong(PyList_GET_ITEM(l, i) == v);
}

/* Whether the last item reads back as the object PyList_Append added. */
F(list_append_then_get)
{
    PyObject *l = A(args, 0), *v = A(args, 1);
    if (PyList_Append(l, v) < 0)
        return NULL;
    return PyBool_FromLong(PyList_GET_ITEM(l, PyList_GET_SIZE(l) - 1) == v);
}

/* PySequence_Fast(o, msg): (whether it returned o itself, its items through
   PySequence_Fast_ITEMS as a tuple). */
F(seq_fast)
{
    PyObject *o = A(args, 0);
    PyObject *f = PySequence_Fast(o, S(args, 1));
    if (!f)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    PyObject **items = PySequence_Fast_ITEMS(f);
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (items[i] != PySequence_Fast_GET_ITEM(f, i))
            return PyErr_Format(PyExc_AssertionError, "item %zd differs", i);
        PyTuple_SET_ITEM(t, i, Py_NewRef(items[i]));
    }
    PyObject *r = PyTuple_New(2);
    PyTuple_SET_ITEM(r, 0, PyBool_FromLong(f == o));
    PyTuple_SET_ITEM(r, 1, t);
    Py_DECREF(f);
    return r;
}

/* ---- tuple ------------------------------------------------------------------------- */

F(tuple_size) { return size_result(PyTuple_Size(A(args, 0))); }
F(tuple_getitem) { return BORROWED(PyTuple_GetItem(A(args, 0), N(args, 1))); }
F(tuple_getslice) { return NEW(PyTuple_GetSlice(A(args, 0), N(args, 1), N(args, 2))); }
F(tuple_setitem) { return status(PyTuple_SetItem(A(args, 0), N(args, 1), Py_XNewRef(A(args, 2)))); }
F(tuple_pack) { return NEW(PyTuple_Pack(2, A(args, 0), A(args, 1))); }

/* Whether slicing all of an exact tuple gives the tuple itself. */
F(tuple_whole_slice_is_self)
{
    PyObject *t = A(args, 0);
    PyObject *r = PyTuple_GetSlice(t, 0, PY_SSIZE_T_MAX);
    if (!r)
        return error();
    int same = r == t;
    Py_DECREF(r);
    return PyBool_FromLong(same);
}

/* A new tuple (0, 1, ... n - 1), then _PyTuple_Resize to m items (new ones set to None). */
F(tuple_resize)
{
    Py_ssize_t n = N(args, 0), m = N(args, 1);
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromSsize_t(i));
    if (_PyTuple_Resize(&t, m) < 0)
        return error();
    for (Py_ssize_t i = n; i < m; i++)
        PyTuple_SET_ITEM(t, i, Py_NewRef(Py_None));
    return t;
}

/* ---- dict -------------------------------------------------------------------------- */

F(dict_new) { return PyDict_New(); }
F(dict_getitem) { return BORROWED(PyDict_GetItem(A(args, 0), A(args, 1))); }
F(dict_getitem_witherror) { return BORROWED(PyDict_GetItemWithError(A(args, 0), A(args, 1))); }
F(dict_getitemstring) { return BORROWED(PyDict_GetItemString(A(args, 0), S(args, 1))); }
F(dict_setitem) { return status(PyDict_SetItem(A(args, 0), A(args, 1), A(args, 2))); }
F(dict_setitemstring) { return status(PyDict_SetItemString(A(args, 0), S(args, 1), A(args, 2))); }
F(dict_delitem) { return status(PyDict_DelItem(A(args, 0), A(args, 1))); }
F(dict_delitemstring) { return status(PyDict_DelItemString(A(args, 0), S(args, 1))); }
F(dict_contains) { return status(PyDict_Contains(A(args, 0), A(args, 1))); }
F(dict_size) { return size_result(PyDict_Size(A(args, 0))); }
F(dict_keys) { return NEW(PyDict_Keys(A(args, 0))); }
F(dict_values) { return NEW(PyDict_Values(A(args, 0))); }
F(dict_items) { return NEW(PyDict_Items(A(args, 0))); }
F(dict_copy) { return NEW(PyDict_Copy(A(args, 0))); }
F(dict_update) { return status(PyDict_Update(A(args, 0), A(args, 1))); }
F(dict_merge) { return status(PyDict_Merge(A(args, 0), A(args, 1), (int)N(args, 2))); }
F(dict_mergefromseq2) { return status(PyDict_MergeFromSeq2(A(args, 0), A(args, 1), (int)N(args, 2))); }
F(dict_setdefault) { return BORROWED(PyDict_SetDefault(A(args, 0), A(args, 1), A(args, 2))); }

F(dict_clear)
{
    PyDict_Clear(A(args, 0));
    Py_RETURN_NONE;
}

/* The (key, value) pairs PyDict_Next walks through. */
F(dict_next)
{
    PyObject *d = A(args, 0), *k, *v, *r = PyList_New(0);
    Py_ssize_t pos = 0;
    while (r && PyDict_Next(d, &pos, &k, &v)) {
        PyObject *pair = PyTuple_New(2);
        PyTuple_SET_ITEM(pair, 0, Py_NewRef(k));
        PyTuple_SET_ITEM(pair, 1, Py_NewRef(v));
        PyList_Append(r, pair);
        Py_DECREF(pair);
    }
    return r;
}

/* PyDict_GetItem with ValueError("pending") already set: the error must survive. */
F(dict_getitem_pending)
{
    PyErr_SetString(PyExc_ValueError, "pending");
    PyDict_GetItem(A(args, 0), A(args, 1));
    if (!PyErr_Occurred())
        return PyErr_Format(PyExc_AssertionError, "the pending error was lost");
    return NULL;
}

/* ---- set --------------------------------------------------------------------------- */

F(set_new) { return NEW(PySet_New(A(args, 0))); }
F(frozenset_new) { return NEW(PyFrozenSet_New(A(args, 0))); }
F(set_add) { return status(PySet_Add(A(args, 0), A(args, 1))); }
F(set_discard) { return status(PySet_Discard(A(args, 0), A(args, 1))); }
F(set_contains) { return status(PySet_Contains(A(args, 0), A(args, 1))); }
F(set_size) { return size_result(PySet_Size(A(args, 0))); }
F(set_pop) { return NEW(PySet_Pop(A(args, 0))); }
F(set_clear) { return status(PySet_Clear(A(args, 0))); }

/* The keys _PySet_NextEntry walks through, each with whether its hash is hash(key). */
F(set_next)
{
    PyObject *s = A(args, 0), *k, *r = PyList_New(0);
    Py_ssize_t pos = 0;
    Py_hash_t h;
    int rc = 0;
    while (r && (rc = _PySet_NextEntry(s, &pos, &k, &h)) > 0) {
        PyObject *pair = PyTuple_New(2);
        PyTuple_SET_ITEM(pair, 0, Py_NewRef(k));
        PyTuple_SET_ITEM(pair, 1, PyBool_FromLong(h == PyObject_Hash(k)));
        PyList_Append(r, pair);
        Py_DECREF(pair);
    }
    if (rc < 0) {
        Py_XDECREF(r);
        return error();
    }
    return r;
}

/* A frozenset made empty, then filled by PySet_Add with the items of `it`. */
F(frozenset_fill)
{
    PyObject *f = PyFrozenSet_New(NULL), *it = PyObject_GetIter(A(args, 0)), *x;
    if (!f || !it)
        return NULL;
    while ((x = PyIter_Next(it))) {
        int rc = PySet_Add(f, x);
        Py_DECREF(x);
        if (rc < 0)
            return NULL;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? NULL : f;
}

/* ---- slice ------------------------------------------------------------------------- */

F(slice_new) { return NEW(PySlice_New(A(args, 0), A(args, 1), A(args, 2))); }

F(slice_fields)
{
    PySliceObject *s = (PySliceObject *)A(args, 0);
    PyObject *r = PyTuple_New(3);
    PyTuple_SET_ITEM(r, 0, Py_NewRef(s->start));
    PyTuple_SET_ITEM(r, 1, Py_NewRef(s->stop));
    PyTuple_SET_ITEM(r, 2, Py_NewRef(s->step));
    return r;
}

static PyObject *triple(Py_ssize_t a, Py_ssize_t b, Py_ssize_t c)
{
    PyObject *r = PyTuple_New(3);
    PyTuple_SET_ITEM(r, 0, PyLong_FromSsize_t(a));
    PyTuple_SET_ITEM(r, 1, PyLong_FromSsize_t(b));
    PyTuple_SET_ITEM(r, 2, PyLong_FromSsize_t(c));
    return r;
}

F(slice_unpack)
{
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(A(args, 0), &start, &stop, &step) < 0)
        return NULL;
    return triple(start, stop, step);
}

F(slice_adjust)
{
    Py_ssize_t start = N(args, 1), stop = N(args, 2);
    Py_ssize_t n = PySlice_AdjustIndices(N(args, 0), &start, &stop, N(args, 3));
    return triple(start, stop, n);
}

F(slice_indicesex)
{
    Py_ssize_t start, stop, step, n;
    if (PySlice_GetIndicesEx(A(args, 0), N(args, 1), &start, &stop, &step, &n) < 0)
        return NULL;
    PyObject *r = PyTuple_New(2);
    PyTuple_SET_ITEM(r, 0, triple(start, stop, step));
    PyTuple_SET_ITEM(r, 1, PyLong_FromSsize_t(n));
    return r;
}

F(slice_indices)
{
    Py_ssize_t start, stop, step;
    if (PySlice_GetIndices(A(args, 0), N(args, 1), &start, &stop, &step) < 0)
        return PyErr_Occurred() ? NULL : PyLong_FromLong(-1);
    return triple(start, stop, step);
}

/* ---- sequence ------------------------------------------------------------------------ */

F(seq_check) { return PyLong_FromLong(PySequence_Check(A(args, 0))); }
F(seq_size) { return size_result(PySequence_Size(A(args, 0))); }
F(seq_concat) { return NEW(PySequence_Concat(A(args, 0), A(args, 1))); }
F(seq_repeat) { return NEW(PySequence_Repeat(A(args, 0), N(args, 1))); }
F(seq_iconcat) { return NEW(PySequence_InPlaceConcat(A(args, 0), A(args, 1))); }
F(seq_irepeat) { return NEW(PySequence_InPlaceRepeat(A(args, 0), N(args, 1))); }
F(seq_getitem) { return NEW(PySequence_GetItem(A(args, 0), N(args, 1))); }
F(seq_getslice) { return NEW(PySequence_GetSlice(A(args, 0), N(args, 1), N(args, 2))); }
F(seq_setitem) { return status(PySequence_SetItem(A(args, 0), N(args, 1), A(args, 2))); }
F(seq_delitem) { return status(PySequence_DelItem(A(args, 0), N(args, 1))); }
F(seq_setslice) { return status(PySequence_SetSlice(A(args, 0), N(args, 1), N(args, 2), A(args, 3))); }
F(seq_delslice) { return status(PySequence_DelSlice(A(args, 0), N(args, 1), N(args, 2))); }
F(seq_tuple) { return NEW(PySequence_Tuple(A(args, 0))); }
F(seq_list) { return NEW(PySequence_List(A(args, 0))); }
F(seq_count) { return size_result(PySequence_Count(A(args, 0), A(args, 1))); }
F(seq_contains) { return status(PySequence_Contains(A(args, 0), A(args, 1))); }
F(seq_in) { return status(PySequence_In(A(args, 0), A(args, 1))); }
F(seq_index) { return size_result(PySequence_Index(A(args, 0), A(args, 1))); }

/* ---- mapping ------------------------------------------------------------------------- */

F(map_check) { return PyLong_FromLong(PyMapping_Check(A(args, 0))); }
F(map_size) { return size_result(PyMapping_Size(A(args, 0))); }
F(map_haskey) { return PyLong_FromLong(PyMapping_HasKey(A(args, 0), A(args, 1))); }
F(map_haskeystring) { return PyLong_FromLong(PyMapping_HasKeyString(A(args, 0), S(args, 1))); }
F(map_keys) { return NEW(PyMapping_Keys(A(args, 0))); }
F(map_values) { return NEW(PyMapping_Values(A(args, 0))); }
F(map_items) { return NEW(PyMapping_Items(A(args, 0))); }
F(map_getitemstring) { return NEW(PyMapping_GetItemString(A(args, 0), S(args, 1))); }
F(map_setitemstring) { return status(PyMapping_SetItemString(A(args, 0), S(args, 1), A(args, 2))); }

/* ---- iterator ------------------------------------------------------------------------ */

F(iter_check) { return PyLong_FromLong(PyIter_Check(A(args, 0))); }
F(seqiter_new) { return NEW(PySeqIter_New(A(args, 0))); }
F(calliter_new) { return NEW(PyCallIter_New(A(args, 0), A(args, 1))); }

/* Every item PyIter_Next gives, in a list; an error propagates. */
F(iter_drain)
{
    PyObject *it = A(args, 0), *x, *r = PyList_New(0);
    while (r && (x = PyIter_Next(it))) {
        PyList_Append(r, x);
        Py_DECREF(x);
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(r);
        return NULL;
    }
    return r;
}

#define M(name) {#name, name, METH_VARARGS, NULL}
static PyMethodDef containers_methods[] = {
    M(list_new), M(list_unfilled), M(list_swap), M(list_renumber), M(list_size), M(list_getitem), M(list_setitem),
    M(list_insert), M(list_append), M(list_getslice), M(list_setslice), M(list_sort),
    M(list_reverse), M(list_astuple), M(list_extend), M(list_sum), M(list_same_twice),
    M(list_set_then_get), M(list_append_then_get), M(seq_fast),
    M(tuple_size), M(tuple_getitem), M(tuple_getslice), M(tuple_setitem), M(tuple_pack),
    M(tuple_whole_slice_is_self), M(tuple_resize),
    M(dict_new), M(dict_getitem), M(dict_getitem_witherror), M(dict_getitemstring),
    M(dict_setitem), M(dict_setitemstring), M(dict_delitem), M(dict_delitemstring),
    M(dict_contains), M(dict_size), M(dict_keys), M(dict_values), M(dict_items),
    M(dict_copy), M(dict_update), M(dict_merge), M(dict_mergefromseq2), M(dict_setdefault),
    M(dict_clear), M(dict_next), M(dict_getitem_pending),
    M(set_new), M(frozenset_new), M(set_add), M(set_discard), M(set_contains), M(set_size),
    M(set_pop), M(set_clear), M(set_next), M(frozenset_fill),
    M(slice_new), M(slice_fields), M(slice_unpack), M(slice_adjust), M(slice_indicesex),
    M(slice_indices),
    M(seq_check), M(seq_size), M(seq_concat), M(seq_repeat), M(seq_iconcat), M(seq_irepeat),
    M(seq_getitem), M(seq_getslice), M(seq_setitem), M(seq_delitem), M(seq_setslice),
    M(seq_delslice), M(seq_tuple), M(seq_list), M(seq_count), M(seq_contains), M(seq_in),
    M(seq_index),
    M(map_check), M(map_size), M(map_haskey), M(map_haskeystring), M(map_keys),
    M(map_values), M(map_items), M(map_getitemstring), M(map_setitemstring),
    M(iter_check), M(seqiter_new), M(calliter_new), M(iter_drain),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef containers_module = {
    PyModuleDef_HEAD_INIT, "containers", "Calls into the container APIs.", -1, containers_methods,
};

PyMODINIT_FUNC PyInit_containers(void)
{
    PyObject *m = PyModule_Create(&containers_module);
    if (!m)
        return NULL;
    null_marker = PyList_New(0);
    if (!null_marker || PyModule_AddObject(m, "NULL", Py_NewRef(null_marker)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* dict.c — dict proxies (plain views of the runtime dict) and the PyDict_* API. */
#include "capi/capi.h"
#include "freelists/freelists.h"

static void dict_dealloc(PyObject *o)
{
    if (Py_IS_TYPE(o, &PyDict_Type))
        freelist_push(&freelist_dict, o);
    else
        PyObject_Free(o); /* an extension subtype's struct, from PyObject_Calloc */
}

PyTypeObject PyDict_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "dict",
    .tp_basicsize = sizeof(PyDictObject),
    .tp_dealloc = dict_dealloc,
};

/* A proxy of PyDictObject's size, so that code reading its (reserved) fields reads zeros. */
static PyObject *dict_proxy(w_object *w)
{
    PyDictObject *p = freelist_pop(&freelist_dict, sizeof(PyDictObject));
    *p = (PyDictObject){0};
    return (PyObject *)p;
}

/* The runtime dict of `op`, or NULL (SystemError) if `op` is not a dict. */
static w_object *dict_of(PyObject *op)
{
    if (!op || !PyDict_Check(op)) {
        capi_bad_internal_call();
        return NULL;
    }
    return capi_w(op);
}

PyObject *PyDict_New(void)
{
    return capi_new_ref(w_dict_new());
}

PyObject *_PyDict_NewPresized(Py_ssize_t minused)
{
    (void)minused;
    return PyDict_New();
}

PyObject *_PyDict_GetItem_KnownHash(PyObject *op, PyObject *key, Py_hash_t hash)
{
    (void)hash;
    return PyDict_GetItemWithError(op, key);
}

int _PyDict_SetItem_KnownHash(PyObject *op, PyObject *key, PyObject *item, Py_hash_t hash)
{
    (void)hash;
    return PyDict_SetItem(op, key, item);
}

PyObject *_PyDict_Pop(PyObject *op, PyObject *key, PyObject *deflt)
{
    if (!PyDict_Check(op)) {
        capi_bad_internal_call();
        return NULL;
    }
    /* dict's own pop, whatever a subclass defines */
    PyObject *pop = PyObject_GetAttrString((PyObject *)&PyDict_Type, "pop");
    if (!pop)
        return NULL;
    PyObject *r = PyObject_CallFunctionObjArgs(pop, op, key, deflt, NULL);
    Py_DECREF(pop);
    return r;
}

/* The value of `key` in dict `op` as a borrowed reference; NULL, with an error or not. */
static PyObject *get_item(PyObject *op, PyObject *key)
{
    w_object *k = capi_w(key);
    if (!k)
        return NULL;
    w_object *v = w_dict_get(capi_link(op), k);
    return v ? capi_proxy(v) : NULL;
}

/* As CPython 3.11 does it: an error hashing the key clears every error, one set before
   included; an error of the lookup itself is dropped and one set before is kept. */
PyObject *PyDict_GetItem(PyObject *op, PyObject *key)
{
    if (!op || !PyDict_Check(op) || !key)
        return NULL;
    GC_ENTER();
    w_object *k = NULL, *pending = NULL;
    GC_ROOT(k);
    GC_ROOT(pending);
    int64_t h;
    if (!(k = capi_w(key)) || w_key_hash(k, &h) < 0) {
        w_err_clear();
        GC_RETURN(NULL);
    }
    pending = w_err_fetch();
    w_object *v = w_dict_get(capi_link(op), k);
    PyObject *r = v ? capi_proxy(v) : NULL;
    w_err_clear();
    if (pending)
        w_raise_instance(pending);
    GC_RETURN(r);
}

PyObject *PyDict_GetItemWithError(PyObject *op, PyObject *key)
{
    if (!dict_of(op))
        return NULL;
    return get_item(op, key);
}

PyObject *_PyDict_GetItemWithError(PyObject *op, PyObject *key)
{
    return PyDict_GetItemWithError(op, key);
}

PyObject *PyDict_GetItemString(PyObject *op, const char *key)
{
    if (!op || !PyDict_Check(op) || !key)
        return NULL;
    /* only str keys can equal a str: found by text, nothing is made or called */
    w_object *v = w_dict_get_cstr(capi_link(op), key);
    return v ? capi_proxy(v) : NULL;
}

PyObject *_PyDict_GetItemStringWithError(PyObject *op, const char *key)
{
    if (!dict_of(op))
        return NULL;
    w_object *k = w_str_decode_utf8(key, strlen(key), NULL);
    if (!k)
        return NULL;
    w_object *v = w_dict_get(capi_link(op), k);
    return v ? capi_proxy(v) : NULL;
}

int PyDict_SetItem(PyObject *op, PyObject *key, PyObject *item)
{
    if (!dict_of(op))
        return -1;
    if (!key || !item) {
        capi_bad_internal_call();
        return -1;
    }
    GC_ENTER();
    w_object *k = NULL, *v = NULL;
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(k = capi_w(key)) || !(v = capi_w(item)))
        GC_RETURN(-1);
    GC_RETURN(w_dict_set(capi_link(op), k, v));
}

int PyDict_SetItemString(PyObject *op, const char *key, PyObject *item)
{
    if (!dict_of(op))
        return -1;
    if (!key || !item) {
        capi_bad_internal_call();
        return -1;
    }
    GC_ENTER();
    w_object *k = NULL, *v = NULL;
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(v = capi_w(item)) || !(k = w_str_decode_utf8(key, strlen(key), NULL)))
        GC_RETURN(-1);
    GC_RETURN(w_dict_set(capi_link(op), k, v));
}

int PyDict_DelItem(PyObject *op, PyObject *key)
{
    if (!dict_of(op))
        return -1;
    w_object *k = capi_w(key);
    return k ? w_dict_del(capi_link(op), k) : -1;
}

int PyDict_DelItemString(PyObject *op, const char *key)
{
    if (!dict_of(op))
        return -1;
    if (!key) {
        capi_bad_internal_call();
        return -1;
    }
    w_object *k = w_str_decode_utf8(key, strlen(key), NULL);
    return k ? w_dict_del(capi_link(op), k) : -1;
}

int PyDict_Contains(PyObject *op, PyObject *key)
{
    if (!dict_of(op))
        return -1;
    if (get_item(op, key))
        return 1;
    return w_err_occurred() ? -1 : 0;
}

Py_ssize_t PyDict_Size(PyObject *op)
{
    w_object *d = dict_of(op);
    return d ? (Py_ssize_t)w_dict_size(d) : -1;
}

/* A new list of the keys, values or items. */
static PyObject *view_list(PyObject *op, enum w_dict_iter_kind kind)
{
    w_object *d = dict_of(op);
    if (!d)
        return NULL;
    w_object *view = w_dictview_new(d, kind);
    return view ? capi_new_ref(w_list_from_iterable(view)) : NULL;
}

PyObject *PyDict_Keys(PyObject *op)
{
    return view_list(op, W_DICT_ITER_KEYS);
}

PyObject *PyDict_Values(PyObject *op)
{
    return view_list(op, W_DICT_ITER_VALUES);
}

PyObject *PyDict_Items(PyObject *op)
{
    return view_list(op, W_DICT_ITER_ITEMS);
}

int _PyDict_Next(PyObject *op, Py_ssize_t *ppos, PyObject **pkey, PyObject **pvalue,
                 Py_hash_t *phash)
{
    if (!op || !PyDict_Check(op) || *ppos < 0)
        return 0;
    int64_t pos = *ppos, h;
    w_object *k, *v;
    if (!w_dict_next_hash(capi_link(op), &pos, &k, &v, &h))
        return 0;
    *ppos = (Py_ssize_t)pos;
    if (pkey)
        *pkey = capi_proxy(k);
    if (pvalue)
        *pvalue = capi_proxy(v);
    if (phash)
        *phash = (Py_hash_t)h;
    return 1;
}

int PyDict_Next(PyObject *op, Py_ssize_t *ppos, PyObject **pkey, PyObject **pvalue)
{
    return _PyDict_Next(op, ppos, pkey, pvalue, NULL);
}

PyObject *PyDict_Copy(PyObject *op)
{
    w_object *d = dict_of(op);
    return d ? capi_new_ref(w_dict_copy(d)) : NULL;
}

void PyDict_Clear(PyObject *op)
{
    if (op && PyDict_Check(op))
        w_dict_clear(capi_link(op));
}

/* Stores key: value in d, unless `override` is 0 and d has the key. */
static int merge_one(w_object *d, w_object *key, w_object *value, int override)
{
    if (!override) {
        GC_ENTER();
        GC_ROOT(d);
        GC_ROOT(key);
        GC_ROOT(value);
        w_object *old = w_dict_get(d, key);
        if (old || w_err_occurred())
            GC_RETURN(old ? 0 : -1);
        GC_RETURN(w_dict_set(d, key, value));
    }
    return w_dict_set(d, key, value);
}

/* PyDict_Merge from a dict: its entries, in order. */
static int merge_dict(w_object *d, w_object *other, int override)
{
    if (override)
        return w_dict_update(d, other);
    GC_ENTER();
    w_object *k = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(other);
    GC_ROOT(k);
    GC_ROOT(v);
    for (int64_t pos = 0; w_dict_next(other, &pos, &k, &v);)
        if (merge_one(d, k, v, override) < 0)
            GC_RETURN(-1);
    GC_RETURN(0);
}

/* PyDict_Merge from any other mapping: its keys(), then other[key] for each. */
static int merge_mapping(w_object *d, w_object *other, int override)
{
    GC_ENTER();
    w_object *it = NULL, *k = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(other);
    GC_ROOT(it);
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(it = space_call_method(other, "keys", NULL, 0)) || !(it = space_iter(it)))
        GC_RETURN(-1);
    while ((k = space_next(it))) {
        if (!override) {
            if ((v = w_dict_get(d, k)))
                continue;
            if (w_err_occurred())
                GC_RETURN(-1);
        }
        if (!(v = space_getitem(other, k)) || w_dict_set(d, k, v) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

int PyDict_Merge(PyObject *a, PyObject *b, int override)
{
    if (!a || !PyDict_Check(a) || !b) {
        capi_bad_internal_call();
        return -1;
    }
    GC_ENTER();
    w_object *wb = NULL;
    GC_ROOT(wb);
    if (!(wb = capi_w(b)))
        GC_RETURN(-1);
    if (W_DICT_CHECK(wb))
        GC_RETURN(merge_dict(capi_link(a), wb, override));
    GC_RETURN(merge_mapping(capi_link(a), wb, override));
}

int PyDict_Update(PyObject *a, PyObject *b)
{
    return PyDict_Merge(a, b, 1);
}

/* Element i of PyDict_MergeFromSeq2's iterable as a list or tuple of its items. */
static w_object *seq2_element(w_object *item, int64_t i)
{
    if (W_TUPLE_CHECK(item) || W_LIST_CHECK(item))
        return item;
    GC_ENTER();
    w_object *it = NULL;
    GC_ROOT(item);
    GC_ROOT(it);
    if (!(it = space_iter(item))) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError,
                        "cannot convert dictionary update sequence element #%lld to a sequence",
                        (long long)i);
        }
        GC_RETURN(NULL);
    }
    GC_RETURN(w_list_from_iterable(it));
}

int PyDict_MergeFromSeq2(PyObject *op, PyObject *seq2, int override)
{
    w_object *d = dict_of(op);
    if (!d)
        return -1;
    GC_ENTER();
    w_object *it = NULL, *item = NULL, *k = NULL, *v = NULL;
    GC_ROOT(it);
    GC_ROOT(item);
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(it = capi_w(seq2)) || !(it = space_iter(it)))
        GC_RETURN(-1);
    for (int64_t i = 0; (item = space_next(it)); i++) {
        if (!(item = seq2_element(item, i)))
            GC_RETURN(-1);
        int64_t n = W_TUPLE_CHECK(item) ? W_TUPLE_SIZE(item) : w_list_size(item);
        if (n != 2) {
            w_raise_fmt(w_exc_ValueError,
                        "dictionary update sequence element #%lld has length %lld; 2 is required",
                        (long long)i, (long long)n);
            GC_RETURN(-1);
        }
        if (W_TUPLE_CHECK(item)) {
            k = W_TUPLE_ITEMS(item)[0];
            v = W_TUPLE_ITEMS(item)[1];
        } else if (!(k = w_list_get(item, 0)) || !(v = w_list_get(item, 1))) {
            GC_RETURN(-1);
        }
        if (merge_one(capi_link(op), k, v, override) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

PyObject *PyDict_SetDefault(PyObject *op, PyObject *key, PyObject *defaultobj)
{
    if (!dict_of(op))
        return NULL;
    GC_ENTER();
    w_object *k = NULL, *v = NULL;
    GC_ROOT(k);
    GC_ROOT(v);
    if (!(k = capi_w(key)))
        GC_RETURN(NULL);
    if ((v = w_dict_get(capi_link(op), k)))
        GC_RETURN(capi_proxy(v));
    if (w_err_occurred() || !(v = capi_w(defaultobj)) || w_dict_set(capi_link(op), k, v) < 0)
        GC_RETURN(NULL);
    GC_RETURN(capi_proxy(v));
}

int capi_dict_init(void)
{
    capi_bind_static_type(&PyDict_Type, w_dict_type);
    capi_register_proxy_maker(W_TID_DICT, dict_proxy);
    capi_register_gc_safe_dealloc(dict_dealloc);
    capi_register_base_layout(W_TID_DICT, NULL, true);
    return 0;
}

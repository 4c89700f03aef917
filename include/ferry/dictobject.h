/* dictobject.h — dicts: the proxy is a view of the runtime dict (no fields of its own). */
#ifndef FERRY_DICTOBJECT_H
#define FERRY_DICTOBJECT_H

/*
 * A dict proxy has PyDictObject's size, so that extension types can extend it, but its
 * fields are reserved: they stay zero (PyDict_GET_SIZE is a call). Borrowed results (PyDict_GetItem, PyDict_Next,
 * PyDict_SetDefault) are the proxies of the objects the dict holds, valid while it holds
 * them.
 */
typedef struct {
    PyObject_HEAD
    Py_ssize_t ma_used;
    uint64_t ma_version_tag;
    void *ma_keys;
    PyObject **ma_values;
} PyDictObject;

PyAPI_DATA(PyTypeObject) PyDict_Type;
#define PyDict_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_DICT_SUBCLASS)
#define PyDict_CheckExact(op) Py_IS_TYPE((op), &PyDict_Type)

PyAPI_FUNC(PyObject *) PyDict_New(void);
/* Errors (unhashable key, a failing __eq__) are swallowed, and an error already set is
   kept, as CPython 3.11 does; NULL without an error for a non-dict. */
PyAPI_FUNC(PyObject *) PyDict_GetItem(PyObject *mp, PyObject *key);
PyAPI_FUNC(PyObject *) PyDict_GetItemWithError(PyObject *mp, PyObject *key);
PyAPI_FUNC(PyObject *) PyDict_GetItemString(PyObject *dp, const char *key);
PyAPI_FUNC(PyObject *) _PyDict_GetItemWithError(PyObject *dp, PyObject *key);
PyAPI_FUNC(PyObject *) _PyDict_GetItemStringWithError(PyObject *dp, const char *key);
PyAPI_FUNC(int) PyDict_SetItem(PyObject *mp, PyObject *key, PyObject *item);
PyAPI_FUNC(int) PyDict_SetItemString(PyObject *dp, const char *key, PyObject *item);
/* With `hash` the key's hash, which the caller computed: the runtime's dict finds the key by
   its own hash, equal to that one for any key whose hash is stable, so these only save the
   caller nothing. GetItem_KnownHash is borrowed, NULL without an error when missing. */
PyAPI_FUNC(PyObject *) _PyDict_GetItem_KnownHash(PyObject *mp, PyObject *key, Py_hash_t hash);
PyAPI_FUNC(int) _PyDict_SetItem_KnownHash(PyObject *mp, PyObject *key, PyObject *item,
                                          Py_hash_t hash);
/* A new empty dict (`minused` is a size hint). */
PyAPI_FUNC(PyObject *) _PyDict_NewPresized(Py_ssize_t minused);
/* dict.pop(key[, deflt]): `deflt` NULL raises KeyError for a missing key. */
PyAPI_FUNC(PyObject *) _PyDict_Pop(PyObject *mp, PyObject *key, PyObject *deflt);
PyAPI_FUNC(int) PyDict_DelItem(PyObject *mp, PyObject *key);
PyAPI_FUNC(int) PyDict_DelItemString(PyObject *dp, const char *key);
PyAPI_FUNC(int) PyDict_Contains(PyObject *mp, PyObject *key);
PyAPI_FUNC(Py_ssize_t) PyDict_Size(PyObject *mp);
#define PyDict_GET_SIZE(mp) PyDict_Size(mp)
PyAPI_FUNC(PyObject *) PyDict_Keys(PyObject *mp);
PyAPI_FUNC(PyObject *) PyDict_Values(PyObject *mp);
PyAPI_FUNC(PyObject *) PyDict_Items(PyObject *mp);
/* *pos starts at 0 and is opaque; the dict must not change during the walk. */
PyAPI_FUNC(int) PyDict_Next(PyObject *mp, Py_ssize_t *pos, PyObject **key, PyObject **value);
PyAPI_FUNC(int) _PyDict_Next(PyObject *mp, Py_ssize_t *pos, PyObject **key, PyObject **value,
                             Py_hash_t *hash);
PyAPI_FUNC(PyObject *) PyDict_Copy(PyObject *mp);
PyAPI_FUNC(void) PyDict_Clear(PyObject *mp);
PyAPI_FUNC(int) PyDict_Update(PyObject *mp, PyObject *other);
PyAPI_FUNC(int) PyDict_Merge(PyObject *mp, PyObject *other, int override);
PyAPI_FUNC(int) PyDict_MergeFromSeq2(PyObject *d, PyObject *seq2, int override);
PyAPI_FUNC(PyObject *) PyDict_SetDefault(PyObject *mp, PyObject *key, PyObject *defaultobj);

#endif

/* weakrefobject.h — weak references to objects of extension types with tp_weaklistoffset. */
#ifndef FERRY_WEAKREFOBJECT_H
#define FERRY_WEAKREFOBJECT_H

/*
 * CPython 3.11's layout: the referent's tp_weaklistoffset slot heads a list of these.
 * wr_object is the referent, or Py_None once it is gone. Ferry has no weak proxies
 * (PyWeakref_NewProxy raises NotImplementedError), and runtime objects can't be referred
 * to weakly yet.
 */
typedef struct _PyWeakReference PyWeakReference;
struct _PyWeakReference {
    PyObject_HEAD
    PyObject *wr_object;
    PyObject *wr_callback;
    Py_hash_t hash;
    PyWeakReference *wr_prev;
    PyWeakReference *wr_next;
    vectorcallfunc vectorcall;
};

PyAPI_DATA(PyTypeObject) _PyWeakref_RefType;
#define PyWeakref_CheckRef(op) PyObject_TypeCheck((op), &_PyWeakref_RefType)
#define PyWeakref_CheckRefExact(op) Py_IS_TYPE((op), &_PyWeakref_RefType)
#define PyWeakref_CheckProxy(op) 0
#define PyWeakref_Check(op) (PyWeakref_CheckRef(op) || PyWeakref_CheckProxy(op))

PyAPI_FUNC(PyObject *) PyWeakref_NewRef(PyObject *ob, PyObject *callback);
PyAPI_FUNC(PyObject *) PyWeakref_NewProxy(PyObject *ob, PyObject *callback);
/* A borrowed reference to the referent, or Py_None. */
PyAPI_FUNC(PyObject *) PyWeakref_GetObject(PyObject *ref);
#define PyWeakref_GET_OBJECT(ref)                                                         \
    (Py_REFCNT(((PyWeakReference *)(ref))->wr_object) > 0                                 \
         ? ((PyWeakReference *)(ref))->wr_object                                          \
         : Py_None)
/* Clears the weak references to `ob` and calls their callbacks: its tp_dealloc's job. */
PyAPI_FUNC(void) PyObject_ClearWeakRefs(PyObject *ob);

#endif

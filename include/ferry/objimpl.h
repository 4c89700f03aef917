/* objimpl.h — allocating objects of extension types, and the GC-tracked ones (Py_VISIT). */
#ifndef FERRY_OBJIMPL_H
#define FERRY_OBJIMPL_H

/*
 * PyObject_New and PyObject_NewVar allocate with PyObject_Malloc and set the header (the
 * rest is left as it was: tp_alloc, PyType_GenericAlloc, zeroes it). PyObject_GC_New and
 * PyObject_GC_NewVar do the same for a Py_TPFLAGS_HAVE_GC type: the object is tracked
 * once PyObject_GC_Track says its fields are ready for tp_traverse, and freed by
 * PyObject_GC_Del (which untracks it first).
 */
PyAPI_FUNC(PyObject *) PyObject_Init(PyObject *, PyTypeObject *);
PyAPI_FUNC(PyVarObject *) PyObject_InitVar(PyVarObject *, PyTypeObject *, Py_ssize_t);
PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *);
PyAPI_FUNC(PyVarObject *) _PyObject_NewVar(PyTypeObject *, Py_ssize_t);
#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_NEW PyObject_New
#define PyObject_NEW_VAR PyObject_NewVar
#define PyObject_INIT(op, typeobj) PyObject_Init(_PyObject_CAST(op), (typeobj))
#define PyObject_INIT_VAR(op, typeobj, size) PyObject_InitVar(_PyVarObject_CAST(op), (typeobj), (size))

PyAPI_FUNC(PyObject *) _PyObject_GC_New(PyTypeObject *);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_NewVar(PyTypeObject *, Py_ssize_t);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_Resize(PyVarObject *, Py_ssize_t);
#define PyObject_GC_New(type, typeobj) ((type *)_PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) ((type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyObject_GC_Resize(type, op, n) ((type *)_PyObject_GC_Resize(_PyVarObject_CAST(op), (n)))
PyAPI_FUNC(void) PyObject_GC_Track(void *);
PyAPI_FUNC(void) PyObject_GC_UnTrack(void *);
PyAPI_FUNC(void) PyObject_GC_Del(void *);
PyAPI_FUNC(int) PyObject_GC_IsTracked(PyObject *);
/* 1 once PyObject_CallFinalizer ran tp_finalize on `o`, until it is freed. */
PyAPI_FUNC(int) PyObject_GC_IsFinalized(PyObject *);
#define _PyGC_FINALIZED(o) PyObject_GC_IsFinalized(o)
/* Runs tp_finalize once per object (finalized objects are remembered until freed). */
PyAPI_FUNC(void) PyObject_CallFinalizer(PyObject *self);
/* For tp_dealloc of an object at refcount 0: runs the finalizer with the object briefly
   alive; 0 when it may be freed, -1 when the finalizer resurrected it (do not free). */
PyAPI_FUNC(int) PyObject_CallFinalizerFromDealloc(PyObject *self);
#define PyObject_IS_GC(o) PyType_IS_GC(Py_TYPE(o))
#define PyType_IS_GC(t) PyType_HasFeature((t), Py_TPFLAGS_HAVE_GC)

/* tp_traverse's helper: visits a field unless it is NULL, returning what the visitor
   returns when that is not 0. */
#define Py_VISIT(op)                                                                      \
    do {                                                                                  \
        if (op) {                                                                         \
            int vret = visit(_PyObject_CAST(op), arg);                                    \
            if (vret)                                                                     \
                return vret;                                                              \
        }                                                                                 \
    } while (0)

#endif

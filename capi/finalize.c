/* finalize.c — tp_finalize: PyObject_CallFinalizer, from tp_dealloc too, and which objects were finalized. */
#include <stdlib.h>

#include "capi/capi.h"

/*
 * The objects whose finalizer ran and that are not freed yet: few (one finalized in its
 * dealloc is freed right after), so a plain array. PyObject_GC_Del forgets an object.
 */
static struct {
    PyObject **items;
    size_t n, cap;
} finalized;

static size_t find(PyObject *o)
{
    for (size_t i = 0; i < finalized.n; i++)
        if (finalized.items[i] == o)
            return i;
    return finalized.n;
}

int PyObject_GC_IsFinalized(PyObject *o)
{
    return find(o) < finalized.n;
}

void capi_forget_finalized(PyObject *o)
{
    size_t i = find(o);
    if (i < finalized.n)
        finalized.items[i] = finalized.items[--finalized.n];
}

static void remember(PyObject *o)
{
    if (finalized.n == finalized.cap) {
        size_t cap = finalized.cap ? finalized.cap * 2 : 16;
        PyObject **items = realloc(finalized.items, cap * sizeof *items);
        if (!items) {
            fprintf(stderr, "ferry: out of memory recording a finalized object\n");
            abort();
        }
        finalized.items = items;
        finalized.cap = cap;
    }
    finalized.items[finalized.n++] = o;
}

/* Runs tp_finalize once: for a GC type, not again once it ran (CPython's rule). The
   error indicator is kept across it. */
void PyObject_CallFinalizer(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (!tp->tp_finalize)
        return;
    if (PyType_IS_GC(tp) && PyObject_GC_IsFinalized(self))
        return;
    tp->tp_finalize(self);
    if (PyType_IS_GC(tp))
        remember(self);
}

int PyObject_CallFinalizerFromDealloc(PyObject *self)
{
    if (Py_REFCNT(self) != 0)
        Py_FatalError("PyObject_CallFinalizerFromDealloc called on object with a non-zero refcount");
    /* alive again while the finalizer runs */
    Py_SET_REFCNT(self, 1);
    PyObject_CallFinalizer(self);
    Py_SET_REFCNT(self, Py_REFCNT(self) - 1);
    if (Py_REFCNT(self) == 0)
        return 0;
    return -1; /* resurrected: someone holds it now */
}

void capi_finalize_fini(void)
{
    free(finalized.items);
    finalized.items = NULL;
    finalized.n = finalized.cap = 0;
}

/* cfunction.c — builtin functions as CPython's unchecked accessors (PyCFunction_GET_*) see them. */
#include "capi/capi.h"

/* What a PyCFunction_GET_* macro reads, for a builtin made from a PyMethodDef (call.c
   says which builtins those are: capi_cfunction_def). */
PyMethodDef *_Ferry_CFunction_Def(PyObject *op)
{
    return capi_cfunction_def(capi_link(op));
}

PyObject *_Ferry_CFunction_Self(PyObject *op)
{
    w_builtin *b = (w_builtin *)capi_link(op);
    if (!b || b->ob.gc.tid != W_TID_BUILTIN || !b->self || (b->flags & W_BF_STATIC))
        return NULL;
    return capi_proxy(b->self);
}

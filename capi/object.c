/* object.c — the generic object protocol as C sees it (PyObject_*). */
#include "capi/capi.h"

Py_ssize_t _Ferry_DynamicSize(PyObject *o)
{
    w_object *w = capi_link(o);
    if (!w)
        return ((PyVarObject *)o)->ob_size;
    if (W_LIST_CHECK(w))
        return w_list_size(w);
    return w_bytes_size(w);
}

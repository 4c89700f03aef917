/* iter.c — the iterator protocol (PyIter_*) and the iterators C can make (PySeqIter_New, PyCallIter_New). */
#include "capi/capi.h"

int PyIter_Check(PyObject *o)
{
    if (!o)
        return 0;
    if (Py_TYPE(o)->tp_iternext)
        return 1;
    w_type *t = capi_w_type(Py_TYPE(o));
    return t && t->next;
}

PyObject *PyIter_Next(PyObject *iter)
{
    if (!iter) {
        capi_bad_internal_call();
        return NULL;
    }
    iternextfunc next = Py_TYPE(iter)->tp_iternext;
    PyObject *r;
    if (next) {
        r = next(iter);
    } else {
        w_object *w = capi_w(iter);
        r = w ? capi_new_ref(space_next(w)) : NULL;
    }
    if (!r && w_err_occurred() && w_err_matches(w_exc_StopIteration))
        w_err_clear();
    return r;
}

PySendResult PyIter_Send(PyObject *iter, PyObject *arg, PyObject **presult)
{
    if (!iter || !arg || !presult) {
        capi_bad_internal_call();
        return PYGEN_ERROR;
    }
    if (arg == Py_None && PyIter_Check(iter)) {
        *presult = Py_TYPE(iter)->tp_iternext ? Py_TYPE(iter)->tp_iternext(iter) : PyIter_Next(iter);
    } else {
        *presult = PyObject_CallMethod(iter, "send", "O", arg);
    }
    if (*presult)
        return PYGEN_NEXT;
    /* StopIteration (or none, from tp_iternext) is the iterator's return */
    if (!PyErr_Occurred()) {
        *presult = Py_NewRef(Py_None);
        return PYGEN_RETURN;
    }
    if (!PyErr_ExceptionMatches(PyExc_StopIteration))
        return PYGEN_ERROR;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *value = v ? PyObject_GetAttrString(v, "value") : Py_NewRef(Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    if (!value)
        return PYGEN_ERROR;
    *presult = value;
    return PYGEN_RETURN;
}

PyObject *PySeqIter_New(PyObject *seq)
{
    if (!seq || !PySequence_Check(seq)) {
        capi_bad_internal_call();
        return NULL;
    }
    w_object *w = capi_w(seq);
    return w ? capi_new_ref(w_seq_iter_new(w)) : NULL;
}

PyObject *PyCallIter_New(PyObject *callable, PyObject *sentinel)
{
    if (!callable || !sentinel) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    if (!(args[0] = capi_w(callable)) || !(args[1] = capi_w(sentinel)))
        GC_RETURN(NULL);
    w_object *iter = w_dict_get_cstr(w_module_dict(w_builtins_module()), "iter");
    if (!iter)
        GC_RETURN(w_raise_fmt(w_exc_SystemError, "builtins.iter is missing"));
    GC_RETURN(capi_new_ref(space_call(iter, args, 2, NULL)));
}

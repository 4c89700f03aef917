/* abstract_call.c — calling from C (PyObject_Call*, vectorcall): the runtime's call operation. */
#include <stdlib.h>

#include "capi/capi.h"

#undef PyObject_CallFunction
#undef PyObject_CallMethod

/*
 * Every form ends in call_core: the argument proxies are converted to runtime objects in
 * one array, rooted for the call, and the runtime's vectorcall-like call operation runs
 * (space_call). No tuple is made for positional arguments (PyObject_Call reads the items
 * of the tuple proxy it is given); keyword arguments travel as a tuple of names after
 * the positional values.
 */

static void *null_error(void)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "null argument to internal routine");
    return NULL;
}

/* The keyword arguments of a dict: their names into a new tuple, their values into
   out[0 .. nkw). Nothing allocates while the dict is read. */
static w_object *keywords_from_dict(w_object *d, int64_t nkw, w_object **out)
{
    GC_ENTER();
    GC_ROOT(d);
    w_object *names = w_tuple_new(nkw);
    if (!names)
        GC_RETURN(NULL);
    int64_t pos = 0, i = 0;
    w_object *k, *v;
    while (i < nkw && w_dict_next(d, &pos, &k, &v)) {
        if (!W_STR_CHECK(k))
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "keywords must be strings"));
        w_tuple_set(names, i, k);
        out[i++] = v;
    }
    GC_RETURN(names);
}

/*
 * Calls `callable` with nargs positional argument proxies, then keywords given either
 * as vectorcall does (`kwnames`, a tuple of names whose values follow args[nargs-1]) or
 * as a dict (`kwargs`); at most one of the two.
 */
static PyObject *call_core(PyObject *callable, PyObject *const *args, size_t nargs,
                           PyObject *kwnames, PyObject *kwargs)
{
    if (!callable)
        return null_error();
    GC_ENTER();
    w_object *f = NULL, *names = NULL, *d = NULL, *r = NULL;
    GC_ROOT(f);
    GC_ROOT(names);
    GC_ROOT(d);
    int64_t nkw = 0;
    if (kwnames) {
        if (!(names = capi_w(kwnames)))
            GC_RETURN(NULL);
        if (!W_TUPLE_CHECK(names)) {
            capi_bad_internal_call();
            GC_RETURN(NULL);
        }
        nkw = W_TUPLE_SIZE(names);
    } else if (kwargs) {
        if (!(d = capi_w(kwargs)))
            GC_RETURN(NULL);
        if (!W_DICT_CHECK(d))
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "keyword list must be a dictionary"));
        nkw = w_dict_size(d);
    }
    size_t n = nargs + (size_t)nkw;
    w_object *small[8];
    w_object **items = w_args_array(small, 8, n);
    if (!items)
        GC_RETURN(NULL);
    for (size_t i = 0; i < n; i++) /* rooted while the arguments convert */
        items[i] = NULL;
    GC_ROOT_ARRAY(items, n);
    size_t nconv = kwnames ? n : nargs;
    for (size_t i = 0; i < nconv; i++)
        if (!(items[i] = capi_w(args[i])))
            goto out;
    if (d && nkw && !(names = keywords_from_dict(d, nkw, items + nargs)))
        goto out;
    if ((f = capi_w(callable)))
        r = space_call(f, items, nargs, nkw ? names : NULL);
out:
    GC_LEAVE();
    w_args_array_free(items, small);
    return capi_new_ref(r);
}

PyObject *PyObject_Vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                              PyObject *kwnames)
{
    return call_core(callable, args, (size_t)PyVectorcall_NARGS(nargsf), kwnames, NULL);
}

PyObject *PyObject_VectorcallDict(PyObject *callable, PyObject *const *args, size_t nargsf,
                                  PyObject *kwargs)
{
    return call_core(callable, args, (size_t)PyVectorcall_NARGS(nargsf), NULL, kwargs);
}

PyObject *_PyObject_FastCall(PyObject *callable, PyObject *const *args, Py_ssize_t nargs)
{
    return call_core(callable, args, (size_t)nargs, NULL, NULL);
}

PyObject *PyObject_VectorcallMethod(PyObject *name, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs < 1 || !args) {
        capi_bad_internal_call();
        return NULL;
    }
    PyObject *method = PyObject_GetAttr(args[0], name);
    if (!method)
        return NULL;
    PyObject *r = call_core(method, args + 1, (size_t)nargs - 1, kwnames, NULL);
    Py_DECREF(method);
    return r;
}

/* Ferry's objects carry no vectorcall function of their own. */
vectorcallfunc PyVectorcall_Function(PyObject *callable)
{
    return NULL;
}

/* A call with a tuple proxy of positional arguments: its items are the argument array. */
static PyObject *call_tuple(PyObject *callable, PyObject *args, PyObject *kwargs)
{
    if (!args || !PyTuple_Check(args))
        return w_raise_fmt(w_exc_TypeError, "argument list must be a tuple");
    return call_core(callable, ((PyTupleObject *)args)->ob_item, (size_t)PyTuple_GET_SIZE(args),
                     NULL, kwargs);
}

PyObject *PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs)
{
    return call_tuple(callable, args, kwargs);
}

PyObject *PyVectorcall_Call(PyObject *callable, PyObject *tuple, PyObject *dict)
{
    return call_tuple(callable, tuple, dict);
}

PyObject *PyObject_CallObject(PyObject *callable, PyObject *args)
{
    if (!args)
        return call_core(callable, NULL, 0, NULL, NULL);
    return call_tuple(callable, args, NULL);
}

PyObject *PyObject_CallNoArgs(PyObject *callable)
{
    return call_core(callable, NULL, 0, NULL, NULL);
}

PyObject *PyObject_CallOneArg(PyObject *callable, PyObject *arg)
{
    return call_core(callable, &arg, 1, NULL, NULL);
}

/* ---- arguments built from a format (Py_BuildValue's language) -------------------------------- */

/* The values of the format are the arguments, except that a single tuple value is the
   argument list (CPython's rule for compatibility: "O" with a tuple, or "(OO)"). The
   values are built into an array, not a tuple. `size_t_lengths` selects the
   PY_SSIZE_T_CLEAN form of '#' lengths. */
static PyObject *call_format(PyObject *callable, const char *format, va_list va,
                             bool size_t_lengths)
{
    if (!callable)
        return null_error();
    if (!format || !*format)
        return call_core(callable, NULL, 0, NULL, NULL);
    PyObject *small[8];
    Py_ssize_t n;
    PyObject **stack = size_t_lengths ? _Py_VaBuildStack_SizeT(small, 8, format, va, &n)
                                      : _Py_VaBuildStack(small, 8, format, va, &n);
    if (!stack)
        return NULL;
    PyObject *r = n == 1 && PyTuple_Check(stack[0])
                      ? call_tuple(callable, stack[0], NULL)
                      : call_core(callable, stack, (size_t)n, NULL, NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        Py_DECREF(stack[i]);
    if (stack != small)
        PyMem_Free(stack);
    return r;
}

PyObject *PyObject_CallFunction(PyObject *callable, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = call_format(callable, format, va, false);
    va_end(va);
    return r;
}

PyObject *_PyObject_CallFunction_SizeT(PyObject *callable, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = call_format(callable, format, va, true);
    va_end(va);
    return r;
}

static PyObject *call_method_format(PyObject *obj, const char *name, const char *format,
                                    va_list va, bool size_t_lengths)
{
    if (!obj || !name)
        return null_error();
    PyObject *method = PyObject_GetAttrString(obj, name);
    if (!method)
        return NULL;
    PyObject *r = call_format(method, format, va, size_t_lengths);
    Py_DECREF(method);
    return r;
}

PyObject *PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = call_method_format(obj, name, format, va, false);
    va_end(va);
    return r;
}

PyObject *_PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = call_method_format(obj, name, format, va, true);
    va_end(va);
    return r;
}

/* ---- NULL-terminated argument lists ----------------------------------------------------------- */

static PyObject *call_va_list(PyObject *callable, va_list va)
{
    va_list count;
    va_copy(count, va);
    size_t n = 0;
    while (va_arg(count, PyObject *))
        n++;
    va_end(count);
    PyObject *small[8] = {NULL}; /* read by nobody when n is 0, but GCC cannot tell */
    PyObject **args = w_args_array(small, 8, n);
    if (!args)
        return NULL;
    for (size_t i = 0; i < n; i++)
        args[i] = va_arg(va, PyObject *);
    PyObject *r = call_core(callable, args, n, NULL, NULL);
    w_args_array_free(args, small);
    return r;
}

PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...)
{
    if (!callable)
        return null_error();
    va_list va;
    va_start(va, callable);
    PyObject *r = call_va_list(callable, va);
    va_end(va);
    return r;
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    if (!obj || !name)
        return null_error();
    PyObject *method = PyObject_GetAttr(obj, name);
    if (!method)
        return NULL;
    va_list va;
    va_start(va, name);
    PyObject *r = call_va_list(method, va);
    va_end(va);
    Py_DECREF(method);
    return r;
}

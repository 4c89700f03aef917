/* callmethod.c — _PyObject_CallMethod: a method named by a str object, called with arguments built from a format. */
#include "capi/capi.h"

/*
 * The private sibling of PyObject_CallMethod (abstract_call.c) that CPython's own modules
 * use (_bisect's insort on a non-list). Its '#' lengths are always Py_ssize_t, as in
 * CPython, and it follows the same rule for the format's values: a single tuple is the
 * argument list, anything else the arguments themselves.
 */
PyObject *_PyObject_CallMethod(PyObject *obj, PyObject *name, const char *format, ...)
{
    if (!obj || !name) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    PyObject *method = PyObject_GetAttr(obj, name);
    if (!method)
        return NULL;
    PyObject *small[8];
    Py_ssize_t n = 0;
    PyObject **stack = small;
    if (format && *format) {
        va_list va;
        va_start(va, format);
        stack = _Py_VaBuildStack_SizeT(small, 8, format, va, &n);
        va_end(va);
        if (!stack) {
            Py_DECREF(method);
            return NULL;
        }
    }
    PyObject *r = n == 1 && PyTuple_Check(stack[0])
                      ? PyObject_Call(method, stack[0], NULL)
                      : PyObject_Vectorcall(method, stack, (size_t)n, NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        Py_DECREF(stack[i]);
    if (stack != small)
        PyMem_Free(stack);
    Py_DECREF(method);
    return r;
}

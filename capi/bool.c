/* bool.c — PyBool_FromLong and the function forms of Py_IsTrue/Py_IsFalse (PyBool_Type and
   the two statics live in long.c and types.c). */
#include "capi/capi.h"

PyObject *PyBool_FromLong(long v)
{
    return Py_NewRef(v ? Py_True : Py_False);
}

int(Py_IsTrue)(PyObject *x)
{
    return Py_IsTrue(x);
}

int(Py_IsFalse)(PyObject *x)
{
    return Py_IsFalse(x);
}

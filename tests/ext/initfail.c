/* initfail.c — a PyInit_* that raises: the import raises that error. */
#include <Python.h>

PyMODINIT_FUNC PyInit_initfail(void)
{
    PyErr_SetString(PyExc_ValueError, "initfail refuses to load");
    return NULL;
}

/* noinit.c — a shared object without PyInit_noinit: the loader says so. */
#include <Python.h>

PyMODINIT_FUNC PyInit_somethingelse(void)
{
    return NULL;
}

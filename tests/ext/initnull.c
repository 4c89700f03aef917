/* initnull.c — a PyInit_* that returns NULL without setting an error: SystemError. */
#include <Python.h>

PyMODINIT_FUNC PyInit_initnull(void)
{
    return NULL;
}

/* initunreported.c — a PyInit_* that returns a module with an error still set: SystemError. */
#include <Python.h>

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "initunreported", NULL, -1, NULL};

PyMODINIT_FUNC PyInit_initunreported(void)
{
    PyObject *m = PyModule_Create(&def);
    PyErr_SetString(PyExc_KeyError, "left behind");
    return m;
}

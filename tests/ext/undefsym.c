/* undefsym.c — needs a C-API function that no runtime provides: the loader names it. */
#include <Python.h>

PyAPI_FUNC(PyObject *) PyFerryTest_NoSuchFunction(void);

static PyObject *call(PyObject *module, PyObject *unused)
{
    return PyFerryTest_NoSuchFunction();
}

static PyMethodDef methods[] = {{"call", call, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "undefsym", NULL, -1, methods};

PyMODINIT_FUNC PyInit_undefsym(void)
{
    return PyModule_Create(&def);
}

/* execfail.c — multi-phase init whose exec slot fails without setting an error. */
#include <Python.h>

static int exec_fail(PyObject *module)
{
    return -1;
}

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_fail}, {0, NULL}};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "execfail", NULL, 0, NULL, slots};

PyMODINIT_FUNC PyInit_execfail(void)
{
    return PyModuleDef_Init(&def);
}

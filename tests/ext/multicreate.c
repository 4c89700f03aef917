/* multicreate.c — multi-phase init with a Py_mod_create slot that reads the spec. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *create(PyObject *spec, PyModuleDef *def)
{
    PyObject *name = PyObject_GetAttrString(spec, "name");
    if (!name)
        return NULL;
    PyObject *m = PyModule_NewObject(name);
    Py_DECREF(name);
    if (m && PyModule_AddStringConstant(m, "CREATED_BY", "create slot") < 0)
        Py_CLEAR(m);
    return m;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_create, create},
    {0, NULL},
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "multicreate", NULL, 0, NULL, slots,
};

PyMODINIT_FUNC PyInit_multicreate(void)
{
    return PyModuleDef_Init(&def);
}

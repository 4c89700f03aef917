/* multiphase.c — multi-phase init (PEP 489): exec slots, per-module state, m_size. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long calls;
} state;

static PyObject *bump(PyObject *module, PyObject *unused)
{
    state *st = PyModule_GetState(module);
    return PyLong_FromLong(++st->calls);
}

static PyObject *def_name(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString(PyModule_GetDef(module)->m_name);
}

static int exec_first(PyObject *module)
{
    return PyModule_AddIntConstant(module, "ORDER", 1);
}

static int exec_second(PyObject *module)
{
    /* runs after exec_first: sees its constant */
    PyObject *d = PyModule_GetDict(module);
    PyObject *first = PyDict_GetItemString(d, "ORDER");
    if (!first)
        return -1;
    long v = PyLong_AsLong(first);
    return PyModule_AddIntConstant(module, "ORDER2", v * 10 + 2);
}

static PyMethodDef methods[] = {
    {"bump", bump, METH_NOARGS, "bump() -> the number of calls so far"},
    {"def_name", def_name, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_first},
    {Py_mod_exec, exec_second},
    {0, NULL},
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "multiphase", "Multi-phase init with state.", sizeof(state), methods, slots,
};

PyMODINIT_FUNC PyInit_multiphase(void)
{
    return PyModuleDef_Init(&def);
}

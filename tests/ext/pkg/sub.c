/* sub.c — a test extension inside a package: module `pkg.sub` (PyInit_sub), answer() -> 42. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *sub_answer(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(42);
}

static PyMethodDef sub_methods[] = {
    {"answer", sub_answer, METH_NOARGS, "answer() -> 42"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef sub_module = {
    PyModuleDef_HEAD_INIT,
    "pkg.sub",
    "A test extension in a package without __init__: answer().",
    -1,
    sub_methods,
};

PyMODINIT_FUNC PyInit_sub(void)
{
    return PyModule_Create(&sub_module);
}

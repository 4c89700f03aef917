/* hello.c — the smallest test extension: module `hello`, one METH_NOARGS and one METH_O function. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *hello_greet(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString("hello");
}

static PyObject *hello_echo(PyObject *module, PyObject *x)
{
    Py_INCREF(x);
    return x;
}

static PyMethodDef hello_methods[] = {
    {"greet", hello_greet, METH_NOARGS, "greet() -> 'hello'"},
    {"echo", hello_echo, METH_O, "echo(x) -> x"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef hello_module = {
    PyModuleDef_HEAD_INIT,
    "hello",
    "A test extension: greet() and echo(x).",
    -1,
    hello_methods,
};

PyMODINIT_FUNC PyInit_hello(void)
{
    return PyModule_Create(&hello_module);
}

/* gil.c — test extension `gil`: releasing and taking the GIL around C work (Py_BEGIN_ALLOW_THREADS, PyGILState_*). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Sums 0..n-1 with the GIL released, as extensions do around long C work. */
static PyObject *released_sum(PyObject *module, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    long long total = 0;
    Py_BEGIN_ALLOW_THREADS
    for (long i = 0; i < n; i++)
        total += i;
    Py_END_ALLOW_THREADS
    return PyLong_FromLongLong(total);
}

/* PyGILState_Check before, inside and after a Py_BEGIN/END_ALLOW_THREADS block. */
static PyObject *check(PyObject *module, PyObject *unused)
{
    int before = PyGILState_Check(), during;
    Py_BEGIN_ALLOW_THREADS
    during = PyGILState_Check();
    Py_END_ALLOW_THREADS
    return Py_BuildValue("(iii)", before, during, PyGILState_Check());
}

/* PyGILState_Ensure while holding the GIL (nested), then with it released: the state
   each returns, and an API call made under each. */
static PyObject *ensure(PyObject *module, PyObject *arg)
{
    PyGILState_STATE held = PyGILState_Ensure();
    PyObject *r1 = PyObject_Repr(arg);
    PyGILState_Release(held);
    PyGILState_STATE taken;
    PyObject *r2;
    Py_BEGIN_ALLOW_THREADS
    taken = PyGILState_Ensure();
    r2 = PyObject_Str(arg);
    PyGILState_Release(taken);
    Py_END_ALLOW_THREADS
    if (!r1 || !r2) {
        Py_XDECREF(r1);
        Py_XDECREF(r2);
        return NULL;
    }
    return Py_BuildValue("(iNiN)", held == PyGILState_LOCKED, r1, taken == PyGILState_UNLOCKED, r2);
}

/* Py_UNBLOCK_THREADS / Py_BLOCK_THREADS inside a block, and the thread state. */
static PyObject *block(PyObject *module, PyObject *unused)
{
    PyThreadState *ts = PyThreadState_Get();
    int same;
    Py_BEGIN_ALLOW_THREADS
    Py_BLOCK_THREADS
    same = PyThreadState_Get() == ts && PyGILState_GetThisThreadState() == ts;
    Py_UNBLOCK_THREADS
    Py_END_ALLOW_THREADS
    return PyBool_FromLong(same);
}

static PyMethodDef methods[] = {
    {"released_sum", released_sum, METH_O, NULL},
    {"check", check, METH_NOARGS, NULL},
    {"ensure", ensure, METH_O, NULL},
    {"block", block, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "gil", NULL, -1, methods};

PyMODINIT_FUNC PyInit_gil(void)
{
    return PyModule_Create(&def);
}

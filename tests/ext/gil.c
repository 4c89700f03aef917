/* gil.c — test extension `gil`: releasing and taking the GIL around C work (Py_BEGIN_ALLOW_THREADS, PyGILState_*), from C threads too. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>

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

/* k*k, computed with the GIL released (a little C work, as the stress test calls it). */
static PyObject *square(PyObject *module, PyObject *arg)
{
    long long k = PyLong_AsLongLong(arg);
    if (k == -1 && PyErr_Occurred())
        return NULL;
    long long r = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < 8; i++)
        r += k * k;
    r /= 8;
    Py_END_ALLOW_THREADS
    return PyLong_FromLongLong(r);
}

/* A C thread that enters with PyGILState_Ensure, calls back into the runtime, and hands
   its result, or its error, back to the thread that started it (error indicators are
   per thread). */
struct callback {
    PyObject *callable, *arg;
    PyObject *result, *type, *value, *tb;
    int was_held;
};

static void *callback_thread(void *p)
{
    struct callback *c = p;
    c->was_held = PyGILState_Check();
    PyGILState_STATE s = PyGILState_Ensure();
    c->result = PyObject_CallOneArg(c->callable, c->arg);
    if (!c->result)
        PyErr_Fetch(&c->type, &c->value, &c->tb);
    PyGILState_Release(s);
    return NULL;
}

static PyObject *from_thread(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "from_thread() takes 2 arguments");
        return NULL;
    }
    struct callback c = {args[0], args[1], NULL, NULL, NULL, NULL, -1};
    pthread_t t;
    int failed;
    Py_BEGIN_ALLOW_THREADS
    failed = pthread_create(&t, NULL, callback_thread, &c) != 0 || pthread_join(t, NULL) != 0;
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_SetString(PyExc_RuntimeError, "could not run a thread");
        return NULL;
    }
    if (c.was_held) {
        Py_XDECREF(c.result);
        PyErr_SetString(PyExc_AssertionError, "the new thread held the GIL before Ensure");
        return NULL;
    }
    if (!c.result)
        PyErr_Restore(c.type, c.value, c.tb);
    return c.result;
}

static PyMethodDef methods[] = {
    {"square", square, METH_O, NULL},
    {"from_thread", (PyCFunction)(void (*)(void))from_thread, METH_FASTCALL, NULL},
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

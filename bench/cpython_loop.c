/* cpython_loop.c — CPython's C-loop column: each operation through CPython's own call API, embedding libpython. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>

#include "harness.h"

/* Usage: cpython_loop DIR [harness options]; DIR holds benchmod built against CPython.
   The rows are those of ferry_loop.c, each made the way C code calls CPython fastest: the
   vectorcall family with prepared arguments and interned method names. ffi_floor calls
   the floor function through ctypes, CPython's own FFI. */

static PyObject *mod, *obj, *fn_ffi;
static PyObject *f_noargs, *f_onearg, *f_varargs, *f_kwargs, *f_fastcall, *f_allocate_int,
    *f_allocate_tuple, *f_list_sum, *f_parse_ii, *f_float_roundtrip, *f_str_roundtrip;
static PyObject *n_noargs, *n_onearg, *n_varargs, *kwnames_b;
static PyObject *one, *two, *three, *zero, *list100, *a_float, *a_str;
static volatile Py_ssize_t sink;

static void fail(const char *op)
{
    PyErr_Print();
    bench_die(op, "a Python exception (printed above)");
}

/* Calls `expr` (a new reference) n times, dropping each result. */
#define CALL_LOOP(label, expr)                                                            \
    for (long i = 0; i < n; i++) {                                                        \
        PyObject *r = (expr);                                                             \
        if (!r)                                                                           \
            fail(label);                                                                  \
        Py_DECREF(r);                                                                     \
    }

static void noargs(long n) { CALL_LOOP("noargs", PyObject_CallNoArgs(f_noargs)) }
static void onearg_none(long n) { CALL_LOOP("onearg_none", PyObject_CallOneArg(f_onearg, Py_None)) }
static void onearg_int(long n)
{
    CALL_LOOP("onearg_int", ({
                  PyObject *x = PyLong_FromLong(i), *y = NULL;
                  if (x) {
                      y = PyObject_CallOneArg(f_onearg, x);
                      Py_DECREF(x);
                  }
                  y;
              }))
}
static void varargs(long n)
{
    PyObject *a[3] = {one, two, three};
    CALL_LOOP("varargs", PyObject_Vectorcall(f_varargs, a, 3, NULL))
}
static void kwargs(long n)
{
    PyObject *a[2] = {one, two};
    CALL_LOOP("kwargs", PyObject_Vectorcall(f_kwargs, a, 1, kwnames_b))
}
static void fastcall(long n)
{
    PyObject *a[3] = {one, two, three};
    CALL_LOOP("fastcall", PyObject_Vectorcall(f_fastcall, a, 3, NULL))
}
static void allocate_int(long n) { CALL_LOOP("allocate_int", PyObject_CallNoArgs(f_allocate_int)) }
static void allocate_tuple(long n) { CALL_LOOP("allocate_tuple", PyObject_CallNoArgs(f_allocate_tuple)) }
static void method_noargs(long n) { CALL_LOOP("method_noargs", PyObject_CallMethodNoArgs(obj, n_noargs)) }
static void method_onearg(long n)
{
    CALL_LOOP("method_onearg", PyObject_CallMethodOneArg(obj, n_onearg, Py_None))
}
static void method_varargs(long n)
{
    PyObject *a[4] = {obj, one, two, three};
    CALL_LOOP("method_varargs", PyObject_VectorcallMethod(n_varargs, a, 4, NULL))
}
static void len(long n)
{
    for (long i = 0; i < n; i++)
        if ((sink = PyObject_Size(obj)) < 0)
            fail("len");
}
static void getitem(long n) { CALL_LOOP("getitem", PyObject_GetItem(obj, zero)) }
static void list_sum(long n) { CALL_LOOP("list_sum", PyObject_CallOneArg(f_list_sum, list100)) }
static void parse_ii(long n)
{
    PyObject *a[2] = {one, two};
    CALL_LOOP("parse_ii", PyObject_Vectorcall(f_parse_ii, a, 2, NULL))
}
static void float_roundtrip(long n)
{
    CALL_LOOP("float_roundtrip", PyObject_CallOneArg(f_float_roundtrip, a_float))
}
static void str_roundtrip(long n)
{
    CALL_LOOP("str_roundtrip", PyObject_CallOneArg(f_str_roundtrip, a_str))
}
static void ffi_floor(long n)
{
    CALL_LOOP("ffi_floor", ({
                  PyObject *x = PyLong_FromLong(i), *y = NULL;
                  if (x) {
                      y = PyObject_CallOneArg(fn_ffi, x);
                      Py_DECREF(x);
                  }
                  y;
              }))
}

static const bench_op ops[] = {
    {"noargs", 10000000, noargs},
    {"onearg_none", 10000000, onearg_none},
    {"onearg_int", 5000000, onearg_int},
    {"varargs", 5000000, varargs},
    {"kwargs", 2000000, kwargs},
    {"fastcall", 5000000, fastcall},
    {"allocate_int", 5000000, allocate_int},
    {"allocate_tuple", 5000000, allocate_tuple},
    {"method_noargs", 5000000, method_noargs},
    {"method_onearg", 5000000, method_onearg},
    {"method_varargs", 5000000, method_varargs},
    {"len", 10000000, len},
    {"getitem", 10000000, getitem},
    {"list_sum", 1000000, list_sum},
    {"parse_ii", 5000000, parse_ii},
    {"float_roundtrip", 5000000, float_roundtrip},
    {"str_roundtrip", 5000000, str_roundtrip},
    {"ffi_floor", 1000000, ffi_floor},
};

static PyObject *get(PyObject *o, const char *name)
{
    PyObject *r = PyObject_GetAttrString(o, name);
    if (!r)
        fail(name);
    return r;
}

static PyObject *check(PyObject *o, const char *what)
{
    if (!o)
        fail(what);
    return o;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [--only NAME] [--callgrind]\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    PyObject *path = check(PySys_GetObject("path"), "sys.path");
    PyObject *dir = check(PyUnicode_FromString(argv[1]), "dir");
    if (PyList_Insert(path, 0, dir) < 0)
        fail("sys.path.insert");
    Py_DECREF(dir);
    mod = check(PyImport_ImportModule("benchmod"), "import benchmod");
    f_noargs = get(mod, "noargs");
    f_onearg = get(mod, "onearg");
    f_varargs = get(mod, "varargs");
    f_kwargs = get(mod, "kwargs");
    f_fastcall = get(mod, "fastcall");
    f_allocate_int = get(mod, "allocate_int");
    f_allocate_tuple = get(mod, "allocate_tuple");
    f_list_sum = get(mod, "list_sum");
    f_parse_ii = get(mod, "parse_ii");
    f_float_roundtrip = get(mod, "float_roundtrip");
    f_str_roundtrip = get(mod, "str_roundtrip");
    obj = check(PyObject_CallNoArgs(get(mod, "Obj")), "Obj()");
    n_noargs = check(PyUnicode_InternFromString("noargs"), "name");
    n_onearg = check(PyUnicode_InternFromString("onearg"), "name");
    n_varargs = check(PyUnicode_InternFromString("varargs"), "name");
    kwnames_b = check(Py_BuildValue("(s)", "b"), "kwnames");
    zero = PyLong_FromLong(0);
    one = PyLong_FromLong(1);
    two = PyLong_FromLong(2);
    three = PyLong_FromLong(3);
    a_float = check(PyFloat_FromDouble(1.5), "1.5");
    a_str = check(PyUnicode_FromString("abcdefghij"), "str");
    list100 = check(PyList_New(100), "list");
    for (int i = 0; i < 100; i++)
        PyList_SET_ITEM(list100, i, PyLong_FromLong(i));

    /* ctypes.CDLL(benchmod.__file__).benchmod_floor, typed long(long) */
    PyObject *ctypes = check(PyImport_ImportModule("ctypes"), "import ctypes");
    PyObject *lib = check(PyObject_CallOneArg(get(ctypes, "CDLL"), get(mod, "__file__")), "CDLL");
    fn_ffi = get(lib, "benchmod_floor");
    PyObject *c_long = get(ctypes, "c_long");
    PyObject *argtypes = check(PyList_New(1), "argtypes");
    PyList_SET_ITEM(argtypes, 0, Py_NewRef(c_long));
    if (PyObject_SetAttrString(fn_ffi, "argtypes", argtypes) < 0 ||
        PyObject_SetAttrString(fn_ffi, "restype", c_long) < 0)
        fail("ctypes set-up");

    int rc = bench_main(argc - 1, argv + 1, ops, sizeof ops / sizeof ops[0]);
    return rc;
}

/* numberext.c — test extension `numberext` (not `numbers`, which CPython's stdlib has): the PyLong_*, PyFloat_*, PyBool_* and PyNumber_* APIs, one function each. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

/* ---- helpers: arguments and results, without PyArg_ParseTuple or Py_BuildValue -------------- */

static int want_args(PyObject *args, Py_ssize_t n, const char *name)
{
    if (PyTuple_GET_SIZE(args) != n) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s() takes %zd arguments", name, n);
        PyErr_SetString(PyExc_TypeError, msg);
        return -1;
    }
    return 0;
}

#define ARG(i) PyTuple_GET_ITEM(args, (i))

/* A tuple of n new references (stolen); NULL items mean an error is pending. */
static PyObject *tuple_of(Py_ssize_t n, PyObject **items)
{
    PyObject *t = NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!items[i])
            goto fail;
    t = PyTuple_New(n);
    if (!t)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, items[i]);
    return t;
fail:
    for (Py_ssize_t i = 0; i < n; i++)
        Py_XDECREF(items[i]);
    return NULL;
}

/* The name of the pending exception's type, clearing it. */
static PyObject *error_name(void)
{
    PyObject *t = PyErr_Occurred();
    if (!t)
        return PyUnicode_FromString("no error");
    const char *name = ((PyTypeObject *)t)->tp_name;
    PyErr_Clear();
    return PyUnicode_FromString(name);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes lowercase hex text into buf (at most cap bytes); the byte count or -1. */
static Py_ssize_t unhex(PyObject *s, unsigned char *buf, size_t cap)
{
    const char *text = PyUnicode_AsUTF8(s);
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n % 2 || n / 2 > cap) {
        PyErr_SetString(PyExc_ValueError, "bad hex text");
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            PyErr_SetString(PyExc_ValueError, "bad hex text");
            return -1;
        }
        buf[i] = (unsigned char)(hi << 4 | lo);
    }
    return (Py_ssize_t)(n / 2);
}

static PyObject *hex(const unsigned char *buf, size_t n)
{
    char text[2 * 64 + 1];
    for (size_t i = 0; i < n; i++)
        snprintf(text + 2 * i, 3, "%02x", buf[i]);
    text[2 * n] = 0;
    return PyUnicode_FromString(text);
}

/* ---- PyLong_As* and back ---------------------------------------------------------------------- */

#define AS_FUNC(name, ctype, as, from)                                                    \
    static PyObject *name(PyObject *m, PyObject *x)                                       \
    {                                                                                     \
        ctype v = as(x);                                                                  \
        if (v == (ctype)-1 && PyErr_Occurred())                                           \
            return NULL;                                                                  \
        return from(v);                                                                   \
    }

AS_FUNC(n_aslong, long, PyLong_AsLong, PyLong_FromLong)
AS_FUNC(n_aslonglong, long long, PyLong_AsLongLong, PyLong_FromLongLong)
AS_FUNC(n_asssize_t, Py_ssize_t, PyLong_AsSsize_t, PyLong_FromSsize_t)
AS_FUNC(n_assize_t, size_t, PyLong_AsSize_t, PyLong_FromSize_t)
AS_FUNC(n_asunsignedlong, unsigned long, PyLong_AsUnsignedLong, PyLong_FromUnsignedLong)
AS_FUNC(n_asunsignedlonglong, unsigned long long, PyLong_AsUnsignedLongLong,
        PyLong_FromUnsignedLongLong)
AS_FUNC(n_asunsignedlongmask, unsigned long, PyLong_AsUnsignedLongMask, PyLong_FromUnsignedLong)
AS_FUNC(n_asunsignedlonglongmask, unsigned long long, PyLong_AsUnsignedLongLongMask,
        PyLong_FromUnsignedLongLong)
AS_FUNC(n_asint, int, _PyLong_AsInt, PyLong_FromLong)
AS_FUNC(n_asdouble, double, PyLong_AsDouble, PyFloat_FromDouble)
AS_FUNC(n_float_asdouble, double, PyFloat_AsDouble, PyFloat_FromDouble)
AS_FUNC(n_boolfromlong, long, PyLong_AsLong, PyBool_FromLong)

static PyObject *n_asvoidptr(PyObject *m, PyObject *x)
{
    void *p = PyLong_AsVoidPtr(x);
    if (!p && PyErr_Occurred())
        return NULL;
    return PyLong_FromVoidPtr(p);
}

static PyObject *n_aslongandoverflow(PyObject *m, PyObject *x)
{
    int of = 99;
    long v = PyLong_AsLongAndOverflow(x, &of);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    PyObject *items[2] = {PyLong_FromLong(v), PyLong_FromLong(of)};
    return tuple_of(2, items);
}

static PyObject *n_aslonglongandoverflow(PyObject *m, PyObject *x)
{
    int of = 99;
    long long v = PyLong_AsLongLongAndOverflow(x, &of);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    PyObject *items[2] = {PyLong_FromLongLong(v), PyLong_FromLong(of)};
    return tuple_of(2, items);
}

static PyObject *n_sign(PyObject *m, PyObject *x)
{
    if (!PyLong_Check(x)) {
        PyErr_SetString(PyExc_TypeError, "sign() needs an int");
        return NULL;
    }
    return PyLong_FromLong(_PyLong_Sign(x));
}

static PyObject *n_numbits(PyObject *m, PyObject *x)
{
    if (!PyLong_Check(x)) {
        PyErr_SetString(PyExc_TypeError, "numbits() needs an int");
        return NULL;
    }
    size_t n = _PyLong_NumBits(x);
    if (n == (size_t)-1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSize_t(n);
}

/* The C limits through the From functions. */
static PyObject *n_limits(PyObject *m, PyObject *unused)
{
    PyObject *items[] = {
        PyLong_FromLong(LONG_MIN),           PyLong_FromLong(LONG_MAX),
        PyLong_FromUnsignedLong(ULONG_MAX),  PyLong_FromLongLong(LLONG_MIN),
        PyLong_FromLongLong(LLONG_MAX),      PyLong_FromUnsignedLongLong(ULLONG_MAX),
        PyLong_FromSsize_t(PY_SSIZE_T_MIN),  PyLong_FromSsize_t(PY_SSIZE_T_MAX),
        PyLong_FromSize_t(SIZE_MAX),         PyLong_FromVoidPtr(NULL),
        PyLong_FromVoidPtr((void *)UINTPTR_MAX), PyLong_FromUnsignedLong(0),
    };
    return tuple_of(sizeof items / sizeof items[0], items);
}

/* PyLong_From* results are ints that behave in arithmetic and comparisons. */
static PyObject *n_fromlong_sum(PyObject *m, PyObject *unused)
{
    PyObject *a = PyLong_FromLong(LONG_MAX), *b = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    PyObject *r = a && b ? PyNumber_Add(a, b) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

static PyObject *n_fromdouble(PyObject *m, PyObject *x)
{
    double d = PyFloat_AsDouble(x);
    if (d == -1.0 && PyErr_Occurred())
        return NULL;
    return PyLong_FromDouble(d);
}

/* ---- text ------------------------------------------------------------------------------------ */

/* fromstring(s, base) -> (value, offset of *pend). */
static PyObject *n_fromstring(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "fromstring") < 0)
        return NULL;
    const char *text = PyUnicode_AsUTF8(ARG(0));
    long base = PyLong_AsLong(ARG(1));
    if (!text || (base == -1 && PyErr_Occurred()))
        return NULL;
    char *end = NULL;
    PyObject *v = PyLong_FromString(text, &end, (int)base);
    if (!v)
        return NULL;
    PyObject *items[2] = {v, PyLong_FromSsize_t(end - text)};
    return tuple_of(2, items);
}

/* failpos(s, base) -> (error type name, offset of *pend or None): where parsing stopped. */
static PyObject *n_failpos(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "failpos") < 0)
        return NULL;
    const char *text = PyUnicode_AsUTF8(ARG(0));
    long base = PyLong_AsLong(ARG(1));
    if (!text || (base == -1 && PyErr_Occurred()))
        return NULL;
    char *end = NULL;
    PyObject *v = PyLong_FromString(text, &end, (int)base);
    if (v) {
        Py_DECREF(v);
        PyErr_SetString(PyExc_AssertionError, "text was valid");
        return NULL;
    }
    PyObject *items[2] = {error_name(), end ? PyLong_FromSsize_t(end - text) : Py_NewRef(Py_None)};
    return tuple_of(2, items);
}

static PyObject *n_fromstring_nopend(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "fromstring_nopend") < 0)
        return NULL;
    const char *text = PyUnicode_AsUTF8(ARG(0));
    long base = PyLong_AsLong(ARG(1));
    if (!text || (base == -1 && PyErr_Occurred()))
        return NULL;
    return PyLong_FromString(text, NULL, (int)base);
}

static PyObject *n_fromunicode(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "fromunicode") < 0)
        return NULL;
    long base = PyLong_AsLong(ARG(1));
    if (base == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromUnicodeObject(ARG(0), (int)base);
}

/* ---- byte arrays ------------------------------------------------------------------------------ */

/* frombytes(hex, little_endian, is_signed) */
static PyObject *n_frombytes(PyObject *m, PyObject *args)
{
    unsigned char buf[64];
    if (want_args(args, 3, "frombytes") < 0)
        return NULL;
    Py_ssize_t n = unhex(ARG(0), buf, sizeof buf);
    if (n < 0)
        return NULL;
    return _PyLong_FromByteArray(buf, (size_t)n, PyObject_IsTrue(ARG(1)), PyObject_IsTrue(ARG(2)));
}

/* asbytes(x, n, little_endian, is_signed) -> hex; on an error, the error stands unless
   `keep` asks for (error name, hex of what the buffer holds then). */
static PyObject *asbytes(PyObject *args, int keep)
{
    unsigned char buf[64];
    memset(buf, 0xab, sizeof buf);
    if (want_args(args, 4, keep ? "asbytes_partial" : "asbytes") < 0)
        return NULL;
    if (!PyLong_Check(ARG(0))) {
        PyErr_SetString(PyExc_TypeError, "asbytes() needs an int");
        return NULL;
    }
    long n = PyLong_AsLong(ARG(1));
    if (n < 0 || n > 64) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "0 <= n <= 64");
        return NULL;
    }
    int rc = _PyLong_AsByteArray((PyLongObject *)ARG(0), buf, (size_t)n,
                                 PyObject_IsTrue(ARG(2)), PyObject_IsTrue(ARG(3)));
    if (rc < 0 && !keep)
        return NULL;
    PyObject *items[2] = {rc < 0 ? error_name() : PyUnicode_FromString("ok"), hex(buf, (size_t)n)};
    return keep ? tuple_of(2, items) : (Py_DECREF(items[0]), items[1]);
}

static PyObject *n_asbytes(PyObject *m, PyObject *args)
{
    return asbytes(args, 0);
}

static PyObject *n_asbytes_partial(PyObject *m, PyObject *args)
{
    return asbytes(args, 1);
}

/* ---- floats ------------------------------------------------------------------------------------ */

static PyObject *n_float_fromstring(PyObject *m, PyObject *x)
{
    return PyFloat_FromString(x);
}

static PyObject *n_float_limits(PyObject *m, PyObject *unused)
{
    PyObject *items[2] = {PyFloat_FromDouble(PyFloat_GetMax()), PyFloat_FromDouble(PyFloat_GetMin())};
    return tuple_of(2, items);
}

static PyObject *n_float_macro(PyObject *m, PyObject *x)
{
    if (!PyFloat_Check(x)) {
        PyErr_SetString(PyExc_TypeError, "float_macro() needs a float");
        return NULL;
    }
    return PyFloat_FromDouble(PyFloat_AS_DOUBLE(x) * 2);
}

static PyObject *n_special(PyObject *m, PyObject *x)
{
    long which = PyLong_AsLong(x);
    if (which == -1 && PyErr_Occurred())
        return NULL;
    if (which == 0)
        Py_RETURN_NAN;
    Py_RETURN_INF(which);
}

/* pack(x, size, le) -> hex of PyFloat_Pack2/4/8 */
static PyObject *n_pack(PyObject *m, PyObject *args)
{
    char buf[8];
    if (want_args(args, 3, "pack") < 0)
        return NULL;
    double x = PyFloat_AsDouble(ARG(0));
    long size = PyLong_AsLong(ARG(1));
    int le = PyObject_IsTrue(ARG(2));
    if ((x == -1.0 || size == -1) && PyErr_Occurred())
        return NULL;
    int rc = size == 2 ? PyFloat_Pack2(x, buf, le)
             : size == 4 ? PyFloat_Pack4(x, buf, le)
                         : PyFloat_Pack8(x, buf, le);
    if (rc < 0)
        return NULL;
    return hex((unsigned char *)buf, size == 2 || size == 4 ? (size_t)size : 8);
}

/* unpack(hex, le) -> PyFloat_Unpack2/4/8 by the length of the text */
static PyObject *n_unpack(PyObject *m, PyObject *args)
{
    unsigned char buf[8];
    if (want_args(args, 2, "unpack") < 0)
        return NULL;
    Py_ssize_t n = unhex(ARG(0), buf, sizeof buf);
    int le = PyObject_IsTrue(ARG(1));
    if (n < 0)
        return NULL;
    const char *p = (const char *)buf;
    double x = n == 2 ? PyFloat_Unpack2(p, le) : n == 4 ? PyFloat_Unpack4(p, le) : PyFloat_Unpack8(p, le);
    if (x == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(x);
}

/* ---- the number protocol ---------------------------------------------------------------------- */

static const struct {
    const char *name;
    binaryfunc fn, ifn;
} binops[] = {
    {"add", PyNumber_Add, PyNumber_InPlaceAdd},
    {"sub", PyNumber_Subtract, PyNumber_InPlaceSubtract},
    {"mul", PyNumber_Multiply, PyNumber_InPlaceMultiply},
    {"matmul", PyNumber_MatrixMultiply, PyNumber_InPlaceMatrixMultiply},
    {"floordiv", PyNumber_FloorDivide, PyNumber_InPlaceFloorDivide},
    {"truediv", PyNumber_TrueDivide, PyNumber_InPlaceTrueDivide},
    {"mod", PyNumber_Remainder, PyNumber_InPlaceRemainder},
    {"divmod", PyNumber_Divmod, NULL},
    {"lshift", PyNumber_Lshift, PyNumber_InPlaceLshift},
    {"rshift", PyNumber_Rshift, PyNumber_InPlaceRshift},
    {"and", PyNumber_And, PyNumber_InPlaceAnd},
    {"xor", PyNumber_Xor, PyNumber_InPlaceXor},
    {"or", PyNumber_Or, PyNumber_InPlaceOr},
};

static PyObject *binop(PyObject *args, int in_place)
{
    if (want_args(args, 3, in_place ? "inplace" : "binop") < 0)
        return NULL;
    const char *name = PyUnicode_AsUTF8(ARG(0));
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++) {
        binaryfunc fn = in_place ? binops[i].ifn : binops[i].fn;
        if (fn && !strcmp(binops[i].name, name))
            return fn(ARG(1), ARG(2));
    }
    PyErr_SetString(PyExc_ValueError, "no such operator");
    return NULL;
}

static PyObject *n_binop(PyObject *m, PyObject *args)
{
    return binop(args, 0);
}

static PyObject *n_inplace(PyObject *m, PyObject *args)
{
    return binop(args, 1);
}

static PyObject *n_unop(PyObject *m, PyObject *args)
{
    static const struct {
        const char *name;
        unaryfunc fn;
    } unops[] = {
        {"neg", PyNumber_Negative}, {"pos", PyNumber_Positive}, {"abs", PyNumber_Absolute},
        {"invert", PyNumber_Invert}, {"index", PyNumber_Index}, {"_index", _PyNumber_Index},
        {"long", PyNumber_Long},    {"float", PyNumber_Float},
    };
    if (want_args(args, 2, "unop") < 0)
        return NULL;
    const char *name = PyUnicode_AsUTF8(ARG(0));
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof unops / sizeof unops[0]; i++)
        if (!strcmp(unops[i].name, name))
            return unops[i].fn(ARG(1));
    PyErr_SetString(PyExc_ValueError, "no such operator");
    return NULL;
}

static PyObject *n_power(PyObject *m, PyObject *args)
{
    if (want_args(args, 3, "power") < 0)
        return NULL;
    return PyNumber_Power(ARG(0), ARG(1), ARG(2));
}

static PyObject *n_ipower(PyObject *m, PyObject *args)
{
    if (want_args(args, 3, "ipower") < 0)
        return NULL;
    return PyNumber_InPlacePower(ARG(0), ARG(1), ARG(2));
}

/* assize(x, exc): PyNumber_AsSsize_t, exc None meaning NULL (clamping) */
static PyObject *n_assize(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "assize") < 0)
        return NULL;
    Py_ssize_t v = PyNumber_AsSsize_t(ARG(0), ARG(1) == Py_None ? NULL : ARG(1));
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(v);
}

static PyObject *n_tobase(PyObject *m, PyObject *args)
{
    if (want_args(args, 2, "tobase") < 0)
        return NULL;
    long base = PyLong_AsLong(ARG(1));
    if (base == -1 && PyErr_Occurred())
        return NULL;
    return PyNumber_ToBase(ARG(0), (int)base);
}

static PyObject *n_check(PyObject *m, PyObject *x)
{
    return PyBool_FromLong(PyNumber_Check(x));
}

static PyObject *n_indexcheck(PyObject *m, PyObject *x)
{
    return PyBool_FromLong(PyIndex_Check(x));
}

/* What each function does with a NULL argument: the exception's type name (CPython's
   "bad argument to internal function" messages carry its source file and line). */
static PyObject *n_nulls(PyObject *m, PyObject *unused)
{
    int of;
    PyObject *items[16];
    size_t n = 0;
#define NULL_CASE(call) (void)(call), items[n++] = error_name()
    NULL_CASE(PyLong_AsLong(NULL));
    NULL_CASE(PyLong_AsLongLong(NULL));
    NULL_CASE(PyLong_AsSsize_t(NULL));
    NULL_CASE(PyLong_AsSize_t(NULL));
    NULL_CASE(PyLong_AsUnsignedLong(NULL));
    NULL_CASE(PyLong_AsUnsignedLongLong(NULL));
    NULL_CASE(PyLong_AsUnsignedLongMask(NULL));
    NULL_CASE(PyLong_AsUnsignedLongLongMask(NULL));
    NULL_CASE(PyLong_AsLongAndOverflow(NULL, &of));
    NULL_CASE(PyLong_AsDouble(NULL));
    NULL_CASE(PyFloat_AsDouble(NULL));
#undef NULL_CASE
    return tuple_of((Py_ssize_t)n, items);
}

/* The number protocol's NULL answers: type and message (no source lines in these). */
static PyObject *n_null_numbers(PyObject *m, PyObject *unused)
{
    PyObject *r[] = {
        PyNumber_Index(NULL), PyNumber_Long(NULL), PyNumber_Float(NULL),
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (r[i]) {
            PyErr_SetString(PyExc_AssertionError, "a NULL argument gave a result");
            return NULL;
        }
    return PyNumber_Index(NULL);
}

static PyMethodDef numbers_methods[] = {
    {"aslong", n_aslong, METH_O, NULL},
    {"aslonglong", n_aslonglong, METH_O, NULL},
    {"asssize_t", n_asssize_t, METH_O, NULL},
    {"assize_t", n_assize_t, METH_O, NULL},
    {"asunsignedlong", n_asunsignedlong, METH_O, NULL},
    {"asunsignedlonglong", n_asunsignedlonglong, METH_O, NULL},
    {"asunsignedlongmask", n_asunsignedlongmask, METH_O, NULL},
    {"asunsignedlonglongmask", n_asunsignedlonglongmask, METH_O, NULL},
    {"asint", n_asint, METH_O, NULL},
    {"asdouble", n_asdouble, METH_O, NULL},
    {"asvoidptr", n_asvoidptr, METH_O, NULL},
    {"aslongandoverflow", n_aslongandoverflow, METH_O, NULL},
    {"aslonglongandoverflow", n_aslonglongandoverflow, METH_O, NULL},
    {"sign", n_sign, METH_O, NULL},
    {"numbits", n_numbits, METH_O, NULL},
    {"limits", n_limits, METH_NOARGS, NULL},
    {"fromlong_sum", n_fromlong_sum, METH_NOARGS, NULL},
    {"fromdouble", n_fromdouble, METH_O, NULL},
    {"fromstring", n_fromstring, METH_VARARGS, NULL},
    {"failpos", n_failpos, METH_VARARGS, NULL},
    {"fromstring_nopend", n_fromstring_nopend, METH_VARARGS, NULL},
    {"fromunicode", n_fromunicode, METH_VARARGS, NULL},
    {"frombytes", n_frombytes, METH_VARARGS, NULL},
    {"asbytes", n_asbytes, METH_VARARGS, NULL},
    {"asbytes_partial", n_asbytes_partial, METH_VARARGS, NULL},
    {"float_asdouble", n_float_asdouble, METH_O, NULL},
    {"float_fromstring", n_float_fromstring, METH_O, NULL},
    {"float_limits", n_float_limits, METH_NOARGS, NULL},
    {"float_macro", n_float_macro, METH_O, NULL},
    {"special", n_special, METH_O, NULL},
    {"pack", n_pack, METH_VARARGS, NULL},
    {"unpack", n_unpack, METH_VARARGS, NULL},
    {"boolfromlong", n_boolfromlong, METH_O, NULL},
    {"binop", n_binop, METH_VARARGS, NULL},
    {"inplace", n_inplace, METH_VARARGS, NULL},
    {"unop", n_unop, METH_VARARGS, NULL},
    {"power", n_power, METH_VARARGS, NULL},
    {"ipower", n_ipower, METH_VARARGS, NULL},
    {"assize", n_assize, METH_VARARGS, NULL},
    {"tobase", n_tobase, METH_VARARGS, NULL},
    {"check", n_check, METH_O, NULL},
    {"indexcheck", n_indexcheck, METH_O, NULL},
    {"nulls", n_nulls, METH_NOARGS, NULL},
    {"null_numbers", n_null_numbers, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef numbers_module = {
    PyModuleDef_HEAD_INIT,
    "numberext",
    "A test extension of the number APIs (PyLong, PyFloat, PyBool, PyNumber).",
    -1,
    numbers_methods,
};

PyMODINIT_FUNC PyInit_numberext(void)
{
    return PyModule_Create(&numbers_module);
}

/* errors.c — test extension `errors`: the error indicator, exception objects and classes, warnings. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * Functions take their arguments as METH_FASTCALL arrays (no argument parsing API is
 * under test here). None stands for NULL where a C argument may be NULL. Functions that
 * leave an exception set return NULL, so that it crosses back into Python.
 */

static PyObject *or_null(PyObject *o)
{
    return o == Py_None ? NULL : o;
}

static int nargs_ok(Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    if (nargs < min || nargs > max) {
        PyErr_SetString(PyExc_TypeError, "wrong number of arguments");
        return 0;
    }
    return 1;
}

/* ---- setting, fetching, matching ---------------------------------------------------------- */

static PyObject *set_string(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    const char *s = PyUnicode_AsUTF8(a[1]);
    if (!s)
        return NULL;
    PyErr_SetString(or_null(a[0]), s);
    return NULL;
}

static PyObject *set_object(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 1, 2))
        return NULL;
    PyErr_SetObject(or_null(a[0]), n > 1 ? a[1] : NULL);
    return NULL;
}

static PyObject *set_none(PyObject *m, PyObject *type)
{
    PyErr_SetNone(type);
    return NULL;
}

/* Sets type(msg), then returns PyErr_Occurred() (with the error cleared). */
static PyObject *occurred_after(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyErr_SetObject(a[0], a[1]);
    PyObject *t = PyErr_Occurred();
    Py_XINCREF(t);
    PyErr_Clear();
    return t ? t : Py_NewRef(Py_None);
}

static PyObject *occurred_now(PyObject *m, PyObject *unused)
{
    return PyBool_FromLong(PyErr_Occurred() != NULL);
}

/* Sets type(msg), fetches and normalizes it: (type, value, whether a traceback came). */
static PyObject *fetch(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyErr_SetObject(a[0], a[1]);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *r = Py_BuildValue("(OOO)", t ? t : Py_None, v ? v : Py_None,
                                tb ? Py_True : Py_False);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* Sets type(value) (NULL for None) and fetches it as it is: (type, value) — the value
   unnormalized, as PyErr_SetObject gave it. */
static PyObject *fetch_raw(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyErr_SetObject(a[0], or_null(a[1]));
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *r = Py_BuildValue("(OO)", t ? t : Py_None, v ? v : Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* PyErr_SetString(type, msg), then fetch, restore and fetch again: the value both times. */
static PyObject *fetch_restore_fetch(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    const char *msg = PyUnicode_AsUTF8(a[1]);
    if (!msg)
        return NULL;
    PyErr_SetString(a[0], msg);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *first = Py_NewRef(v ? v : Py_None);
    PyErr_Restore(t, v, tb);
    PyErr_Fetch(&t, &v, &tb);
    PyObject *r = Py_BuildValue("(NO)", first, v ? v : Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* PyErr_Restore(type, value, NULL) with new references; returns NULL. */
static PyObject *restore(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyObject *t = or_null(a[0]), *v = or_null(a[1]);
    Py_XINCREF(t);
    Py_XINCREF(v);
    PyErr_Restore(t, v, NULL);
    return NULL;
}

/* PyErr_Restore(NULL, NULL, NULL) after setting an error: clears it. */
static PyObject *restore_nothing(PyObject *m, PyObject *unused)
{
    PyErr_SetString(PyExc_ValueError, "gone");
    PyErr_Restore(NULL, NULL, NULL);
    return PyBool_FromLong(PyErr_Occurred() == NULL);
}

static PyObject *normalize(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyObject *t = Py_NewRef(a[0]), *v = Py_XNewRef(or_null(a[1])), *tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    if (PyErr_Occurred()) {
        Py_XDECREF(t);
        Py_XDECREF(v);
        return NULL;
    }
    PyObject *r = PyTuple_Pack(2, t, v ? v : Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    return r;
}

static PyObject *given_matches(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    return PyBool_FromLong(PyErr_GivenExceptionMatches(or_null(a[0]), or_null(a[1])));
}

/* Sets type(msg), then PyErr_ExceptionMatches(exc), cleared. */
static PyObject *exception_matches(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3, 3))
        return NULL;
    PyErr_SetObject(a[0], a[1]);
    int r = PyErr_ExceptionMatches(a[2]);
    PyErr_Clear();
    return PyBool_FromLong(r);
}

static PyObject *bad_argument(PyObject *m, PyObject *unused)
{
    PyErr_BadArgument();
    return NULL;
}

static PyObject *no_memory(PyObject *m, PyObject *unused)
{
    return PyErr_NoMemory();
}

static PyObject *bad_internal_call(PyObject *m, PyObject *unused)
{
    PyErr_BadInternalCall();
    return NULL;
}

/* ---- what C hands back to the caller --------------------------------------------------------- */

static PyObject *null_without_error(PyObject *m, PyObject *unused)
{
    return NULL;
}

static PyObject *result_with_error(PyObject *m, PyObject *unused)
{
    PyErr_SetString(PyExc_KeyError, "pending");
    return Py_NewRef(Py_None);
}

/* Calls f(*args): the exception it raises (taken out), or ('returned', result). */
static PyObject *catch(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 1, PY_SSIZE_T_MAX))
        return NULL;
    PyObject *r = PyObject_Vectorcall(a[0], a + 1, (size_t)n - 1, NULL);
    if (r) {
        PyObject *t = Py_BuildValue("(sN)", "returned", r);
        return t;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v;
}

/* ---- formatted messages -------------------------------------------------------------------- */

static const char *text_arg(PyObject *o)
{
    return PyUnicode_AsUTF8(o);
}

/* PyErr_Format(type, fmt, <one argument converted as the format wants>). `kind` says
   the C type: 'o' object, 's' char *, 'i' int, 'l' long, 'z' Py_ssize_t, 'u' size_t. */
static PyObject *format1(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 4, 4))
        return NULL;
    const char *fmt = text_arg(a[1]), *kind = text_arg(a[2]);
    if (!fmt || !kind)
        return NULL;
    PyObject *r;
    switch (kind[0]) {
    case 'o':
        r = PyErr_Format(a[0], fmt, a[3]);
        break;
    case 's': {
        const char *s = text_arg(a[3]);
        r = s ? PyErr_Format(a[0], fmt, s) : NULL;
        break;
    }
    case 'i':
        r = PyErr_Format(a[0], fmt, (int)PyLong_AsLong(a[3]));
        break;
    case 'l':
        r = PyErr_Format(a[0], fmt, PyLong_AsLong(a[3]));
        break;
    case 'z':
        r = PyErr_Format(a[0], fmt, (Py_ssize_t)PyLong_AsLong(a[3]));
        break;
    default:
        r = PyErr_Format(a[0], fmt, (size_t)PyLong_AsLong(a[3]));
        break;
    }
    return r;
}

/* PyErr_Format(type, "%s and %d and %R", s, i, obj). */
static PyObject *format3(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 4, 4))
        return NULL;
    const char *s = text_arg(a[1]);
    if (!s)
        return NULL;
    return PyErr_Format(a[0], "%s and %d and %R", s, (int)PyLong_AsLong(a[2]), a[3]);
}

/* PyErr_Format replaces the pending exception. */
static PyObject *format_replaces(PyObject *m, PyObject *unused)
{
    PyErr_SetString(PyExc_KeyError, "first");
    return PyErr_Format(PyExc_ValueError, "second %d", 2);
}

/* ---- errno -------------------------------------------------------------------------------------- */

static PyObject *from_errno(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    errno = (int)PyLong_AsLong(a[1]);
    return PyErr_SetFromErrno(or_null(a[0]));
}

static PyObject *from_errno_filename(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3, 3))
        return NULL;
    const char *f = a[2] == Py_None ? NULL : text_arg(a[2]);
    if (a[2] != Py_None && !f)
        return NULL;
    errno = (int)PyLong_AsLong(a[1]);
    return PyErr_SetFromErrnoWithFilename(a[0], f);
}

static PyObject *from_errno_objects(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3, 4))
        return NULL;
    errno = (int)PyLong_AsLong(a[1]);
    if (n == 3)
        return PyErr_SetFromErrnoWithFilenameObject(a[0], or_null(a[2]));
    return PyErr_SetFromErrnoWithFilenameObjects(a[0], or_null(a[2]), or_null(a[3]));
}

/* ---- exception classes and objects -------------------------------------------------------------- */

static PyObject *new_exception(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 1, 3))
        return NULL;
    const char *name = text_arg(a[0]);
    if (!name)
        return NULL;
    return PyErr_NewException(name, n > 1 ? or_null(a[1]) : NULL, n > 2 ? or_null(a[2]) : NULL);
}

static PyObject *new_exception_doc(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 4))
        return NULL;
    const char *name = text_arg(a[0]);
    const char *doc = a[1] == Py_None ? NULL : text_arg(a[1]);
    if (!name || (a[1] != Py_None && !doc))
        return NULL;
    return PyErr_NewExceptionWithDoc(name, doc, n > 2 ? or_null(a[2]) : NULL,
                                     n > 3 ? or_null(a[3]) : NULL);
}

static PyObject *class_name(PyObject *m, PyObject *cls)
{
    return PyUnicode_FromString(PyExceptionClass_Name(cls));
}

static PyObject *none_if_null(PyObject *o)
{
    if (!o && !PyErr_Occurred())
        Py_RETURN_NONE;
    return o;
}

static PyObject *get_cause(PyObject *m, PyObject *e)
{
    return none_if_null(PyException_GetCause(e));
}

static PyObject *get_context(PyObject *m, PyObject *e)
{
    return none_if_null(PyException_GetContext(e));
}

static PyObject *get_traceback(PyObject *m, PyObject *e)
{
    return none_if_null(PyException_GetTraceback(e));
}

static PyObject *set_cause(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyException_SetCause(a[0], Py_XNewRef(or_null(a[1])));
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_context(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    PyException_SetContext(a[0], Py_XNewRef(or_null(a[1])));
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_traceback(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    if (PyException_SetTraceback(a[0], a[1]) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* ---- reporting ---------------------------------------------------------------------------------- */

/* Sets type(msg), reports it with PyErr_WriteUnraisable(obj): whether it was cleared. */
static PyObject *write_unraisable(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3, 3))
        return NULL;
    PyErr_SetObject(a[0], a[1]);
    PyErr_WriteUnraisable(or_null(a[2]));
    return PyBool_FromLong(PyErr_Occurred() == NULL);
}

/* Sets type(msg), prints it with PyErr_PrintEx(set_sys_last_vars): whether it was cleared. */
static PyObject *print_ex(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3, 3))
        return NULL;
    PyErr_SetObject(a[0], a[1]);
    PyErr_PrintEx((int)PyLong_AsLong(a[2]));
    return PyBool_FromLong(PyErr_Occurred() == NULL);
}

static PyObject *check_signals(PyObject *m, PyObject *unused)
{
    return PyLong_FromLong(PyErr_CheckSignals());
}

/* ---- warnings (their text goes to stderr; the results are compared) --------------------------- */

static PyObject *warn(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 3))
        return NULL;
    const char *msg = text_arg(a[1]);
    if (!msg)
        return NULL;
    int r = PyErr_WarnEx(or_null(a[0]), msg, n > 2 ? PyLong_AsSsize_t(a[2]) : 1);
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyObject *warn_format(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2, 2))
        return NULL;
    int r = PyErr_WarnFormat(or_null(a[0]), 1, "value %d is %R", 42, a[1]);
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyObject *resource_warning(PyObject *m, PyObject *source)
{
    int r = PyErr_ResourceWarning(or_null(source), 1, "unclosed %s", "thing");
    return r < 0 ? NULL : PyLong_FromLong(r);
}

/* warn_explicit(category, message, filename, lineno, module or None, registry or None) */
static PyObject *warn_explicit(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 6, 6))
        return NULL;
    const char *msg = text_arg(a[1]), *file = text_arg(a[2]);
    const char *mod = a[4] == Py_None ? NULL : text_arg(a[4]);
    if (!msg || !file || (a[4] != Py_None && !mod))
        return NULL;
    int r = PyErr_WarnExplicit(or_null(a[0]), msg, file, (int)PyLong_AsLong(a[3]), mod,
                               or_null(a[5]));
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyObject *warn_explicit_object(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 6, 6))
        return NULL;
    int r = PyErr_WarnExplicitObject(or_null(a[0]), a[1], a[2], (int)PyLong_AsLong(a[3]),
                                     or_null(a[4]), or_null(a[5]));
    return r < 0 ? NULL : PyLong_FromLong(r);
}

#define FAST(name) {#name, (PyCFunction)(void (*)(void))name, METH_FASTCALL, NULL}
#define ONE(name) {#name, name, METH_O, NULL}
#define NONE(name) {#name, name, METH_NOARGS, NULL}

static PyMethodDef errors_methods[] = {
    FAST(set_string),
    FAST(set_object),
    ONE(set_none),
    FAST(occurred_after),
    NONE(occurred_now),
    FAST(fetch),
    FAST(fetch_raw),
    FAST(fetch_restore_fetch),
    FAST(restore),
    NONE(restore_nothing),
    FAST(normalize),
    FAST(given_matches),
    FAST(exception_matches),
    NONE(bad_argument),
    NONE(no_memory),
    NONE(bad_internal_call),
    NONE(null_without_error),
    NONE(result_with_error),
    FAST(catch),
    FAST(format1),
    FAST(format3),
    NONE(format_replaces),
    FAST(from_errno),
    FAST(from_errno_filename),
    FAST(from_errno_objects),
    FAST(new_exception),
    FAST(new_exception_doc),
    ONE(class_name),
    ONE(get_cause),
    ONE(get_context),
    ONE(get_traceback),
    FAST(set_cause),
    FAST(set_context),
    FAST(set_traceback),
    FAST(write_unraisable),
    FAST(print_ex),
    NONE(check_signals),
    FAST(warn),
    FAST(warn_format),
    ONE(resource_warning),
    FAST(warn_explicit),
    FAST(warn_explicit_object),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef errors_module = {
    PyModuleDef_HEAD_INIT, "errors", "Test extension: errors, exceptions and warnings from C.",
    -1, errors_methods,
};

PyMODINIT_FUNC PyInit_errors(void)
{
    PyObject *m = PyModule_Create(&errors_module);
    if (!m)
        return NULL;
    PyObject *e = PyErr_NewException("errors.Error", NULL, NULL);
    if (!e || PyModule_AddObject(m, "Error", e) < 0) {
        Py_XDECREF(e);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

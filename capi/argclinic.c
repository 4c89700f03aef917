/* argclinic.c — the private argument helpers of Argument Clinic's generated code: _PyArg_UnpackKeywords, the count and keyword checks, _PyArg_BadArgument. */
#include "capi/capi.h"

/*
 * Everything here works on proxies through the C-API, as the generated code that calls it
 * does: PyObject pointers keep their addresses across collections, so nothing is rooted.
 * Messages are CPython 3.11's word for word; tests/compat's bisect and csv lines compare
 * them with CPython's own built-in _bisect and _csv.
 */

static const char *type_name(PyObject *o)
{
    return o == Py_None ? "None" : Py_TYPE(o)->tp_name;
}

/* ---- the keyword parser --------------------------------------------------------------------- */

/* The function's name for messages: `fname`, else what follows ':' in `format`. */
static const char *parser_name(const _PyArg_Parser *parser)
{
    if (parser->fname)
        return parser->fname;
    if (parser->format) {
        const char *colon = strchr(parser->format, ':');
        if (colon)
            return colon + 1;
    }
    return NULL;
}

/* The parsers whose `kwtuple` is set, chained through `next`, for capi_argclinic_fini. */
static _PyArg_Parser *initialised;

/* The first call fills `pos` (the leading "" names are positional-only) and `kwtuple`
   (the other names, interned; a new reference the static parser keeps until shutdown). */
static int parser_init(_PyArg_Parser *parser)
{
    if (parser->kwtuple)
        return 1;
    const char *const *kw = parser->keywords;
    if (!kw) {
        PyErr_BadInternalCall();
        return 0;
    }
    int pos = 0;
    while (kw[pos] && !kw[pos][0])
        pos++;
    int n = 0;
    while (kw[pos + n]) {
        if (!kw[pos + n][0]) {
            PyErr_SetString(PyExc_SystemError, "Empty keyword parameter name");
            return 0;
        }
        n++;
    }
    PyObject *names = PyTuple_New(n);
    if (!names)
        return 0;
    for (int i = 0; i < n; i++) {
        PyObject *name = PyUnicode_InternFromString(kw[pos + i]);
        if (!name) {
            Py_DECREF(names);
            return 0;
        }
        PyTuple_SET_ITEM(names, i, name);
    }
    parser->pos = pos;
    parser->kwtuple = names;
    parser->next = initialised;
    initialised = parser;
    return 1;
}

/* The proxies are gone by now (capi_fini frees them all): only the pointers are reset, so
   that a runtime started later in the same process fills the parsers again. */
void capi_argclinic_fini(void)
{
    while (initialised) {
        _PyArg_Parser *p = initialised;
        initialised = p->next;
        p->kwtuple = NULL;
        p->next = NULL;
    }
}

/* The value given for `key`: from the dict, or from the values after the positional ones
   whose names are `kwnames`; NULL if none (with an error only if the lookup raised). */
static PyObject *given(PyObject *kwargs, PyObject *kwnames, PyObject *const *kwvalues,
                       PyObject *key)
{
    if (kwargs)
        return PyDict_GetItemWithError(kwargs, key);
    Py_ssize_t n = PyTuple_GET_SIZE(kwnames);
    /* names are interned on both sides as a rule: identity first, as CPython looks */
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyTuple_GET_ITEM(kwnames, i) == key)
            return kwvalues[i];
    for (Py_ssize_t i = 0; i < n; i++)
        if (_PyUnicode_EQ(PyTuple_GET_ITEM(kwnames, i), key))
            return kwvalues[i];
    return NULL;
}

/* A keyword given that no parameter has, or one given by position too: TypeError. */
static void extra_keyword_error(const char *fname, PyObject *kwargs, PyObject *kwnames,
                                PyObject *const *kwvalues, PyObject *names, int posonly,
                                Py_ssize_t nargs)
{
    const char *f = fname ? fname : "function";
    const char *parens = fname ? "()" : "";
    for (Py_ssize_t i = posonly; i < nargs; i++) {
        PyObject *key = PyTuple_GET_ITEM(names, i - posonly);
        if (given(kwargs, kwnames, kwvalues, key)) {
            PyErr_Format(PyExc_TypeError,
                         "argument for %.200s%s given by name ('%U') and position (%d)", f,
                         parens, key, (int)i + 1);
            return;
        }
        if (PyErr_Occurred())
            return;
    }
    Py_ssize_t pos = 0, j = 0;
    for (;;) {
        PyObject *key;
        if (kwargs) {
            if (!PyDict_Next(kwargs, &pos, &key, NULL))
                break;
        } else {
            if (j >= PyTuple_GET_SIZE(kwnames))
                break;
            key = PyTuple_GET_ITEM(kwnames, j++);
        }
        int known = PySequence_Contains(names, key);
        if (known < 0)
            return;
        if (!known) {
            PyErr_Format(PyExc_TypeError, "'%S' is an invalid keyword argument for %.200s%s",
                         key, fname ? fname : "this function", parens);
            return;
        }
    }
}

PyObject *const *(_PyArg_UnpackKeywords)(PyObject *const *args, Py_ssize_t nargs,
                                         PyObject *kwargs, PyObject *kwnames,
                                         _PyArg_Parser *parser, int minpos, int maxpos,
                                         int minkw, PyObject **buf)
{
    if (!parser || (kwnames && !PyTuple_Check(kwnames)) || (kwargs && !PyDict_Check(kwargs))) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (!args && nargs == 0)
        args = buf;
    if (!parser_init(parser))
        return NULL;
    PyObject *names = parser->kwtuple;
    const char *fname = parser_name(parser);
    const char *f = fname ? fname : "function";
    const char *parens = fname ? "()" : "";
    int posonly = parser->pos;
    int minposonly = posonly < minpos ? posonly : minpos;
    int maxargs = posonly + (int)PyTuple_GET_SIZE(names);
    /* keyword-only parameters below this index are required */
    int reqlimit = minkw ? maxpos + minkw : minpos;
    Py_ssize_t nkw = kwargs ? PyDict_GET_SIZE(kwargs) : kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *const *kwvalues = kwnames ? args + nargs : NULL;

    if (nkw == 0 && minkw == 0 && minpos <= nargs && nargs <= maxpos)
        return args;
    if (nargs + nkw > maxargs) {
        /* "keyword" when nothing came by position: the count is all keywords */
        PyErr_Format(PyExc_TypeError, "%.200s%s takes at most %d %sargument%s (%zd given)", f,
                     parens, maxargs, nargs == 0 ? "keyword " : "", maxargs == 1 ? "" : "s",
                     nargs + nkw);
        return NULL;
    }
    if (nargs > maxpos) {
        if (maxpos == 0)
            PyErr_Format(PyExc_TypeError, "%.200s%s takes no positional arguments", f, parens);
        else
            PyErr_Format(PyExc_TypeError,
                         "%.200s%s takes %s %d positional argument%s (%zd given)", f, parens,
                         minpos < maxpos ? "at most" : "exactly", maxpos,
                         maxpos == 1 ? "" : "s", nargs);
        return NULL;
    }
    if (nargs < minposonly) {
        PyErr_Format(PyExc_TypeError, "%.200s%s takes %s %d positional argument%s (%zd given)",
                     f, parens, minposonly < maxpos ? "at least" : "exactly", minposonly,
                     minposonly == 1 ? "" : "s", nargs);
        return NULL;
    }

    for (Py_ssize_t i = 0; i < nargs; i++)
        buf[i] = args[i];
    for (int i = (int)nargs; i < maxargs; i++)
        buf[i] = NULL;
    /* the parameters not given by position, in order, each from the keywords */
    for (int i = nargs > posonly ? (int)nargs : posonly; i < maxargs; i++) {
        PyObject *v = NULL;
        if (nkw) {
            v = given(kwargs, kwnames, kwvalues, PyTuple_GET_ITEM(names, i - posonly));
            if (!v && PyErr_Occurred())
                return NULL;
        } else if (i >= reqlimit) {
            break;
        }
        buf[i] = v;
        if (v) {
            nkw--;
        } else if (i < minpos || (maxpos <= i && i < reqlimit)) {
            PyErr_Format(PyExc_TypeError, "%.200s%s missing required argument '%U' (pos %d)", f,
                         parens, PyTuple_GET_ITEM(names, i - posonly), i + 1);
            return NULL;
        }
    }
    if (nkw > 0) {
        extra_keyword_error(fname, kwargs, kwnames, kwvalues, names, posonly, nargs);
        if (PyErr_Occurred())
            return NULL;
    }
    return buf;
}

/* ---- counts and keyword checks ---------------------------------------------------------------- */

int(_PyArg_CheckPositional)(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    const char *bound;
    Py_ssize_t n;
    if (nargs < min) {
        bound = "at least ";
        n = min;
    } else if (nargs > max && nargs > 0) {
        bound = "at most ";
        n = max;
    } else {
        return 1;
    }
    if (min == max)
        bound = "";
    if (name)
        PyErr_Format(PyExc_TypeError, "%.200s expected %s%zd argument%s, got %zd", name, bound,
                     n, n == 1 ? "" : "s", nargs);
    else
        PyErr_Format(PyExc_TypeError, "unpacked tuple should have %s%zd element%s, but has %zd",
                     bound, n, n == 1 ? "" : "s", nargs);
    return 0;
}

int(_PyArg_NoKeywords)(const char *funcname, PyObject *kwargs)
{
    if (!kwargs)
        return 1;
    if (!PyDict_CheckExact(kwargs)) {
        capi_bad_internal_call();
        return 0;
    }
    if (PyDict_GET_SIZE(kwargs) == 0)
        return 1;
    PyErr_Format(PyExc_TypeError, "%.200s() takes no keyword arguments", funcname);
    return 0;
}

int(_PyArg_NoKwnames)(const char *funcname, PyObject *kwnames)
{
    if (!kwnames || PyTuple_GET_SIZE(kwnames) == 0)
        return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", funcname);
    return 0;
}

int(_PyArg_NoPositional)(const char *funcname, PyObject *args)
{
    if (!args)
        return 1;
    if (!PyTuple_CheckExact(args)) {
        capi_bad_internal_call();
        return 0;
    }
    if (PyTuple_GET_SIZE(args) == 0)
        return 1;
    PyErr_Format(PyExc_TypeError, "%.200s() takes no positional arguments", funcname);
    return 0;
}

void _PyArg_BadArgument(const char *fname, const char *displayname, const char *expected,
                        PyObject *arg)
{
    PyErr_Format(PyExc_TypeError, "%.200s() %.200s must be %.50s, not %.50s", fname,
                 displayname, expected, type_name(arg));
}

int _Py_convert_optional_to_ssize_t(PyObject *obj, void *result)
{
    if (obj == Py_None)
        return 1;
    if (!PyIndex_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "argument should be integer or None, not '%.200s'",
                     Py_TYPE(obj)->tp_name);
        return 0;
    }
    Py_ssize_t v = PyNumber_AsSsize_t(obj, PyExc_OverflowError);
    if (v == -1 && PyErr_Occurred())
        return 0;
    *(Py_ssize_t *)result = v;
    return 1;
}

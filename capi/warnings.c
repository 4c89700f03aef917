/* warnings.c — PyErr_Warn*: warnings shown on stderr as CPython 3.11's default filters show them. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * Ferry has no warnings module: the C-API applies CPython's default filter list itself,
 *   default::DeprecationWarning:__main__, ignore::DeprecationWarning,
 *   ignore::PendingDeprecationWarning, ignore::ImportWarning, ignore::ResourceWarning,
 * and every other warning takes the "default" action: shown once per registry key.
 *
 * Where a warning comes from: Ferry's runtime has no frames, and its REPL runs each line
 * on its own, which is what CPython's interactive loop does with "<stdin>" and line 1.
 * So a warning from C called by a line (stack_level <= 1) is "<stdin>:1" in module
 * __main__, one level up (stack_level >= 2) there is no frame and CPython reports
 * "sys:1" in module sys. Those two modules' __warningregistry__ are `seen` below.
 */
struct seen_warning {
    w_type *category; /* types are old and never freed */
    bool in_sys;
    char *text;
};
static struct {
    struct seen_warning *items;
    size_t n, cap;
} seen;

/* 1 if (text, category) was shown before at this implicit location, else records it. */
static int seen_before(w_type *category, bool in_sys, const char *text)
{
    for (size_t i = 0; i < seen.n; i++)
        if (seen.items[i].category == category && seen.items[i].in_sys == in_sys &&
            !strcmp(seen.items[i].text, text))
            return 1;
    if (seen.n == seen.cap) {
        size_t cap = seen.cap ? seen.cap * 2 : 16;
        struct seen_warning *items = realloc(seen.items, cap * sizeof *items);
        if (!items)
            return -1;
        seen.items = items;
        seen.cap = cap;
    }
    char *copy = strdup(text);
    if (!copy)
        return -1;
    seen.items[seen.n++] = (struct seen_warning){category, in_sys, copy};
    return 0;
}

/* CPython's default filters: whether a warning of `category` from `module` is dropped. */
static bool ignored_by_default(w_type *category, const char *module)
{
    if (w_type_is_subtype(category, w_exc_DeprecationWarning))
        return strcmp(module, "__main__") != 0;
    return w_type_is_subtype(category, w_exc_PendingDeprecationWarning) ||
           w_type_is_subtype(category, w_exc_ImportWarning) ||
           w_type_is_subtype(category, w_exc_ResourceWarning);
}

/*
 * The category of a warning whose text is `text`: NULL means RuntimeWarning. As CPython
 * does, the category is called with the text to make the warning (so any exception
 * class is accepted, and calling it may fail), and must then be a class for the filters
 * to test it. NULL with an error.
 */
static w_type *category_of(PyObject *category, w_object *text)
{
    if (!category)
        return w_exc_RuntimeWarning;
    GC_ENTER();
    w_object *c = NULL;
    GC_ROOT(text);
    GC_ROOT(c);
    if (!(c = capi_w(category)) || !space_call(c, &text, 1, NULL))
        GC_RETURN(NULL);
    if (W_TYPE(c) != w_type_type)
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "issubclass() arg 1 must be a class"));
    GC_RETURN((w_type *)c);
}

/* Writes line `lineno` of the file `filename`, stripped and indented, as linecache and
   formatwarning do; nothing if there is no such file or line. */
static void show_source_line(const char *filename, int lineno)
{
    FILE *f = lineno > 0 ? fopen(filename, "r") : NULL;
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = 0;
    for (int i = 0; i < lineno && (n = getline(&line, &cap, f)) >= 0; i++)
        ;
    fclose(f);
    if (n >= 0 && line) {
        char *s = line, *e = line + n;
        while (s < e && strchr(" \t\f\r\n", *s))
            s++;
        while (e > s && strchr(" \t\f\r\n", e[-1]))
            e--;
        if (e > s)
            fprintf(stderr, "  %.*s\n", (int)(e - s), s);
    }
    free(line);
}

static void show(const char *filename, int lineno, w_type *category, const char *text,
                 bool with_source)
{
    fflush(stdout);
    fprintf(stderr, "%s:%d: %s: %s\n", filename, lineno, category->name, text);
    if (with_source)
        show_source_line(filename, lineno);
    fflush(stderr);
}

/* A warning from C at the implicit location (see above), with a str as its text. */
static int warn_implicit(PyObject *category, w_object *text, Py_ssize_t stack_level)
{
    GC_ENTER();
    GC_ROOT(text);
    w_type *c = category_of(category, text);
    if (!c)
        GC_RETURN(-1);
    bool in_sys = stack_level >= 2;
    if (ignored_by_default(c, in_sys ? "sys" : "__main__"))
        GC_RETURN(0);
    int r = seen_before(c, in_sys, w_str_utf8(text));
    if (r < 0) {
        PyErr_NoMemory();
        GC_RETURN(-1);
    }
    if (r == 0)
        show(in_sys ? "sys" : "<stdin>", 1, c, w_str_utf8(text), false);
    GC_RETURN(0);
}

int PyErr_WarnEx(PyObject *category, const char *message, Py_ssize_t stack_level)
{
    w_object *m = w_str_decode_utf8(message, strlen(message), "strict");
    return m ? warn_implicit(category, m, stack_level) : -1;
}

/* The format is PyUnicode_FromFormat's. */
static int warn_format(PyObject *category, Py_ssize_t stack_level, const char *format,
                       va_list ap)
{
    PyObject *m = PyUnicode_FromFormatV(format, ap);
    if (!m)
        return -1;
    w_object *w = capi_w(m);
    int r = w ? warn_implicit(category, w, stack_level) : -1;
    Py_DECREF(m);
    return r;
}

int PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int r = warn_format(category, stack_level, format, ap);
    va_end(ap);
    return r;
}

/* ResourceWarning is ignored by the default filters, so `source` is never shown. */
int PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int r = warn_format(PyExc_ResourceWarning, stack_level, format, ap);
    va_end(ap);
    return r;
}

/* The module a warning's filename stands for, as CPython's normalize_module: the name
   without a ".py" suffix, "<unknown>" for an empty name. A new str. */
static w_object *module_from_filename(w_object *filename)
{
    const char *s = w_str_utf8(filename);
    size_t n = (size_t)w_str_nbytes(filename);
    if (n == 0)
        return w_str_from_cstr("<unknown>");
    if (n >= 3 && !strcmp(s + n - 3, ".py"))
        n -= 3;
    return w_str_from_utf8(s, n);
}

/* The key of a warning in a registry: (text, category, lineno). */
static w_object *registry_key(w_object *text, w_type *category, int lineno)
{
    GC_ENTER();
    w_object *n = NULL;
    GC_ROOT(text);
    GC_ROOT(n);
    if (!(n = w_int_from_i64(lineno)))
        GC_RETURN(NULL);
    GC_RETURN(w_tuple_pack(3, text, &category->ob, n));
}

/* Explicit warnings follow CPython's warn_explicit: a registry (a dict, or None/NULL for
   none) that holds the key already means "shown before"; a Warning instance as the
   message brings its own category; a module of None drops the warning. */
int PyErr_WarnExplicitObject(PyObject *category, PyObject *message, PyObject *filename,
                             int lineno, PyObject *module, PyObject *registry)
{
    if (module == Py_None)
        return 0;
    GC_ENTER();
    w_object *text = NULL, *f = NULL, *mod = NULL, *reg = NULL, *key = NULL, *s = NULL;
    GC_ROOT(text);
    GC_ROOT(f);
    GC_ROOT(mod);
    GC_ROOT(reg);
    GC_ROOT(key);
    GC_ROOT(s);
    if (registry && !(reg = capi_w(registry)))
        GC_RETURN(-1);
    if (reg == w_None)
        reg = NULL;
    if (reg && !W_DICT_CHECK(reg)) {
        w_raise_fmt(w_exc_TypeError, "'registry' must be a dict or None");
        GC_RETURN(-1);
    }
    if (!(text = capi_w(message)) || !(f = capi_w(filename)) || (module && !(mod = capi_w(module))))
        GC_RETURN(-1);
    if (mod ? !W_STR_CHECK(mod) : !W_STR_CHECK(f)) {
        PyErr_BadArgument();
        GC_RETURN(-1);
    }
    if (!mod && !(mod = module_from_filename(f)))
        GC_RETURN(-1);
    w_type *c;
    if (W_EXC_CHECK(text) && W_TYPE_CHECK(text, w_exc_Warning)) {
        c = W_TYPE(text);
        text = w_exc_str(text);
    } else {
        c = category_of(category, text);
    }
    if (!c || !text || !(key = registry_key(text, c, lineno)))
        GC_RETURN(-1);
    if (reg) {
        w_object *seen_value = w_dict_get(reg, key);
        if (seen_value || w_err_occurred())
            GC_RETURN(seen_value ? 0 : -1);
    }
    if (ignored_by_default(c, w_str_utf8(mod)))
        GC_RETURN(0);
    if ((reg && w_dict_set(reg, key, w_True) < 0) || !(s = space_str(text)) ||
        !(f = space_str(f)))
        GC_RETURN(-1);
    show(w_str_utf8(f), lineno, c, w_str_utf8(s), true);
    GC_RETURN(0);
}

int PyErr_WarnExplicit(PyObject *category, const char *message, const char *filename,
                       int lineno, const char *module, PyObject *registry)
{
    PyObject *m = PyUnicode_FromString(message);
    PyObject *f = m ? capi_new_ref(w_str_decode_utf8(filename, strlen(filename),
                                                     "surrogateescape"))
                    : NULL;
    PyObject *mod = f && module ? PyUnicode_FromString(module) : NULL;
    int r = -1;
    if (f && (mod || !module))
        r = PyErr_WarnExplicitObject(category, m, f, lineno, mod, registry);
    Py_XDECREF(m);
    Py_XDECREF(f);
    Py_XDECREF(mod);
    return r;
}

int capi_warnings_init(void)
{
    for (size_t i = 0; i < seen.n; i++)
        free(seen.items[i].text);
    seen.n = 0;
    return 0;
}

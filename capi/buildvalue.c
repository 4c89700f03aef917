/* buildvalue.c — Py_BuildValue and friends: CPython 3.11's value format language. */
#include "capi/capi.h"

/*
 * A format is read left to right, one value per unit; "(...)" makes a tuple, "[...]" a
 * list, "{...}" a dict of key/value pairs, and ':' ',' ' ' '\t' are separators. Several
 * units at the top level make a tuple, one makes that value, none makes None.
 *
 * Errors follow CPython: a NULL object argument (O, S, N) passes on the exception that
 * made it NULL (SystemError "NULL object passed to Py_BuildValue" if there is none). When
 * one unit of a container fails, the remaining units are still built and dropped, so that
 * every N argument's reference is consumed either way; the first error is the one that
 * stays.
 *
 * Tuples are built as tuple proxies (handed to the runtime by value when the caller
 * returns them); lists and dicts directly as runtime objects, each item crossing as it is
 * made.
 */

enum { FLAG_SIZE_T = 1 };

typedef struct builder {
    va_list va;
    int flags;
} builder;

static PyObject *make_value(builder *B, const char **pf);

/* The number of values up to `end` at this nesting level; -1 (SystemError) if the format
   ends first. */
static Py_ssize_t count_format(const char *f, char end)
{
    Py_ssize_t n = 0;
    int level = 0;
    for (; level > 0 || *f != end; f++) {
        switch (*f) {
        case '\0':
            w_raise_fmt(w_exc_SystemError, "unmatched paren in format");
            return -1;
        case '(':
        case '[':
        case '{':
            if (level++ == 0)
                n++;
            break;
        case ')':
        case ']':
        case '}':
            level--;
            break;
        case '#':
        case '&':
        case ',':
        case ':':
        case ' ':
        case '\t':
            break;
        default:
            if (level == 0)
                n++;
        }
    }
    return n;
}

/* Checks for and steps over the closing character of a container. 0, or -1 (SystemError). */
static int close_container(const char **pf, char end)
{
    if (**pf != end) {
        w_raise_fmt(w_exc_SystemError, "Unmatched paren in format");
        return -1;
    }
    if (end)
        (*pf)++;
    return 0;
}

/* After a failure inside a container: builds and drops the `n` values left in it (their N
   arguments are consumed), keeping the pending exception, then steps over its end. */
static void skip_values(builder *B, const char **pf, char end, Py_ssize_t n)
{
    GC_ENTER();
    w_object *pending = NULL;
    GC_ROOT(pending);
    for (Py_ssize_t i = 0; i < n; i++) {
        pending = w_err_fetch();
        PyObject *v = make_value(B, pf);
        w_err_clear();
        if (pending)
            w_raise_instance(pending);
        Py_XDECREF(v);
    }
    close_container(pf, end);
    GC_LEAVE();
}

static PyObject *make_tuple(builder *B, const char **pf, char end, Py_ssize_t n)
{
    if (n < 0)
        return NULL;
    PyObject *t = PyTuple_New(n);
    if (!t) {
        skip_values(B, pf, end, n);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = make_value(B, pf);
        if (!v) {
            skip_values(B, pf, end, n - i - 1);
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, v);
    }
    if (close_container(pf, end) < 0) {
        Py_DECREF(t);
        return NULL;
    }
    return t;
}

static PyObject *make_list(builder *B, const char **pf, char end, Py_ssize_t n)
{
    if (n < 0)
        return NULL;
    GC_ENTER();
    w_object *list = NULL, *item = NULL;
    GC_ROOT(list);
    GC_ROOT(item);
    if (!(list = w_list_new(n))) {
        skip_values(B, pf, end, n);
        GC_RETURN(NULL);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = make_value(B, pf);
        if (!v || !(item = capi_w_steal(v)) || w_list_append(list, item) < 0) {
            skip_values(B, pf, end, n - i - 1);
            GC_RETURN(NULL);
        }
    }
    if (close_container(pf, end) < 0)
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(list));
}

static PyObject *make_dict(builder *B, const char **pf, char end, Py_ssize_t n)
{
    if (n < 0)
        return NULL;
    if (n % 2) {
        w_raise_fmt(w_exc_SystemError, "Bad dict format");
        skip_values(B, pf, end, n);
        return NULL;
    }
    GC_ENTER();
    w_object *dict = NULL, *key = NULL, *value = NULL;
    GC_ROOT(dict);
    GC_ROOT(key);
    GC_ROOT(value);
    if (!(dict = w_dict_new())) {
        skip_values(B, pf, end, n);
        GC_RETURN(NULL);
    }
    for (Py_ssize_t i = 0; i < n; i += 2) {
        PyObject *k = make_value(B, pf);
        if (!k) {
            skip_values(B, pf, end, n - i - 1);
            GC_RETURN(NULL);
        }
        PyObject *v = make_value(B, pf);
        if (!v) {
            Py_DECREF(k);
            skip_values(B, pf, end, n - i - 2);
            GC_RETURN(NULL);
        }
        if (!(key = capi_w_steal(k)))
            Py_DECREF(v);
        if (!key || !(value = capi_w_steal(v)) || w_dict_set(dict, key, value) < 0) {
            skip_values(B, pf, end, n - i - 2);
            GC_RETURN(NULL);
        }
    }
    if (close_container(pf, end) < 0)
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(dict));
}

/* The length after a '#' (Py_ssize_t: PY_SSIZE_T_CLEAN is required), or -1 if none.
   -2 with SystemError for a '#' without PY_SSIZE_T_CLEAN. */
static Py_ssize_t hash_length(builder *B, const char **pf)
{
    if (**pf != '#')
        return -1;
    (*pf)++;
    if (!(B->flags & FLAG_SIZE_T)) {
        w_raise_fmt(w_exc_SystemError, "PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
        return -2;
    }
    return va_arg(B->va, Py_ssize_t);
}

/* s z U y (and #): text from a C string, None for NULL. */
static PyObject *make_text(builder *B, const char **pf, bool bytes)
{
    const char *s = va_arg(B->va, const char *);
    Py_ssize_t n = hash_length(B, pf);
    if (n == -2)
        return NULL;
    if (!s)
        Py_RETURN_NONE;
    if (n < 0)
        n = (Py_ssize_t)strlen(s);
    return bytes ? PyBytes_FromStringAndSize(s, n) : PyUnicode_FromStringAndSize(s, n);
}

/* u (and #): text from a wchar_t string, None for NULL. */
static PyObject *make_wide(builder *B, const char **pf)
{
    const wchar_t *w = va_arg(B->va, const wchar_t *);
    Py_ssize_t n = hash_length(B, pf);
    if (n == -2)
        return NULL;
    if (!w)
        Py_RETURN_NONE;
    if (n < 0)
        n = (Py_ssize_t)wcslen(w);
    return PyUnicode_FromWideChar(w, n);
}

/* O S N (and O&): an object argument, a new reference (N's own is taken over). */
static PyObject *make_object(builder *B, const char **pf, char code)
{
    if (**pf == '&') {
        PyObject *(*conv)(void *) = va_arg(B->va, PyObject *(*)(void *));
        void *arg = va_arg(B->va, void *);
        (*pf)++;
        return conv(arg);
    }
    PyObject *o = va_arg(B->va, PyObject *);
    if (!o) {
        if (!w_err_occurred())
            w_raise_fmt(w_exc_SystemError, "NULL object passed to Py_BuildValue");
        return NULL;
    }
    if (code != 'N')
        Py_INCREF(o);
    return o;
}

static PyObject *make_value(builder *B, const char **pf)
{
    for (;;) {
        char c = *(*pf)++;
        switch (c) {
        case '(':
            return make_tuple(B, pf, ')', count_format(*pf, ')'));
        case '[':
            return make_list(B, pf, ']', count_format(*pf, ']'));
        case '{':
            return make_dict(B, pf, '}', count_format(*pf, '}'));
        case 'b':
        case 'B':
        case 'h':
        case 'i':
            return PyLong_FromLong(va_arg(B->va, int));
        case 'H':
            return PyLong_FromLong((long)va_arg(B->va, unsigned int));
        case 'I':
            return PyLong_FromUnsignedLong(va_arg(B->va, unsigned int));
        case 'n':
            return PyLong_FromSsize_t(va_arg(B->va, Py_ssize_t));
        case 'l':
            return PyLong_FromLong(va_arg(B->va, long));
        case 'k':
            return PyLong_FromUnsignedLong(va_arg(B->va, unsigned long));
        case 'L':
            return PyLong_FromLongLong(va_arg(B->va, long long));
        case 'K':
            return PyLong_FromUnsignedLongLong(va_arg(B->va, unsigned long long));
        case 'f':
        case 'd':
            return PyFloat_FromDouble(va_arg(B->va, double));
        case 'D':
            (void)va_arg(B->va, void *);
            w_raise_fmt(w_exc_SystemError,
                        "Py_BuildValue: 'D' makes a complex, and Ferry has no complex type");
            return NULL;
        case 'c': {
            char ch = (char)va_arg(B->va, int);
            return PyBytes_FromStringAndSize(&ch, 1);
        }
        case 'C':
            return PyUnicode_FromOrdinal(va_arg(B->va, int));
        case 's':
        case 'z':
        case 'U':
            return make_text(B, pf, false);
        case 'y':
            return make_text(B, pf, true);
        case 'u':
            return make_wide(B, pf);
        case 'N':
        case 'S':
        case 'O':
            return make_object(B, pf, c);
        case ':':
        case ',':
        case ' ':
        case '\t':
            break;
        default:
            w_raise_fmt(w_exc_SystemError, "bad format char passed to Py_BuildValue");
            return NULL;
        }
    }
}

static PyObject *build(const char *format, va_list va, int flags)
{
    if (!format) {
        capi_bad_internal_call();
        return NULL;
    }
    Py_ssize_t n = count_format(format, '\0');
    if (n < 0)
        return NULL;
    if (n == 0)
        Py_RETURN_NONE;
    builder B;
    va_copy(B.va, va);
    B.flags = flags;
    const char *f = format;
    PyObject *r = n == 1 ? make_value(&B, &f) : make_tuple(&B, &f, '\0', n);
    va_end(B.va);
    return r;
}

PyObject *Py_BuildValue(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = build(format, va, 0);
    va_end(va);
    return r;
}

PyObject *_Py_BuildValue_SizeT(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = build(format, va, FLAG_SIZE_T);
    va_end(va);
    return r;
}

PyObject *Py_VaBuildValue(const char *format, va_list va)
{
    return build(format, va, 0);
}

PyObject *_Py_VaBuildValue_SizeT(const char *format, va_list va)
{
    return build(format, va, FLAG_SIZE_T);
}

/* The values of a format as an array of new references (call arguments): `small` if it
   has room, else a PyMem block the caller frees. NULL with an error on failure. */
static PyObject **build_stack(PyObject **small, Py_ssize_t small_len, const char *format,
                              va_list va, int flags, Py_ssize_t *p_nargs)
{
    *p_nargs = 0;
    Py_ssize_t n = count_format(format, '\0');
    if (n < 0)
        return NULL;
    if (n == 0)
        return small;
    PyObject **stack = n <= small_len ? small : PyMem_Malloc((size_t)n * sizeof(PyObject *));
    if (!stack) {
        PyErr_NoMemory();
        return NULL;
    }
    builder B;
    va_copy(B.va, va);
    B.flags = flags;
    const char *f = format;
    Py_ssize_t i;
    for (i = 0; i < n; i++) {
        if (!(stack[i] = make_value(&B, &f))) {
            skip_values(&B, &f, '\0', n - i - 1);
            break;
        }
    }
    if (i == n && close_container(&f, '\0') < 0)
        i = -1;
    va_end(B.va);
    if (i != n) {
        for (Py_ssize_t j = 0; j < (i < 0 ? n : i); j++)
            Py_DECREF(stack[j]);
        if (stack != small)
            PyMem_Free(stack);
        return NULL;
    }
    *p_nargs = n;
    return stack;
}

PyObject **_Py_VaBuildStack(PyObject **small_stack, Py_ssize_t small_stack_len,
                            const char *format, va_list va, Py_ssize_t *p_nargs)
{
    return build_stack(small_stack, small_stack_len, format, va, 0, p_nargs);
}

PyObject **_Py_VaBuildStack_SizeT(PyObject **small_stack, Py_ssize_t small_stack_len,
                                  const char *format, va_list va, Py_ssize_t *p_nargs)
{
    return build_stack(small_stack, small_stack_len, format, va, FLAG_SIZE_T, p_nargs);
}

/* errors.c — the error indicator as C sees it (PyErr_*), and the PyExc_* type objects. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

#define FERRY_EXC(name) PyObject *PyExc_##name;
#include "ferry/exceptions.def"
#undef FERRY_EXC
PyObject *PyExc_EnvironmentError;
PyObject *PyExc_IOError;

void capi_bad_internal_call(void)
{
    w_raise_fmt(w_exc_SystemError, "bad argument to internal function");
}

void _PyErr_BadInternalCall(const char *filename, int lineno)
{
    w_raise_fmt(w_exc_SystemError, "%s:%d: bad argument to internal function", filename, lineno);
}

w_type *capi_exc_type(PyObject *type)
{
    if (type && PyExceptionClass_Check(type))
        return capi_w_type((PyTypeObject *)type);
    if (!type) {
        w_raise_fmt(w_exc_SystemError, "exception type is NULL");
        return NULL;
    }
    w_object *w = capi_w(type), *r = w ? space_repr(w) : NULL;
    if (r)
        w_raise_fmt(w_exc_SystemError,
                    "_PyErr_SetObject: exception %s is not a BaseException subclass",
                    w_str_utf8(r));
    return NULL;
}

/* Raises `t` with `value` as CPython normalizes it: an instance of t (or a subclass) as
   is, else t called with the tuple as its arguments, with none for None or NULL, or
   with the value as its one argument; calling OSError(errno, ...) picks its subclass. */
/*
 * CPython 3.11 keeps an error set with PyErr_SetObject (SetString, Format ...) as the
 * (type, value) pair it was given, unnormalized: PyErr_Occurred and PyErr_Fetch answer
 * with that type, and Fetch hands back the value as given (a str, a tuple, NULL, or an
 * instance of a subclass). The runtime always holds an instance, so this file remembers,
 * for the instance it raised, what C gave: `raw_for` is that instance, `raw_type` and
 * `raw_value` the pair (raw_value NULL for none). Like the pending exception they belong
 * to the thread that raised: thread-local roots (types never move), dropped when fetched
 * or replaced.
 */
static w_object *raw_for, *raw_value;
static w_type *raw_type;

static void forget_raw(void)
{
    raw_for = raw_value = NULL;
    raw_type = NULL;
}

/* The type C sees for the pending exception `e`. */
static PyObject *type_seen(w_object *e)
{
    return (PyObject *)capi_type(e == raw_for ? raw_type : W_TYPE(e));
}

/*
 * CPython's implicit chaining: a new exception raised while C handles another (the thread
 * state's exc_value, which PyErr_SetExcInfo sets) gets that one as __context__. A cycle
 * the link would close through the handled exception's own context chain is cut there.
 * Re-raising an exception C fetched (PyErr_Restore) does not chain, as in CPython.
 */
static void chain_handled(w_object *e)
{
    PyThreadState *ts = _PyThreadState_UncheckedGet();
    if (!ts || !ts->exc_value || ts->exc_value == Py_None || !W_EXC_CHECK(e))
        return;
    w_object *h = capi_link(ts->exc_value);
    if (!h || h == e || !W_EXC_CHECK(h))
        return;
    /* Floyd's walk: `slow` advances every other step, so a pre-existing cycle ends it */
    w_exc *o = (w_exc *)h, *slow = o;
    for (bool step = false; o->context; step = !step) {
        if (o->context == e) {
            W_STORE(o, context, NULL);
            break;
        }
        o = (w_exc *)o->context;
        if (step)
            slow = (w_exc *)slow->context;
        if (o == slow)
            break;
    }
    W_STORE((w_exc *)e, context, h);
}

static void raise_w(w_type *t, w_object *value)
{
    forget_raw();
    if (value && W_EXC_CHECK(value) && W_TYPE_CHECK(value, t)) {
        w_raise_instance(value);
        raw_for = raw_value = value;
        raw_type = t;
        return;
    }
    GC_ENTER();
    w_object *e = NULL;
    GC_ROOT(value);
    GC_ROOT(e);
    if (!value || value == w_None)
        e = space_call(&t->ob, NULL, 0, NULL);
    else if (W_TUPLE_CHECK(value))
        e = space_call_tuple(&t->ob, value, NULL);
    else
        e = space_call(&t->ob, &value, 1, NULL);
    if (e && W_EXC_CHECK(e)) {
        w_raise_instance(e);
        raw_for = e;
        raw_value = value;
        raw_type = t;
    } else if (e)
        w_raise_fmt(w_exc_TypeError,
                    "calling <class '%s'> should have returned an instance of BaseException, "
                    "not %s", t->name, W_TYPE(e)->name);
    GC_LEAVE();
}

/* Raises `value` as an exception of `type`; `chain`: with the handled one as context. */
static void set_object(PyObject *type, PyObject *value, bool chain)
{
    if (!type) {
        w_err_clear();
        return;
    }
    w_type *t = capi_exc_type(type);
    if (!t)
        return;
    w_object *v = NULL;
    if (value && !(v = capi_w(value)))
        return;
    raise_w(t, v);
    if (chain && raw_for && raw_for == w_err_current())
        chain_handled(raw_for);
}

/* A NULL type clears the indicator, as in CPython. */
void PyErr_SetObject(PyObject *type, PyObject *value)
{
    set_object(type, value, true);
}

void PyErr_SetNone(PyObject *type)
{
    PyErr_SetObject(type, NULL);
}

void PyErr_SetString(PyObject *type, const char *message)
{
    if (!type) {
        w_err_clear();
        return;
    }
    w_type *t = capi_exc_type(type);
    if (!t)
        return;
    w_object *s = w_str_decode_utf8(message, strlen(message), "replace");
    if (s)
        raise_w(t, s);
    if (raw_for && raw_for == w_err_current())
        chain_handled(raw_for);
}

PyObject *PyErr_Occurred(void)
{
    w_object *e = w_err_current();
    return e ? type_seen(e) : NULL;
}

/* Drops the traceback C stored in the thread state (pystate.h), if any. */
static void drop_pending_traceback(void)
{
    PyThreadState *ts = _PyThreadState_UncheckedGet();
    if (ts)
        Py_CLEAR(ts->curexc_traceback);
}

/* The pending error, with the raw type and value C raised it with, set aside while other
   work raises and fetches; the caller roots `exc`, `for_` and `value`. */
typedef struct saved_error {
    w_object *exc, *for_, *value;
    w_type *type;
} saved_error;

static saved_error save_error(void)
{
    saved_error s = {w_err_fetch(), raw_for, raw_value, raw_type};
    return s;
}

static void restore_error(const saved_error *s)
{
    if (!s->exc)
        return;
    w_raise_instance(s->exc);
    raw_for = s->for_;
    raw_value = s->value;
    raw_type = s->type;
}

/* Gives the error being raised, `e`, its traceback `tb` (a traceback object; anything
   else is ignored, as CPython stores it unchecked). */
static void give_traceback(w_object *e, PyObject *tb)
{
    if (!tb || !PyTraceBack_Check(tb))
        return;
    GC_ENTER();
    saved_error pending = save_error();
    w_object *wtb = NULL;
    GC_ROOT(e);
    GC_ROOT(pending.exc);
    GC_ROOT(pending.for_);
    GC_ROOT(pending.value);
    GC_ROOT(wtb);
    if ((wtb = capi_w(tb)))
        w_exc_set_traceback(e, wtb);
    w_err_clear();
    restore_error(&pending);
    GC_LEAVE();
}

void PyErr_Clear(void)
{
    drop_pending_traceback();
    w_err_clear();
}

void PyErr_Fetch(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback)
{
    PyThreadState *ts = _PyThreadState_UncheckedGet();
    w_object *e = w_err_current();
    *ptraceback = NULL;
    if (!e) {
        drop_pending_traceback();
        *ptype = *pvalue = NULL;
        return;
    }
    if (ts && ts->curexc_traceback) {
        PyObject *tb = ts->curexc_traceback;
        ts->curexc_traceback = NULL;
        give_traceback(e, tb);
        Py_DECREF(tb);
        e = w_err_current();
    }
    e = w_err_fetch();
    *ptype = Py_NewRef(type_seen(e));
    if (e == raw_for)
        *pvalue = raw_value ? capi_new_ref(raw_value) : NULL;
    else
        *pvalue = capi_new_ref(e);
    forget_raw();
    w_object *tb = W_EXC_CHECK(e) ? space_getattr_cstr(e, "__traceback__") : NULL;
    if (tb && tb != w_None)
        *ptraceback = capi_new_ref(tb);
    else if (!tb)
        w_err_clear();
}

void PyErr_Restore(PyObject *type, PyObject *value, PyObject *traceback)
{
    drop_pending_traceback();
    if (!type) {
        Py_XDECREF(value);
        Py_XDECREF(traceback);
        w_err_clear();
        return;
    }
    w_err_clear();
    set_object(type, value, false);
    Py_DECREF(type);
    Py_XDECREF(value);
    w_object *e = w_err_current();
    if (e && traceback)
        give_traceback(e, traceback);
    Py_XDECREF(traceback);
}

/* As CPython 3.11: None for each part there is not (no exception handled, or one
   without a traceback), never NULL. */
void PyErr_GetExcInfo(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback)
{
    PyObject *v = PyThreadState_Get()->exc_value;
    if (!v)
        v = Py_None;
    *pvalue = Py_NewRef(v);
    *ptype = Py_NewRef(v == Py_None ? Py_None : (PyObject *)Py_TYPE(v));
    PyObject *tb = PyExceptionInstance_Check(v) ? PyException_GetTraceback(v) : NULL;
    *ptraceback = tb ? tb : Py_NewRef(Py_None);
}

void PyErr_SetExcInfo(PyObject *type, PyObject *value, PyObject *traceback)
{
    PyThreadState *ts = PyThreadState_Get();
    if (value == Py_None)
        Py_CLEAR(value);
    Py_XSETREF(ts->exc_value, value);
    Py_XDECREF(type);
    Py_XDECREF(traceback);
}

int _PyGen_SetStopIterationValue(PyObject *value)
{
    /* a tuple or an exception would be taken for the arguments or the instance */
    if (!PyTuple_Check(value) && !PyExceptionInstance_Check(value)) {
        PyErr_SetObject(PyExc_StopIteration, value);
        return 0;
    }
    PyObject *e = PyObject_CallOneArg(PyExc_StopIteration, value);
    if (!e)
        return -1;
    PyErr_SetObject(PyExc_StopIteration, e);
    Py_DECREF(e);
    return 0;
}

void PyErr_NormalizeException(PyObject **ptype, PyObject **pvalue, PyObject **ptb)
{
    if (!*ptype)
        return;
    /* an instance of the type or a subclass: the instance's class is believed */
    if (*pvalue && PyExceptionInstance_Check(*pvalue) && PyType_Check(*ptype) &&
        PyObject_TypeCheck(*pvalue, (PyTypeObject *)*ptype)) {
        Py_SETREF(*ptype, Py_NewRef((PyObject *)Py_TYPE(*pvalue)));
        return;
    }
    /* let the runtime build the instance, then take it back; a pending error stays, with
       the value it was raised with */
    saved_error pending = save_error();
    w_object *e = NULL;
    GC_ENTER();
    GC_ROOT(pending.exc);
    GC_ROOT(pending.for_);
    GC_ROOT(pending.value);
    GC_ROOT(e);
    PyErr_SetObject(*ptype, *pvalue);
    e = w_err_fetch();
    forget_raw();
    restore_error(&pending);
    GC_LEAVE();
    if (!e)
        return;
    Py_XSETREF(*pvalue, capi_new_ref(e));
    Py_XSETREF(*ptype, Py_NewRef((PyObject *)Py_TYPE(*pvalue)));
}

int PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc)
{
    if (!given || !exc)
        return 0;
    if (PyTuple_Check(exc)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(exc); i++)
            if (PyErr_GivenExceptionMatches(given, PyTuple_GET_ITEM(exc, i)))
                return 1;
        return 0;
    }
    if (PyExceptionInstance_Check(given))
        given = (PyObject *)Py_TYPE(given);
    if (PyExceptionClass_Check(given) && PyExceptionClass_Check(exc))
        return PyType_IsSubtype((PyTypeObject *)given, (PyTypeObject *)exc);
    return given == exc;
}

int PyErr_ExceptionMatches(PyObject *exc)
{
    return PyErr_GivenExceptionMatches(PyErr_Occurred(), exc);
}

int PyErr_BadArgument(void)
{
    w_raise_fmt(w_exc_TypeError, "bad argument type for built-in operation");
    return 0;
}

PyObject *PyErr_NoMemory(void)
{
    w_raise(w_exc_MemoryError, NULL);
    return NULL;
}

/* ---- formatted messages and errno --------------------------------------------------------- */

PyObject *PyErr_FormatV(PyObject *type, const char *format, va_list vargs)
{
    /* As CPython: the pending exception goes first, since formatting may run repr(). */
    w_err_clear();
    PyObject *msg = PyUnicode_FromFormatV(format, vargs);
    if (!msg)
        return NULL;
    PyErr_SetObject(type, msg);
    Py_DECREF(msg);
    return NULL;
}

PyObject *PyErr_Format(PyObject *type, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    PyErr_FormatV(type, format, ap);
    va_end(ap);
    return NULL;
}

/* Raises type(errnum, strerror(errnum)[, f1[, 0, f2]]) as CPython does: calling OSError
   picks the subclass for the errno (FileNotFoundError for ENOENT ...). errno 0 reads
   "Error". */
static PyObject *raise_errno(int errnum, PyObject *type, PyObject *f1, PyObject *f2)
{
    if (!type || !PyType_Check(type)) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *args[5] = {NULL, NULL, NULL, NULL, NULL};
    w_object *exc = NULL, *callable = NULL;
    GC_ROOT_ARRAY(args, 5);
    GC_ROOT(exc);
    GC_ROOT(callable);
    size_t n = f2 ? 5 : f1 ? 3 : 2;
    const char *text = errnum ? strerror(errnum) : "Error";
    if (!(args[0] = w_int_from_i64(errnum)) ||
        !(args[1] = w_str_decode_utf8(text, strlen(text), "surrogateescape")))
        GC_RETURN(NULL);
    if (f1 && !(args[2] = capi_w(f1)))
        GC_RETURN(NULL);
    if (f2 && (!(args[3] = w_int_from_i64(0)) || !(args[4] = capi_w(f2))))
        GC_RETURN(NULL);
    if (!(callable = capi_w(type)))
        GC_RETURN(NULL);
    exc = space_call(callable, args, n, NULL);
    if (exc && W_EXC_CHECK(exc))
        w_raise_instance(exc);
    else if (exc)
        w_raise_fmt(w_exc_TypeError,
                    "calling <class '%s'> should have returned an instance of BaseException, "
                    "not %s", ((PyTypeObject *)type)->tp_name, W_TYPE(exc)->name);
    GC_RETURN(NULL);
}

PyObject *PyErr_SetFromErrnoWithFilenameObjects(PyObject *type, PyObject *f1, PyObject *f2)
{
    int errnum = errno;
    return raise_errno(errnum, type, f1, f1 ? f2 : NULL);
}

PyObject *PyErr_SetFromErrnoWithFilenameObject(PyObject *type, PyObject *filename)
{
    int errnum = errno;
    return raise_errno(errnum, type, filename, NULL);
}

PyObject *PyErr_SetFromErrno(PyObject *type)
{
    int errnum = errno;
    return raise_errno(errnum, type, NULL, NULL);
}

PyObject *PyErr_SetFromErrnoWithFilename(PyObject *type, const char *filename)
{
    int errnum = errno;
    PyObject *name = NULL;
    if (filename) {
        /* the file system encoding: UTF-8 with surrogateescape */
        name = capi_new_ref(w_str_decode_utf8(filename, strlen(filename), "surrogateescape"));
        if (!name)
            return NULL;
    }
    raise_errno(errnum, type, name, NULL);
    Py_XDECREF(name);
    return NULL;
}

/* ---- new exception classes ------------------------------------------------------------------ */

/* The one base of a new exception class: a type, or a tuple holding one. */
static w_type *new_exception_base(PyObject *base)
{
    w_object *b = capi_w(base);
    if (!b)
        return NULL;
    if (W_TUPLE_CHECK(b)) {
        if (W_TUPLE_SIZE(b) != 1)
            return w_raise_fmt(w_exc_NotImplementedError,
                               "PyErr_NewException: Ferry's types have a single base class, "
                               "not %lld", (long long)W_TUPLE_SIZE(b));
        b = W_TUPLE_ITEMS(b)[0];
    }
    if (W_TYPE(b) != w_type_type)
        return w_raise_fmt(w_exc_TypeError,
                           "metaclass conflict: the metaclass of a derived class must be a "
                           "(non-strict) subclass of the metaclasses of all its bases");
    w_type *t = (w_type *)b;
    if (!(t->flags & W_TF_BASETYPE))
        return w_raise_fmt(w_exc_TypeError, "type '%s' is not an acceptable base type", t->name);
    if (!(t->flags & W_TF_EXCEPTION))
        return w_raise_fmt(w_exc_NotImplementedError,
                           "PyErr_NewException: Ferry can only derive exception classes "
                           "from exception types, not from '%s'", t->name);
    return t;
}

/* The names of the exception classes made by PyErr_NewException: types keep a C string
   for their name and live as long as the runtime, so the names are freed when the next
   runtime starts (capi_errors_init). */
static struct {
    char **items;
    size_t n, cap;
} class_names;

static char *keep_class_name(const char *name)
{
    if (class_names.n == class_names.cap) {
        size_t cap = class_names.cap ? class_names.cap * 2 : 16;
        char **items = realloc(class_names.items, cap * sizeof *items);
        if (!items)
            return NULL;
        class_names.items = items;
        class_names.cap = cap;
    }
    char *copy = strdup(name);
    if (copy)
        class_names.items[class_names.n++] = copy;
    return copy;
}

/* The class `name` ("module.Name") as type(Name, (base,), dict) makes it: `dict` (which
   gets __module__, and __doc__ when `doc` is given, as in CPython) fills its namespace. */
static PyObject *new_exception(const char *name, const char *doc, PyObject *base, PyObject *dict)
{
    if (!name) {
        capi_bad_internal_call();
        return NULL;
    }
    const char *dot = strrchr(name, '.');
    if (!dot)
        return w_raise_fmt(w_exc_SystemError, "PyErr_NewException: name must be module.class");
    w_type *b = new_exception_base(base ? base : PyExc_Exception);
    if (!b)
        return NULL;
    GC_ENTER();
    w_object *d = NULL, *v = NULL;
    GC_ROOT(d);
    GC_ROOT(v);
    if (dict) {
        if (!(d = capi_w(dict)))
            GC_RETURN(NULL);
        if (!W_DICT_CHECK(d))
            GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                  "type.__new__() argument 3 must be dict, not %s",
                                  W_TYPE(d)->name));
    } else if (!(d = w_dict_new())) {
        GC_RETURN(NULL);
    }
    if (doc && (!(v = w_str_decode_utf8(doc, strlen(doc), "strict")) ||
                w_dict_set_cstr(d, "__doc__", v) < 0))
        GC_RETURN(NULL);
    if (!(v = w_dict_get_cstr(d, "__module__"))) {
        if (w_err_occurred() ||
            !(v = w_str_decode_utf8(name, (size_t)(dot - name), "strict")) ||
            w_dict_set_cstr(d, "__module__", v) < 0)
            GC_RETURN(NULL);
    }
    char *tname = keep_class_name(dot + 1);
    if (!tname)
        GC_RETURN(w_raise(w_exc_MemoryError, NULL));
    w_type *t = w_type_new_static(tname, b, W_TID_EXC);
    t->flags |= W_TF_EXCEPTION | W_TF_BASETYPE;
    t->construct = b->construct;
    if (w_type_ready(t) < 0 || w_dict_update(t->dict, d) < 0)
        GC_RETURN(NULL);
    GC_RETURN(Py_NewRef((PyObject *)capi_type(t)));
}

PyObject *PyErr_NewException(const char *name, PyObject *base, PyObject *dict)
{
    return new_exception(name, NULL, base, dict);
}

PyObject *PyErr_NewExceptionWithDoc(const char *name, const char *doc, PyObject *base,
                                    PyObject *dict)
{
    return new_exception(name, doc, base, dict);
}

/* ---- exception objects -------------------------------------------------------------------- */

const char *PyExceptionClass_Name(PyObject *cls)
{
    return ((PyTypeObject *)cls)->tp_name;
}

/* The runtime exception of `o`, which CPython does not check: Ferry does (SystemError). */
static w_exc *exc_of(PyObject *o)
{
    w_object *w = o ? capi_w(o) : NULL;
    if (w && W_EXC_CHECK(w))
        return (w_exc *)w;
    if (w || !o)
        capi_bad_internal_call();
    return NULL;
}

PyObject *PyException_GetTraceback(PyObject *exc)
{
    w_exc *e = exc_of(exc);
    w_object *tb = e ? space_getattr_cstr(&e->ob, "__traceback__") : NULL;
    return tb && tb != w_None ? capi_new_ref(tb) : NULL;
}

int PyException_SetTraceback(PyObject *exc, PyObject *tb)
{
    GC_ENTER();
    w_exc *e = exc_of(exc);
    w_object *wtb = NULL;
    GC_ROOT(e);
    GC_ROOT(wtb);
    if (!e || !tb || !(wtb = capi_w(tb)))
        GC_RETURN(-1);
    GC_RETURN(w_exc_set_traceback(&e->ob, wtb));
}

PyObject *PyException_GetCause(PyObject *exc)
{
    w_exc *e = exc_of(exc);
    return e && e->cause ? capi_new_ref(e->cause) : NULL;
}

/* Sets __cause__ or __context__ from a reference C hands over (NULL: none). */
static void set_chained(PyObject *exc, PyObject *value, bool cause)
{
    w_exc *e = exc_of(exc);
    w_object *v = NULL;
    if (e && value) {
        GC_ENTER();
        GC_ROOT(e);
        v = capi_w(value);
        GC_LEAVE();
        if (v && !W_EXC_CHECK(v)) {
            capi_bad_internal_call();
            v = NULL;
        }
    }
    if (e && (v || !value)) {
        if (cause) {
            W_STORE(e, cause, v);
            e->suppress_context = 1;
        } else {
            W_STORE(e, context, v);
        }
    }
    Py_XDECREF(value);
}

void PyException_SetCause(PyObject *exc, PyObject *cause)
{
    set_chained(exc, cause, true);
}

PyObject *PyException_GetContext(PyObject *exc)
{
    w_exc *e = exc_of(exc);
    return e && e->context ? capi_new_ref(e->context) : NULL;
}

void PyException_SetContext(PyObject *exc, PyObject *context)
{
    set_chained(exc, context, false);
}

PyObject *PyException_GetArgs(PyObject *exc)
{
    w_exc *e = exc_of(exc);
    return e ? capi_new_ref(e->args) : NULL;
}

void PyException_SetArgs(PyObject *exc, PyObject *args)
{
    GC_ENTER();
    w_object *e = (w_object *)exc_of(exc), *a = NULL;
    GC_ROOT(e);
    GC_ROOT(a);
    if (e && (a = capi_w(args)))
        space_setattr(e, w_str_intern("args"), a);
    GC_LEAVE();
}

/* ---- reporting ---------------------------------------------------------------------------- */

/* Writes "module.Qualname" of an exception type as CPython's reports do (no module for
   builtins and __main__; "<unknown>" for what cannot be found). */
static void write_type_name(FILE *f, w_object *type)
{
    GC_ENTER();
    w_object *m = NULL, *q = NULL;
    GC_ROOT(type);
    GC_ROOT(m);
    GC_ROOT(q);
    m = space_getattr_cstr(type, "__module__");
    if (!m || !W_STR_CHECK(m))
        fputs("<unknown>", f);
    else if (!w_str_eq_cstr(m, "builtins") && !w_str_eq_cstr(m, "__main__"))
        fprintf(f, "%s.", w_str_utf8(m));
    w_err_clear();
    q = space_getattr_cstr(type, "__qualname__");
    fputs(q && W_STR_CHECK(q) ? w_str_utf8(q) : "<unknown>", f);
    w_err_clear();
    GC_LEAVE();
}

/* Writes the last line of an exception report: "Type: message". `colon_always` keeps
   the ": " for an empty message (the unraisable hook's format) */
static void write_exception_line(FILE *f, w_object *exc, bool colon_always)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(exc);
    GC_ROOT(s);
    write_type_name(f, &W_TYPE(exc)->ob);
    s = w_exc_str(exc);
    if (!s || !W_STR_CHECK(s)) {
        w_err_clear();
        fputs(": <exception str() failed>", f);
    } else if (colon_always || w_str_nbytes(s) > 0) {
        fprintf(f, ": %s", w_str_utf8(s));
    }
    fputc('\n', f);
    GC_LEAVE();
}

void PyErr_WriteUnraisable(PyObject *obj)
{
    GC_ENTER();
    w_object *exc = w_err_fetch(), *r = NULL;
    GC_ROOT(exc);
    GC_ROOT(r);
    if (!exc) {
        GC_LEAVE();
        return;
    }
    fflush(stdout);
    if (obj && obj != Py_None) {
        w_object *w = capi_w(obj);
        r = w ? space_repr(w) : NULL;
        fprintf(stderr, "Exception ignored in: %s\n",
                r && W_STR_CHECK(r) ? w_str_utf8(r) : "<object repr() failed>");
        w_err_clear();
    }
    write_exception_line(stderr, exc, true);
    fflush(stderr);
    GC_LEAVE();
}

/* SystemExit reaching PyErr_Print ends the process, with its code as the exit status. */
static void handle_system_exit(w_object *exc)
{
    GC_ENTER();
    w_object *code = NULL;
    GC_ROOT(code);
    code = space_getattr_cstr(exc, "code");
    int status = 0;
    int64_t v;
    if (code && W_INT_CHECK(code) && w_int_as_i64(code, &v) == 0) {
        status = (int)v;
    } else if (code && code != w_None) {
        w_object *s = space_str(code);
        if (s)
            fprintf(stderr, "%s\n", w_str_utf8(s));
        status = 1;
    }
    GC_LEAVE();
    fflush(stdout);
    exit(status);
}

void PyErr_PrintEx(int set_sys_last_vars)
{
    GC_ENTER();
    w_object *exc = w_err_fetch(), *sys = NULL;
    GC_ROOT(exc);
    GC_ROOT(sys);
    if (!exc) {
        GC_LEAVE();
        return;
    }
    if (W_TYPE_CHECK(exc, w_exc_SystemExit))
        handle_system_exit(exc);
    if (set_sys_last_vars) {
        sys = w_sys_module();
        if (space_setattr(sys, w_str_intern("last_type"), &W_TYPE(exc)->ob) < 0 ||
            space_setattr(sys, w_str_intern("last_value"), exc) < 0 ||
            space_setattr(sys, w_str_intern("last_traceback"), w_None) < 0)
            w_err_clear();
    }
    fflush(stdout);
    write_exception_line(stderr, exc, false);
    fflush(stderr);
    GC_LEAVE();
}

void PyErr_Print(void)
{
    PyErr_PrintEx(1);
}

int PyErr_CheckSignals(void)
{
    return 0;
}

/* Exception proxies have the struct's size, its fields NULL (pyerrors.h); a
   StopIteration's carries its `value` as it was when the proxy was made, which is what
   code reading PyStopIterationObject (Cython's generators) wants of an exception raised
   with it. */
static PyObject *exception_proxy(w_object *w)
{
    bool stop = W_TYPE_CHECK(w, w_exc_StopIteration);
    PyObject *p = calloc(1, stop ? sizeof(PyStopIterationObject) : sizeof(PyBaseExceptionObject));
    if (!p) {
        fprintf(stderr, "ferry: out of memory making an exception proxy\n");
        abort();
    }
    w_object *members = ((w_exc *)w)->members;
    w_object *value = stop && members ? w_dict_get_cstr(members, "value") : NULL;
    if (stop)
        ((PyStopIterationObject *)p)->value = value ? capi_proxy(value) : Py_None;
    return p;
}

int capi_errors_init(void)
{
    capi_register_proxy_maker(W_TID_EXC, exception_proxy);
    w_err_set_raise_hook(chain_handled);
    forget_raw();
    gc_add_thread_root((void **)&raw_for);
    gc_add_thread_root((void **)&raw_value);
    gc_add_thread_local(&raw_type, sizeof raw_type, NULL, NULL);
    for (size_t i = 0; i < class_names.n; i++)
        free(class_names.items[i]);
    class_names.n = 0;
    w_type *t;
#define FERRY_EXC(name)                                                                   \
    if (!(t = w_exc_by_name(#name)))                                                      \
        return -1;                                                                        \
    PyExc_##name = (PyObject *)capi_type(t);
#include "ferry/exceptions.def"
#undef FERRY_EXC
    PyExc_EnvironmentError = PyExc_OSError;
    PyExc_IOError = PyExc_OSError;
    return 0;
}

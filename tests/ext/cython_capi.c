/* cython_capi.c — test extension `cython_capi`: the C-API corners Cython's generated code uses (bound methods, code/frame/traceback, exc_info and chaining, recursion, finalizers, PyIter_Send, _PyDict_*, relative imports). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h> /* PyFrame_New */
#include <string.h>

/*
 * Functions take METH_FASTCALL arrays or METH_O, and return what C saw as tuples, so
 * that a line file can compare them; errors cross back into Python.
 */

static int nargs_ok(Py_ssize_t nargs, Py_ssize_t n)
{
    if (nargs != n) {
        PyErr_SetString(PyExc_TypeError, "wrong number of arguments");
        return 0;
    }
    return 1;
}

/* ---- bound methods, classmethod, staticmethod, descriptors ------------------------------ */

static PyObject *method_new(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2))
        return NULL;
    return PyMethod_New(a[0], a[1]);
}

/* (PyMethod_Check, PyMethod_Function, PyMethod_Self) of a bound method; the unchecked
   macros must agree with the functions. */
static PyObject *method_parts(PyObject *m, PyObject *meth)
{
    if (!PyMethod_Check(meth))
        return Py_BuildValue("(OOO)", Py_False, Py_None, Py_None);
    PyObject *f = PyMethod_Function(meth), *s = PyMethod_Self(meth);
    if (!f || !s)
        return NULL;
    if (f != PyMethod_GET_FUNCTION(meth) || s != PyMethod_GET_SELF(meth)) {
        PyErr_SetString(PyExc_AssertionError, "PyMethod_GET_* disagree with PyMethod_*");
        return NULL;
    }
    return Py_BuildValue("(OOO)", Py_True, f, s);
}

/* PyMethod_Function of anything: SystemError for a non-method. */
static PyObject *method_function(PyObject *m, PyObject *o)
{
    return Py_XNewRef(PyMethod_Function(o));
}

static PyObject *classmethod_new(PyObject *m, PyObject *f)
{
    return PyClassMethod_New(f);
}

static PyObject *staticmethod_new(PyObject *m, PyObject *f)
{
    return PyStaticMethod_New(f);
}

/* PyDescr_IsData of the attribute `name` as found on the type `t`. */
static PyObject *descr_is_data(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2))
        return NULL;
    PyObject *d = PyObject_GetAttr(a[0], a[1]);
    if (!d)
        return NULL;
    PyObject *r = PyBool_FromLong(PyDescr_IsData(d));
    Py_DECREF(d);
    return r;
}

/* (PyCFunction_GET_SELF is this module, METH_* flags, the C function is this file's) of
   one of this module's own functions. */
static PyObject *cfunction_parts(PyObject *m, PyObject *f)
{
    if (!PyCFunction_Check(f)) {
        PyErr_SetString(PyExc_TypeError, "not a builtin function");
        return NULL;
    }
    return Py_BuildValue("(Oii)", PyCFunction_GET_SELF(f) == m ? Py_True : Py_False,
                         PyCFunction_GET_FLAGS(f),
                         PyCFunction_GET_FUNCTION(f) == (PyCFunction)(void (*)(void))cfunction_parts);
}

/* ---- code objects, frames, tracebacks ------------------------------------------------------ */

/* Raises type(msg) and adds traceback entries for frames of functions named by `names`
   (a tuple of str) at first lines 10, 20 ..., the way Cython's __Pyx_AddTraceback does;
   then takes the exception and returns it. */
static PyObject *raise_with_traceback(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3))
        return NULL;
    const char *msg = PyUnicode_AsUTF8(a[1]);
    if (!msg || !PyTuple_Check(a[2]))
        return NULL;
    PyObject *globals = PyModule_GetDict(m);
    PyErr_SetString(a[0], msg);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(a[2]); i++) {
        const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(a[2], i));
        if (!name)
            return NULL;
        /* the error stays set while the frame is made, as in Cython */
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyCodeObject *code = PyCode_NewEmpty("cython_capi.pyx", name, (int)(10 * (i + 1)));
        PyFrameObject *frame =
            code ? PyFrame_New(PyThreadState_Get(), code, globals, NULL) : NULL;
        Py_XDECREF(code);
        PyErr_Restore(t, v, tb);
        if (!frame)
            return NULL;
        int r = PyTraceBack_Here(frame);
        Py_DECREF(frame);
        if (r < 0)
            return NULL;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (tb)
        PyException_SetTraceback(v, tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v;
}

/* The names and first lines along a traceback, oldest entry first. */
static PyObject *traceback_entries(PyObject *m, PyObject *exc)
{
    PyObject *tb = PyException_GetTraceback(exc);
    PyObject *out = PyList_New(0);
    while (out && tb && tb != Py_None) {
        PyObject *frame = PyObject_GetAttrString(tb, "tb_frame");
        PyObject *code = frame ? PyObject_GetAttrString(frame, "f_code") : NULL;
        PyObject *entry = code ? Py_BuildValue("(NN)", PyObject_GetAttrString(code, "co_name"),
                                               PyObject_GetAttrString(code, "co_firstlineno"))
                               : NULL;
        PyObject *next = PyObject_GetAttrString(tb, "tb_next");
        Py_XDECREF(frame);
        Py_XDECREF(code);
        Py_DECREF(tb);
        tb = next;
        if (!entry || !next || PyList_Append(out, entry) < 0)
            Py_CLEAR(out);
        Py_XDECREF(entry);
    }
    Py_XDECREF(tb);
    return out;
}

/* PyCode_NewEmpty(filename, funcname, firstlineno). */
static PyObject *code_new_empty(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3))
        return NULL;
    const char *file = PyUnicode_AsUTF8(a[0]), *name = PyUnicode_AsUTF8(a[1]);
    long line = PyLong_AsLong(a[2]);
    if (!file || !name || (line == -1 && PyErr_Occurred()))
        return NULL;
    return (PyObject *)PyCode_NewEmpty(file, name, (int)line);
}

/* A frame of `code` over this module's globals: (f_code is code, f_globals is the
   module's dict, f_back, PyFrame_GetCode is code, PyFrame_GetBack). */
static PyObject *frame_new(PyObject *m, PyObject *code)
{
    if (!PyCode_Check(code)) {
        PyErr_SetString(PyExc_TypeError, "not a code object");
        return NULL;
    }
    PyFrameObject *f = PyFrame_New(PyThreadState_Get(), (PyCodeObject *)code,
                                   PyModule_GetDict(m), NULL);
    if (!f)
        return NULL;
    PyObject *fc = PyObject_GetAttrString((PyObject *)f, "f_code");
    PyObject *fg = PyObject_GetAttrString((PyObject *)f, "f_globals");
    PyCodeObject *gc = PyFrame_GetCode(f);
    PyFrameObject *back = PyFrame_GetBack(f);
    PyObject *r = fc && fg ? Py_BuildValue("(OOOO)", fc == code ? Py_True : Py_False,
                                           fg == PyModule_GetDict(m) ? Py_True : Py_False,
                                           (PyObject *)gc == code ? Py_True : Py_False,
                                           back ? (PyObject *)back : Py_None)
                           : NULL;
    Py_XDECREF(fc);
    Py_XDECREF(fg);
    Py_XDECREF(gc);
    Py_XDECREF(back);
    Py_DECREF(f);
    return r;
}

/* ---- exc_info and implicit chaining ----------------------------------------------------- */

/* PyErr_GetExcInfo as it is: the three, 'NULL' for a NULL. */
static PyObject *exc_info_now(PyObject *m, PyObject *unused)
{
    PyObject *t, *v, *tb;
    PyErr_GetExcInfo(&t, &v, &tb);
    return Py_BuildValue("(NNN)", t ? t : PyUnicode_FromString("NULL"),
                         v ? v : PyUnicode_FromString("NULL"),
                         tb ? tb : PyUnicode_FromString("NULL"));
}

/* Sets `handled` as the exception being handled (PyErr_SetExcInfo), reads it back
   (PyErr_GetExcInfo), restores what was there; returns (type, value, traceback). */
static PyObject *exc_info_roundtrip(PyObject *m, PyObject *handled)
{
    PyObject *st, *sv, *stb, *t, *v, *tb;
    PyErr_GetExcInfo(&st, &sv, &stb);
    PyErr_SetExcInfo(Py_NewRef((PyObject *)Py_TYPE(handled)), Py_NewRef(handled), NULL);
    PyErr_GetExcInfo(&t, &v, &tb);
    PyErr_SetExcInfo(st, sv, stb);
    PyObject *r = Py_BuildValue("(OOO)", t ? t : Py_None, v ? v : Py_None,
                                tb ? tb : Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* What happens while C handles `handled`: `how` "set" raises ValueError("new") with
   PyErr_SetObject, "string" with PyErr_SetString, "runtime" makes the runtime raise
   (a missing dict key), "restore" fetches `handled` again and restores it, "instance"
   raises the instance `extra` with PyErr_SetObject. Returns the exception raised, or what
   "restore" restored. */
static PyObject *raise_while_handling(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3))
        return NULL;
    PyObject *handled = a[0], *extra = a[2];
    const char *how = PyUnicode_AsUTF8(a[1]);
    if (!how)
        return NULL;
    PyObject *st, *sv, *stb;
    PyErr_GetExcInfo(&st, &sv, &stb);
    PyErr_SetExcInfo(Py_NewRef((PyObject *)Py_TYPE(handled)), Py_NewRef(handled), NULL);
    if (!strcmp(how, "set")) {
        PyObject *msg = PyUnicode_FromString("new");
        PyErr_SetObject(PyExc_ValueError, msg);
        Py_DECREF(msg);
    } else if (!strcmp(how, "string")) {
        PyErr_SetString(PyExc_ValueError, "new");
    } else if (!strcmp(how, "runtime")) {
        PyObject *d = PyDict_New();
        PyObject *r = PyObject_GetItem(d, extra);
        Py_XDECREF(r);
        Py_DECREF(d);
    } else if (!strcmp(how, "restore")) {
        PyErr_SetObject((PyObject *)Py_TYPE(extra), extra);
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_Restore(t, v, tb);
    } else {
        PyErr_SetObject((PyObject *)Py_TYPE(extra), extra);
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyErr_SetExcInfo(st, sv, stb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v ? v : Py_NewRef(Py_None);
}

/* (type name, __context__) of an exception, to look at chains from a line. */
static PyObject *context_of(PyObject *m, PyObject *exc)
{
    PyObject *c = PyException_GetContext(exc);
    PyObject *r = Py_BuildValue("(sO)", Py_TYPE(exc)->tp_name, c ? c : Py_None);
    Py_XDECREF(c);
    return r;
}

/* PyException_SetContext(exc, context or NULL for None). */
static PyObject *set_context(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2))
        return NULL;
    PyException_SetContext(a[0], a[1] == Py_None ? NULL : Py_NewRef(a[1]));
    Py_RETURN_NONE;
}

/* ---- recursion, finalizers, sending, StopIteration -------------------------------------- */

/* Enters Py_EnterRecursiveCall until it refuses (at most `limit` times), leaves as many
   times, and returns the error's message (None if it never refused). */
static PyObject *recursion_until_error(PyObject *m, PyObject *arg)
{
    long limit = PyLong_AsLong(arg);
    if (limit == -1 && PyErr_Occurred())
        return NULL;
    long depth = 0;
    while (depth < limit && Py_EnterRecursiveCall(" in cython_capi") == 0)
        depth++;
    for (long i = 0; i < depth; i++)
        Py_LeaveRecursiveCall();
    if (depth == limit)
        Py_RETURN_NONE;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *r = Py_BuildValue("(sN)", ((PyTypeObject *)t)->tp_name, PyObject_Str(v));
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

/* A GC type with a tp_finalize that counts its calls and a tp_dealloc that finalizes
   through PyObject_CallFinalizerFromDealloc, as Cython's cdef classes with __del__ do. */
typedef struct {
    PyObject_HEAD
    PyObject *payload;
} FinObject;

static long finalized, deallocated;

static void fin_finalize(PyObject *self)
{
    finalized++;
}

static int fin_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((FinObject *)self)->payload);
    return 0;
}

static void fin_dealloc(PyObject *self)
{
    if (PyObject_CallFinalizerFromDealloc(self) < 0)
        return; /* resurrected */
    PyObject_GC_UnTrack(self);
    Py_CLEAR(((FinObject *)self)->payload);
    deallocated++;
    Py_TYPE(self)->tp_free(self);
}

static PyTypeObject Fin_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cython_capi.Fin",
    .tp_basicsize = sizeof(FinObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = fin_dealloc,
    .tp_traverse = fin_traverse,
    .tp_finalize = fin_finalize,
};

/* (finalizer calls, deallocations) so far. */
static PyObject *fin_counts(PyObject *m, PyObject *unused)
{
    return Py_BuildValue("(ll)", finalized, deallocated);
}

/* Calls PyObject_CallFinalizer twice on `o`: (finalized before, after the first call,
   after the second, PyObject_GC_IsFinalized). A GC object is finalized once. */
static PyObject *call_finalizer_twice(PyObject *m, PyObject *o)
{
    long before = finalized;
    int was = PyObject_GC_IsFinalized(o);
    PyObject_CallFinalizer(o);
    long once = finalized - before;
    PyObject_CallFinalizer(o);
    return Py_BuildValue("(illi)", was, once, finalized - before, PyObject_GC_IsFinalized(o));
}

/* PyIter_Send(iter, arg): (result kind, value). */
static PyObject *iter_send(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2))
        return NULL;
    PyObject *result = NULL;
    PySendResult r = PyIter_Send(a[0], a[1], &result);
    if (r == PYGEN_ERROR)
        return NULL;
    return Py_BuildValue("(sN)", r == PYGEN_RETURN ? "return" : "next",
                         result ? result : Py_NewRef(Py_None));
}

/* _PyGen_SetStopIterationValue(value): the StopIteration raised, taken. */
static PyObject *stop_iteration_value(PyObject *m, PyObject *value)
{
    if (_PyGen_SetStopIterationValue(value) < 0)
        return NULL;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v;
}

/* ---- _PyDict_* ---------------------------------------------------------------------------- */

/* _PyDict_GetItemWithError(d, key): the value, or ('missing',) without an error. */
static PyObject *dict_get_with_error(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 2))
        return NULL;
    PyObject *v = _PyDict_GetItemWithError(a[0], a[1]);
    if (v)
        return Py_NewRef(v);
    return PyErr_Occurred() ? NULL : Py_BuildValue("(s)", "missing");
}

/* _PyDict_SetItem_KnownHash(d, key, value, hash(key)), then
   _PyDict_GetItem_KnownHash(d, key, hash(key)): the value read back. */
static PyObject *dict_known_hash(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3))
        return NULL;
    Py_hash_t h = PyObject_Hash(a[1]);
    if (h == -1)
        return NULL;
    if (_PyDict_SetItem_KnownHash(a[0], a[1], a[2], h) < 0)
        return NULL;
    PyObject *v = _PyDict_GetItem_KnownHash(a[0], a[1], h);
    return v ? Py_NewRef(v) : PyErr_Occurred() ? NULL : Py_BuildValue("(s)", "missing");
}

/* _PyDict_Pop(d, key, default or None for none). */
static PyObject *dict_pop(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 3))
        return NULL;
    return _PyDict_Pop(a[0], a[1], a[2] == Py_None ? NULL : a[2]);
}

/* _PyDict_NewPresized(n) then d[i] = i for i < n. */
static PyObject *dict_presized(PyObject *m, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    PyObject *d = _PyDict_NewPresized(size);
    for (Py_ssize_t i = 0; d && i < size; i++) {
        PyObject *k = PyLong_FromSsize_t(i);
        if (!k || PyDict_SetItem(d, k, k) < 0)
            Py_CLEAR(d);
        Py_XDECREF(k);
    }
    return d;
}

/* [(key, value, hash matches hash(key))] from _PyDict_Next. */
static PyObject *dict_next(PyObject *m, PyObject *d)
{
    PyObject *out = PyList_New(0), *k, *v;
    Py_ssize_t pos = 0;
    Py_hash_t h;
    while (out && _PyDict_Next(d, &pos, &k, &v, &h)) {
        PyObject *e = Py_BuildValue("(OOO)", k, v, h == PyObject_Hash(k) ? Py_True : Py_False);
        if (!e || PyList_Append(out, e) < 0)
            Py_CLEAR(out);
        Py_XDECREF(e);
    }
    return out;
}

/* ---- imports -------------------------------------------------------------------------------- */

/* PyImport_ImportModuleLevel(name, {'__package__': package, '__name__': modname}, None,
   fromlist, level): the __name__ of what it returns. */
static PyObject *import_level(PyObject *m, PyObject *const *a, Py_ssize_t n)
{
    if (!nargs_ok(n, 5))
        return NULL;
    const char *name = PyUnicode_AsUTF8(a[0]);
    int level = PyLong_AsLong(a[4]);
    if (!name || (level == -1 && PyErr_Occurred()))
        return NULL;
    PyObject *globals = Py_BuildValue("{sOsO}", "__package__", a[1], "__name__", a[2]);
    if (!globals)
        return NULL;
    PyObject *mod = PyImport_ImportModuleLevel(name, globals, NULL, a[3], level);
    Py_DECREF(globals);
    if (!mod)
        return NULL;
    PyObject *r = PyObject_GetAttrString(mod, "__name__");
    Py_DECREF(mod);
    return r;
}

static PyMethodDef methods[] = {
    {"method_new", (PyCFunction)(void (*)(void))method_new, METH_FASTCALL, NULL},
    {"method_parts", method_parts, METH_O, NULL},
    {"method_function", method_function, METH_O, NULL},
    {"classmethod_new", classmethod_new, METH_O, NULL},
    {"staticmethod_new", staticmethod_new, METH_O, NULL},
    {"descr_is_data", (PyCFunction)(void (*)(void))descr_is_data, METH_FASTCALL, NULL},
    {"cfunction_parts", cfunction_parts, METH_O, NULL},
    {"raise_with_traceback", (PyCFunction)(void (*)(void))raise_with_traceback, METH_FASTCALL,
     NULL},
    {"traceback_entries", traceback_entries, METH_O, NULL},
    {"code_new_empty", (PyCFunction)(void (*)(void))code_new_empty, METH_FASTCALL, NULL},
    {"frame_new", frame_new, METH_O, NULL},
    {"exc_info_now", exc_info_now, METH_NOARGS, NULL},
    {"exc_info_roundtrip", exc_info_roundtrip, METH_O, NULL},
    {"raise_while_handling", (PyCFunction)(void (*)(void))raise_while_handling, METH_FASTCALL,
     NULL},
    {"context_of", context_of, METH_O, NULL},
    {"set_context", (PyCFunction)(void (*)(void))set_context, METH_FASTCALL, NULL},
    {"recursion_until_error", recursion_until_error, METH_O, NULL},
    {"fin_counts", fin_counts, METH_NOARGS, NULL},
    {"call_finalizer_twice", call_finalizer_twice, METH_O, NULL},
    {"iter_send", (PyCFunction)(void (*)(void))iter_send, METH_FASTCALL, NULL},
    {"stop_iteration_value", stop_iteration_value, METH_O, NULL},
    {"dict_get_with_error", (PyCFunction)(void (*)(void))dict_get_with_error, METH_FASTCALL,
     NULL},
    {"dict_known_hash", (PyCFunction)(void (*)(void))dict_known_hash, METH_FASTCALL, NULL},
    {"dict_pop", (PyCFunction)(void (*)(void))dict_pop, METH_FASTCALL, NULL},
    {"dict_presized", dict_presized, METH_O, NULL},
    {"dict_next", dict_next, METH_O, NULL},
    {"import_level", (PyCFunction)(void (*)(void))import_level, METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "cython_capi", NULL, -1, methods};

PyMODINIT_FUNC PyInit_cython_capi(void)
{
    if (PyType_Ready(&Fin_Type) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&def);
    if (m && PyModule_AddObjectRef(m, "Fin", (PyObject *)&Fin_Type) < 0)
        Py_CLEAR(m);
    return m;
}

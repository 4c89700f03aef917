/* objects.c — test extension `objects`: the object protocol, calls from C, capsules, memory, buffers. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * Functions take METH_FASTCALL arrays. `objects.NULL` (a capsule) stands for a NULL
 * argument, so that the NULL handling of each API function can be compared.
 */

static PyObject *null_marker;

static PyObject *N(PyObject *o)
{
    return o == null_marker ? NULL : o;
}

static int nargs_ok(Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max)
{
    if (nargs < min || nargs > max) {
        PyErr_SetString(PyExc_TypeError, "wrong number of arguments");
        return 0;
    }
    return 1;
}

/* An int result, or NULL when it is -1 with an error set. */
static PyObject *int_result(long r)
{
    if (r == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(r);
}

#define FN(name) static PyObject *name(PyObject *m, PyObject *const *a, Py_ssize_t n)
#define ARGS(lo, hi)                                                                      \
    if (!nargs_ok(n, lo, hi))                                                             \
        return NULL

/* ---- the object protocol ---------------------------------------------------------------------- */

FN(repr) { ARGS(1, 1); return PyObject_Repr(N(a[0])); }
FN(str) { ARGS(1, 1); return PyObject_Str(N(a[0])); }
FN(ascii) { ARGS(1, 1); return PyObject_ASCII(N(a[0])); }
FN(bytes) { ARGS(1, 1); return PyObject_Bytes(N(a[0])); }
FN(hash) { ARGS(1, 1); return int_result(PyObject_Hash(N(a[0]))); }
FN(hash_not_implemented) { ARGS(1, 1); return int_result(PyObject_HashNotImplemented(a[0])); }
FN(richcompare)
{
    ARGS(3, 3);
    return PyObject_RichCompare(N(a[0]), N(a[1]), (int)PyLong_AsLong(a[2]));
}
FN(richcompare_bool)
{
    ARGS(3, 3);
    return int_result(PyObject_RichCompareBool(N(a[0]), N(a[1]), (int)PyLong_AsLong(a[2])));
}
FN(is_true) { ARGS(1, 1); return int_result(PyObject_IsTrue(N(a[0]))); }
FN(not_) { ARGS(1, 1); return int_result(PyObject_Not(N(a[0]))); }
FN(type) { ARGS(1, 1); return PyObject_Type(N(a[0])); }
FN(size) { ARGS(1, 1); return int_result(PyObject_Size(N(a[0]))); }
FN(length) { ARGS(1, 1); return int_result(PyObject_Length(N(a[0]))); }
FN(length_hint)
{
    ARGS(2, 2);
    return int_result(PyObject_LengthHint(N(a[0]), PyLong_AsSsize_t(a[1])));
}
FN(getitem) { ARGS(2, 2); return PyObject_GetItem(N(a[0]), N(a[1])); }
FN(setitem)
{
    ARGS(3, 3);
    if (PyObject_SetItem(N(a[0]), N(a[1]), N(a[2])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(delitem)
{
    ARGS(2, 2);
    if (PyObject_DelItem(N(a[0]), N(a[1])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(delitem_string)
{
    ARGS(2, 2);
    if (PyObject_DelItemString(N(a[0]), PyUnicode_AsUTF8(a[1])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(getattr) { ARGS(2, 2); return PyObject_GetAttr(N(a[0]), N(a[1])); }
FN(getattr_string)
{
    ARGS(2, 2);
    const char *s = PyUnicode_AsUTF8(a[1]);
    return s ? PyObject_GetAttrString(N(a[0]), s) : NULL;
}
FN(generic_getattr) { ARGS(2, 2); return PyObject_GenericGetAttr(N(a[0]), N(a[1])); }
FN(setattr)
{
    ARGS(3, 3);
    if (PyObject_SetAttr(N(a[0]), N(a[1]), N(a[2])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(setattr_string)
{
    ARGS(3, 3);
    const char *s = PyUnicode_AsUTF8(a[1]);
    if (!s || PyObject_SetAttrString(N(a[0]), s, N(a[2])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(delattr)
{
    ARGS(2, 2);
    if (PyObject_DelAttr(N(a[0]), N(a[1])) < 0)
        return NULL;
    Py_RETURN_NONE;
}
FN(delattr_string)
{
    ARGS(2, 2);
    const char *s = PyUnicode_AsUTF8(a[1]);
    if (!s || PyObject_DelAttrString(N(a[0]), s) < 0)
        return NULL;
    Py_RETURN_NONE;
}
/* (result, whether an error is left set) */
FN(hasattr)
{
    ARGS(2, 2);
    int r = PyObject_HasAttr(N(a[0]), N(a[1]));
    return Py_BuildValue("(iO)", r, PyErr_Occurred() ? Py_True : Py_False);
}
FN(hasattr_string)
{
    ARGS(2, 2);
    const char *s = PyUnicode_AsUTF8(a[1]);
    if (!s)
        return NULL;
    int r = PyObject_HasAttrString(N(a[0]), s);
    return Py_BuildValue("(iO)", r, PyErr_Occurred() ? Py_True : Py_False);
}
/* (1, value), (0, None), or the error */
FN(lookup_attr)
{
    ARGS(2, 2);
    PyObject *v;
    int r = _PyObject_LookupAttr(N(a[0]), N(a[1]), &v);
    if (r < 0)
        return NULL;
    return Py_BuildValue("(iN)", r, v ? v : Py_NewRef(Py_None));
}
FN(dir) { ARGS(1, 1); return PyObject_Dir(N(a[0])); }
FN(isinstance) { ARGS(2, 2); return int_result(PyObject_IsInstance(N(a[0]), N(a[1]))); }
FN(issubclass) { ARGS(2, 2); return int_result(PyObject_IsSubclass(N(a[0]), N(a[1]))); }
FN(getiter) { ARGS(1, 1); return PyObject_GetIter(N(a[0])); }
FN(selfiter) { ARGS(1, 1); return PyObject_SelfIter(a[0]); }
FN(callable) { ARGS(1, 1); return PyLong_FromLong(PyCallable_Check(N(a[0]))); }
FN(format) { ARGS(2, 2); return PyObject_Format(N(a[0]), N(a[1])); }
/* (Py_ReprEnter(o), Py_ReprEnter(o)), then one Py_ReprLeave(o) */
FN(repr_enter_twice)
{
    ARGS(1, 1);
    int first = Py_ReprEnter(a[0]);
    int second = Py_ReprEnter(a[0]);
    if (first == 0)
        Py_ReprLeave(a[0]);
    return Py_BuildValue("(ii)", first, second);
}

/* ---- calls ------------------------------------------------------------------------------------- */

FN(call)
{
    ARGS(2, 3);
    return PyObject_Call(N(a[0]), N(a[1]), n > 2 ? N(a[2]) : NULL);
}
FN(call_object) { ARGS(2, 2); return PyObject_CallObject(N(a[0]), N(a[1])); }
FN(call_noargs) { ARGS(1, 1); return PyObject_CallNoArgs(N(a[0])); }
FN(call_onearg) { ARGS(2, 2); return PyObject_CallOneArg(N(a[0]), N(a[1])); }
/* PyObject_CallFunction(f, format, <up to 2 objects>) */
FN(call_function)
{
    ARGS(2, 4);
    const char *fmt = a[1] == Py_None ? NULL : PyUnicode_AsUTF8(a[1]);
    if (a[1] != Py_None && !fmt)
        return NULL;
    return PyObject_CallFunction(N(a[0]), fmt, n > 2 ? a[2] : NULL, n > 3 ? a[3] : NULL);
}
FN(call_function_ints)
{
    ARGS(3, 3);
    return PyObject_CallFunction(N(a[0]), "ii", (int)PyLong_AsLong(a[1]), (int)PyLong_AsLong(a[2]));
}
/* PyObject_CallFunction(f, "s#", s, n): the Py_ssize_t length of PY_SSIZE_T_CLEAN */
FN(call_function_sharp)
{
    ARGS(3, 3);
    const char *s = PyUnicode_AsUTF8(a[1]);
    if (!s)
        return NULL;
    return PyObject_CallFunction(N(a[0]), "s#", s, PyLong_AsSsize_t(a[2]));
}
FN(call_method)
{
    ARGS(3, 5);
    const char *name = a[1] == null_marker ? NULL : PyUnicode_AsUTF8(a[1]);
    const char *fmt = a[2] == Py_None ? NULL : PyUnicode_AsUTF8(a[2]);
    if ((a[1] != null_marker && !name) || (a[2] != Py_None && !fmt))
        return NULL;
    return PyObject_CallMethod(N(a[0]), name, fmt, n > 3 ? a[3] : NULL, n > 4 ? a[4] : NULL);
}
FN(call_function_objargs)
{
    ARGS(1, 4);
    return PyObject_CallFunctionObjArgs(N(a[0]), n > 1 ? a[1] : NULL, n > 2 ? a[2] : NULL,
                                        n > 3 ? a[3] : NULL, NULL);
}
FN(call_method_objargs)
{
    ARGS(2, 4);
    return PyObject_CallMethodObjArgs(N(a[0]), N(a[1]), n > 2 ? a[2] : NULL,
                                      n > 3 ? a[3] : NULL, NULL);
}
FN(call_method_noargs) { ARGS(2, 2); return PyObject_CallMethodNoArgs(a[0], a[1]); }
FN(call_method_onearg) { ARGS(3, 3); return PyObject_CallMethodOneArg(a[0], a[1], a[2]); }
/* vectorcall(f, args_tuple, kwnames_or_None): the last len(kwnames) items are the
   keyword values; the PY_VECTORCALL_ARGUMENTS_OFFSET flag is set */
FN(vectorcall)
{
    ARGS(3, 3);
    if (!PyTuple_Check(a[1]))
        return NULL;
    PyObject *kw = a[2] == Py_None ? NULL : a[2];
    Py_ssize_t nkw = kw ? PyTuple_GET_SIZE(kw) : 0;
    Py_ssize_t total = PyTuple_GET_SIZE(a[1]);
    PyObject *stack[9];
    if (total > 8)
        return NULL;
    for (Py_ssize_t i = 0; i < total; i++)
        stack[i + 1] = PyTuple_GET_ITEM(a[1], i);
    return PyObject_Vectorcall(N(a[0]), stack + 1,
                               (size_t)(total - nkw) | PY_VECTORCALL_ARGUMENTS_OFFSET, kw);
}
FN(vectorcall_dict)
{
    ARGS(3, 3);
    if (!PyTuple_Check(a[1]))
        return NULL;
    return PyObject_VectorcallDict(N(a[0]), &PyTuple_GET_ITEM(a[1], 0),
                                   (size_t)PyTuple_GET_SIZE(a[1]), N(a[2]));
}
/* vectorcall_method(name, (self, *args), kwnames_or_None) */
FN(vectorcall_method)
{
    ARGS(3, 3);
    if (!PyTuple_Check(a[1]))
        return NULL;
    PyObject *kw = a[2] == Py_None ? NULL : a[2];
    Py_ssize_t nkw = kw ? PyTuple_GET_SIZE(kw) : 0;
    return PyObject_VectorcallMethod(a[0], &PyTuple_GET_ITEM(a[1], 0),
                                     (size_t)(PyTuple_GET_SIZE(a[1]) - nkw), kw);
}
FN(vectorcall_call) { ARGS(2, 3); return PyVectorcall_Call(a[0], a[1], n > 2 ? N(a[2]) : NULL); }
FN(vectorcall_nargs)
{
    ARGS(2, 2);
    size_t nargsf = (size_t)PyLong_AsSsize_t(a[0]);
    if (PyObject_IsTrue(a[1]))
        nargsf |= PY_VECTORCALL_ARGUMENTS_OFFSET;
    return PyLong_FromSsize_t(PyVectorcall_NARGS(nargsf));
}

/* ---- capsules ------------------------------------------------------------------------------------ */

/* The pointers capsules carry: slots holding a long each, and their names' storage. */
static long slots[256];
static char names[256][64];
static int nslots;
static long destructor_calls;

static long *new_slot(long v)
{
    long *p = &slots[nslots++ % 256];
    *p = v;
    return p;
}

static const char *keep_name(PyObject *o)
{
    if (o == Py_None)
        return NULL;
    const char *s = PyUnicode_AsUTF8(o);
    if (!s)
        return NULL;
    char *copy = names[nslots % 256];
    snprintf(copy, sizeof names[0], "%s", s);
    return copy;
}

static void count_destructor(PyObject *capsule)
{
    destructor_calls++;
}

/* capsule_new(name or None, value, with_destructor); value None passes a NULL pointer */
FN(capsule_new)
{
    ARGS(3, 3);
    const char *name = keep_name(a[0]);
    if (!name && PyErr_Occurred())
        return NULL;
    long *p = a[1] == Py_None ? NULL : new_slot(PyLong_AsLong(a[1]));
    return PyCapsule_New(p, name, PyObject_IsTrue(a[2]) ? count_destructor : NULL);
}
FN(capsule_get)
{
    ARGS(2, 2);
    const char *name = keep_name(a[1]);
    long *p = PyCapsule_GetPointer(N(a[0]), name);
    return p ? PyLong_FromLong(*p) : NULL;
}
FN(capsule_name)
{
    ARGS(1, 1);
    const char *s = PyCapsule_GetName(N(a[0]));
    if (!s)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    return PyUnicode_FromString(s);
}
FN(capsule_set_name)
{
    ARGS(2, 2);
    const char *name = keep_name(a[1]);
    if (!name && PyErr_Occurred())
        return NULL;
    return int_result(PyCapsule_SetName(N(a[0]), name));
}
FN(capsule_context)
{
    ARGS(1, 1);
    void *c = PyCapsule_GetContext(N(a[0]));
    if (!c && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(c ? *(long *)c : 0);
}
FN(capsule_set_context)
{
    ARGS(2, 2);
    return int_result(PyCapsule_SetContext(N(a[0]), new_slot(PyLong_AsLong(a[1]))));
}
FN(capsule_set_pointer)
{
    ARGS(2, 2);
    long *p = a[1] == Py_None ? NULL : new_slot(PyLong_AsLong(a[1]));
    return int_result(PyCapsule_SetPointer(N(a[0]), p));
}
FN(capsule_is_valid)
{
    ARGS(2, 2);
    const char *name = keep_name(a[1]);
    return PyLong_FromLong(PyCapsule_IsValid(N(a[0]), name));
}
FN(capsule_has_destructor)
{
    ARGS(1, 1);
    PyCapsule_Destructor d = PyCapsule_GetDestructor(N(a[0]));
    if (!d && PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(d != NULL);
}
FN(capsule_set_destructor)
{
    ARGS(2, 2);
    return int_result(
        PyCapsule_SetDestructor(N(a[0]), PyObject_IsTrue(a[1]) ? count_destructor : NULL));
}
FN(capsule_import)
{
    ARGS(1, 1);
    const char *s = PyUnicode_AsUTF8(a[0]);
    long *p = s ? PyCapsule_Import(s, 0) : NULL;
    return p ? PyLong_FromLong(*p) : NULL;
}
FN(capsule_check) { ARGS(1, 1); return PyBool_FromLong(PyCapsule_CheckExact(a[0])); }
/* A capsule made and dropped in C: its destructor runs at once. */
FN(capsule_roundtrip)
{
    ARGS(0, 0);
    long before = destructor_calls;
    PyObject *c = PyCapsule_New(new_slot(5), "objects.tmp", count_destructor);
    if (!c)
        return NULL;
    Py_DECREF(c);
    return PyLong_FromLong(destructor_calls - before);
}

/* ---- memory ------------------------------------------------------------------------------------- */

/* Each family: 0 bytes is a unique pointer, calloc zeroes, realloc keeps the contents,
   overflowing requests fail. A tuple of booleans. */
FN(memory)
{
    ARGS(0, 0);
    int ok[12];
    void *a0 = PyMem_Malloc(0), *b0 = PyMem_Malloc(0);
    ok[0] = a0 && b0 && a0 != b0;
    PyMem_Free(a0);
    PyMem_Free(b0);
    char *c = PyMem_Calloc(16, 4);
    ok[1] = c && !c[0] && !c[63];
    memcpy(c, "kept", 5);
    c = PyMem_Realloc(c, 4096);
    ok[2] = c && !strcmp(c, "kept");
    PyMem_Free(c);
    ok[3] = PyMem_Malloc((size_t)PY_SSIZE_T_MAX + 1) == NULL;
    long *l = PyMem_New(long, 10);
    ok[4] = l != NULL;
    l[9] = 7;
    PyMem_Resize(l, long, 100);
    ok[5] = l && l[9] == 7;
    PyMem_Del(l);
    ok[6] = PyMem_New(long, PY_SSIZE_T_MAX) == NULL;
    void *r = PyMem_RawMalloc(0);
    char *rc = PyMem_RawCalloc(0, 0);
    ok[7] = r && rc;
    rc = PyMem_RawRealloc(rc, 3);
    ok[8] = rc != NULL;
    PyMem_RawFree(r);
    PyMem_RawFree(rc);
    void *o0 = PyObject_Malloc(0);
    char *oc = PyObject_Calloc(3, 3);
    ok[9] = o0 && oc && !oc[8];
    oc = PyObject_Realloc(oc, 0);
    ok[10] = oc != NULL;
    PyObject_Free(o0);
    PyObject_Free(oc);
    ok[11] = PyMem_Calloc((size_t)1 << 62, 8) == NULL;
    PyObject *t = PyTuple_New(12);
    for (int i = 0; t && i < 12; i++)
        PyTuple_SET_ITEM(t, i, PyBool_FromLong(ok[i]));
    return t;
}

/* ---- buffers ------------------------------------------------------------------------------------- */

static PyObject *size_tuple(const Py_ssize_t *v, int nd)
{
    if (!v)
        Py_RETURN_NONE;
    PyObject *t = PyTuple_New(nd);
    for (int i = 0; t && i < nd; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromSsize_t(v[i]));
    return t;
}

static PyObject *view_info(Py_buffer *v, PyObject *o)
{
    return Py_BuildValue("(niinsNNO)", v->len, v->readonly, v->ndim, v->itemsize,
                         v->format, size_tuple(v->shape, v->ndim),
                         size_tuple(v->strides, v->ndim), v->obj == o ? Py_True : Py_False);
}

/* (len, readonly, ndim, itemsize, format, shape, strides, obj is o) of o's buffer */
FN(buffer_info)
{
    ARGS(2, 2);
    Py_buffer v;
    if (PyObject_GetBuffer(N(a[0]), &v, (int)PyLong_AsLong(a[1])) < 0)
        return NULL;
    PyObject *r = view_info(&v, a[0]);
    PyBuffer_Release(&v);
    return r;
}
/* The bytes of o's buffer, copied in C order. */
FN(buffer_bytes)
{
    ARGS(1, 1);
    Py_buffer v;
    if (PyObject_GetBuffer(N(a[0]), &v, PyBUF_FULL_RO) < 0)
        return NULL;
    PyObject *r = PyBytes_FromStringAndSize(NULL, v.len);
    if (r && PyBuffer_ToContiguous(PyBytes_AS_STRING(r), &v, v.len, 'C') < 0)
        Py_CLEAR(r);
    PyBuffer_Release(&v);
    return r;
}
/* Writes byte b at index i of o's writable buffer. */
FN(buffer_write)
{
    ARGS(3, 3);
    Py_buffer v;
    if (PyObject_GetBuffer(N(a[0]), &v, PyBUF_WRITABLE) < 0)
        return NULL;
    Py_ssize_t i = PyLong_AsSsize_t(a[1]);
    if (i >= 0 && i < v.len)
        ((char *)v.buf)[i] = (char)PyLong_AsLong(a[2]);
    PyBuffer_Release(&v);
    Py_RETURN_NONE;
}
FN(check_buffer) { ARGS(1, 1); return PyBool_FromLong(PyObject_CheckBuffer(N(a[0]))); }
/* PyBuffer_IsContiguous of o's buffer (full strides) in the given order */
FN(is_contiguous)
{
    ARGS(2, 2);
    const char *order = PyUnicode_AsUTF8(a[1]);
    Py_buffer v;
    if (!order || PyObject_GetBuffer(N(a[0]), &v, PyBUF_FULL_RO) < 0)
        return NULL;
    int r = PyBuffer_IsContiguous(&v, order[0]);
    PyBuffer_Release(&v);
    return PyLong_FromLong(r);
}

static char static_memory[] = "static memory";

/* PyBuffer_FillInfo over static memory, owner `o` (or NULL). */
FN(fill_info)
{
    ARGS(3, 3);
    Py_buffer v;
    if (PyBuffer_FillInfo(&v, N(a[0]), static_memory, 6, (int)PyLong_AsLong(a[1]),
                          (int)PyLong_AsLong(a[2])) < 0)
        return NULL;
    PyObject *r = view_info(&v, N(a[0]));
    PyBuffer_Release(&v);
    return r;
}
FN(fill_info_null_view)
{
    ARGS(0, 0);
    return int_result(PyBuffer_FillInfo(NULL, NULL, static_memory, 6, 1, 0));
}
/* Copies `data` into o's buffer with PyBuffer_FromContiguous. */
FN(buffer_from_contiguous)
{
    ARGS(2, 2);
    Py_buffer v;
    char *s;
    Py_ssize_t len;
    if (PyBytes_AsStringAndSize(a[1], &s, &len) < 0 ||
        PyObject_GetBuffer(N(a[0]), &v, PyBUF_FULL) < 0)
        return NULL;
    int r = PyBuffer_FromContiguous(&v, s, len, 'C');
    PyBuffer_Release(&v);
    return int_result(r);
}
FN(memoryview_from_object) { ARGS(1, 1); return PyMemoryView_FromObject(N(a[0])); }
/* A view of the static memory, writable if asked: the first 6 bytes. */
FN(memoryview_from_memory)
{
    ARGS(1, 1);
    return PyMemoryView_FromMemory(static_memory, 6,
                                   PyObject_IsTrue(a[0]) ? PyBUF_WRITE : PyBUF_READ);
}
/* A view of a Py_buffer describing bytes 7.. of the static memory. */
FN(memoryview_from_buffer)
{
    ARGS(0, 0);
    Py_buffer v;
    PyBuffer_FillInfo(&v, NULL, static_memory + 7, 6, 1, PyBUF_FULL_RO);
    return PyMemoryView_FromBuffer(&v);
}
/* A writable view of a static array of `n` items of `format` (one of "i", "d", "?",
   "h", "<i"), reset to known values first: a buffer with a format other than 'B'. */
FN(typed_view)
{
    ARGS(1, 1);
    static int ints[3];
    static double doubles[3];
    static _Bool bools[3];
    static short shorts[3];
    const char *f = PyUnicode_AsUTF8(a[0]);
    if (!f)
        return NULL;
    ints[0] = 1, ints[1] = -2, ints[2] = 300000;
    doubles[0] = 0.5, doubles[1] = -1.25, doubles[2] = 1e300;
    bools[0] = 1, bools[1] = 0, bools[2] = 1;
    shorts[0] = -32768, shorts[1] = 7, shorts[2] = 32767;
    void *data = ints;
    Py_ssize_t itemsize = sizeof(int);
    if (!strcmp(f, "d"))
        data = doubles, itemsize = sizeof(double);
    else if (!strcmp(f, "?"))
        data = bools, itemsize = sizeof(_Bool);
    else if (!strcmp(f, "h"))
        data = shorts, itemsize = sizeof(short);
    static char format[8];
    snprintf(format, sizeof format, "%s", f);
    static Py_ssize_t shape[1] = {3}, strides[1];
    strides[0] = itemsize;
    Py_buffer v = {.buf = data, .obj = NULL, .len = 3 * itemsize, .itemsize = itemsize,
                   .readonly = 0, .ndim = 1, .format = format, .shape = shape,
                   .strides = strides};
    return PyMemoryView_FromBuffer(&v);
}
FN(memoryview_get_contiguous)
{
    ARGS(3, 3);
    const char *order = PyUnicode_AsUTF8(a[2]);
    if (!order)
        return NULL;
    return PyMemoryView_GetContiguous(N(a[0]), (int)PyLong_AsLong(a[1]), order[0]);
}
/* (PyMemoryView_Check, PyMemoryView_GET_BASE(mv) is base, len of GET_BUFFER) */
FN(memoryview_parts)
{
    ARGS(2, 2);
    int is_mv = PyMemoryView_Check(a[0]);
    if (!is_mv)
        return Py_BuildValue("(iOO)", 0, Py_None, Py_None);
    return Py_BuildValue("(iOn)", 1, PyMemoryView_GET_BASE(a[0]) == N(a[1]) ? Py_True : Py_False,
                         PyMemoryView_GET_BUFFER(a[0])->len);
}
FN(static_memory_text)
{
    ARGS(0, 0);
    return PyBytes_FromStringAndSize(static_memory, sizeof static_memory - 1);
}

#define FAST(name) {#name, (PyCFunction)(void (*)(void))name, METH_FASTCALL, NULL}

static PyMethodDef objects_methods[] = {
    FAST(repr), FAST(str), FAST(ascii), FAST(bytes), FAST(hash), FAST(hash_not_implemented),
    FAST(richcompare), FAST(richcompare_bool), FAST(is_true), FAST(not_), FAST(type), FAST(size),
    FAST(length), FAST(length_hint), FAST(getitem), FAST(setitem), FAST(delitem),
    FAST(delitem_string), FAST(getattr), FAST(getattr_string), FAST(generic_getattr),
    FAST(setattr), FAST(setattr_string), FAST(delattr), FAST(delattr_string), FAST(hasattr),
    FAST(hasattr_string), FAST(lookup_attr), FAST(dir), FAST(isinstance), FAST(issubclass),
    FAST(getiter), FAST(selfiter), FAST(callable), FAST(format), FAST(repr_enter_twice),
    FAST(call), FAST(call_object), FAST(call_noargs), FAST(call_onearg), FAST(call_function),
    FAST(call_function_ints), FAST(call_function_sharp), FAST(call_method),
    FAST(call_function_objargs), FAST(call_method_objargs), FAST(call_method_noargs),
    FAST(call_method_onearg), FAST(vectorcall), FAST(vectorcall_dict), FAST(vectorcall_method),
    FAST(vectorcall_call), FAST(vectorcall_nargs),
    FAST(capsule_new), FAST(capsule_get), FAST(capsule_name), FAST(capsule_set_name),
    FAST(capsule_context), FAST(capsule_set_context), FAST(capsule_set_pointer),
    FAST(capsule_is_valid), FAST(capsule_has_destructor), FAST(capsule_set_destructor),
    FAST(capsule_import), FAST(capsule_check), FAST(capsule_roundtrip),
    FAST(memory),
    FAST(buffer_info), FAST(buffer_bytes), FAST(buffer_write), FAST(check_buffer),
    FAST(is_contiguous), FAST(fill_info), FAST(fill_info_null_view), FAST(buffer_from_contiguous),
    FAST(memoryview_from_object), FAST(memoryview_from_memory), FAST(memoryview_from_buffer),
    FAST(memoryview_get_contiguous), FAST(memoryview_parts), FAST(static_memory_text),
    FAST(typed_view),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef objects_module = {
    PyModuleDef_HEAD_INIT, "objects",
    "Test extension: the object protocol, calls, capsules, memory and buffers from C.", -1,
    objects_methods,
};

PyMODINIT_FUNC PyInit_objects(void)
{
    PyObject *m = PyModule_Create(&objects_module);
    if (!m)
        return NULL;
    null_marker = PyCapsule_New(&null_marker, "objects.NULL", NULL);
    PyObject *capi = PyCapsule_New(new_slot(1234), "objects.CAPI", NULL);
    if (!null_marker || !capi || PyModule_AddObject(m, "CAPI", capi) < 0 ||
        PyModule_AddObjectRef(m, "NULL", null_marker) < 0) {
        Py_XDECREF(capi);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

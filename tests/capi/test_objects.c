/* test_objects.c — what Python cannot see: capsule lifetime, shared managed buffers, report formats, rooting. */
#include "tests/capi/fixture.h"

#include <criterion/redirect.h>

TestSuite(capsule, .init = cx_setup, .fini = cx_teardown);
TestSuite(buffer, .init = cx_setup, .fini = cx_teardown);
TestSuite(errors_c, .init = cx_setup, .fini = cx_teardown);
TestSuite(calls_c, .init = cx_setup, .fini = cx_teardown);

static int destroyed;
static char last_name[64];
static long payload = 42;

/* A destructor that reads the capsule it is given, as destructors do. */
static void count_and_read(PyObject *capsule)
{
    destroyed++;
    const char *name = PyCapsule_GetName(capsule);
    long *p = PyCapsule_GetPointer(capsule, name);
    snprintf(last_name, sizeof last_name, "%s:%ld", name ? name : "(null)", p ? *p : -1);
}

Test(capsule, destructor_runs_at_once_when_it_never_crossed)
{
    destroyed = 0;
    PyObject *c = PyCapsule_New(&payload, "t.cap", count_and_read);
    cr_assert_not_null(c);
    Py_DECREF(c);
    cr_assert_eq(destroyed, 1);
    cr_assert_str_eq(last_name, "t.cap:42");
}

Test(capsule, destructor_waits_for_a_crossing_after_its_object_died)
{
    destroyed = 0;
    PyObject *c = PyCapsule_New(&payload, "t.late", count_and_read);
    w_object *w = capi_w(c);
    cr_assert_not_null(w);
    cr_assert_eq(capi_proxy(w), c, "the runtime object finds the capsule's proxy");
    cr_assert_eq(W_TYPE(w), capi_w_type(&PyCapsule_Type));
    Py_DECREF(c); /* only the runtime object holds it now, and nothing holds that */
    gc_collect_minor();
    gc_collect_major();
    cr_assert_eq(destroyed, 0, "no destructor runs inside a collection");
    capi_flush_pending();
    cr_assert_eq(destroyed, 1);
    cr_assert_str_eq(last_name, "t.late:42", "the destructor could still read the capsule");
}

Test(capsule, held_by_c_survives_collections)
{
    destroyed = 0;
    PyObject *c = PyCapsule_New(&payload, "t.held", count_and_read);
    cr_assert_not_null(capi_w(c));
    for (int i = 0; i < 3; i++) {
        gc_collect_minor();
        gc_collect_major();
        capi_flush_pending();
    }
    cr_assert_eq(destroyed, 0);
    cr_assert_eq(PyCapsule_GetPointer(c, "t.held"), &payload);
    w_object *r = space_repr(capi_w(c));
    cr_assert_not_null(r);
    cr_assert(!strncmp(w_str_utf8(r), "<capsule object \"t.held\" at 0x", 30));
    Py_DECREF(c);
}

Test(buffer, slices_share_the_managed_buffer)
{
    PyObject *b = PyBytes_FromStringAndSize("abcdef", 6);
    PyObject *mv = PyMemoryView_FromObject(b);
    cr_assert_not_null(mv);
    cr_assert_eq(PyMemoryView_GET_BASE(mv), b);
    GC_ENTER();
    w_object *view = NULL, *key = NULL, *start = NULL, *slice = NULL;
    GC_ROOT(view);
    GC_ROOT(key);
    GC_ROOT(start);
    GC_ROOT(slice);
    view = capi_w(mv);
    start = w_int_from_i64(2);
    key = w_slice_new(start, w_None, w_None);
    slice = space_getitem(view, key);
    cr_assert_not_null(slice);
    view = key = start = NULL;
    Py_DECREF(mv); /* the first view dies: the slice still holds the managed buffer */
    gc_collect_minor();
    gc_collect_major();
    capi_flush_pending();
    cr_assert_eq(Py_REFCNT(b), 3, "ours, the managed buffer's and the slice's");
    w_object *t = space_call_method(slice, "tobytes", NULL, 0);
    cr_assert_not_null(t);
    cr_assert_eq(w_bytes_size(t), 4);
    cr_assert(!memcmp(w_bytes_data(t), "cdef", 4));
    cr_assert_not_null(space_call_method(slice, "release", NULL, 0));
    cr_assert_eq(Py_REFCNT(b), 1, "the last view released the exporter's buffer");
    GC_LEAVE();
    Py_DECREF(b);
}

Test(buffer, exports_block_release)
{
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    PyObject *mv = PyMemoryView_FromObject(ba);
    Py_buffer view;
    cr_assert_eq(PyObject_GetBuffer(mv, &view, PyBUF_FULL_RO), 0);
    cr_assert_eq(view.obj, mv);
    cr_assert_eq(((PyMemoryViewObject *)mv)->exports, 1);
    cr_assert_null(space_call_method(capi_w(mv), "release", NULL, 0));
    fx_assert_raised(w_exc_BufferError, "memoryview has 1 exported buffer");
    PyBuffer_Release(&view);
    cr_assert_null(view.obj);
    cr_assert_eq(((PyMemoryViewObject *)mv)->exports, 0);
    cr_assert_not_null(space_call_method(capi_w(mv), "release", NULL, 0));
    Py_DECREF(mv);
    Py_DECREF(ba);
}

Test(buffer, strided_copies)
{
    static char data[] = "a1b2c3";
    Py_ssize_t shape = 3, strides = 2;
    Py_buffer v = {.buf = data, .len = 3, .itemsize = 1, .readonly = 0, .ndim = 1,
                   .format = "B", .shape = &shape, .strides = &strides};
    cr_assert_eq(PyBuffer_IsContiguous(&v, 'C'), 0);
    char out[4] = {0};
    cr_assert_eq(PyBuffer_ToContiguous(out, &v, 3, 'C'), 0);
    cr_assert_str_eq(out, "abc");
    cr_assert_eq(PyBuffer_FromContiguous(&v, "XYZ", 3, 'C'), 0);
    cr_assert_str_eq(data, "X1Y2Z3");
    Py_ssize_t index = 2;
    cr_assert_eq(PyBuffer_GetPointer(&v, &index), data + 4);
    Py_ssize_t shape2[2] = {2, 3}, strides2[2];
    PyBuffer_FillContiguousStrides(2, shape2, strides2, 4, 'C');
    cr_assert(strides2[0] == 12 && strides2[1] == 4);
    PyBuffer_FillContiguousStrides(2, shape2, strides2, 4, 'F');
    cr_assert(strides2[0] == 4 && strides2[1] == 8);
}

Test(errors_c, exception_args_and_chaining)
{
    PyObject *e = capi_new_ref(w_exc_new(w_exc_ValueError, NULL));
    PyObject *args = PyException_GetArgs(e);
    cr_assert_eq(PyTuple_Size(args), 0);
    Py_DECREF(args);
    PyObject *t = PyTuple_Pack(2, Py_None, Py_True);
    PyException_SetArgs(e, t);
    Py_DECREF(t);
    args = PyException_GetArgs(e);
    cr_assert_eq(PyTuple_Size(args), 2);
    Py_DECREF(args);
    PyObject *cause = capi_new_ref(w_exc_new(w_exc_KeyError, NULL));
    PyException_SetCause(e, cause); /* steals */
    PyObject *got = PyException_GetCause(e);
    cr_assert_eq(got, cause);
    Py_DECREF(got);
    cr_assert_null(PyException_GetTraceback(e));
    cr_assert(!PyErr_Occurred());
    Py_DECREF(e);
}

Test(errors_c, pyrun_string_says_ferry_has_no_compiler)
{
    PyObject *globals = PyDict_New();
    cr_assert_null(PyRun_String("1 + 1", Py_eval_input, globals, globals));
    fx_assert_raised(w_exc_NotImplementedError,
                     "PyRun_String: Ferry has no Python compiler, so it cannot run Python "
                     "source (start symbol 258)");
    cr_assert_null(PyRun_String(NULL, Py_eval_input, globals, globals));
    fx_assert_raised(w_exc_SystemError, "bad argument to internal function");
    Py_DECREF(globals);
}

Test(errors_c, unraisable_report_format)
{
    cr_redirect_stderr();
    PyObject *l = capi_new_ref(w_list_new(0));
    PyErr_SetString(PyExc_ValueError, "lost");
    PyErr_WriteUnraisable(l);
    cr_assert_null(PyErr_Occurred());
    PyErr_SetString(PyExc_KeyError, "k");
    PyErr_WriteUnraisable(NULL);
    PyErr_SetObject(PyExc_RuntimeError, NULL);
    PyErr_WriteUnraisable(Py_None);
    Py_DECREF(l);
    fflush(stderr);
    cr_assert_stderr_eq_str("Exception ignored in: []\nValueError: lost\nKeyError: 'k'\n"
                            "RuntimeError: \n");
}

Test(errors_c, warnings_shown_once_per_location)
{
    cr_redirect_stderr();
    cr_assert_eq(PyErr_WarnEx(PyExc_UserWarning, "once", 1), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_UserWarning, "once", 1), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_UserWarning, "once", 2), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_DeprecationWarning, "main only", 1), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_DeprecationWarning, "ignored in sys", 2), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_ImportWarning, "ignored", 1), 0);
    cr_assert_eq(PyErr_WarnFormat(NULL, 1, "n=%d", 3), 0);
    cr_assert_eq(PyErr_WarnExplicit(PyExc_UserWarning, "e", "/nonexistent/x.py", 9, NULL, NULL), 0);
    cr_assert_eq(PyErr_WarnEx(PyExc_ValueError, "any class", 1), 0);
    cr_assert_eq(PyErr_WarnEx(Py_None, "not callable", 1), -1);
    fx_assert_raised(w_exc_TypeError, "'NoneType' object is not callable");
    fflush(stderr);
    cr_assert_stderr_eq_str("<stdin>:1: UserWarning: once\n"
                            "sys:1: UserWarning: once\n"
                            "<stdin>:1: DeprecationWarning: main only\n"
                            "<stdin>:1: RuntimeWarning: n=3\n"
                            "/nonexistent/x.py:9: UserWarning: e\n"
                            "<stdin>:1: ValueError: any class\n");
}

/* A callable that allocates plenty: a list sorted with C-created keys. */
Test(calls_c, arguments_stay_rooted_under_stress)
{
    cx_restart_in_stress_mode();
    PyObject *builtins = capi_new_ref(w_builtins_module());
    PyObject *sorted = PyObject_GetAttrString(builtins, "sorted");
    Py_DECREF(builtins);
    cr_assert_not_null(sorted);
    PyObject *list = PyList_New(0);
    for (int i = 0; i < 40; i++) {
        PyObject *s = PyUnicode_FromFormat("item %d", 40 - i);
        PyList_Append(list, s);
        Py_DECREF(s);
    }
    PyObject *kw = PyDict_New();
    PyDict_SetItemString(kw, "reverse", Py_True);
    PyObject *args = PyTuple_Pack(1, list);
    PyObject *r = PyObject_Call(sorted, args, kw);
    cr_assert_not_null(r);
    cr_assert_eq(PyList_Size(r), 40);
    PyObject *first = PyList_GetItem(r, 0);
    cr_assert_str_eq(PyUnicode_AsUTF8(first), "item 9");
    Py_DECREF(r);
    PyObject *name = PyUnicode_FromString("reverse");
    PyObject *kwnames = PyTuple_Pack(1, name);
    Py_DECREF(name);
    PyObject *stack[2] = {list, Py_False};
    r = PyObject_Vectorcall(sorted, stack, 1, kwnames);
    cr_assert_not_null(r);
    cr_assert_str_eq(PyUnicode_AsUTF8(PyList_GetItem(r, 0)), "item 1");
    Py_DECREF(r);
    r = PyObject_CallMethod(list, "index", "s", "item 7");
    cr_assert_not_null(r);
    cr_assert_eq(PyLong_AsLong(r), 33);
    Py_DECREF(r);
    Py_DECREF(kwnames);
    Py_DECREF(args);
    Py_DECREF(kw);
    Py_DECREF(list);
    Py_DECREF(sorted);
}

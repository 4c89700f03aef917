/* test_args.c — PyArg_Parse* and Py_BuildValue where Python cannot look: allocation, references. */
#include "tests/capi/fixture.h"

TestSuite(args, .init = cx_setup, .fini = cx_teardown);

static uint64_t heap_bytes(void)
{
    gc_stats s;
    gc_get_stats(&s);
    return s.bytes_allocated;
}

/* A runtime tuple of two small ints, as a call from the runtime passes it. */
static PyObject *runtime_pair(int64_t a, int64_t b)
{
    GC_ENTER();
    w_object *x = NULL, *y = NULL;
    GC_ROOT(x);
    GC_ROOT(y);
    x = w_int_from_i64(a);
    y = w_int_from_i64(b);
    GC_RETURN(capi_new_ref(w_tuple_pack(2, x, y)));
}

Test(args, parse_ii_allocates_nothing)
{
    PyObject *t = runtime_pair(-3, 1 << 30);
    int a = 0, b = 0;
    uint64_t before = heap_bytes();
    cr_assert_eq(PyArg_ParseTuple(t, "ii", &a, &b), 1);
    cr_assert_eq(heap_bytes(), before, "the cached values are read, nothing is made");
    cr_assert_eq(a, -3);
    cr_assert_eq(b, 1 << 30);
    Py_DECREF(t);

    t = PyTuple_Pack(2, Py_True, Py_False);
    before = heap_bytes();
    cr_assert_eq(PyArg_ParseTuple(t, "ii:f", &a, &b), 1);
    cr_assert_eq(heap_bytes(), before);
    cr_assert_eq(a, 1);
    cr_assert_eq(b, 0);
    Py_DECREF(t);
}

Test(args, O_is_the_borrowed_item)
{
    PyObject *t = runtime_pair(1, 2), *o = NULL, *o2 = NULL;
    cr_assert_eq(PyArg_ParseTuple(t, "O|O", &o, &o2), 1);
    cr_assert_eq(o, PyTuple_GET_ITEM(t, 0));
    cr_assert_eq(o2, PyTuple_GET_ITEM(t, 1));
    cr_assert_eq(o->ob_refcnt, PyTuple_GET_ITEM(t, 0)->ob_refcnt, "no reference is taken");
    Py_DECREF(t);
}

static int cleanups;
static int conv_keep(PyObject *o, void *addr)
{
    if (!o) {
        cleanups++;
        Py_CLEAR(*(PyObject **)addr);
        return 0;
    }
    *(PyObject **)addr = Py_NewRef(o);
    return Py_CLEANUP_SUPPORTED;
}

Test(args, failure_gives_back_what_earlier_units_took)
{
    PyObject *t = PyTuple_New(3);
    PyTuple_SET_ITEM(t, 0, PyUnicode_FromString("text"));
    PyTuple_SET_ITEM(t, 1, PyLong_FromLong(9));
    PyTuple_SET_ITEM(t, 2, PyUnicode_FromString("not an int"));
    PyObject *item1 = PyTuple_GET_ITEM(t, 1);
    Py_ssize_t refs = item1->ob_refcnt;
    char *buf = NULL;
    PyObject *kept = NULL;
    int i = 0;
    cleanups = 0;
    cr_assert_eq(PyArg_ParseTuple(t, "esO&i", "utf-8", &buf, conv_keep, &kept, &i), 0);
    cr_assert(w_err_matches(w_exc_TypeError));
    w_err_clear();
    cr_assert_eq(cleanups, 1, "the converter was called back with NULL");
    cr_assert_null(kept);
    cr_assert_eq(item1->ob_refcnt, refs, "its reference went back");
    /* the es buffer went too: a leak here shows in the sanitizer build */

    buf = NULL;
    PyObject *last = NULL;
    cr_assert_eq(PyArg_ParseTuple(t, "esO&O", "utf-8", &buf, conv_keep, &kept, &last), 1);
    cr_assert_str_eq(buf, "text");
    cr_assert_eq(kept, item1);
    cr_assert_eq(item1->ob_refcnt, refs + 1, "a successful parse keeps what O& took");
    Py_DECREF(kept);
    PyMem_Free(buf);
    Py_DECREF(t);
}

Test(args, keywords_survive_moves)
{
    cx_restart_in_stress_mode();
    static char *kwlist[] = {"a", "b", "c", NULL};
    GC_ENTER();
    w_object *kw = NULL, *v = NULL;
    GC_ROOT(kw);
    GC_ROOT(v);
    kw = w_dict_new();
    v = w_str_from_cstr("bee");
    w_dict_set_cstr(kw, "b", v);
    v = w_int_from_i64(77);
    w_dict_set_cstr(kw, "c", v);
    PyObject *args = runtime_pair(5, 6);
    PyObject *t = PyTuple_GetSlice(args, 0, 1);
    const char *b = NULL;
    char *enc = NULL;
    long a = 0, c = 0;
    cr_assert_eq(PyArg_ParseTupleAndKeywords(t, capi_proxy(kw), "l|etl:f", kwlist, &a, "latin-1",
                                             &enc, &c),
                 1);
    cr_assert_eq(a, 5);
    cr_assert_str_eq(enc, "bee");
    cr_assert_eq(c, 77);
    PyMem_Free(enc);

    kw = w_dict_new();
    v = w_int_from_i64(1);
    w_dict_set_cstr(kw, "zz", v);
    cr_assert_eq(PyArg_ParseTupleAndKeywords(t, capi_proxy(kw), "l|sl:f", kwlist, &a, &b, &c), 0);
    fx_assert_raised(w_exc_TypeError, "'zz' is an invalid keyword argument for f()");
    Py_DECREF(t);
    Py_DECREF(args);
    GC_LEAVE();
}

Test(args, build_N_takes_the_reference_even_on_failure)
{
    PyObject *o = capi_new_ref(w_list_new(0));
    Py_ssize_t refs = o->ob_refcnt;
    Py_INCREF(o);
    PyObject *r = Py_BuildValue("N", o);
    cr_assert_eq(r, o);
    cr_assert_eq(o->ob_refcnt, refs + 1, "N hands over the caller's reference");
    Py_DECREF(r);

    Py_INCREF(o);
    Py_INCREF(o);
    w_raise_fmt(w_exc_KeyError, "pending");
    cr_assert_null(Py_BuildValue("(NON)", o, NULL, o));
    fx_assert_raised(w_exc_KeyError, "'pending'");
    cr_assert_eq(o->ob_refcnt, refs, "both N arguments were consumed");

}

static PyObject *failing_converter(void *arg)
{
    w_raise_fmt(w_exc_ValueError, "converter %s", (const char *)arg);
    return NULL;
}

Test(args, build_containers_survive_moves)
{
    cx_restart_in_stress_mode();
    PyObject *inner = capi_new_ref(w_list_new(0));
    Py_ssize_t refs = inner->ob_refcnt;
    Py_INCREF(inner);
    PyObject *r = Py_BuildValue("{s:[i,d,s],s:N,i:(ss)}", "k", 1, 2.5, "three", "l", inner, 4,
                                "x", "y");
    cr_assert_not_null(r);
    cr_assert_eq(inner->ob_refcnt, refs, "N's reference went to the runtime dict");
    GC_ENTER();
    w_object *d = capi_w(r), *s = NULL;
    GC_ROOT(d);
    GC_ROOT(s);
    Py_DECREF(r);
    gc_collect_major();
    s = space_repr(d);
    cr_assert_str_eq(w_str_utf8(s), "{'k': [1, 2.5, 'three'], 'l': [], 4: ('x', 'y')}");
    GC_LEAVE();

    Py_INCREF(inner);
    cr_assert_null(Py_BuildValue("[iO&N]", 1, failing_converter, "broke", inner));
    fx_assert_raised(w_exc_ValueError, "converter broke");
    Py_DECREF(inner);
}

static PyObject **stack_of(PyObject **small, Py_ssize_t len, Py_ssize_t *n, const char *fmt,
                           ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject **stack = _Py_VaBuildStack_SizeT(small, len, fmt, va, n);
    va_end(va);
    return stack;
}

Test(args, build_stack_uses_the_small_array_when_it_fits)
{
    PyObject *small[4];
    Py_ssize_t n = -1;
    cr_assert_eq(stack_of(small, 4, &n, ""), small);
    cr_assert_eq(n, 0);
    cr_assert_eq(stack_of(small, 4, &n, "is#", 7, "abc", (Py_ssize_t)2), small);
    cr_assert_eq(n, 2);
    cr_assert_eq(PyLong_AsLong(small[0]), 7);
    cr_assert_str_eq(PyUnicode_AsUTF8(small[1]), "ab");
    Py_DECREF(small[0]);
    Py_DECREF(small[1]);

    PyObject **big = stack_of(small, 1, &n, "iii", 1, 2, 3);
    cr_assert_neq(big, small);
    cr_assert_eq(n, 3);
    cr_assert_eq(PyLong_AsLong(big[2]), 3);
    for (int i = 0; i < 3; i++)
        Py_DECREF(big[i]);
    PyMem_Free(big);

    cr_assert_null(stack_of(small, 4, &n, "i(i", 1, 2));
    fx_assert_raised(w_exc_SystemError, "unmatched paren in format");
}

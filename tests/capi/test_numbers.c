/* test_numbers.c — the number APIs where Python cannot see: fast paths, __index__ objects, identity of in-place results, packing. */
#include "tests/capi/fixture.h"

#include "freelists/freelists.h"

TestSuite(numbers, .init = cx_setup, .fini = cx_teardown);

static uint64_t allocated(void)
{
    gc_stats s;
    gc_get_stats(&s);
    return s.bytes_allocated;
}

Test(numbers, small_ints_are_the_runtime_shared_ints)
{
    /* CPython returns its cached -5..256: so do we, the proxies of the runtime's */
    for (long v = -5; v <= 256; v += 261) {
        PyObject *a = PyLong_FromLong(v), *b = PyLong_FromSsize_t(v);
        cr_assert_eq(a, b, "one object for %ld", v);
        cr_assert_eq(a, capi_proxy(w_int_from_i64(v)));
        cr_assert_eq(capi_w(a), w_int_from_i64(v), "linked: crossing is the link");
        cr_assert_eq(PyLong_AsLong(a), v);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    PyObject *x = PyLong_FromLong(257), *y = PyLong_FromLong(-6);
    cr_assert_null(capi_link(x), "past the cache: a value proxy");
    cr_assert_null(capi_link(y));
    Py_DECREF(x);
    Py_DECREF(y);
}

Test(numbers, fromlong_is_a_freelist_pop)
{
    PyObject *warm = PyLong_FromLong(1000); /* the list has a block after this */
    Py_DECREF(warm);
    freelist_counts before, after;
    freelist_int_counts(&before);
    uint64_t bytes = allocated();
    PyObject *p = PyLong_FromLong(123456789);
    freelist_int_counts(&after);
    cr_assert_eq(after.hits, before.hits + 1, "a hit on the int free list");
    cr_assert_eq(after.misses, before.misses);
    cr_assert_eq(allocated(), bytes, "no runtime object");
    cr_assert_null(capi_link(p));
    Py_DECREF(p);
}

Test(numbers, as_functions_on_cached_values_never_reach_the_runtime)
{
    PyObject *c = PyLong_FromLong(-42);                   /* C-made: no runtime object */
    PyObject *r = capi_new_ref(w_int_from_i64(1 << 20)); /* a runtime int's proxy */
    uint64_t bytes = allocated();
    size_t young = capi_young_count();
    cr_assert_eq(PyLong_AsLong(c), -42);
    cr_assert_eq(PyLong_AsLongLong(c), -42);
    cr_assert_eq(PyLong_AsSsize_t(c), -42);
    cr_assert_eq(PyLong_AsDouble(c), -42.0);
    cr_assert_eq(PyLong_AsUnsignedLongMask(c), (unsigned long)-42);
    cr_assert_eq(PyLong_AsLong(r), 1 << 20);
    cr_assert_eq(PyLong_AsSsize_t(r), 1 << 20);
    cr_assert_eq(PyLong_AsDouble(r), (double)(1 << 20));
    cr_assert_eq(PyLong_AsLong(Py_True), 1);
    cr_assert_null(capi_link(c), "reading the value made no runtime object");
    cr_assert_eq(allocated(), bytes);
    cr_assert_eq(capi_young_count(), young);
    Py_DECREF(c);
    Py_DECREF(r);
}

Test(numbers, big_values_keep_their_runtime_object)
{
    PyObject *big = PyLong_FromUnsignedLongLong(UINT64_MAX);
    cr_assert_not_null(capi_link(big), "2**64-1 does not fit the cache: it has a runtime int");
    cr_assert_eq(PyLong_AsUnsignedLongLong(big), UINT64_MAX);
    cr_assert_eq(PyLong_AsLong(big), -1);
    fx_assert_raised(w_exc_OverflowError, "Python int too large to convert to C long");
    int of = 0;
    cr_assert_eq(PyLong_AsLongAndOverflow(big, &of), -1);
    cr_assert_eq(of, 1);
    cr_assert_not(w_err_occurred());
    Py_DECREF(big);
}

/* A runtime type whose instances have __index__ (and nothing else). */
static w_object *seven(w_object *self)
{
    return w_int_from_i64(7);
}

static const w_number_slots index_slots = {.index = seven};

static PyObject *index_object(void)
{
    w_type *t = w_type_new_static("Seven", w_object_type, W_TID_PLAIN);
    t->number = &index_slots;
    cr_assert_eq(w_type_ready(t), 0);
    return capi_new_ref(w_alloc(t, W_TID_PLAIN, sizeof(w_object)));
}

Test(numbers, index_objects_as_cpython_311_takes_them)
{
    PyObject *o = index_object();
    cr_assert_eq(PyLong_AsLong(o), 7, "AsLong accepts __index__");
    cr_assert_eq(PyLong_AsLongLong(o), 7);
    cr_assert_eq(PyLong_AsUnsignedLongMask(o), 7);
    int of = 1;
    cr_assert_eq(PyLong_AsLongAndOverflow(o, &of), 7);
    cr_assert_eq(of, 0);
    cr_assert_eq(PyLong_AsSsize_t(o), -1, "AsSsize_t wants an int");
    fx_assert_raised(w_exc_TypeError, "an integer is required");
    cr_assert_eq(PyLong_AsUnsignedLong(o), (unsigned long)-1);
    fx_assert_raised(w_exc_TypeError, "an integer is required");
    cr_assert_eq(PyLong_AsDouble(o), -1.0);
    fx_assert_raised(w_exc_TypeError, "an integer is required");
    cr_assert(PyIndex_Check(o));
    cr_assert(PyNumber_Check(o));
    cr_assert_eq(PyNumber_AsSsize_t(o, NULL), 7);
    PyObject *i = PyNumber_Index(o);
    cr_assert(PyLong_CheckExact(i));
    cr_assert_eq(PyLong_AsLong(i), 7);
    PyObject *s = PyNumber_ToBase(o, 2);
    cr_assert_str_eq(PyUnicode_AsUTF8(s), "0b111");
    Py_DECREF(s);
    Py_DECREF(i);
    Py_DECREF(o);
}

Test(numbers, inplace_on_mutable_builtins_returns_the_same_object)
{
    PyObject *l = capi_new_ref(w_list_new(0));
    PyObject *t = PyTuple_Pack(2, Py_None, Py_True);
    PyObject *r = PyNumber_InPlaceAdd(l, t);
    cr_assert_eq(r, l, "list += extends the list itself");
    cr_assert_eq(w_list_size(capi_link(l)), 2);
    Py_DECREF(r);
    PyObject *two = PyLong_FromLong(2);
    r = PyNumber_InPlaceMultiply(l, two);
    cr_assert_eq(r, l);
    cr_assert_eq(w_list_size(capi_link(l)), 4);
    Py_DECREF(r);
    r = PyNumber_InPlaceAdd(two, two);
    cr_assert_neq(r, two, "an int gets a new object");
    cr_assert_eq(PyLong_AsLong(r), 4);
    Py_DECREF(r);
    Py_DECREF(two);
    Py_DECREF(t);
    Py_DECREF(l);
}

/* An extension type with only an in-place add: its slot is called, nothing crosses. */
static PyObject *iadd_result;
static PyObject *only_iadd(PyObject *a, PyObject *b)
{
    return Py_NewRef(iadd_result);
}
static PyNumberMethods iadd_number = {.nb_inplace_add = only_iadd};
static PyTypeObject IAdd_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "test.IAdd",
    .tp_basicsize = sizeof(PyObject),
    .tp_as_number = &iadd_number,
};

Test(numbers, inplace_calls_the_c_slot_first)
{
    PyObject o = {1, 0, &IAdd_Type};
    iadd_result = Py_None;
    PyObject *r = PyNumber_InPlaceAdd(&o, Py_True);
    cr_assert_eq(r, Py_None);
    cr_assert_null(capi_link(&o), "the slot answered: the object never crossed");
}

Test(numbers, arithmetic_survives_gc_stress)
{
    cx_restart_in_stress_mode();
    PyObject *a = PyLong_FromUnsignedLongLong(UINT64_MAX);
    PyObject *b = PyLong_FromLong(3);
    PyObject *p = PyNumber_Power(a, b, Py_None);
    PyObject *m = PyNumber_Power(a, b, b);
    PyObject *s = PyNumber_ToBase(p, 16);
    cr_assert_str_eq(PyUnicode_AsUTF8(s), "0xfffffffffffffffd0000000000000002ffffffffffffffff");
    cr_assert_eq(PyLong_AsLong(m), 0);
    PyObject *l = capi_new_ref(w_list_new(0));
    for (int i = 0; i < 20; i++) {
        PyObject *t = PyTuple_Pack(1, p);
        PyObject *r = PyNumber_InPlaceAdd(l, t);
        cr_assert_eq(r, l);
        Py_DECREF(r);
        Py_DECREF(t);
    }
    cr_assert_eq(w_list_size(capi_link(l)), 20);
    Py_DECREF(l);
    Py_DECREF(s);
    Py_DECREF(m);
    Py_DECREF(p);
    Py_DECREF(b);
    Py_DECREF(a);
}

Test(numbers, byte_arrays_round_trip)
{
    static const unsigned char cases[][12] = {
        {0},
        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
        {0x80},
        {0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01},
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x92},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t n = 1; n <= 12; n++)
            for (int le = 0; le < 2; le++)
                for (int sgn = 0; sgn < 2; sgn++) {
                    unsigned char out[12];
                    PyObject *v = _PyLong_FromByteArray(cases[c], n, le, sgn);
                    cr_assert_not_null(v);
                    cr_assert_eq(_PyLong_AsByteArray((PyLongObject *)v, out, n, le, sgn), 0,
                                 "case %zu n %zu le %d signed %d", c, n, le, sgn);
                    cr_assert_eq(memcmp(out, cases[c], n), 0);
                    Py_DECREF(v);
                }
}

Test(numbers, half_floats_round_trip_every_pattern)
{
    for (unsigned bits = 0; bits < 0x10000; bits++) {
        unsigned char in[2] = {(unsigned char)bits, (unsigned char)(bits >> 8)}, out[2];
        double x = PyFloat_Unpack2((const char *)in, 1);
        cr_assert_eq(PyFloat_Pack2(x, (char *)out, 1), 0);
        if (isnan(x))
            continue; /* every NaN packs as the quiet NaN of its sign */
        cr_assert_eq(memcmp(in, out, 2), 0, "bits %04x", bits);
    }
}

Test(numbers, half_floats_round_half_to_even)
{
    unsigned char out[2];
    double ulp = ldexp(1, -10); /* of the binade [1, 2) */
    cr_assert_eq(PyFloat_Pack2(1 + ulp / 2, (char *)out, 0), 0);
    cr_assert_eq(out[0] << 8 | out[1], 0x3c00, "a tie goes to the even 1.0");
    cr_assert_eq(PyFloat_Pack2(1 + 3 * ulp / 2, (char *)out, 0), 0);
    cr_assert_eq(out[0] << 8 | out[1], 0x3c02, "a tie goes to the even 1 + 2ulp");
    cr_assert_eq(PyFloat_Pack2(ldexp(1, -25), (char *)out, 0), 0);
    cr_assert_eq(out[0] << 8 | out[1], 0, "half the smallest subnormal goes to zero");
    cr_assert_eq(PyFloat_Pack2(ldexp(3, -26), (char *)out, 0), 0);
    cr_assert_eq(out[0] << 8 | out[1], 1, "above the tie: the smallest subnormal");
}

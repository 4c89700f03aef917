/* test_text.c — str, bytes and bytearray proxies: stable buffers across collections, C-made objects crossing, pinning. */
#include "tests/capi/fixture.h"

TestSuite(text, .init = cx_setup, .fini = cx_teardown);

/* A young runtime str of `s` (UTF-8), as a new reference to its proxy. */
static PyObject *runtime_str(const char *s)
{
    PyObject *p = capi_new_ref(w_str_from_cstr(s));
    cr_assert(p && capi_link(p) && gc_is_young(capi_link(p)));
    return p;
}

/* Drops C's reference and lets the runtime object die, so that the proxy and its buffers
   are freed before the test ends (a sanitizer build checks for leaks). */
static void drop(PyObject *p)
{
    Py_DECREF(p);
    gc_collect_minor();
    gc_collect_major();
}

static void collect_and_churn(void)
{
    gc_collect_minor();
    for (int i = 0; i < 1000; i++)
        w_str_from_fmt("garbage %d", i);
    gc_collect_major();
    gc_collect_minor();
}

Test(text, short_runtime_str_carries_its_utf8)
{
    PyObject *p = runtime_str("hello");
    PyASCIIObject *a = (PyASCIIObject *)p;
    cr_assert(((PyCompactUnicodeObject *)p)->utf8, "made with the proxy, no second malloc");
    cr_assert(a->state.ready && a->state.ascii && a->state.kind == PyUnicode_1BYTE_KIND);
    cr_assert_eq(PyUnicode_DATA(p), (void *)PyUnicode_AsUTF8(p), "ASCII: one buffer for both");
    drop(p);
}

Test(text, utf8_pointer_outlives_collections)
{
    PyObject *p = runtime_str("caf\xc3\xa9 \xe2\x82\xac and a long tail to pass the inline limit "
                              "of one hundred and twenty bytes, which this text does exceed "
                              "by quite a few bytes");
    Py_ssize_t n;
    const char *u = PyUnicode_AsUTF8AndSize(p, &n);
    cr_assert(u);
    w_object *before = capi_link(p);
    collect_and_churn();
    cr_assert_neq(capi_link(p), before, "the runtime str moved");
    cr_assert_eq(PyUnicode_AsUTF8(p), u, "the buffer did not");
    cr_assert_eq(memcmp(u, w_str_utf8(capi_link(p)), (size_t)n + 1), 0);
    drop(p);
}

Test(text, pep393_buffer_made_on_first_use_and_stable)
{
    PyObject *p = runtime_str("\xe2\x82\xac\xf0\x9f\x98\x80 plus enough ASCII to be longer "
                              "than the inline area of the proxy, so nothing is made in advance "
                              "at all");
    cr_assert_not(((PyASCIIObject *)p)->state.ready, "W-born non-ASCII: made lazily");
    cr_assert_eq(PyUnicode_KIND(p), PyUnicode_4BYTE_KIND);
    cr_assert(((PyASCIIObject *)p)->state.ready);
    void *d = PyUnicode_DATA(p);
    cr_assert_eq(PyUnicode_READ(4, d, 0), 0x20AC);
    cr_assert_eq(PyUnicode_READ(4, d, 1), 0x1F600);
    cr_assert_eq(PyUnicode_READ(4, d, PyUnicode_GET_LENGTH(p)), 0, "NUL-terminated");
    collect_and_churn();
    cr_assert_eq(PyUnicode_DATA(p), d);
    cr_assert_eq(PyUnicode_READ_CHAR(p, 1), 0x1F600);
    drop(p);
}

Test(text, lone_surrogate_has_no_utf8)
{
    PyObject *p = capi_new_ref(w_str_from_codepoint(0xD800));
    cr_assert_null(PyUnicode_AsUTF8(p));
    fx_assert_raised(w_exc_UnicodeEncodeError,
                     "'utf-8' codec can't encode character '\\ud800' in position 0: "
                     "surrogates not allowed");
    cr_assert_eq(PyUnicode_KIND(p), PyUnicode_2BYTE_KIND);
    cr_assert_eq(PyUnicode_READ_CHAR(p, 0), 0xD800);
    drop(p);
}

Test(text, c_made_str_crosses_by_value)
{
    size_t young = capi_young_count(), mapped = capi_map_size();
    PyObject *p = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");
    cr_assert_null(capi_link(p), "a C-made str is a proxy first");
    cr_assert_eq(PyUnicode_GET_LENGTH(p), 3);
    w_object *w = capi_w_steal(p);
    cr_assert(w && w_str_eq_cstr(w, "\xc3\xa9t\xc3\xa9") && w_str_length(w) == 3);
    cr_assert_eq(capi_young_count(), young, "handed over: no link made");
    cr_assert_eq(capi_map_size(), mapped);
}

/* PyUnicode_FromStringAndSize reads ASCII a word at a time, with overlapping loads at the
   end: one non-ASCII character at any position of any short length must still be seen. */
Test(text, from_utf8_finds_non_ascii_at_every_position)
{
    char buf[40];
    for (size_t n = 0; n <= 24; n++) {
        memset(buf, 'a', n);
        PyObject *o = PyUnicode_FromStringAndSize(buf, (Py_ssize_t)n);
        cr_assert(o && PyUnicode_IS_ASCII(o) && PyUnicode_GET_LENGTH(o) == (Py_ssize_t)n);
        Py_DECREF(o);
        for (size_t at = 0; at < n; at++) {
            memset(buf, 'a', n + 1); /* "é" (2 bytes) replaces the character at `at` */
            buf[at] = (char)0xc3;
            buf[at + 1] = (char)0xa9;
            o = PyUnicode_FromStringAndSize(buf, (Py_ssize_t)n + 1);
            cr_assert(o && !PyUnicode_IS_ASCII(o), "n=%zu at=%zu", n, at);
            cr_assert_eq(PyUnicode_GET_LENGTH(o), (Py_ssize_t)n, "n=%zu at=%zu", n, at);
            cr_assert_eq(PyUnicode_READ_CHAR(o, (Py_ssize_t)at), 0xe9, "n=%zu at=%zu", n, at);
            Py_DECREF(o);
        }
    }
}

Test(text, pyunicode_new_is_written_then_crosses)
{
    PyObject *p = PyUnicode_New(3, 0x20AC);
    cr_assert_eq(PyUnicode_KIND(p), PyUnicode_2BYTE_KIND);
    Py_UCS2 *d = PyUnicode_2BYTE_DATA(p);
    d[0] = 0x20AC, d[1] = 'a', d[2] = 0xDC80;
    cr_assert_eq(PyUnicode_WriteChar(p, 1, 'b'), 0, "C may still write it");
    GC_ENTER();
    w_object *w = capi_w(p);
    GC_ROOT(w);
    cr_assert(w && w_str_length(w) == 3);
    cr_assert_eq(memcmp(w_str_utf8(w), "\xe2\x82\xac" "b\xed\xb2\x80", 7), 0,
                 "the runtime stores the lone surrogate too");
    cr_assert_eq(PyUnicode_WriteChar(p, 1, 'c'), -1, "crossed: frozen");
    fx_assert_raised(w_exc_SystemError, "Cannot modify a string currently used");
    GC_LEAVE();
    drop(p);
}

Test(text, interned_strs_are_the_runtime_interned)
{
    PyObject *a = PyUnicode_InternFromString("some_attribute");
    PyObject *b = PyUnicode_FromString("some_attribute");
    PyUnicode_InternInPlace(&b);
    cr_assert_eq(a, b);
    cr_assert_eq(capi_link(a), w_str_intern("some_attribute"));
    cr_assert_eq(PyUnicode_CHECK_INTERNED(a), SSTATE_INTERNED_MORTAL);
    Py_DECREF(a);
    Py_DECREF(b);
}

Test(text, from_format_calls_into_the_runtime)
{
    PyObject *l = capi_new_ref(w_list_new(0));
    PyObject *u = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");
    PyObject *s = PyUnicode_FromFormat("%s|%5.2U|%R|%zd|%c", "x", u, l, (Py_ssize_t)-7, 0x1F600);
    cr_assert(s);
    cr_assert_str_eq(PyUnicode_AsUTF8(s), "x|   \xc3\xa9t|[]|-7|\xf0\x9f\x98\x80");
    Py_DECREF(s);
    Py_DECREF(u);
    drop(l);
}

/* ---- bytes ---------------------------------------------------------------------------- */

Test(text, bytes_proxy_holds_the_bytes)
{
    PyObject *p = capi_new_ref(w_bytes_from("a\0b", 3));
    char *s = PyBytes_AS_STRING(p);
    cr_assert_eq(s, ((PyBytesObject *)p)->ob_sval);
    cr_assert_eq(PyBytes_GET_SIZE(p), 3);
    cr_assert_eq(memcmp(s, "a\0b", 4), 0, "NUL-terminated");
    collect_and_churn();
    cr_assert_eq(PyBytes_AsString(p), s);
    drop(p);
}

Test(text, fresh_bytes_written_then_resized_then_crosses_by_value)
{
    size_t young = capi_young_count();
    PyObject *p = PyBytes_FromStringAndSize(NULL, 3);
    memcpy(PyBytes_AS_STRING(p), "abc", 3);
    cr_assert_eq(_PyBytes_Resize(&p, 5), 0);
    memcpy(PyBytes_AS_STRING(p) + 3, "de", 2);
    cr_assert_eq(PyBytes_AS_STRING(p)[5], 0);
    w_object *w = capi_w_steal(p);
    cr_assert_eq(w_bytes_size(w), 5);
    cr_assert_eq(memcmp(w_bytes_data(w), "abcde", 5), 0);
    cr_assert_eq(capi_young_count(), young);
}

Test(text, crossed_bytes_cannot_be_resized)
{
    PyObject *p = PyBytes_FromString("abc");
    cr_assert(capi_w(p));
    cr_assert_eq(_PyBytes_Resize(&p, 5), -1);
    cr_assert_null(p);
    fx_assert_raised(w_exc_SystemError, "bad argument to internal function");
}

/* ---- bytearray -------------------------------------------------------------------------- */

Test(text, bytearray_bytes_pinned_across_collections)
{
    PyObject *p = capi_new_ref(w_bytearray_from("hello", 5));
    w_bytearray *ba = (w_bytearray *)capi_link(p);
    cr_assert(gc_is_young(ba->storage), "the runtime made young storage");
    char *s = PyByteArray_AS_STRING(p);
    cr_assert_not(gc_is_young(((w_bytearray *)capi_link(p))->storage), "pinned");
    collect_and_churn();
    cr_assert_eq(PyByteArray_AS_STRING(p), s, "stable while not resized");
    s[0] = 'J';
    cr_assert_eq(memcmp(w_bytes_data(capi_link(p)), "Jello", 5), 0, "C writes the runtime's bytes");
    cr_assert_eq(s[5], 0);
    drop(p);
}

Test(text, bytearray_size_follows_the_runtime)
{
    PyObject *p = capi_new_ref(w_bytearray_from("abc", 3));
    char *s = PyByteArray_AS_STRING(p);
    GC_ENTER();
    w_object *args[1] = {NULL};
    GC_ROOT_ARRAY(args, 1);
    args[0] = w_int_from_i64('d');
    cr_assert(space_call_method(capi_link(p), "append", args, 1));
    cr_assert_eq(PyByteArray_GET_SIZE(p), 4);
    cr_assert_eq(PyByteArray_AS_STRING(p), s, "grown within the pinned storage: same bytes");
    cr_assert_eq(memcmp(s, "abcd", 5), 0);
    cr_assert_eq(PyByteArray_Resize(p, 1000), 0);
    cr_assert_eq(PyByteArray_GET_SIZE(p), 1000);
    s = PyByteArray_AS_STRING(p);
    cr_assert_eq(memcmp(s, "abcd\0", 5), 0, "grown with zeros");
    GC_LEAVE();
    drop(p);
}

/* The same paths with a collection at every allocation. */
Test(text, stress_mode_round_trips)
{
    cx_restart_in_stress_mode();
    for (int i = 0; i < 50; i++) {
        PyObject *euro = capi_new_ref(w_str_from_cstr("\xe2\x82\xac"));
        PyObject *s = PyUnicode_FromFormat("%d:%S", i, euro);
        cr_assert(s);
        PyObject *parts = PyUnicode_Split(s, capi_proxy(w_str_intern(":")), -1);
        cr_assert(parts);
        PyObject *u = PyUnicode_AsUTF8String(s);
        PyObject *b = PyByteArray_FromStringAndSize(PyBytes_AS_STRING(u), PyBytes_GET_SIZE(u));
        cr_assert(b);
        char *d = PyByteArray_AS_STRING(b);
        w_str_from_cstr("churn");
        cr_assert_eq(memcmp(d, PyBytes_AS_STRING(u), (size_t)PyBytes_GET_SIZE(u)), 0);
        PyObject *back = PyUnicode_DecodeUTF8(d, PyByteArray_GET_SIZE(b), NULL);
        cr_assert_eq(PyUnicode_Compare(s, back), 0);
        Py_DECREF(back);
        Py_DECREF(b);
        Py_DECREF(u);
        Py_DECREF(parts);
        Py_DECREF(s);
        Py_DECREF(euro);
    }
}

/* test_bytes.c — bytes and bytearray: construction, reprs, codecs, shared methods, mutation, GC safety. */
#include <stdarg.h>

#include "fixture.h"

TestSuite(bytes, .init = fx_setup, .fini = fx_teardown);
TestSuite(bytearray, .init = fx_setup, .fini = fx_teardown);

static w_object *B(const char *c)
{
    return w_bytes_from(c, strlen(c));
}

static w_object *BA(const char *c)
{
    return w_bytearray_from(c, strlen(c));
}

/* ---- bytes ----------------------------------------------------------------------------- */

Test(bytes, data_is_nul_terminated_and_sized)
{
    w_object *b = w_bytes_from("a\0b", 3);
    cr_assert_eq(w_bytes_size(b), 3);
    cr_assert_eq(memcmp(w_bytes_data(b), "a\0b", 4), 0);
}

Test(bytes, repr_escapes_and_quotes)
{
    fx_assert_repr(w_bytes_from("\x00\t\n\r\\\x7f\x80\xff", 8), "b'\\x00\\t\\n\\r\\\\\\x7f\\x80\\xff'");
    fx_assert_repr(B("it's"), "b\"it's\"");
    fx_assert_repr(B("'\""), "b'\\'\"'");
}

Test(bytes, constructor_forms_and_errors)
{
    fx_assert_repr(fx_construct(w_bytes_type, ""), "b''");
    fx_assert_repr(fx_construct(w_bytes_type, "i", (int64_t)2), "b'\\x00\\x00'");
    fx_assert_repr(fx_construct(w_bytes_type, "ss", "\xc3\xa9", "utf-8"), "b'\\xc3\\xa9'");
    cr_assert_null(fx_construct(w_bytes_type, "s", "abc"));
    fx_assert_raised(w_exc_TypeError, "string argument without an encoding");
    cr_assert_null(fx_construct(w_bytes_type, "i", (int64_t)-1));
    fx_assert_raised(w_exc_ValueError, "negative count");
    cr_assert_null(fx_construct(w_bytes_type, "o", w_None));
    fx_assert_raised(w_exc_TypeError, "cannot convert 'NoneType' object to bytes");
}

Test(bytes, constructor_takes_iterables_of_ints)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *x = NULL;
    GC_ROOT(l);
    GC_ROOT(x);
    x = w_int_from_i64(104);
    w_list_append(l, x);
    x = w_int_from_i64(105);
    w_list_append(l, x);
    fx_assert_repr(fx_construct(w_bytes_type, "o", l), "b'hi'");
    x = w_int_from_i64(256);
    w_list_append(l, x);
    cr_assert_null(fx_construct(w_bytes_type, "o", l));
    fx_assert_raised(w_exc_ValueError, "bytes must be in range(0, 256)");
    GC_LEAVE();
}

Test(bytes, getitem_gives_ints_and_slices_give_bytes)
{
    GC_ENTER();
    w_object *b = B("hello"), *k = NULL;
    GC_ROOT(b);
    GC_ROOT(k);
    k = w_int_from_i64(-1);
    fx_assert_repr(space_getitem(b, k), "111");
    k = w_slice_new(w_None, w_None, k);
    fx_assert_repr(space_getitem(b, k), "b'olleh'");
    k = w_int_from_i64(5);
    cr_assert_null(space_getitem(b, k));
    fx_assert_raised(w_exc_IndexError, "index out of range");
    GC_LEAVE();
}

Test(bytes, compares_with_bytearray_but_not_str)
{
    GC_ENTER();
    w_object *a = B("abc"), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = BA("abc");
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 1);
    b = BA("abd");
    cr_assert_eq(space_compare_bool(a, b, W_LT), 1);
    b = w_str_from_cstr("abc");
    cr_assert_eq(space_compare_bool(a, b, W_EQ), 0);
    GC_LEAVE();
}

Test(bytes, contains_int_or_bytes)
{
    GC_ENTER();
    w_object *b = B("hello"), *x = NULL;
    GC_ROOT(b);
    GC_ROOT(x);
    x = w_int_from_i64('e');
    cr_assert_eq(space_contains(b, x), 1);
    x = B("ll");
    cr_assert_eq(space_contains(b, x), 1);
    x = w_int_from_i64(300);
    cr_assert_eq(space_contains(b, x), -1);
    fx_assert_raised(w_exc_ValueError, "byte must be in range(0, 256)");
    x = w_str_from_cstr("h");
    cr_assert_eq(space_contains(b, x), -1);
    fx_assert_raised(w_exc_TypeError, "a bytes-like object is required, not 'str'");
    GC_LEAVE();
}

Test(bytes, decode_with_codecs_and_handlers)
{
    fx_assert_repr(fx_callm(B("caf\xc3\xa9"), "decode", ""), "'caf\xc3\xa9'");
    fx_assert_repr(fx_callm(B("caf\xc3\xa9"), "decode", "s", "latin-1"), "'caf\xc3\x83\xc2\xa9'");
    fx_assert_repr(fx_callm(B("a\xff"), "decode", "ss", "ascii", "replace"), "'a\xef\xbf\xbd'");
    cr_assert_null(fx_callm(B("\xe4\xb8"), "decode", ""));
    fx_assert_raised(w_exc_UnicodeDecodeError,
                     "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
}

Test(bytes, hex_and_fromhex)
{
    fx_assert_repr(fx_callm(w_bytes_from("\xde\xad\xbe\xef\x01", 5), "hex", "si", ":", (int64_t)2),
                   "'de:adbe:ef01'");
    fx_assert_repr(fx_callm(w_bytes_from("\xde\xad\xbe\xef\x01", 5), "hex", "si", "-", (int64_t)-2),
                   "'dead-beef-01'");
    fx_assert_repr(fx_callm((w_object *)w_bytes_type, "fromhex", "s", "de ad\tbe"),
                   "b'\\xde\\xad\\xbe'");
    cr_assert_null(fx_callm((w_object *)w_bytes_type, "fromhex", "s", " 01 0 2"));
    fx_assert_raised(w_exc_ValueError,
                     "non-hexadecimal number found in fromhex() arg at position 5");
}

Test(bytes, shared_methods_keep_the_receiver_kind)
{
    fx_assert_repr(fx_callm(B("a,b"), "split", "y", ","), "[b'a', b'b']");
    fx_assert_repr(fx_callm(BA("a,b"), "split", "y", ","), "[bytearray(b'a'), bytearray(b'b')]");
    fx_assert_repr(fx_callm(BA("a-b"), "partition", "y", "-"),
                   "(bytearray(b'a'), bytearray(b'-'), bytearray(b'b'))");
    fx_assert_repr(fx_callm(B("hello world"), "title", ""), "b'Hello World'");
    fx_assert_repr(fx_callm(BA("  x "), "strip", ""), "bytearray(b'x')");
    fx_assert_repr(fx_callm(B("hello"), "find", "i", (int64_t)'l'), "2");
    cr_assert_null(fx_callm(B("hello"), "index", "y", "z"));
    fx_assert_raised(w_exc_ValueError, "subsection not found");
    cr_assert_null(fx_callm(BA("x"), "upper", "i", (int64_t)1));
    fx_assert_raised(w_exc_TypeError, "bytearray.upper() takes no arguments (1 given)");
}

/* ---- bytearray ----------------------------------------------------------------------------- */

Test(bytearray, repr_and_unhashable)
{
    /* CPython's bytearray repr escapes ' even inside double quotes (bytes' does not). */
    fx_assert_repr(BA("x'"), "bytearray(b\"x\\'\")");
    fx_assert_repr(BA(""), "bytearray(b'')");
    int64_t h;
    cr_assert_eq(space_hash(BA("x"), &h), -1);
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'bytearray'");
}

Test(bytearray, append_extend_pop_insert_remove)
{
    GC_ENTER();
    w_object *ba = BA("ab");
    GC_ROOT(ba);
    cr_assert_eq(fx_callm(ba, "append", "i", (int64_t)'c'), w_None);
    cr_assert_eq(fx_callm(ba, "extend", "y", "de"), w_None);
    cr_assert_eq(fx_callm(ba, "insert", "ii", (int64_t)-1, (int64_t)'X'), w_None);
    fx_assert_repr(ba, "bytearray(b'abcdXe')");
    fx_assert_repr(fx_callm(ba, "pop", ""), "101");
    fx_assert_repr(fx_callm(ba, "pop", "i", (int64_t)0), "97");
    cr_assert_eq(fx_callm(ba, "remove", "i", (int64_t)'X'), w_None);
    fx_assert_repr(ba, "bytearray(b'bcd')");
    cr_assert_null(fx_callm(ba, "remove", "i", (int64_t)'X'));
    fx_assert_raised(w_exc_ValueError, "value not found in bytearray");
    cr_assert_null(fx_callm(ba, "append", "i", (int64_t)256));
    fx_assert_raised(w_exc_ValueError, "byte must be in range(0, 256)");
    cr_assert_eq(fx_callm(ba, "clear", ""), w_None);
    cr_assert_null(fx_callm(ba, "pop", ""));
    fx_assert_raised(w_exc_IndexError, "pop from empty bytearray");
    GC_LEAVE();
}

Test(bytearray, item_and_slice_assignment)
{
    GC_ENTER();
    w_object *ba = BA("abcdef"), *k = NULL, *v = NULL;
    GC_ROOT(ba);
    GC_ROOT(k);
    GC_ROOT(v);
    k = w_int_from_i64(0);
    v = w_int_from_i64('A');
    cr_assert_eq(space_setitem(ba, k, v), 0);
    k = w_int_from_i64(1);
    v = w_int_from_i64(3);
    k = w_slice_new(k, v, w_None);
    v = B("XYZ");
    cr_assert_eq(space_setitem(ba, k, v), 0);
    fx_assert_repr(ba, "bytearray(b'AXYZdef')");
    v = w_int_from_i64(2);
    k = w_slice_new(w_None, w_None, v);
    v = B("12");
    cr_assert_eq(space_setitem(ba, k, v), -1);
    fx_assert_raised(w_exc_ValueError,
                     "attempt to assign bytes of size 2 to extended slice of size 4");
    cr_assert_eq(space_delitem(ba, k), 0);
    fx_assert_repr(ba, "bytearray(b'XZe')");
    k = w_int_from_i64(9);
    cr_assert_eq(space_delitem(ba, k), -1);
    fx_assert_raised(w_exc_IndexError, "bytearray index out of range");
    GC_LEAVE();
}

Test(bytearray, grows_by_appends_under_gc_stress)
{
    gc_shutdown();
    gc_config cfg = {0, 1, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
    GC_ENTER();
    w_object *ba = BA(""), *b = NULL, *s = NULL;
    GC_ROOT(ba);
    GC_ROOT(b);
    GC_ROOT(s);
    for (int k = 0; k < 500; k++)
        cr_assert_eq(fx_callm(ba, "append", "i", (int64_t)('a' + k % 26)), w_None);
    cr_assert_eq(w_bytes_size(ba), 500);
    for (int k = 0; k < 500; k++)
        cr_assert_eq(w_bytes_data(ba)[k], 'a' + k % 26);
    cr_assert_eq(fx_callm(ba, "extend", "o", ba), w_None, "extending by itself");
    cr_assert_eq(w_bytes_size(ba), 1000);
    b = fx_callm(ba, "copy", "");
    cr_assert_eq(space_compare_bool(b, ba, W_EQ), 1, "a young copy made under stress");
    fx_assert_repr(w_bytearray_from("xyz", 3), "bytearray(b'xyz')");
    b = fx_construct(w_bytes_type, "o", ba);
    s = fx_callm(b, "decode", "");
    cr_assert_eq(w_str_length(s), 1000);
    b = fx_callm(s, "encode", "");
    cr_assert_eq(space_compare_bool(b, ba, W_EQ), 1);
    GC_LEAVE();
}

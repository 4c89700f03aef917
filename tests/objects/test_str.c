/* test_str.c — str: UTF-8 storage, reprs, interning, codecs, indexing, methods, GC safety; strbuf. */
#include <stdarg.h>

#include "fixture.h"

TestSuite(str, .init = fx_setup, .fini = fx_teardown);
TestSuite(strbuf, .init = fx_setup, .fini = fx_teardown);

static w_object *S(const char *c)
{
    return w_str_from_cstr(c);
}

/* ---- storage ---------------------------------------------------------------------------- */

Test(str, caches_code_point_length_and_ascii_flag)
{
    w_object *s = S("h\xc3\xa9llo \xf0\x9f\x98\x80");
    cr_assert_eq(w_str_length(s), 7);
    cr_assert_eq(w_str_nbytes(s), 11);
    cr_assert_not(((w_str *)s)->ascii);
    cr_assert_eq(w_str_utf8(s)[11], 0, "storage is NUL-terminated");
    w_object *a = S("plain");
    cr_assert(((w_str *)a)->ascii);
    cr_assert_eq(w_str_length(a), 5);
}

Test(str, validates_utf8_like_the_strict_decoder)
{
    cr_assert_eq(w_utf8_validate("a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", 10), 4);
    cr_assert_eq(w_utf8_validate("", 0), 0);
    cr_assert_eq(w_utf8_validate("\xff", 1), -1, "invalid start byte");
    cr_assert_eq(w_utf8_validate("\xc0\x80", 2), -1, "overlong");
    cr_assert_eq(w_utf8_validate("\xe0\x80\x80", 3), -1, "overlong");
    cr_assert_eq(w_utf8_validate("\xed\xa0\x80", 3), -1, "surrogate");
    cr_assert_eq(w_utf8_validate("\xf4\x90\x80\x80", 4), -1, "above U+10FFFF");
    cr_assert_eq(w_utf8_validate("\xe4\xb8", 2), -1, "truncated");
    cr_assert_eq(w_utf8_validate("a\0b", 3), 3, "NUL is a character");
}

Test(str, from_codepoint_and_fmt)
{
    fx_assert_repr(w_str_from_codepoint(0x1F600), "'\xf0\x9f\x98\x80'");
    fx_assert_repr(w_str_from_codepoint(0xD800), "'\\ud800'");
    cr_assert_eq(w_str_length(w_str_from_codepoint(0xD800)), 1);
    w_object *f = w_str_from_fmt("%s=%d", "x", 42);
    cr_assert(w_str_eq_cstr(f, "x=42"));
}

Test(str, equality_and_hash)
{
    GC_ENTER();
    w_object *a = S("caf\xc3\xa9"), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = S("caf\xc3\xa9");
    cr_assert(w_str_equal(a, b));
    cr_assert(w_str_eq_cstr(a, "caf\xc3\xa9"));
    cr_assert_not(w_str_eq_cstr(a, "cafe"));
    int64_t ha, hb, he;
    cr_assert_eq(w_str_hash(a, &ha), 0);
    cr_assert_eq(w_str_hash(b, &hb), 0);
    cr_assert_eq(ha, hb);
    cr_assert_neq(ha, -1);
    cr_assert_eq(w_str_hash(S(""), &he), 0);
    cr_assert_eq(he, 0, "hash('') == 0 as in CPython");
    GC_LEAVE();
}

Test(str, intern_gives_one_object_that_survives_collections)
{
    w_object *a = w_str_intern("attribute_name");
    gc_collect_minor();
    gc_collect_major();
    w_object *b = w_str_intern("attribute_name");
    cr_assert_eq(a, b);
    cr_assert(w_str_eq_cstr(b, "attribute_name"));
    cr_assert_neq(w_str_intern("other"), a);
}

/* ---- repr -------------------------------------------------------------------------------- */

Test(str, repr_chooses_quotes_like_cpython)
{
    fx_assert_repr(S("abc"), "'abc'");
    fx_assert_repr(S("it's"), "\"it's\"");
    fx_assert_repr(S("say \"hi\""), "'say \"hi\"'");
    fx_assert_repr(S("both ' and \""), "'both \\' and \"'");
}

Test(str, repr_escapes_unprintable_and_keeps_printable_unicode)
{
    fx_assert_repr(S("\t\n\r\\"), "'\\t\\n\\r\\\\'");
    fx_assert_repr(S("\x01\x7f"), "'\\x01\\x7f'");
    fx_assert_repr(S("\xc2\x80\xc2\xa0\xc2\xad"), "'\\x80\\xa0\\xad'");
    fx_assert_repr(S("\xe2\x80\xa8"), "'\\u2028'");
    fx_assert_repr(S("\xf3\xa0\x80\x81"), "'\\U000e0001'");
    fx_assert_repr(S("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80"), "'\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80'");
}

/* ---- decoding and encoding ------------------------------------------------------------------ */

Test(str, decode_utf8_error_messages)
{
    cr_assert_null(w_str_decode_utf8("\xff", 1, "strict"));
    fx_assert_raised(w_exc_UnicodeDecodeError,
                     "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    cr_assert_null(w_str_decode_utf8("ab\xe4\xb8", 4, NULL));
    fx_assert_raised(w_exc_UnicodeDecodeError,
                     "'utf-8' codec can't decode bytes in position 2-3: unexpected end of data");
    cr_assert_null(w_str_decode_utf8("\xe4\x41", 2, NULL));
    fx_assert_raised(w_exc_UnicodeDecodeError,
                     "'utf-8' codec can't decode byte 0xe4 in position 0: invalid continuation byte");
    cr_assert_null(w_str_decode_utf8("a\xf0\x9f\x98" "b", 5, NULL));
    fx_assert_raised(w_exc_UnicodeDecodeError,
                     "'utf-8' codec can't decode bytes in position 1-3: invalid continuation byte");
}

Test(str, decode_utf8_replace_and_ignore)
{
    fx_assert_repr(w_str_decode_utf8("a\xed\xa0\x80z", 5, "replace"),
                   "'a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz'");
    fx_assert_repr(w_str_decode_utf8("\xf0\x9f\x98", 3, "replace"), "'\xef\xbf\xbd'");
    fx_assert_repr(w_str_decode_utf8("a\xff\xfe" "b", 4, "ignore"), "'ab'");
    cr_assert_null(w_str_decode_utf8("\xff", 1, "bogus"));
    fx_assert_raised(w_exc_LookupError, "unknown error handler name 'bogus'");
    fx_assert_repr(w_str_decode_utf8("ok", 2, "bogus"), "'ok'");
}

Test(str, encode_error_reports_the_run_of_characters)
{
    w_object *r = fx_callm(S("a\xc3\xa9\xc3\xa9\xe4\xb8\xad" "b"), "encode", "s", "ascii");
    cr_assert_null(r);
    fx_assert_raised(w_exc_UnicodeEncodeError,
                     "'ascii' codec can't encode characters in position 1-3: ordinal not in range(128)");
    r = fx_callm(S("\xc3\xa9\xe4\xb8\xad"), "encode", "s", "latin-1");
    fx_assert_raised(w_exc_UnicodeEncodeError,
                     "'latin-1' codec can't encode character '\\u4e2d' in position 1: ordinal not in range(256)");
    fx_assert_repr(fx_callm(S("\xc3\xa9\xe4\xb8\xad"), "encode", "ss", "ascii", "backslashreplace"),
                   "b'\\\\xe9\\\\u4e2d'");
    cr_assert_null(fx_callm(S("x"), "encode", "s", "utf-16"));
    fx_assert_raised(w_exc_LookupError, "unknown encoding: utf-16");
}

Test(str, constructor_decodes_with_encoding)
{
    GC_ENTER();
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    args[0] = w_bytes_from("caf\xc3\xa9", 5);
    args[1] = S("utf-8");
    fx_assert_repr(space_call((w_object *)w_str_type, args, 2, NULL), "'caf\xc3\xa9'");
    args[0] = w_int_from_i64(1);
    cr_assert_null(space_call((w_object *)w_str_type, args, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "decoding to str: need a bytes-like object, int found");
    fx_assert_repr(space_call((w_object *)w_str_type, args, 1, NULL), "'1'");
    GC_LEAVE();
}

/* ---- sequence behaviour ---------------------------------------------------------------------- */

Test(str, indexes_and_slices_by_code_point)
{
    GC_ENTER();
    w_object *s = S("h\xc3\xa9llo \xe4\xb8\xad\xf0\x9f\x98\x80"), *k = NULL;
    GC_ROOT(s);
    GC_ROOT(k);
    k = w_int_from_i64(1);
    fx_assert_repr(space_getitem(s, k), "'\xc3\xa9'");
    k = w_int_from_i64(-1);
    fx_assert_repr(space_getitem(s, k), "'\xf0\x9f\x98\x80'");
    k = w_int_from_i64(8);
    cr_assert_null(space_getitem(s, k));
    fx_assert_raised(w_exc_IndexError, "string index out of range");
    k = w_int_from_i64(-1);
    k = w_slice_new(w_None, w_None, k);
    fx_assert_repr(space_getitem(s, k), "'\xf0\x9f\x98\x80\xe4\xb8\xad oll\xc3\xa9h'");
    k = S("x");
    cr_assert_null(space_getitem(s, k));
    fx_assert_raised(w_exc_TypeError, "string indices must be integers, not 'str'");
    GC_LEAVE();
}

Test(str, contains_requires_a_str)
{
    GC_ENTER();
    w_object *s = S("\xe4\xb8\xad\xe6\x96\x87"), *x = NULL;
    GC_ROOT(s);
    GC_ROOT(x);
    x = S("\xe6\x96\x87");
    cr_assert_eq(space_contains(s, x), 1);
    x = S("x");
    cr_assert_eq(space_contains(s, x), 0);
    x = w_int_from_i64(1);
    cr_assert_eq(space_contains(s, x), -1);
    fx_assert_raised(w_exc_TypeError, "'in <string>' requires string as left operand, not int");
    GC_LEAVE();
}

Test(str, iterates_code_points)
{
    GC_ENTER();
    w_object *it = NULL, *c = NULL;
    GC_ROOT(it);
    GC_ROOT(c);
    it = space_iter(S("a\xc3\xa9\xf0\x9f\x98\x80"));
    const char *want[] = {"a", "\xc3\xa9", "\xf0\x9f\x98\x80"};
    for (int k = 0; k < 3; k++) {
        c = space_next(it);
        cr_assert(c && w_str_eq_cstr(c, want[k]));
    }
    cr_assert_null(space_next(it));
    cr_assert_not(w_err_occurred());
    GC_LEAVE();
}

Test(str, concat_and_repeat)
{
    GC_ENTER();
    w_object *a = S("\xc3\xa9"), *b = NULL, *r = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(r);
    b = S("x");
    r = space_binop(W_OP_ADD, a, b);
    cr_assert(w_str_eq_cstr(r, "\xc3\xa9x"));
    cr_assert_eq(w_str_length(r), 2);
    b = w_int_from_i64(3);
    r = space_binop(W_OP_MUL, a, b);
    cr_assert(w_str_eq_cstr(r, "\xc3\xa9\xc3\xa9\xc3\xa9"));
    cr_assert_eq(w_str_length(r), 3);
    GC_LEAVE();
}

/* ---- methods ------------------------------------------------------------------------------- */

Test(str, split_on_whitespace_and_separator)
{
    fx_assert_repr(fx_callm(S("  a b\xe3\x80\x80" "c  "), "split", ""), "['a', 'b', 'c']");
    fx_assert_repr(fx_callm(S("  a b c  "), "rsplit", "oi", w_None, (int64_t)1), "['  a b', 'c']");
    fx_assert_repr(fx_callm(S("a,b,,c"), "split", "si", ",", (int64_t)2), "['a', 'b', ',c']");
    cr_assert_null(fx_callm(S("a"), "split", "s", ""));
    fx_assert_raised(w_exc_ValueError, "empty separator");
}

Test(str, join_checks_item_types)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *x = NULL;
    GC_ROOT(l);
    GC_ROOT(x);
    x = S("a");
    w_list_append(l, x);
    x = w_int_from_i64(1);
    w_list_append(l, x);
    x = S("-");
    cr_assert_null(fx_callm(x, "join", "o", l));
    fx_assert_raised(w_exc_TypeError, "sequence item 1: expected str instance, int found");
    GC_LEAVE();
}

Test(str, find_uses_code_point_indices)
{
    w_object *s = NULL;
    GC_ENTER();
    GC_ROOT(s);
    s = S("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe4\xb8\xad");
    fx_assert_repr(fx_callm(s, "find", "si", "\xe4\xb8\xad", (int64_t)1), "3");
    fx_assert_repr(fx_callm(s, "rfind", "s", "\xe6\x96\x87"), "1");
    fx_assert_repr(fx_callm(s, "count", "s", ""), "5");
    cr_assert_null(fx_callm(s, "index", "s", "x"));
    fx_assert_raised(w_exc_ValueError, "substring not found");
    cr_assert_null(fx_callm(s, "find", ""));
    fx_assert_raised(w_exc_TypeError, "find() takes at least 1 argument (0 given)");
    GC_LEAVE();
}

Test(str, case_mapping_is_full_unicode)
{
    fx_assert_repr(fx_callm(S("stra\xc3\x9f" "e"), "upper", ""), "'STRASSE'");
    fx_assert_repr(fx_callm(S("\xce\x91\xce\xa3 \xce\xa3"), "lower", ""), "'\xce\xb1\xcf\x82 \xcf\x83'");
    fx_assert_repr(fx_callm(S("they're"), "title", ""), "\"They'Re\"");
    fx_assert_repr(fx_callm(S("\xc7\x86" "a"), "capitalize", ""), "'\xc7\x85" "a'");
    fx_assert_repr(fx_callm(S("\xc3\x9f"), "casefold", ""), "'ss'");
    cr_assert_null(fx_callm(S("a"), "upper", "i", (int64_t)1));
    fx_assert_raised(w_exc_TypeError, "str.upper() takes no arguments (1 given)");
}

Test(str, predicates_follow_unicode_classes)
{
    cr_assert_eq(fx_callm(S("\xe4\xb8\x80\xe4\xba\x8c"), "isnumeric", ""), w_True);
    cr_assert_eq(fx_callm(S("\xc2\xb2"), "isdigit", ""), w_True);
    cr_assert_eq(fx_callm(S("\xc2\xb2"), "isdecimal", ""), w_False);
    cr_assert_eq(fx_callm(S(" \x1c\xe3\x80\x80"), "isspace", ""), w_True);
    cr_assert_eq(fx_callm(S("_\xe5\x8f\x98"), "isidentifier", ""), w_True);
    cr_assert_eq(fx_callm(S("a\x7f"), "isprintable", ""), w_False);
    cr_assert_eq(fx_callm(S("\xc7\x85"), "istitle", ""), w_True);
    cr_assert_eq(fx_callm(S(""), "isalpha", ""), w_False);
}

Test(str, padding_and_stripping)
{
    fx_assert_repr(fx_callm(S("ab"), "center", "is", (int64_t)5, "\xe4\xb8\xad"),
                   "'\xe4\xb8\xad\xe4\xb8\xad" "ab\xe4\xb8\xad'");
    fx_assert_repr(fx_callm(S("-42"), "zfill", "i", (int64_t)6), "'-00042'");
    fx_assert_repr(fx_callm(S("\xc3\xa9" "a\xc3\xa9"), "strip", "s", "\xc3\xa9"), "'a'");
    fx_assert_repr(fx_callm(S("a\tb"), "expandtabs", "i", (int64_t)4), "'a   b'");
    cr_assert_null(fx_callm(S("a"), "center", "is", (int64_t)5, "ab"));
    fx_assert_raised(w_exc_TypeError, "The fill character must be exactly one character long");
}

/* ---- GC safety ------------------------------------------------------------------------------- */

Test(str, builds_big_strings_under_gc_stress)
{
    fx_restart_in_stress_mode();
    GC_ENTER();
    w_object *acc = NULL, *piece = NULL, *list = NULL, *joined = NULL;
    GC_ROOT(acc);
    GC_ROOT(piece);
    GC_ROOT(list);
    GC_ROOT(joined);
    acc = S("");
    list = w_list_new(0);
    for (int k = 0; k < 300; k++) {
        piece = w_str_from_fmt("%d\xc3\xa9", k % 10);
        w_list_append(list, piece);
        acc = space_binop(W_OP_ADD, acc, piece);
        cr_assert(acc);
    }
    cr_assert_eq(w_str_length(acc), 600);
    joined = S("");
    joined = fx_callm(joined, "join", "o", list);
    cr_assert(w_str_equal(joined, acc));
    piece = fx_callm(joined, "upper", "");
    cr_assert_eq(w_str_length(piece), 600);
    cr_assert_eq(w_str_utf8(piece)[1], '\xc3');
    piece = fx_callm(joined, "split", "s", "\xc3\xa9");
    cr_assert_eq(w_list_size(piece), 301);
    piece = fx_callm(joined, "encode", "");
    cr_assert_eq(w_bytes_size(piece), 900);
    piece = fx_callm(piece, "decode", "");
    cr_assert(w_str_equal(piece, acc));
    GC_LEAVE();
}

/* ---- strbuf ---------------------------------------------------------------------------------- */

Test(strbuf, composes_text_and_finishes_a_str)
{
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "x=");
    w_strbuf_printf(&b, "%d", 12);
    w_strbuf_add_codepoint(&b, 0xE9);
    w_strbuf_add(&b, "!?", 1);
    w_object *s = w_strbuf_finish(&b);
    cr_assert(w_str_eq_cstr(s, "x=12\xc3\xa9!"));
    cr_assert_eq(w_str_length(s), 6);
    cr_assert_null(b.data, "finish frees the buffer");
}

Test(strbuf, grows_past_its_first_block)
{
    w_strbuf b;
    w_strbuf_init(&b);
    for (int k = 0; k < 1000; k++)
        w_strbuf_add_str(&b, w_str_from_codepoint('a' + k % 26));
    cr_assert_eq(b.len, 1000);
    cr_assert_eq(b.data[999], 'a' + 999 % 26);
    w_object *r = w_strbuf_finish_bytes(&b, w_bytes_type);
    cr_assert_eq(w_bytes_size(r), 1000);
}

/* test_embed.c — the embedding API: handles, scopes, errors, host functions and modules. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ferry.h"
#include "gc/gc.h" /* peeks at the collector: where objects are, how many handles are live */

static void setup(void)
{
    ferry_config cfg;
    ferry_config_default(&cfg);
    cr_assert_eq(ferry_init(&cfg), 0);
}

static void teardown(void)
{
    ferry_fini();
}

TestSuite(embed, .init = setup, .fini = teardown);

/* The object a handle holds right now. */
static void *object_of(ferry_handle h)
{
    return *(void **)h;
}

/* repr(h) as a malloc'd C string; fails the test if repr raises. */
static char *repr_of(ferry_handle h)
{
    ferry_handle r = ferry_repr(h);
    cr_assert_not_null(r, "repr raised %s", ferry_err_type_name());
    char *s = ferry_str_utf8(r, NULL);
    cr_assert_not_null(s);
    return s;
}

#define assert_repr(h, expected)                                                          \
    do {                                                                                  \
        char *r__ = repr_of(h);                                                           \
        cr_assert_str_eq(r__, expected);                                                  \
        free(r__);                                                                        \
    } while (0)

/* Asserts that `type` is pending with message `msg`, then clears it. */
#define assert_error(type, msg)                                                           \
    do {                                                                                  \
        cr_assert(ferry_err_occurred(), "no exception pending");                          \
        cr_assert_str_eq(ferry_err_type_name(), type);                                    \
        char *m__ = ferry_err_message();                                                  \
        cr_assert_str_eq(m__, msg);                                                       \
        free(m__);                                                                        \
        ferry_err_clear();                                                                \
        cr_assert(!ferry_err_occurred());                                                 \
    } while (0)

/* ---- handles and collections -------------------------------------------------------- */

Test(embed, handle_follows_object_moved_by_minor_collection)
{
    ferry_handle s = ferry_str("hello, nursery", (size_t)-1);
    void *before = object_of(s);
    cr_assert(gc_is_young(before), "a fresh str is in the nursery");
    ferry_gc_collect(0);
    cr_assert(!gc_is_young(object_of(s)), "a minor collection promotes it");
    cr_assert_neq(object_of(s), before, "promotion moves it");
    assert_repr(s, "'hello, nursery'");
}

Test(embed, container_and_items_stay_valid_across_minor_and_major)
{
    ferry_handle items[] = {ferry_int(1), ferry_str("two", (size_t)-1), ferry_float(3.5),
                            ferry_int_from_string("123456789012345678901234567890", 10)};
    ferry_handle tuple = ferry_tuple(4, items);
    void *tuple_before = object_of(tuple);
    cr_assert(gc_is_young(tuple_before));
    ferry_handle list = ferry_list(4, items);
    ferry_gc_collect(0);
    cr_assert_neq(object_of(tuple), tuple_before);
    /* garbage, then a full collection: the live objects are marked through the handles */
    for (int i = 0; i < 1000; i++)
        ferry_str("garbage", (size_t)-1);
    ferry_gc_collect(1);
    assert_repr(tuple, "(1, 'two', 3.5, 123456789012345678901234567890)");
    assert_repr(list, "[1, 'two', 3.5, 123456789012345678901234567890]");
    assert_repr(items[1], "'two'");
}

Test(embed, scope_close_releases_its_handles)
{
    size_t base = gc_handles_live();
    ferry_scope scope = ferry_scope_open();
    for (int i = 0; i < 100; i++)
        ferry_int(i);
    cr_assert_eq(gc_handles_live(), base + 100);
    ferry_scope inner = ferry_scope_open();
    ferry_none();
    ferry_scope_close(inner);
    cr_assert_eq(gc_handles_live(), base + 100);
    ferry_scope_close(scope);
    cr_assert_eq(gc_handles_live(), base);
}

/* None, True, False and Ellipsis have constant handles: no slot, valid past any scope. */
Test(embed, singleton_handles_are_constants)
{
    ferry_scope scope = ferry_scope_open();
    ferry_handle print = ferry_getattr(ferry_builtins(), "print"), end = ferry_str("", 0);
    const char *kw = "end";
    size_t base = gc_handles_live();
    ferry_handle none = ferry_none(), t = ferry_bool(1), f = ferry_bool(0), e = ferry_ellipsis();
    ferry_handle r = ferry_call(print, 0, NULL, 1, &kw, &end); /* prints nothing: None */
    cr_assert_eq(gc_handles_live(), base, "no slot for a singleton");
    cr_assert_eq(r, none, "a call returning None gives the constant handle");
    cr_assert_eq(ferry_bool(1), t);
    ferry_scope_close(scope);
    base = gc_handles_live();
    ferry_gc_collect(0);
    ferry_gc_collect(1);
    cr_assert(ferry_is_none(none) && ferry_is_none(r));
    cr_assert_eq(ferry_truth(t), 1);
    cr_assert_eq(ferry_truth(f), 0);
    cr_assert_str_eq(ferry_type_name(e), "ellipsis");
    ferry_handle kept = ferry_persist(none);
    cr_assert_neq(kept, none, "persisting one makes a slot of its own");
    cr_assert(ferry_is_none(kept));
    ferry_release(kept);
    cr_assert_eq(gc_handles_live(), base);
}

Test(embed, persistent_handle_survives_scope_and_collections)
{
    size_t base = gc_handles_live();
    ferry_scope scope = ferry_scope_open();
    ferry_handle kept = ferry_persist(ferry_str("kept", (size_t)-1));
    ferry_scope_close(scope);
    cr_assert_eq(gc_handles_live(), base + 1);
    ferry_gc_collect(0);
    ferry_gc_collect(1);
    scope = ferry_scope_open();
    assert_repr(kept, "'kept'");
    ferry_scope_close(scope);
    ferry_release(kept);
    cr_assert_eq(gc_handles_live(), base);
}

Test(embed, dup_and_identity)
{
    ferry_handle a = ferry_list(0, NULL);
    ferry_handle b = ferry_dup(a);
    cr_assert_neq(a, b, "a new handle");
    cr_assert(ferry_is(a, b), "to the same object");
    ferry_gc_collect(0);
    cr_assert(ferry_is(a, b));
    cr_assert_str_eq(ferry_type_name(a), "list");
    cr_assert(ferry_is_list(a) && !ferry_is_tuple(a));
    ferry_handle t = ferry_type_of(a);
    assert_repr(t, "<class 'list'>");
}

/* ---- values ------------------------------------------------------------------------- */

Test(embed, scalar_round_trips)
{
    int64_t i;
    double d;
    cr_assert_eq(ferry_int_value(ferry_int(-42), &i), 0);
    cr_assert_eq(i, -42);
    cr_assert_eq(ferry_float_value(ferry_float(0.25), &d), 0);
    cr_assert_eq(d, 0.25);
    size_t len;
    char *s = ferry_str_utf8(ferry_str("h\xc3\xa9llo", (size_t)-1), &len);
    cr_assert_str_eq(s, "h\xc3\xa9llo");
    cr_assert_eq(len, 6);
    free(s);
    void *b = ferry_bytes_data(ferry_bytes("a\0b", 3), &len);
    cr_assert_eq(len, 3);
    cr_assert_eq(memcmp(b, "a\0b", 3), 0);
    free(b);
    assert_repr(ferry_int_from_string("0x_ff", 0), "255");
    assert_repr(ferry_slice(ferry_int(1), NULL, ferry_int(2)), "slice(1, None, 2)");
    assert_repr(ferry_ellipsis(), "Ellipsis");
}

Test(embed, operations_through_the_space)
{
    ferry_handle big = ferry_binary(FERRY_POW, ferry_int(2), ferry_int(100));
    assert_repr(big, "1267650600228229401496703205376");
    assert_repr(ferry_unary(FERRY_NEG, big), "-1267650600228229401496703205376");
    assert_repr(ferry_compare(FERRY_LT, ferry_int(1), big), "True");
    ferry_handle d = ferry_dict();
    cr_assert_eq(ferry_dict_set(d, "k", ferry_int(7)), 0);
    assert_repr(ferry_dict_get(d, "k"), "7");
    cr_assert_null(ferry_dict_get(d, "absent"));
    cr_assert(!ferry_err_occurred(), "absent key is not an error");
    cr_assert_eq(ferry_len(d), 1);
    cr_assert_eq(ferry_contains(d, ferry_str("k", (size_t)-1)), 1);
    ferry_handle len = ferry_getattr(ferry_builtins(), "len");
    ferry_handle arg = ferry_str("four", (size_t)-1);
    assert_repr(ferry_call(len, 1, &arg, 0, NULL, NULL), "4");
}

Test(embed, iteration_ends_without_error)
{
    ferry_handle items[] = {ferry_int(1), ferry_int(2)};
    ferry_handle it = ferry_iter(ferry_tuple(2, items));
    cr_assert_not_null(ferry_next(it));
    cr_assert_not_null(ferry_next(it));
    cr_assert_null(ferry_next(it));
    cr_assert(!ferry_err_occurred());
}

/* ---- errors as values --------------------------------------------------------------- */

Test(embed, failed_lookup_returns_null_with_type_and_message)
{
    ferry_handle r = ferry_getitem(ferry_dict(), ferry_str("absent", (size_t)-1));
    cr_assert_null(r);
    cr_assert(ferry_err_matches("KeyError"));
    cr_assert(ferry_err_matches("LookupError"), "matching takes subclasses");
    cr_assert(!ferry_err_matches("ValueError"));
    assert_error("KeyError", "'absent'");
}

Test(embed, errors_carry_cpython_messages)
{
    cr_assert_null(ferry_binary(FERRY_ADD, ferry_int(1), ferry_str("a", (size_t)-1)));
    assert_error("TypeError", "unsupported operand type(s) for +: 'int' and 'str'");
    int64_t v;
    cr_assert_eq(ferry_int_value(ferry_str("1", (size_t)-1), &v), -1);
    assert_error("TypeError", "'str' object cannot be interpreted as an integer");
    cr_assert_null(ferry_str("\xff", 1));
    cr_assert(ferry_err_matches("UnicodeDecodeError"));
    ferry_err_clear();
    cr_assert_null(ferry_str_utf8(ferry_int(1), NULL));
    assert_error("TypeError", "expected str, not int");
    cr_assert_null(ferry_getattr(ferry_int(1), "nope"));
    assert_error("AttributeError", "'int' object has no attribute 'nope'");
}

Test(embed, null_handle_propagates_the_pending_error)
{
    ferry_handle bad = ferry_getitem(ferry_list(0, NULL), ferry_int(0));
    cr_assert_null(ferry_repr(bad));
    assert_error("IndexError", "list index out of range");
    cr_assert_null(ferry_repr(NULL));
    cr_assert(ferry_err_matches("SystemError"), "a NULL handle without an error is misuse");
    ferry_err_clear();
}

Test(embed, fetch_restore_and_set)
{
    ferry_err_set("ValueError", "bad thing");
    ferry_handle exc = ferry_err_fetch();
    cr_assert_not_null(exc);
    cr_assert(!ferry_err_occurred());
    assert_repr(exc, "ValueError('bad thing')");
    ferry_err_restore(exc);
    assert_error("ValueError", "bad thing");
    ferry_err_set("NoSuchError", "x");
    cr_assert(ferry_err_matches("SystemError"));
    ferry_err_clear();
    cr_assert_null(ferry_err_type_name());
    cr_assert_null(ferry_err_message());
}

/* ---- host functions and modules ----------------------------------------------------- */

/* Sums its int arguments; returns (sum, kwargs or None). Collects on the way, so the
   arguments must be rooted by the trampoline's handles. */
static ferry_handle host_sum(void *userdata, size_t nargs, const ferry_handle *args,
                             ferry_handle kwargs)
{
    int *calls = userdata;
    (*calls)++;
    ferry_gc_collect(0);
    ferry_gc_collect(1);
    int64_t sum = 0;
    for (size_t i = 0; i < nargs; i++) {
        int64_t v;
        if (ferry_int_value(args[i], &v) < 0)
            return NULL;
        sum += v;
    }
    ferry_handle items[] = {ferry_int(sum), kwargs ? kwargs : ferry_none()};
    return ferry_tuple(2, items);
}

static ferry_handle host_fail(void *userdata, size_t nargs, const ferry_handle *args,
                              ferry_handle kwargs)
{
    if (userdata)
        ferry_err_set("ValueError", "host says no");
    return NULL;
}

Test(embed, host_function_gets_args_and_kwargs)
{
    int calls = 0;
    ferry_handle f = ferry_function_new("hsum", host_sum, &calls);
    cr_assert_not_null(f);
    ferry_handle args[] = {ferry_int(1), ferry_int(2), ferry_int(39)};
    const char *names[] = {"a", "b"};
    ferry_handle values[] = {ferry_str("x", (size_t)-1), ferry_int(3)};
    size_t live = gc_handles_live();
    ferry_handle r = ferry_call(f, 3, args, 2, names, values);
    cr_assert_not_null(r, "call raised %s", ferry_err_type_name());
    cr_assert_eq(gc_handles_live(), live + 1, "only the result's handle remains");
    assert_repr(r, "(42, {'a': 'x', 'b': 3})");
    assert_repr(ferry_call(f, 0, NULL, 0, NULL, NULL), "(0, None)");
    cr_assert_eq(calls, 2);
    cr_assert_null(ferry_call(f, 1, &values[0], 0, NULL, NULL));
    assert_error("TypeError", "'str' object cannot be interpreted as an integer");
}

Test(embed, vectorcall_takes_keyword_names_as_a_tuple)
{
    int calls = 0;
    ferry_handle f = ferry_function_new("hsum", host_sum, &calls);
    ferry_handle a = ferry_intern("a"), b = ferry_str("b", (size_t)-1);
    ferry_handle names2[] = {a, b};
    ferry_handle kwnames = ferry_tuple(2, names2);
    ferry_handle args[] = {ferry_int(1), ferry_int(2), ferry_int(39), ferry_str("x", (size_t)-1),
                           ferry_int(3)};
    size_t live = gc_handles_live();
    ferry_handle r = ferry_vectorcall(f, args, 3, kwnames);
    cr_assert_not_null(r, "call raised %s", ferry_err_type_name());
    cr_assert_eq(gc_handles_live(), live + 1, "only the result's handle remains");
    assert_repr(r, "(42, {'a': 'x', 'b': 3})");
    /* no names, an empty tuple of names, no arguments at all */
    assert_repr(ferry_vectorcall(f, args, 3, NULL), "(42, None)");
    assert_repr(ferry_vectorcall(f, args, 3, ferry_tuple(0, NULL)), "(42, None)");
    assert_repr(ferry_vectorcall(f, NULL, 0, NULL), "(0, None)");
    /* more than 8 values (the heap path), keywords among them */
    ferry_handle many[12];
    for (int i = 0; i < 12; i++)
        many[i] = ferry_int(i);
    assert_repr(ferry_vectorcall(f, many, 10, kwnames), "(45, {'a': 10, 'b': 11})");
    ferry_handle len = ferry_getattr(ferry_builtins(), "len");
    assert_repr(ferry_vectorcall(len, &args[3], 1, NULL), "1");
    cr_assert_eq(calls, 5);
}

Test(embed, vectorcall_rejects_bad_names_and_null_handles)
{
    int calls = 0;
    ferry_handle f = ferry_function_new("hsum", host_sum, &calls);
    ferry_handle args[] = {ferry_int(1), ferry_int(2)};
    ferry_handle a = ferry_intern("a");
    cr_assert_null(ferry_vectorcall(f, args, 1, ferry_list(1, &a)));
    assert_error("TypeError", "ferry_vectorcall: kwnames must be a tuple, not list");
    ferry_handle bad = ferry_tuple(1, &args[0]);
    cr_assert_null(ferry_vectorcall(f, args, 1, bad));
    assert_error("TypeError", "keywords must be strings, not int");
    ferry_handle kwnames = ferry_tuple(1, &a);
    ferry_handle holes[] = {args[0], NULL}; /* the value of 'a' is NULL */
    cr_assert_null(ferry_vectorcall(f, holes, 1, kwnames));
    assert_error("SystemError", "ferry_vectorcall: NULL handle passed without an exception set");
    cr_assert_null(ferry_vectorcall(f, NULL, 1, NULL));
    assert_error("SystemError", "ferry_vectorcall: NULL handle passed without an exception set");
    cr_assert_null(ferry_vectorcall(NULL, args, 1, NULL));
    assert_error("SystemError", "ferry_vectorcall: NULL handle passed without an exception set");
    cr_assert_eq(calls, 0, "no bad call reached the function");
}

Test(embed, host_function_errors_are_propagated)
{
    ferry_handle f = ferry_function_new("fail", host_fail, (void *)1);
    cr_assert_null(ferry_call(f, 0, NULL, 0, NULL, NULL));
    assert_error("ValueError", "host says no");
    ferry_handle g = ferry_function_new("silent", host_fail, NULL);
    cr_assert_null(ferry_call(g, 0, NULL, 0, NULL, NULL));
    assert_error("SystemError", "silent() returned NULL without setting an exception");
}

Test(embed, host_module_is_registered_and_imported)
{
    int calls = 0;
    ferry_handle m = ferry_module_new("hostmod");
    cr_assert_not_null(m);
    cr_assert_eq(ferry_setattr(m, "hsum", ferry_function_new("hsum", host_sum, &calls)), 0);
    cr_assert_eq(ferry_setattr(m, "answer", ferry_int(42)), 0);
    cr_assert_eq(ferry_module_register(m), 0);
    ferry_gc_collect(1);
    ferry_handle imported = ferry_import("hostmod");
    cr_assert_not_null(imported);
    cr_assert(ferry_is(imported, m));
    assert_repr(ferry_getattr(imported, "answer"), "42");
    ferry_handle x = ferry_int(5);
    assert_repr(ferry_call_method(imported, "hsum", 1, &x), "(5, None)");
    cr_assert_eq(calls, 1);
    assert_repr(ferry_dict_get(ferry_module_dict(imported), "answer"), "42");
}

/* Method calls by a str handle: the same results and errors as by C text. */
Test(embed, call_method_by_interned_name)
{
    ferry_handle append = ferry_intern("append"), count = ferry_intern("count");
    cr_assert_not_null(append);
    cr_assert(ferry_is(append, ferry_intern("append")), "one object per name");
    ferry_handle one = ferry_int(1);
    ferry_handle items[3] = {one, ferry_int(2), one};
    ferry_handle l = ferry_list(3, items);
    assert_repr(ferry_call_method_name(l, count, 1, &one), "2");
    assert_repr(ferry_call_method_name(l, append, 1, &one), "None");
    assert_repr(l, "[1, 2, 1, 1]");
    ferry_handle plain = ferry_str("count", (size_t)-1); /* not interned: still found */
    assert_repr(ferry_call_method_name(l, plain, 1, &one), "3");
    cr_assert_null(ferry_call_method_name(l, ferry_intern("nope"), 0, NULL));
    assert_error("AttributeError", "'list' object has no attribute 'nope'");
    cr_assert_null(ferry_call_method_name(l, one, 0, NULL));
    assert_error("TypeError", "attribute name must be string, not 'int'");
    cr_assert_null(ferry_call_method_name(l, count, 0, NULL));
    assert_error("TypeError", "list.count() takes exactly one argument (0 given)");
    cr_assert_null(ferry_intern("\xff"));
    assert_error("UnicodeDecodeError",
                 "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    cr_assert_null(ferry_intern(NULL));
    assert_error("SystemError", "ferry_intern: NULL name");
}

/* More arguments than the on-stack array holds, and NULL handles among the arguments, by
   either kind of name. */
Test(embed, call_method_many_arguments_and_null_handles)
{
    ferry_handle fmt = ferry_str("{}{}{}{}{}{}{}{}{}{}", (size_t)-1), args[10];
    for (int i = 0; i < 10; i++)
        args[i] = ferry_int(i);
    assert_repr(ferry_call_method(fmt, "format", 10, args), "'0123456789'");
    ferry_handle format = ferry_intern("format");
    assert_repr(ferry_call_method_name(fmt, format, 10, args), "'0123456789'");
    cr_assert_null(ferry_call_method_name(fmt, format, 3, args));
    assert_error("IndexError", "Replacement index 3 out of range for positional args tuple");
    args[9] = NULL;
    cr_assert_null(ferry_call_method(fmt, "format", 10, args));
    assert_error("SystemError", "ferry_call_method: NULL handle passed without an exception set");
    args[9] = args[0];
    args[1] = NULL;
    cr_assert_null(ferry_call_method_name(fmt, format, 2, args));
    assert_error("SystemError",
                 "ferry_call_method_name: NULL handle passed without an exception set");
    cr_assert_null(ferry_call_method_name(fmt, format, 2, NULL));
    assert_error("SystemError",
                 "ferry_call_method_name: NULL handle passed without an exception set");
}

Test(embed, import_of_unknown_module_fails)
{
    cr_assert_null(ferry_import("no_such_module"));
    assert_error("ModuleNotFoundError", "No module named 'no_such_module'");
    cr_assert_not_null(ferry_import("sys"));
    cr_assert_not_null(ferry_import("builtins"));
}

Test(embed, search_path_is_appended_to_sys_path)
{
    ferry_handle path = ferry_getattr(ferry_import("sys"), "path");
    cr_assert_not_null(path);
    int64_t before = ferry_len(path);
    cr_assert_eq(ferry_add_search_path("/opt/ferry-ext"), 0);
    cr_assert_eq(ferry_len(path), before + 1);
    assert_repr(ferry_getitem(path, ferry_int(-1)), "'/opt/ferry-ext'");
}

/* ---- the collector ------------------------------------------------------------------ */

Test(embed, gc_stats_move)
{
    ferry_gc_stats a, b;
    ferry_gc_stats_get(&a);
    for (int i = 0; i < 100; i++)
        ferry_str("some text to allocate", (size_t)-1);
    ferry_gc_collect(0);
    ferry_gc_collect(1);
    ferry_gc_stats_get(&b);
    cr_assert_gt(b.minor_collections, a.minor_collections);
    cr_assert_gt(b.major_collections, a.major_collections);
    cr_assert_gt(b.bytes_allocated, a.bytes_allocated);
    cr_assert_gt(b.nursery_size, 0);
    cr_assert_eq(b.handles_live, gc_handles_live());
    cr_assert_eq(b.handles_live, a.handles_live + 100);
}

Test(embed, second_init_is_refused)
{
    cr_assert_eq(ferry_init(NULL), -1);
}

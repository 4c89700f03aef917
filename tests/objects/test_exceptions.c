/* test_exceptions.c — the exception hierarchy, construction, str/repr rules and attributes. */
#include "fixture.h"

TestSuite(exceptions, .init = fx_setup, .fini = fx_teardown);

/* type(*args): args is a rooted array of n objects (or NULL). */
static w_object *construct(w_type *type, w_object **args, size_t n, w_object *kwnames)
{
    return space_call(&type->ob, args, n, kwnames);
}

/* A kwnames tuple of one or two names. */
static w_object *kwnames(const char *a, const char *b)
{
    GC_ENTER();
    w_object *n[2] = {NULL, NULL};
    GC_ROOT_ARRAY(n, 2);
    n[0] = w_str_intern(a);
    if (b)
        n[1] = w_str_intern(b);
    GC_RETURN(w_tuple_from_array(n, b ? 2 : 1));
}

/* str(o) as a malloc'd C string. */
static char *fx_str(w_object *o)
{
    w_object *s = space_str(o);
    cr_assert(s, "str raised");
    return strdup(w_str_utf8(s));
}

#define assert_str(o, expected)                                                           \
    do {                                                                                  \
        char *s__ = fx_str(o);                                                            \
        cr_assert_str_eq(s__, expected);                                                  \
        free(s__);                                                                        \
    } while (0)

Test(exceptions, hierarchy_follows_cpython)
{
    cr_assert(w_type_is_subtype(w_exc_KeyError, w_exc_LookupError));
    cr_assert(w_type_is_subtype(w_exc_LookupError, w_exc_Exception));
    cr_assert(w_type_is_subtype(w_exc_Exception, w_exc_BaseException));
    cr_assert(w_type_is_subtype(w_exc_ModuleNotFoundError, w_exc_ImportError));
    cr_assert(w_type_is_subtype(w_exc_FileNotFoundError, w_exc_OSError));
    cr_assert(w_type_is_subtype(w_exc_BrokenPipeError, w_exc_ConnectionError));
    cr_assert(w_type_is_subtype(w_exc_UnicodeDecodeError, w_exc_ValueError));
    cr_assert(w_type_is_subtype(w_exc_TabError, w_exc_SyntaxError));
    cr_assert(w_type_is_subtype(w_exc_RecursionError, w_exc_RuntimeError));
    cr_assert(w_type_is_subtype(w_exc_ZeroDivisionError, w_exc_ArithmeticError));
    cr_assert(w_type_is_subtype(w_exc_DeprecationWarning, w_exc_Warning));
    cr_assert(w_type_is_subtype(w_exc_ExceptionGroup, w_exc_BaseExceptionGroup));
    cr_assert_not(w_type_is_subtype(w_exc_KeyboardInterrupt, w_exc_Exception));
    cr_assert_not(w_type_is_subtype(w_exc_StopIteration, w_exc_LookupError));
    cr_assert_not(w_type_is_subtype(w_exc_IndexError, w_exc_KeyError));
    cr_assert(w_exc_TypeError->flags & W_TF_EXCEPTION);
    cr_assert(w_exc_UserWarning->flags & W_TF_BASETYPE);
    cr_assert_eq(w_exc_BaseException->base, w_object_type);
}

Test(exceptions, builtins_module_names_every_exception)
{
    w_object *d = w_module_dict(w_builtins_module());
    cr_assert_eq(w_dict_get_cstr(d, "KeyError"), &w_exc_KeyError->ob);
    cr_assert_eq(w_dict_get_cstr(d, "ResourceWarning"), &w_exc_ResourceWarning->ob);
    cr_assert_eq(w_dict_get_cstr(d, "IOError"), &w_exc_OSError->ob);
    cr_assert_eq(w_dict_get_cstr(d, "EnvironmentError"), &w_exc_OSError->ob);
    cr_assert_eq(w_exc_by_name("TimeoutError"), w_exc_TimeoutError);
    cr_assert_null(w_exc_by_name("NoSuchError"));
}

Test(exceptions, str_and_repr_follow_the_argument_count)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(e);
    e = construct(w_exc_ValueError, NULL, 0, NULL);
    assert_str(e, "");
    fx_assert_repr(e, "ValueError()");
    a[0] = w_str_from_cstr("x");
    e = construct(w_exc_ValueError, a, 1, NULL);
    assert_str(e, "x");
    fx_assert_repr(e, "ValueError('x')");
    a[1] = w_int_from_i64(2);
    e = construct(w_exc_ValueError, a, 2, NULL);
    assert_str(e, "('x', 2)");
    fx_assert_repr(e, "ValueError('x', 2)");
    fx_assert_repr(space_getattr_cstr(e, "args"), "('x', 2)");
    GC_LEAVE();
}

Test(exceptions, keyerror_str_is_the_repr_of_its_key)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(e);
    a[0] = w_str_from_cstr("a");
    e = construct(w_exc_KeyError, a, 1, NULL);
    assert_str(e, "'a'");
    fx_assert_repr(e, "KeyError('a')");
    a[1] = w_str_from_cstr("b");
    e = construct(w_exc_KeyError, a, 2, NULL);
    assert_str(e, "('a', 'b')");
    e = w_exc_new(w_exc_KeyError, NULL);
    assert_str(e, "");
    GC_LEAVE();
}

Test(exceptions, raise_fmt_makes_an_instance_with_the_message)
{
    cr_assert_null(w_raise_fmt(w_exc_IndexError, "list index out of range"));
    cr_assert(w_err_matches(w_exc_LookupError));
    w_object *e = w_err_fetch();
    cr_assert_eq(W_TYPE(e), w_exc_IndexError);
    fx_assert_repr(e, "IndexError('list index out of range')");
    cr_assert_not(w_err_occurred());
}

Test(exceptions, keyword_arguments_are_refused_by_plain_exceptions)
{
    GC_ENTER();
    w_object *a[1] = {NULL};
    w_object *kw = NULL;
    GC_ROOT_ARRAY(a, 1);
    GC_ROOT(kw);
    a[0] = w_int_from_i64(1);
    kw = kwnames("x", NULL);
    cr_assert_null(construct(w_exc_ValueError, a, 0, kw));
    fx_assert_raised(w_exc_TypeError, "ValueError() takes no keyword arguments");
    cr_assert_null(construct(w_exc_ModuleNotFoundError, a, 0, kw));
    fx_assert_raised(w_exc_TypeError, "'x' is an invalid keyword argument for ImportError()");
    GC_LEAVE();
}

Test(exceptions, importerror_takes_name_and_path_keywords)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    w_object *kw = NULL, *e = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(kw);
    GC_ROOT(e);
    a[0] = w_str_from_cstr("no module named m");
    a[1] = w_str_from_cstr("m");
    a[2] = w_str_from_cstr("/p");
    kw = kwnames("name", "path");
    e = construct(w_exc_ModuleNotFoundError, a, 1, kw);
    cr_assert(e);
    fx_assert_repr(space_getattr_cstr(e, "name"), "'m'");
    fx_assert_repr(space_getattr_cstr(e, "path"), "'/p'");
    fx_assert_repr(space_getattr_cstr(e, "msg"), "'no module named m'");
    fx_assert_repr(e, "ModuleNotFoundError('no module named m')");
    GC_LEAVE();
}

Test(exceptions, oserror_picks_the_subclass_for_its_errno)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(e);
    a[0] = w_int_from_i64(2);
    a[1] = w_str_from_cstr("No such file");
    a[2] = w_str_from_cstr("f.txt");
    e = construct(w_exc_OSError, a, 3, NULL);
    cr_assert_eq(W_TYPE(e), w_exc_FileNotFoundError);
    assert_str(e, "[Errno 2] No such file: 'f.txt'");
    fx_assert_repr(e, "FileNotFoundError(2, 'No such file')");
    fx_assert_repr(space_getattr_cstr(e, "errno"), "2");
    fx_assert_repr(space_getattr_cstr(e, "filename"), "'f.txt'");
    e = construct(w_exc_OSError, a + 1, 1, NULL);
    cr_assert_eq(W_TYPE(e), w_exc_OSError);
    assert_str(e, "No such file");
    cr_assert_eq(space_getattr_cstr(e, "errno"), w_None);
    GC_LEAVE();
}

Test(exceptions, stopiteration_and_systemexit_keep_their_value)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(e);
    a[0] = w_int_from_i64(7);
    a[1] = w_int_from_i64(8);
    e = construct(w_exc_StopIteration, a, 2, NULL);
    fx_assert_repr(space_getattr_cstr(e, "value"), "7");
    e = w_exc_new(w_exc_StopIteration, NULL);
    cr_assert_eq(space_getattr_cstr(e, "value"), w_None);
    e = construct(w_exc_SystemExit, a, 2, NULL);
    fx_assert_repr(space_getattr_cstr(e, "code"), "(7, 8)");
    GC_LEAVE();
}

Test(exceptions, unicode_errors_format_their_fields)
{
    GC_ENTER();
    w_object *a[5] = {NULL, NULL, NULL, NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 5);
    GC_ROOT(e);
    a[0] = w_str_from_cstr("utf-8");
    a[1] = w_bytes_from("\xff\xfe", 2);
    a[2] = w_int_from_i64(1);
    a[3] = w_int_from_i64(2);
    a[4] = w_str_from_cstr("invalid start byte");
    e = construct(w_exc_UnicodeDecodeError, a, 5, NULL);
    assert_str(e, "'utf-8' codec can't decode byte 0xfe in position 1: invalid start byte");
    a[2] = w_int_from_i64(0);
    e = construct(w_exc_UnicodeDecodeError, a, 5, NULL);
    assert_str(e, "'utf-8' codec can't decode bytes in position 0-1: invalid start byte");
    a[1] = w_str_from_cstr("a\xe2\x82\xac");
    a[2] = w_int_from_i64(1);
    e = construct(w_exc_UnicodeEncodeError, a, 5, NULL);
    assert_str(e,
               "'utf-8' codec can't encode character '\\u20ac' in position 1: invalid start byte");
    cr_assert_null(construct(w_exc_UnicodeDecodeError, a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "function takes exactly 5 arguments (1 given)");
    cr_assert_null(construct(w_exc_UnicodeDecodeError, a, 5, NULL));
    fx_assert_raised(w_exc_TypeError, "a bytes-like object is required, not 'str'");
    /* raised from C with a plain message, str() is that message */
    w_raise_fmt(w_exc_UnicodeDecodeError, "bad data");
    fx_assert_raised(w_exc_UnicodeError, "bad data");
    GC_LEAVE();
}

Test(exceptions, attributes_go_to_the_instance_dict)
{
    GC_ENTER();
    w_object *e = NULL, *v = NULL;
    GC_ROOT(e);
    GC_ROOT(v);
    w_object *name = NULL;
    GC_ROOT(name);
    e = w_exc_new(w_exc_ValueError, NULL);
    v = w_int_from_i64(5);
    name = w_str_intern("x");
    cr_assert_eq(space_setattr(e, name, v), 0);
    gc_collect_minor();
    fx_assert_repr(space_getattr_cstr(e, "x"), "5");
    fx_assert_repr(space_getattr_cstr(e, "__dict__"), "{'x': 5}");
    cr_assert_null(space_getattr_cstr(e, "y"));
    fx_assert_raised(w_exc_AttributeError, "'ValueError' object has no attribute 'y'");
    v = w_list_new(0);
    name = w_str_intern("args");
    cr_assert_eq(space_setattr(e, name, v), 0);
    fx_assert_repr(e, "ValueError()");
    v = w_int_from_i64(1);
    name = w_str_intern("__cause__");
    cr_assert_eq(space_setattr(e, name, v), -1);
    fx_assert_raised(w_exc_TypeError, "exception cause must be None or derive from BaseException");
    GC_LEAVE();
}

Test(exceptions, cause_sets_suppress_context)
{
    GC_ENTER();
    w_object *e = NULL, *c = NULL;
    GC_ROOT(e);
    GC_ROOT(c);
    e = w_exc_new(w_exc_ValueError, NULL);
    c = w_exc_new(w_exc_KeyError, NULL);
    cr_assert_eq(space_getattr_cstr(e, "__cause__"), w_None);
    cr_assert_eq(space_getattr_cstr(e, "__suppress_context__"), w_False);
    w_object *name = NULL;
    GC_ROOT(name);
    name = w_str_intern("__cause__");
    cr_assert_eq(space_setattr(e, name, c), 0);
    cr_assert_eq(space_getattr_cstr(e, "__cause__"), c);
    cr_assert_eq(space_getattr_cstr(e, "__suppress_context__"), w_True);
    GC_LEAVE();
}

Test(exceptions, instances_hash_and_compare_by_identity)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    a = w_exc_new(w_exc_ValueError, NULL);
    b = w_exc_new(w_exc_ValueError, NULL);
    int64_t h1, h2;
    cr_assert_eq(space_hash(a, &h1), 0);
    gc_collect_minor();
    cr_assert_eq(space_hash(a, &h2), 0);
    cr_assert_eq(h1, h2);
    cr_assert_eq(space_eq(a, b), 0);
    cr_assert_eq(space_eq(a, a), 1);
    GC_LEAVE();
}

Test(exceptions, add_note_appends_to_notes)
{
    GC_ENTER();
    w_object *e = NULL, *n = NULL;
    GC_ROOT(e);
    GC_ROOT(n);
    e = w_exc_new(w_exc_ValueError, NULL);
    n = w_str_from_cstr("hint");
    cr_assert(space_call_method(e, "add_note", &n, 1));
    fx_assert_repr(space_getattr_cstr(e, "__notes__"), "['hint']");
    n = w_int_from_i64(1);
    cr_assert_null(space_call_method(e, "add_note", &n, 1));
    fx_assert_raised(w_exc_TypeError, "note must be a str, not 'int'");
    GC_LEAVE();
}

Test(exceptions, exception_group_collects_exceptions)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    w_object *e = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(e);
    a[0] = w_str_from_cstr("many");
    a[1] = w_list_new(0);
    cr_assert_null(construct(w_exc_ExceptionGroup, a, 2, NULL));
    fx_assert_raised(w_exc_ValueError, "second argument (exceptions) must be a non-empty sequence");
    e = w_exc_new(w_exc_ValueError, NULL);
    w_list_append(a[1], e);
    e = w_exc_new(w_exc_KeyError, NULL);
    w_list_append(a[1], e);
    e = construct(w_exc_BaseExceptionGroup, a, 2, NULL);
    cr_assert_eq(W_TYPE(e), w_exc_ExceptionGroup);
    assert_str(e, "many (2 sub-exceptions)");
    fx_assert_repr(space_getattr_cstr(e, "exceptions"), "(ValueError(), KeyError())");
    e = w_exc_new(w_exc_KeyboardInterrupt, NULL);
    w_list_append(a[1], e);
    cr_assert_null(construct(w_exc_ExceptionGroup, a, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
    GC_LEAVE();
}

Test(exceptions, instances_survive_collections)
{
    GC_ENTER();
    w_object *e = NULL;
    GC_ROOT(e);
    w_raise_fmt(w_exc_RuntimeError, "boom %d", 42);
    e = w_err_fetch();
    gc_collect_minor();
    gc_collect_major();
    assert_str(e, "boom 42");
    GC_LEAVE();
}

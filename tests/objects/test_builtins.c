/* test_builtins.c — builtin callables, argument binding, modules, builtins/sys/types. */
#include <stdio.h>

#include "fixture.h"

#include <criterion/redirect.h>

TestSuite(builtins, .init = fx_setup, .fini = fx_teardown);

/* A kwnames tuple of up to two names (b may be NULL). */
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

/* builtins.<name>(*args): `args` holds nargs positional then the keyword values. */
static w_object *bcall(const char *name, w_object **args, size_t nargs, w_object *kw)
{
    GC_ENTER();
    GC_ROOT(kw);
    w_object *f = w_dict_get_cstr(w_module_dict(w_builtins_module()), name);
    cr_assert(f, "no builtin %s", name);
    GC_RETURN(space_call(f, args, nargs, kw));
}

/* A list of small ints. */
static w_object *int_list(int n, const int64_t *v)
{
    GC_ENTER();
    w_object *l = w_list_new(n), *x = NULL;
    GC_ROOT(l);
    GC_ROOT(x);
    for (int i = 0; i < n; i++) {
        x = w_int_from_i64(v[i]);
        w_list_append(l, x);
    }
    GC_RETURN(l);
}

/* ---- argument binding -------------------------------------------------------------------- */

static const char *const round_names[] = {"number", "ndigits"};
static const w_argspec round_spec = {"round", round_names, 2, 2, 0, 1};
static const char *const sum_names[] = {"iterable", "start"};
static const w_argspec sum_spec = {"sum", sum_names, 2, 2, 1, 1};

Test(builtins, args_bind_fills_positional_and_keyword_slots)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL}, *out[2], *kw = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(kw);
    a[0] = w_int_from_i64(1);
    a[1] = w_int_from_i64(2);
    kw = kwnames("ndigits", NULL);
    cr_assert_eq(w_args_bind(&round_spec, a, 1, kw, out), 0);
    cr_assert_eq(out[0], a[0]);
    cr_assert_eq(out[1], a[1]);
    cr_assert_eq(w_args_bind(&round_spec, a, 1, NULL, out), 0);
    cr_assert_null(out[1]);
    GC_LEAVE();
}

Test(builtins, args_bind_reports_cpython_errors)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL}, *out[2], *kw = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(kw);
    for (int i = 0; i < 3; i++)
        a[i] = w_int_from_i64(i);
    cr_assert_eq(w_args_bind(&round_spec, a, 3, NULL, out), -1);
    fx_assert_raised(w_exc_TypeError, "round() takes at most 2 arguments (3 given)");
    cr_assert_eq(w_args_bind(&round_spec, a, 0, NULL, out), -1);
    fx_assert_raised(w_exc_TypeError, "round() missing required argument 'number' (pos 1)");
    kw = kwnames("x", NULL);
    cr_assert_eq(w_args_bind(&round_spec, a, 1, kw, out), -1);
    fx_assert_raised(w_exc_TypeError, "'x' is an invalid keyword argument for round()");
    kw = kwnames("number", NULL);
    cr_assert_eq(w_args_bind(&round_spec, a, 1, kw, out), -1);
    fx_assert_raised(w_exc_TypeError,
                     "argument for round() given by name ('number') and position (1)");
    cr_assert_eq(w_args_bind(&sum_spec, a, 0, NULL, out), -1);
    fx_assert_raised(w_exc_TypeError, "sum() takes at least 1 positional argument (0 given)");
    kw = kwnames("iterable", NULL);
    cr_assert_eq(w_args_bind(&sum_spec, a, 1, kw, out), -1);
    fx_assert_raised(w_exc_TypeError, "'iterable' is an invalid keyword argument for sum()");
    GC_LEAVE();
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False), list.sort(*, key, reverse) */
static const char *const from_bytes_names[] = {"bytes", "byteorder", "signed"};
static const w_argspec from_bytes_spec = {"from_bytes", from_bytes_names, 3, 2, 0, 1};
static const char *const sort_names[] = {"key", "reverse"};
static const w_argspec sort_spec = {"sort", sort_names, 2, 0, 0, 0};

Test(builtins, args_bind_counts_keyword_only_parameters_apart)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL}, *out[3], *kw = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(kw);
    for (int i = 0; i < 3; i++)
        a[i] = w_int_from_i64(i);
    cr_assert_eq(w_args_bind(&from_bytes_spec, a, 3, NULL, out), -1);
    fx_assert_raised(w_exc_TypeError,
                     "from_bytes() takes at most 2 positional arguments (3 given)");
    cr_assert_eq(w_args_bind(&sort_spec, a, 1, NULL, out), -1);
    fx_assert_raised(w_exc_TypeError, "sort() takes no positional arguments");
    kw = kwnames("signed", NULL);
    cr_assert_eq(w_args_bind(&from_bytes_spec, a, 1, kw, out), 0);
    cr_assert_eq(out[0], a[0]);
    cr_assert_null(out[1]);
    cr_assert_eq(out[2], a[1]);
    GC_LEAVE();
}

Test(builtins, args_positional_words_errors_by_arity)
{
    cr_assert_eq(w_args_positional("len", 0, NULL, 1, 1), -1);
    fx_assert_raised(w_exc_TypeError, "len() takes exactly one argument (0 given)");
    cr_assert_eq(w_args_positional("divmod", 1, NULL, 2, 2), -1);
    fx_assert_raised(w_exc_TypeError, "divmod expected 2 arguments, got 1");
    cr_assert_eq(w_args_positional("getattr", 1, NULL, 2, 3), -1);
    fx_assert_raised(w_exc_TypeError, "getattr expected at least 2 arguments, got 1");
    cr_assert_eq(w_args_positional("dir", 2, NULL, 0, 1), -1);
    fx_assert_raised(w_exc_TypeError, "dir expected at most 1 argument, got 2");
    cr_assert_eq(w_args_positional("f", 1, NULL, 0, 0), -1);
    fx_assert_raised(w_exc_TypeError, "f() takes no arguments (1 given)");
    w_object *kw = kwnames("x", NULL);
    cr_assert_eq(w_args_positional("len", 0, kw, 1, 1), -1);
    fx_assert_raised(w_exc_TypeError, "len() takes no keyword arguments");
    cr_assert_eq(w_args_positional("len", 1, NULL, 1, 1), 0);
}

/* ---- builtin callables ------------------------------------------------------------------- */

/* A host-style function: reads its `data` through the builtin it is called with. */
static w_object *host_fn(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    int *counter = ((w_builtin *)callable)->data;
    (*counter)++;
    return w_int_from_i64(*counter * 10 + (int64_t)nargs);
}

Test(builtins, plain_function_receives_itself_and_its_data)
{
    int counter = 0;
    GC_ENTER();
    w_object *f = w_builtin_new("host", host_fn, NULL, &counter), *a[1] = {NULL};
    GC_ROOT(f);
    GC_ROOT_ARRAY(a, 1);
    a[0] = w_None;
    gc_collect_minor();
    fx_assert_repr(space_call(f, a, 1, NULL), "11");
    fx_assert_repr(space_call(f, a, 0, NULL), "20");
    cr_assert_eq(counter, 2);
    fx_assert_repr(f, "<built-in function host>");
    cr_assert_eq(W_TYPE(f), w_builtin_type);
    fx_assert_repr(space_getattr_cstr(f, "__name__"), "'host'");
    GC_LEAVE();
}

Test(builtins, method_descriptor_checks_its_receiver)
{
    GC_ENTER();
    w_object *append = NULL, *a[2] = {NULL, NULL};
    GC_ROOT(append);
    GC_ROOT_ARRAY(a, 2);
    append = w_type_lookup_cstr(w_list_type, "append");
    cr_assert(append);
    cr_assert_eq(W_TYPE(append), w_method_type);
    fx_assert_repr(append, "<method 'append' of 'list' objects>");
    a[0] = w_list_new(0);
    a[1] = w_int_from_i64(5);
    cr_assert_eq(space_call(append, a, 2, NULL), w_None);
    fx_assert_repr(a[0], "[5]");
    cr_assert_null(space_call(append, a + 1, 1, NULL));
    fx_assert_raised(w_exc_TypeError,
                     "descriptor 'append' for 'list' objects doesn't apply to a 'int' object");
    cr_assert_null(space_call(append, a, 0, NULL));
    fx_assert_raised(w_exc_TypeError, "unbound method list.append() needs an argument");
    GC_LEAVE();
}

Test(builtins, bound_method_passes_its_receiver)
{
    GC_ENTER();
    w_object *l = NULL, *m = NULL, *x = NULL;
    GC_ROOT(l);
    GC_ROOT(m);
    GC_ROOT(x);
    l = w_list_new(0);
    m = space_getattr_cstr(l, "append");
    cr_assert(m);
    cr_assert_eq(W_TYPE(m), w_builtin_type);
    cr_assert_eq(W_SELF(m), l);
    x = w_int_from_i64(3);
    gc_collect_minor();
    cr_assert_eq(space_call(m, &x, 1, NULL), w_None);
    fx_assert_repr(l, "[3]");
    char *r = fx_repr(m);
    cr_assert(!strncmp(r, "<built-in method append of list object at 0x", 44), "%s", r);
    free(r);
    cr_assert_eq(space_getattr_cstr(m, "__self__"), l);
    GC_LEAVE();
}

Test(builtins, getset_repr_names_its_owner)
{
    GC_ENTER();
    w_object *g = w_getset_new(w_int_type, "real", NULL);
    GC_ROOT(g);
    fx_assert_repr(g, "<attribute 'real' of 'int' objects>");
    fx_assert_repr(space_getattr_cstr(g, "__name__"), "'real'");
    GC_LEAVE();
}

/* ---- modules ----------------------------------------------------------------------------- */

Test(builtins, modules_have_a_dict_and_cpython_reprs)
{
    GC_ENTER();
    w_object *m = w_module_new("mymod"), *v = NULL;
    GC_ROOT(m);
    GC_ROOT(v);
    fx_assert_repr(m, "<module 'mymod'>");
    fx_assert_repr(w_sys_module(), "<module 'sys' (built-in)>");
    v = w_int_from_i64(3);
    cr_assert_eq(w_module_add(m, "x", v), 0);
    fx_assert_repr(space_getattr_cstr(m, "x"), "3");
    fx_assert_repr(space_getattr_cstr(m, "__name__"), "'mymod'");
    cr_assert_null(space_getattr_cstr(m, "y"));
    fx_assert_raised(w_exc_AttributeError, "module 'mymod' has no attribute 'y'");
    cr_assert_eq(space_getattr_cstr(m, "__dict__"), w_module_dict(m));
    GC_LEAVE();
}

Test(builtins, sys_modules_registers_by_name)
{
    GC_ENTER();
    w_object *m = w_module_new("hostmod"), *name = NULL, *mods = NULL;
    GC_ROOT(m);
    GC_ROOT(name);
    GC_ROOT(mods);
    name = w_str_from_cstr("hostmod");
    cr_assert_null(w_modules_lookup(name));
    cr_assert_eq(w_modules_register(m), 0);
    cr_assert_eq(w_modules_lookup(name), m);
    mods = space_getattr_cstr(w_sys_module(), "modules");
    cr_assert_eq(mods, w_modules_dict());
    cr_assert_eq(w_dict_get(mods, name), m);
    name = w_str_from_cstr("builtins");
    cr_assert_eq(w_modules_lookup(name), w_builtins_module());
    name = w_str_from_cstr("types");
    cr_assert(w_modules_lookup(name));
    GC_LEAVE();
}

Test(builtins, module_type_constructs_modules)
{
    GC_ENTER();
    w_object *types = NULL, *mt = NULL, *a[1] = {NULL}, *m = NULL;
    GC_ROOT(types);
    GC_ROOT(mt);
    GC_ROOT_ARRAY(a, 1);
    GC_ROOT(m);
    a[0] = w_str_from_cstr("types");
    types = w_modules_lookup(a[0]);
    mt = space_getattr_cstr(types, "ModuleType");
    cr_assert_eq(mt, &w_module_type->ob);
    a[0] = w_str_from_cstr("fresh");
    m = space_call(mt, a, 1, NULL);
    fx_assert_repr(m, "<module 'fresh'>");
    fx_assert_repr(space_getattr_cstr(m, "__dict__"),
                   "{'__name__': 'fresh', '__doc__': None, '__package__': None, "
                   "'__loader__': None, '__spec__': None}");
    a[0] = w_int_from_i64(1);
    cr_assert_null(space_call(mt, a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "module() argument 'name' must be str, not int");
    GC_LEAVE();
}

/* ---- builtins results -------------------------------------------------------------------- */

Test(builtins, len_repr_abs_hash)
{
    GC_ENTER();
    w_object *a[1] = {NULL};
    GC_ROOT_ARRAY(a, 1);
    static const int64_t v[] = {1, 2, 3};
    a[0] = int_list(3, v);
    fx_assert_repr(bcall("len", a, 1, NULL), "3");
    fx_assert_repr(bcall("repr", a, 1, NULL), "'[1, 2, 3]'");
    a[0] = w_int_from_i64(-7);
    fx_assert_repr(bcall("abs", a, 1, NULL), "7");
    a[0] = w_int_from_i64(-1);
    fx_assert_repr(bcall("hash", a, 1, NULL), "-2");
    cr_assert_null(bcall("len", a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "object of type 'int' has no len()");
    cr_assert_null(bcall("len", a, 0, NULL));
    fx_assert_raised(w_exc_TypeError, "len() takes exactly one argument (0 given)");
    GC_LEAVE();
}

Test(builtins, sum_overflows_into_big_ints_and_mixes_floats)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL}, *kw = NULL, *x = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(kw);
    GC_ROOT(x);
    static const int64_t big[] = {INT64_MAX, INT64_MAX, 2};
    a[0] = int_list(3, big);
    fx_assert_repr(bcall("sum", a, 1, NULL), "18446744073709551616");
    a[1] = w_float_new(0.5);
    fx_assert_repr(bcall("sum", a, 2, NULL), "1.8446744073709552e+19");
    static const int64_t small[] = {1, 2};
    a[0] = int_list(2, small);
    x = w_float_new(0.5);
    w_list_append(a[0], x);
    fx_assert_repr(bcall("sum", a, 1, NULL), "3.5");
    a[1] = w_int_from_i64(10);
    kw = kwnames("start", NULL);
    fx_assert_repr(bcall("sum", a, 1, kw), "13.5");
    a[1] = w_str_from_cstr("");
    cr_assert_null(bcall("sum", a, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    GC_LEAVE();
}

Test(builtins, min_max_with_key_and_default)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL}, *kw = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(kw);
    static const int64_t v[] = {3, -9, 5};
    a[0] = int_list(3, v);
    fx_assert_repr(bcall("max", a, 1, NULL), "5");
    fx_assert_repr(bcall("min", a, 1, NULL), "-9");
    a[1] = w_dict_get_cstr(w_module_dict(w_builtins_module()), "abs");
    kw = kwnames("key", NULL);
    fx_assert_repr(bcall("max", a, 1, kw), "-9");
    a[0] = w_list_new(0);
    cr_assert_null(bcall("max", a, 1, NULL));
    fx_assert_raised(w_exc_ValueError, "max() arg is an empty sequence");
    a[1] = w_int_from_i64(42);
    kw = kwnames("default", NULL);
    fx_assert_repr(bcall("min", a, 1, kw), "42");
    cr_assert_null(bcall("max", a, 0, NULL));
    fx_assert_raised(w_exc_TypeError, "max expected at least 1 argument, got 0");
    a[0] = w_int_from_i64(1);
    a[1] = w_int_from_i64(2);
    fx_assert_repr(bcall("max", a, 2, NULL), "2");
    a[2] = w_None;
    cr_assert_null(bcall("max", a, 2, kw));
    fx_assert_raised(w_exc_TypeError,
                     "Cannot specify a default for max() with multiple positional arguments");
    GC_LEAVE();
}

Test(builtins, sorted_takes_key_and_reverse)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL}, *kw = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(kw);
    static const int64_t v[] = {3, -9, 5, 1};
    a[0] = int_list(4, v);
    fx_assert_repr(bcall("sorted", a, 1, NULL), "[-9, 1, 3, 5]");
    a[1] = w_dict_get_cstr(w_module_dict(w_builtins_module()), "abs");
    a[2] = w_True;
    kw = kwnames("key", "reverse");
    fx_assert_repr(bcall("sorted", a, 1, kw), "[-9, 5, 3, 1]");
    fx_assert_repr(a[0], "[3, -9, 5, 1]");
    cr_assert_null(bcall("sorted", a, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "sorted expected 1 argument, got 2");
    kw = kwnames("x", NULL);
    cr_assert_null(bcall("sorted", a, 1, kw));
    fx_assert_raised(w_exc_TypeError, "'x' is an invalid keyword argument for sort()");
    GC_LEAVE();
}

Test(builtins, number_text_and_characters)
{
    GC_ENTER();
    w_object *a[1] = {NULL};
    GC_ROOT_ARRAY(a, 1);
    a[0] = w_int_from_i64(-255);
    fx_assert_repr(bcall("hex", a, 1, NULL), "'-0xff'");
    fx_assert_repr(bcall("oct", a, 1, NULL), "'-0o377'");
    fx_assert_repr(bcall("bin", a, 1, NULL), "'-0b11111111'");
    a[0] = w_int_from_i64(0x20ac);
    fx_assert_repr(bcall("chr", a, 1, NULL), "'€'");
    a[0] = w_int_from_i64(0x110000);
    cr_assert_null(bcall("chr", a, 1, NULL));
    fx_assert_raised(w_exc_ValueError, "chr() arg not in range(0x110000)");
    a[0] = w_str_from_cstr("€");
    fx_assert_repr(bcall("ord", a, 1, NULL), "8364");
    fx_assert_repr(bcall("ascii", a, 1, NULL), "\"'\\\\u20ac'\"");
    a[0] = w_str_from_cstr("ab");
    cr_assert_null(bcall("ord", a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "ord() expected a character, but string of length 2 found");
    a[0] = w_float_new(1.5);
    cr_assert_null(bcall("hex", a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "'float' object cannot be interpreted as an integer");
    GC_LEAVE();
}

Test(builtins, iterator_builtins_produce_cpython_sequences)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL}, *it = NULL, *kw = NULL;
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(it);
    GC_ROOT(kw);
    static const int64_t v[] = {0, -2, 3};
    a[0] = int_list(3, v);
    a[1] = w_int_from_i64(5);
    it = bcall("enumerate", a, 2, NULL);
    fx_assert_repr(w_list_from_iterable(it), "[(5, 0), (6, -2), (7, 3)]");
    it = bcall("reversed", a, 1, NULL);
    fx_assert_repr(w_list_from_iterable(it), "[3, -2, 0]");
    a[1] = w_str_from_cstr("xy");
    it = bcall("zip", a, 2, NULL);
    fx_assert_repr(w_list_from_iterable(it), "[(0, 'x'), (-2, 'y')]");
    a[2] = w_True;
    kw = kwnames("strict", NULL);
    it = bcall("zip", a, 2, kw);
    cr_assert_null(w_list_from_iterable(it));
    fx_assert_raised(w_exc_ValueError, "zip() argument 2 is shorter than argument 1");
    a[2] = a[0];
    a[1] = w_None;
    it = bcall("filter", a + 1, 2, NULL);
    fx_assert_repr(w_list_from_iterable(it), "[-2, 3]");
    a[1] = w_dict_get_cstr(w_module_dict(w_builtins_module()), "abs");
    it = bcall("map", a + 1, 2, NULL);
    fx_assert_repr(w_list_from_iterable(it), "[0, 2, 3]");
    a[0] = w_set_new(false);
    cr_assert_null(bcall("reversed", a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "'set' object is not reversible");
    GC_LEAVE();
}

Test(builtins, next_uses_default_or_raises_stopiteration)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    a[0] = w_list_new(0);
    a[0] = space_iter(a[0]);
    a[1] = w_int_from_i64(9);
    fx_assert_repr(bcall("next", a, 2, NULL), "9");
    cr_assert_null(bcall("next", a, 1, NULL));
    fx_assert_raised(w_exc_StopIteration, "");
    a[0] = w_int_from_i64(1);
    cr_assert_null(bcall("next", a, 1, NULL));
    fx_assert_raised(w_exc_TypeError, "'int' object is not an iterator");
    GC_LEAVE();
}

Test(builtins, attribute_builtins)
{
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(a, 3);
    a[0] = w_module_new("m");
    a[1] = w_str_from_cstr("x");
    a[2] = w_int_from_i64(4);
    cr_assert_eq(bcall("hasattr", a, 2, NULL), w_False);
    cr_assert_eq(bcall("setattr", a, 3, NULL), w_None);
    fx_assert_repr(bcall("getattr", a, 2, NULL), "4");
    a[1] = w_str_from_cstr("nope");
    fx_assert_repr(bcall("getattr", a, 3, NULL), "4");
    a[1] = w_int_from_i64(1);
    cr_assert_null(bcall("getattr", a, 3, NULL));
    fx_assert_raised(w_exc_TypeError, "attribute name must be string, not 'int'");
    fx_assert_repr(bcall("dir", a, 1, NULL),
                   "['__doc__', '__loader__', '__name__', '__package__', '__spec__', 'x']");
    GC_LEAVE();
}

Test(builtins, isinstance_issubclass_and_callable)
{
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT_ARRAY(a, 2);
    a[0] = &w_bool_type->ob;
    a[1] = &w_int_type->ob;
    cr_assert_eq(bcall("issubclass", a, 2, NULL), w_True);
    cr_assert_eq(bcall("callable", a, 1, NULL), w_True);
    a[0] = w_True;
    cr_assert_eq(bcall("isinstance", a, 2, NULL), w_True);
    cr_assert_eq(bcall("callable", a, 1, NULL), w_False);
    cr_assert_null(bcall("issubclass", a, 2, NULL));
    fx_assert_raised(w_exc_TypeError, "issubclass() arg 1 must be a class");
    a[0] = &w_int_type->ob;
    a[1] = w_int_from_i64(1);
    cr_assert_null(bcall("issubclass", a, 2, NULL));
    fx_assert_raised(w_exc_TypeError,
                     "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    GC_LEAVE();
}

Test(builtins, print_writes_str_of_each_argument)
{
    cr_redirect_stdout();
    GC_ENTER();
    w_object *a[4] = {NULL, NULL, NULL, NULL}, *kw = NULL;
    GC_ROOT_ARRAY(a, 4);
    GC_ROOT(kw);
    a[0] = w_str_from_cstr("a");
    a[1] = w_int_from_i64(1);
    a[2] = w_str_from_cstr("-");
    a[3] = w_str_from_cstr("!\n");
    kw = kwnames("sep", "end");
    cr_assert_eq(bcall("print", a, 2, kw), w_None);
    cr_assert_eq(bcall("print", a, 2, NULL), w_None);
    a[2] = w_int_from_i64(0);
    kw = kwnames("sep", NULL);
    cr_assert_null(bcall("print", a, 2, kw));
    fx_assert_raised(w_exc_TypeError, "sep must be None or a string, not int");
    fflush(stdout);
    cr_assert_stdout_eq_str("a-1!\na 1\n");
    GC_LEAVE();
}

Test(builtins, sys_exposes_limits_and_version)
{
    GC_ENTER();
    w_object *sys = w_sys_module(), *v = NULL, *a[1] = {NULL};
    GC_ROOT(sys);
    GC_ROOT(v);
    GC_ROOT_ARRAY(a, 1);
    fx_assert_repr(space_getattr_cstr(sys, "maxsize"), "9223372036854775807");
    v = space_getattr_cstr(sys, "version_info");
    a[0] = w_int_from_i64(0);
    fx_assert_repr(space_getitem(v, a[0]), "3");
    v = space_getattr_cstr(sys, "set_int_max_str_digits");
    a[0] = w_int_from_i64(100);
    cr_assert_null(space_call(v, a, 1, NULL));
    fx_assert_raised(w_exc_ValueError, "maxdigits must be 0 or larger than 640");
    a[0] = w_int_from_i64(1000);
    cr_assert_eq(space_call(v, a, 1, NULL), w_None);
    cr_assert_eq(w_int_max_str_digits, 1000);
    v = space_getattr_cstr(sys, "get_int_max_str_digits");
    fx_assert_repr(space_call(v, NULL, 0, NULL), "1000");
    GC_LEAVE();
}

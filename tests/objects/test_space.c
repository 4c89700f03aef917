/* test_space.c — the object space: operator dispatch, comparison fallbacks, identity, attributes, calls. */
#include "fixture.h"

TestSuite(space, .init = fx_setup, .fini = fx_teardown);

Test(space, binop_dispatches_to_the_right_operand)
{
    /* int + float is handled by float's slot after int's returns NotImplemented */
    GC_ENTER();
    w_object *a = w_int_from_i64(1), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = w_float_new(0.5); /* never allocate inside an argument list: `a` could go stale */
    w_object *r = space_binop(W_OP_ADD, a, b);
    cr_assert(r && W_TYPE(r) == w_float_type);
    fx_assert_repr(r, "1.5");
    GC_LEAVE();
}

Test(space, sequence_repeat_works_from_either_side)
{
    GC_ENTER();
    w_object *s = w_str_from_cstr("ab"), *n = NULL;
    GC_ROOT(s);
    GC_ROOT(n);
    n = w_int_from_i64(3);
    fx_assert_repr(space_binop(W_OP_MUL, s, n), "'ababab'");
    n = w_int_from_i64(2);
    fx_assert_repr(space_binop(W_OP_MUL, n, s), "'abab'");
    n = w_float_new(2.0);
    cr_assert_null(space_binop(W_OP_MUL, s, n));
    fx_assert_raised(w_exc_TypeError, "can't multiply sequence by non-int of type 'float'");
    GC_LEAVE();
}

Test(space, unsupported_operands_raise_cpython_message)
{
    GC_ENTER();
    w_object *one = w_int_from_i64(1), *a = NULL;
    GC_ROOT(one);
    GC_ROOT(a);
    a = w_str_from_cstr("a");
    cr_assert_null(space_binop(W_OP_SUB, one, a));
    fx_assert_raised(w_exc_TypeError, "unsupported operand type(s) for -: 'int' and 'str'");
    cr_assert_null(space_binop(W_OP_POW, a, one));
    fx_assert_raised(w_exc_TypeError, "unsupported operand type(s) for ** or pow(): 'str' and 'int'");
    cr_assert_null(space_unop(W_OP_NEG, a));
    fx_assert_raised(w_exc_TypeError, "bad operand type for unary -: 'str'");
    GC_LEAVE();
}

Test(space, comparison_falls_back_to_identity_for_equality_only)
{
    GC_ENTER();
    w_object *a = w_list_new(0), *b = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    b = w_str_from_cstr("x");
    cr_assert_eq(space_richcompare(a, b, W_EQ), w_False);
    cr_assert_eq(space_richcompare(a, b, W_NE), w_True);
    cr_assert_null(space_richcompare(a, b, W_LT));
    fx_assert_raised(w_exc_TypeError, "'<' not supported between instances of 'list' and 'str'");
    GC_LEAVE();
}

Test(space, compare_bool_treats_identical_objects_as_equal)
{
    w_object *nan = w_float_new(0.0 / 0.0);
    cr_assert_eq(space_richcompare(nan, nan, W_EQ), w_False);
    cr_assert_eq(space_compare_bool(nan, nan, W_EQ), 1);
}

Test(space, unhashable_types_raise)
{
    int64_t h;
    cr_assert_eq(space_hash(w_list_new(0), &h), -1);
    fx_assert_raised(w_exc_TypeError, "unhashable type: 'list'");
}

Test(space, id_and_identity_hash_are_stable_across_collections)
{
    GC_ENTER();
    w_object *o = space_call(&w_object_type->ob, NULL, 0, NULL);
    GC_ROOT(o);
    cr_assert(gc_is_young(o));
    int64_t h1, h2, id1, id2;
    cr_assert_eq(space_hash(o, &h1), 0);
    cr_assert(!gc_is_young(o), "hashing by identity must promote the object");
    cr_assert_eq(w_int_as_i64(space_id(o), &id1), 0);
    for (int i = 0; i < 100000; i++)
        w_tuple_new(3);
    gc_collect_major();
    cr_assert_eq(space_hash(o, &h2), 0);
    cr_assert_eq(w_int_as_i64(space_id(o), &id2), 0);
    cr_assert_eq(h1, h2);
    cr_assert_eq(id1, id2);
    GC_LEAVE();
}

Test(space, method_lookup_binds_the_receiver)
{
    GC_ENTER();
    w_object *l = w_list_new(0), *m = NULL;
    GC_ROOT(l);
    GC_ROOT(m);
    m = space_getattr_cstr(l, "append");
    cr_assert(m);
    cr_assert_eq(W_TYPE(m), w_builtin_type);
    w_object *arg = w_int_from_i64(5);
    cr_assert_eq(space_call(m, &arg, 1, NULL), w_None);
    cr_assert_eq(w_list_size(l), 1);
    /* the unbound descriptor takes the receiver as its first argument */
    m = space_getattr_cstr(&w_list_type->ob, "append");
    cr_assert_eq(W_TYPE(m), w_method_type);
    w_object *args[2] = {l, w_None};
    GC_ROOT_ARRAY(args, 2);
    cr_assert_eq(space_call(m, args, 2, NULL), w_None);
    cr_assert_eq(w_list_size(l), 2);
    GC_LEAVE();
}

Test(space, missing_attribute_message)
{
    w_object *one = w_int_from_i64(1);
    cr_assert_null(space_getattr_cstr(one, "nope"));
    fx_assert_raised(w_exc_AttributeError, "'int' object has no attribute 'nope'");
    cr_assert_null(space_getattr_cstr(&w_int_type->ob, "nope"));
    fx_assert_raised(w_exc_AttributeError, "type object 'int' has no attribute 'nope'");
}

Test(space, type_attributes)
{
    fx_assert_repr(space_getattr_cstr(&w_bool_type->ob, "__name__"), "'bool'");
    fx_assert_repr(space_getattr_cstr(&w_bool_type->ob, "__mro__"),
                   "(<class 'bool'>, <class 'int'>, <class 'object'>)");
    w_object *one = w_int_from_i64(1);
    fx_assert_repr(space_call(&w_type_type->ob, &one, 1, NULL), "<class 'int'>");
}

Test(space, repr_guards_against_cycles)
{
    GC_ENTER();
    w_object *l = w_list_new(0);
    GC_ROOT(l);
    w_list_append(l, l);
    fx_assert_repr(l, "[[...]]");
    GC_LEAVE();
}

Test(space, call_tuple_passes_keywords)
{
    GC_ENTER();
    w_object *args = NULL, *kw = NULL, *l = NULL;
    GC_ROOT(args);
    GC_ROOT(kw);
    GC_ROOT(l);
    l = w_list_new(0);
    for (int i = 0; i < 5; i++) {
        w_object *v = w_int_from_i64(i);
        w_list_append(l, v);
    }
    args = w_tuple_pack(1, l);
    kw = w_dict_new();
    w_dict_set_cstr(kw, "reverse", w_True);
    w_object *sorted = w_dict_get_cstr(w_module_dict(w_builtins_module()), "sorted");
    cr_assert(sorted);
    fx_assert_repr(space_call_tuple(sorted, args, kw), "[4, 3, 2, 1, 0]");
    w_dict_set_cstr(kw, "nope", w_True);
    cr_assert_null(space_call_tuple(sorted, args, kw));
    cr_assert(w_err_matches(w_exc_TypeError));
    w_err_clear();
    GC_LEAVE();
}

Test(space, contains_falls_back_to_iteration_and_reports_non_iterables)
{
    w_object *three = w_int_from_i64(3);
    cr_assert_eq(space_contains(three, three), -1);
    fx_assert_raised(w_exc_TypeError, "argument of type 'int' is not iterable");
}

Test(space, isinstance_accepts_types_and_tuples)
{
    GC_ENTER();
    w_object *t = w_tuple_pack(2, &w_str_type->ob, &w_int_type->ob);
    GC_ROOT(t);
    cr_assert_eq(space_isinstance(w_True, t), 1);
    cr_assert_eq(space_isinstance(w_None, t), 0);
    cr_assert_eq(space_isinstance(w_None, w_None), -1);
    fx_assert_raised(w_exc_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    GC_LEAVE();
}

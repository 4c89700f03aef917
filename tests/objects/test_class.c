/* test_class.c — classes made by type(name, bases, dict): MRO, instances, slots from dunders, collection. */
#include "fixture.h"

TestSuite(class, .init = fx_setup, .fini = fx_teardown);

/* type(name, bases, dict) with `n` bases; the result is old (classes are). */
static w_object *make_class(const char *name, w_object *dict, int n, ...)
{
    GC_ENTER();
    w_object *args[3] = {NULL, NULL, dict};
    GC_ROOT_ARRAY(args, 3);
    args[0] = w_str_from_cstr(name);
    args[1] = w_tuple_new(n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        w_tuple_set(args[1], i, va_arg(ap, w_object *));
    va_end(ap);
    if (!args[2])
        args[2] = w_dict_new();
    w_object *c = space_call(&w_type_type->ob, args, 3, NULL);
    cr_assert(c, "type() raised");
    GC_RETURN(c);
}

static uint64_t old_live(void)
{
    gc_collect_major();
    gc_stats st;
    gc_get_stats(&st);
    return st.old_bytes_live;
}

static w_object *call0(w_object *callable)
{
    return space_call(callable, NULL, 0, NULL);
}

/* A method descriptor for a class dict: `fn` gets the receiver first. */
static w_object *method(const char *name, w_callfn fn)
{
    w_builtin *b = (w_builtin *)w_builtin_new(name, fn, NULL, NULL);
    b->ob.type = w_method_type;
    b->flags = W_BF_METHOD;
    b->owner = w_object_type;
    return &b->ob;
}

static w_object *len_seven(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    return w_int_from_i64(7);
}

static w_object *len_three(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    return w_int_from_i64(3);
}

Test(class, diamond_mro_is_c3)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(c);
    GC_ROOT(d);
    a = make_class("A", NULL, 0);
    b = make_class("B", NULL, 1, a);
    c = make_class("C", NULL, 1, a);
    d = make_class("D", NULL, 2, b, c);
    w_object *mro = ((w_type *)d)->mro;
    cr_assert_eq(W_TUPLE_SIZE(mro), 5);
    w_object *want[] = {d, b, c, a, &w_object_type->ob};
    for (int i = 0; i < 5; i++)
        cr_assert_eq(W_TUPLE_ITEMS(mro)[i], want[i]);
    cr_assert(w_type_is_subtype((w_type *)d, (w_type *)c));
    cr_assert_not(w_type_is_subtype((w_type *)b, (w_type *)c));
    GC_LEAVE();
}

Test(class, inconsistent_mro_is_a_type_error)
{
    GC_ENTER();
    w_object *a = NULL, *b = NULL, *args[3] = {NULL, NULL, NULL};
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT_ARRAY(args, 3);
    a = make_class("A", NULL, 0);
    b = make_class("B", NULL, 1, a);
    args[0] = w_str_from_cstr("X");
    args[1] = w_tuple_pack(2, a, b);
    args[2] = w_dict_new();
    cr_assert_null(space_call(&w_type_type->ob, args, 3, NULL));
    fx_assert_raised(w_exc_TypeError,
                     "Cannot create a consistent method resolution\norder (MRO) for bases A, B");
    GC_LEAVE();
}

Test(class, instances_keep_attributes_across_collections)
{
    fx_restart_in_stress_mode();
    GC_ENTER();
    w_object *cls = NULL, *o = NULL, *k = NULL, *v = NULL;
    GC_ROOT(cls);
    GC_ROOT(o);
    GC_ROOT(k);
    GC_ROOT(v);
    cls = make_class("P", NULL, 0);
    o = call0(cls);
    cr_assert(o);
    for (int i = 0; i < 50; i++) {
        char name[16];
        snprintf(name, sizeof name, "a%d", i);
        k = w_str_intern(name);
        v = w_int_from_i64(i * 3);
        cr_assert_eq(space_setattr(o, k, v), 0);
    }
    gc_collect_major();
    for (int i = 0; i < 50; i++) {
        char name[16];
        snprintf(name, sizeof name, "a%d", i);
        v = space_getattr_cstr(o, name);
        cr_assert(v);
        int64_t x;
        cr_assert_eq(w_int_as_i64(v, &x), 0);
        cr_assert_eq(x, i * 3);
    }
    cr_assert_eq(W_TYPE(o), (w_type *)cls);
    GC_LEAVE();
}

/* A class nothing refers to is freed by a major collection; one an instance refers to
   is not, and a new class at the same address does not answer from the type cache. */
Test(class, classes_are_collected_and_the_cache_stays_right)
{
    GC_ENTER();
    w_object *cls = NULL, *inst = NULL, *d = NULL, *v = NULL;
    GC_ROOT(cls);
    GC_ROOT(inst);
    GC_ROOT(d);
    GC_ROOT(v);
    uint64_t before = old_live();
    for (int round = 0; round < 200; round++) {
        d = w_dict_new();
        v = w_int_from_i64(round);
        cr_assert_eq(w_dict_set_cstr(d, "x", v), 0);
        cls = make_class("Tmp", d, 0);
        v = space_getattr_cstr(cls, "x"); /* fills the type cache */
        int64_t x;
        cr_assert_eq(w_int_as_i64(v, &x), 0);
        cr_assert_eq(x, round);
        if (round == 0)
            inst = call0(cls);
        cls = NULL;
        if (round % 50 == 49)
            gc_collect_major();
    }
    uint64_t after = old_live();
    /* 200 classes with their dicts and MROs are well over 64 KiB */
    cr_assert_lt(after, before + 64 * 1024, "classes leak: %llu -> %llu",
                 (unsigned long long)before, (unsigned long long)after);
    /* the instance keeps the first class alive */
    v = space_getattr_cstr(inst, "x");
    int64_t x;
    cr_assert_eq(w_int_as_i64(v, &x), 0);
    cr_assert_eq(x, 0);
    GC_LEAVE();
}

Test(class, dunder_assigned_later_drives_slots_of_subclasses)
{
    GC_ENTER();
    w_object *base = NULL, *sub = NULL, *o = NULL, *m = NULL;
    GC_ROOT(base);
    GC_ROOT(sub);
    GC_ROOT(o);
    GC_ROOT(m);
    base = make_class("Base", NULL, 0);
    sub = make_class("Sub", NULL, 1, base);
    o = call0(sub);
    cr_assert_eq(space_len(o), -1);
    fx_assert_raised(w_exc_TypeError, "object of type 'Sub' has no len()");
    m = method("__len__", len_seven);
    cr_assert_eq(space_setattr(base, w_str_intern("__len__"), m), 0);
    cr_assert_eq(space_len(o), 7);
    cr_assert_eq(space_truth(o), 1);
    m = method("__len__", len_three);
    cr_assert_eq(space_setattr(sub, w_str_intern("__len__"), m), 0);
    cr_assert_eq(space_len(o), 3);
    cr_assert_eq(space_setattr(sub, w_str_intern("__len__"), NULL), 0);
    cr_assert_eq(space_len(o), 7);
    cr_assert_eq(space_setattr(base, w_str_intern("__len__"), NULL), 0);
    cr_assert_eq(space_len(o), -1);
    fx_assert_raised(w_exc_TypeError, "object of type 'Sub' has no len()");
    GC_LEAVE();
}

Test(class, exception_classes_match_their_bases)
{
    GC_ENTER();
    w_object *cls = NULL, *e = NULL, *arg = NULL;
    GC_ROOT(cls);
    GC_ROOT(e);
    GC_ROOT(arg);
    cls = make_class("MyError", NULL, 1, &w_exc_ValueError->ob);
    arg = w_str_from_cstr("boom");
    e = space_call(cls, &arg, 1, NULL);
    cr_assert(e);
    w_raise_instance(e);
    cr_assert(w_err_matches(w_exc_ValueError));
    cr_assert(w_err_matches((w_type *)cls));
    cr_assert_not(w_err_matches(w_exc_KeyError));
    fx_assert_raised(w_exc_ValueError, "boom");
    fx_assert_repr(e, "MyError('boom')");
    GC_LEAVE();
}

Test(class, unacceptable_bases)
{
    GC_ENTER();
    w_object *args[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(args, 3);
    args[0] = w_str_from_cstr("X");
    args[1] = w_tuple_pack(1, &w_bool_type->ob);
    args[2] = w_dict_new();
    cr_assert_null(space_call(&w_type_type->ob, args, 3, NULL));
    fx_assert_raised(w_exc_TypeError, "type 'bool' is not an acceptable base type");
    args[1] = w_tuple_pack(2, &w_exc_ValueError->ob, &w_exc_ValueError->ob);
    cr_assert_null(space_call(&w_type_type->ob, args, 3, NULL));
    fx_assert_raised(w_exc_TypeError, "duplicate base class ValueError");
    GC_LEAVE();
}

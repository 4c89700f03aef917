/* class_slots.c — the slots of classes made at run time, driven by their dunders as CPython's slot_* functions. */
#include "objects/class.h"

/* ---- finding dunders -------------------------------------------------------------------- */

/* `name` along t's MRO when the first type that has it is a class (CPython's slot
   functions call what a class defines; a builtin base's own slot serves otherwise). */
w_object *w_class_user_method(w_type *t, const char *name)
{
    if (!t->mro)
        return NULL;
    w_object *key = w_str_intern(name); /* interned at start-up: allocates nothing */
    if (!key)
        return NULL;
    /* t->mro is re-read each time: a key's __eq__ may run code, and the tuple move */
    for (int64_t i = 0; i < W_TUPLE_SIZE(t->mro); i++) {
        w_type *b = (w_type *)W_TUPLE_ITEMS(t->mro)[i];
        w_object *v = b->dict ? w_dict_get(b->dict, key) : NULL;
        if (v)
            return b->flags & W_TF_CLASS ? v : NULL;
        if (w_err_occurred())
            return NULL;
    }
    return NULL;
}

/* Calls the dunder `m` found on self's type with self bound, as CPython's call_method. */
w_object *w_class_call_dunder(w_object *self, w_object *m, w_object **args, size_t nargs)
{
    GC_ENTER();
    w_object *f = NULL;
    w_object *buf[4];
    FERRY_ASSERT(nargs < 4);
    GC_ROOT(self);
    GC_ROOT(m);
    GC_ROOT(f);
    GC_ROOT_ARRAY(args, nargs);
    if (W_TYPE(m) == w_method_type && !(((w_builtin *)m)->flags & (W_BF_CLASSMETHOD | W_BF_BOUND))) {
        buf[0] = self;
        for (size_t i = 0; i < nargs; i++)
            buf[1 + i] = args[i];
        GC_RETURN(space_call(m, buf, nargs + 1, NULL));
    }
    if (W_TYPE(m) == w_getset_type)
        f = ((w_getset *)m)->get(self);
    else if (W_TYPE(m)->descr_get)
        f = W_TYPE(m)->descr_get(m, self, W_TYPE(self));
    else
        f = m;
    if (!f)
        GC_RETURN(NULL);
    for (size_t i = 0; i < nargs; i++)
        buf[i] = args[i];
    GC_RETURN(space_call(f, buf, nargs, NULL));
}

/* Looks `name` up as a dunder of self's class and calls it; NULL with no error if the
   class does not define it. */
static w_object *call_user(w_object *self, const char *name, w_object **args, size_t nargs,
                           bool *found)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    w_object *m = w_class_user_method(W_TYPE(self), name);
    *found = m != NULL;
    if (!m)
        GC_RETURN(NULL);
    GC_RETURN(w_class_call_dunder(self, m, args, nargs));
}

/* ---- slots -------------------------------------------------------------------------------- */

static w_object *slot_repr(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__repr__", NULL, 0, &found);
    if (found || w_err_occurred())
        return r;
    w_type *t = W_TYPE(self);
    w_type *sb = w_class_static_base(t);
    if (sb != w_object_type)
        return sb->repr(self);
    w_object *m = t->dict ? w_dict_get_cstr(t->dict, "__module__") : NULL;
    if (m && W_STR_CHECK(m) && !w_str_eq_cstr(m, "builtins"))
        return w_str_from_fmt("<%s.%s object at %p>", w_str_utf8(m),
                              w_str_utf8(W_CLASS(t)->qualname), (void *)self);
    return w_str_from_fmt("<%s object at %p>", w_str_utf8(W_CLASS(t)->qualname), (void *)self);
}

static w_object *slot_str(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__str__", NULL, 0, &found);
    if (found || w_err_occurred())
        return r;
    w_type *sb = w_class_static_base(W_TYPE(self));
    return sb->str ? sb->str(self) : space_repr(self);
}

static int slot_hash(w_object *self, int64_t *out)
{
    w_object *m = w_class_user_method(W_TYPE(self), "__hash__");
    if (!m) {
        if (w_err_occurred())
            return -1;
        w_type *sb = w_class_static_base(W_TYPE(self));
        return sb->hash ? sb->hash(self, out) : space_hash_unhashable(self, out);
    }
    if (m == w_None)
        return space_hash_unhashable(self, out);
    w_object *r = w_class_call_dunder(self, m, NULL, 0);
    if (!r)
        return -1;
    if (!W_INT_CHECK(r)) {
        w_raise_fmt(w_exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    return space_hash(r, out); /* an int's hash: big values reduced as CPython does */
}

static const char *const cmp_names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};

static w_object *slot_richcompare(w_object *a, w_object *b, int op)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    w_object *m = w_class_user_method(W_TYPE(a), cmp_names[op]);
    if (m)
        GC_RETURN(w_class_call_dunder(a, m, &b, 1));
    if (w_err_occurred())
        GC_RETURN(NULL);
    w_type *sb = w_class_static_base(W_TYPE(a));
    GC_RETURN(sb->richcompare ? sb->richcompare(a, b, op) : w_NotImplemented);
}

static int slot_truth(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__bool__", NULL, 0, &found);
    if (found) {
        if (!r)
            return -1;
        if (W_TYPE(r) != w_bool_type) {
            w_raise_fmt(w_exc_TypeError, "__bool__ should return bool, returned %s",
                        W_TYPE(r)->name);
            return -1;
        }
        return r == w_True;
    }
    if (w_err_occurred())
        return -1;
    w_type *t = W_TYPE(self);
    if (w_class_user_method(t, "__len__")) {
        int64_t n = t->len(self);
        return n < 0 ? -1 : n > 0;
    }
    w_type *sb = w_class_static_base(t);
    if (sb->truth)
        return sb->truth(self);
    if (sb->len) {
        int64_t n = sb->len(self);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

static int64_t slot_len(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__len__", NULL, 0, &found);
    if (!found && !w_err_occurred()) {
        w_type *sb = w_class_static_base(W_TYPE(self));
        if (sb->len)
            return sb->len(self);
        w_raise_fmt(w_exc_TypeError, "object of type '%s' has no len()", W_TYPE(self)->name);
        return -1;
    }
    if (!r || !(r = space_index(r)))
        return -1;
    int64_t n;
    if (w_int_as_i64(r, &n) < 0) {
        if (w_err_matches(w_exc_OverflowError)) {
            w_err_clear();
            w_raise_fmt(w_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        }
        return -1;
    }
    if (n < 0) {
        w_raise_fmt(w_exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

static w_object *slot_getitem(w_object *self, w_object *key)
{
    bool found;
    w_object *r = call_user(self, "__getitem__", &key, 1, &found);
    if (found || w_err_occurred())
        return r;
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (sb->getitem)
        return sb->getitem(self, key);
    return w_raise_fmt(w_exc_TypeError, "'%s' object is not subscriptable", W_TYPE(self)->name);
}

static int slot_setitem(w_object *self, w_object *key, w_object *value)
{
    w_object *args[2] = {key, value};
    bool found;
    w_object *r = value ? call_user(self, "__setitem__", args, 2, &found)
                        : call_user(self, "__delitem__", args, 1, &found);
    if (found)
        return r ? 0 : -1;
    if (w_err_occurred())
        return -1;
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (sb->setitem)
        return sb->setitem(self, key, value);
    w_raise_fmt(w_exc_TypeError,
                value ? "'%s' object does not support item assignment"
                      : "'%s' object doesn't support item deletion",
                W_TYPE(self)->name);
    return -1;
}

static int slot_contains(w_object *self, w_object *item)
{
    bool found;
    w_object *r = call_user(self, "__contains__", &item, 1, &found);
    if (found)
        return r ? space_truth(r) : -1;
    if (w_err_occurred())
        return -1;
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (sb->contains)
        return sb->contains(self, item);
    /* no __contains__ anywhere: iterate, as space_contains does */
    GC_ENTER();
    w_object *it = NULL, *x = NULL;
    GC_ROOT(item);
    GC_ROOT(it);
    GC_ROOT(x);
    if (!(it = space_iter(self)))
        GC_RETURN(-1);
    while ((x = space_next(it))) {
        int e = space_eq(x, item);
        if (e != 0)
            GC_RETURN(e);
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

static w_object *slot_iter(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__iter__", NULL, 0, &found);
    if (found || w_err_occurred())
        return r;
    if (w_class_user_method(W_TYPE(self), "__getitem__"))
        return w_seq_iter_new(self);
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (sb->iter)
        return sb->iter(self);
    return w_raise_fmt(w_exc_TypeError, "'%s' object is not iterable", W_TYPE(self)->name);
}

static w_object *slot_next(w_object *self)
{
    bool found;
    w_object *r = call_user(self, "__next__", NULL, 0, &found);
    if (found) {
        if (!r && w_err_matches(w_exc_StopIteration))
            w_err_clear();
        return r;
    }
    if (w_err_occurred())
        return NULL;
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (sb->next)
        return sb->next(self);
    return w_raise_fmt(w_exc_TypeError, "'%s' object is not an iterator", W_TYPE(self)->name);
}

static w_object *slot_call(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    w_object *f = NULL;
    GC_ROOT(self);
    GC_ROOT(kwnames);
    GC_ROOT(f);
    GC_ROOT_ARRAY(args, nargs + nkw);
    w_object *m = w_class_user_method(W_TYPE(self), "__call__");
    if (!m) {
        if (w_err_occurred())
            GC_RETURN(NULL);
        w_type *sb = w_class_static_base(W_TYPE(self));
        if (sb->call)
            GC_RETURN(sb->call(self, args, nargs, kwnames));
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "'%s' object is not callable", W_TYPE(self)->name));
    }
    if (W_TYPE(m) == w_method_type && !(((w_builtin *)m)->flags & (W_BF_CLASSMETHOD | W_BF_BOUND)))
        f = w_bind_descriptor(m, self);
    else if (W_TYPE(m)->descr_get)
        f = W_TYPE(m)->descr_get(m, self, W_TYPE(self));
    else
        f = m;
    GC_RETURN(f ? space_call(f, args, nargs, kwnames) : NULL);
}

static w_object *slot_descr_get(w_object *descr, w_object *obj, w_type *owner)
{
    w_object *args[2] = {obj ? obj : w_None, owner ? &owner->ob : w_None};
    bool found;
    w_object *r = call_user(descr, "__get__", args, 2, &found);
    if (found || w_err_occurred())
        return r;
    return descr;
}

static int slot_descr_set(w_object *descr, w_object *obj, w_object *value)
{
    w_object *args[2] = {obj, value};
    bool found;
    w_object *r = value ? call_user(descr, "__set__", args, 2, &found)
                        : call_user(descr, "__delete__", args, 1, &found);
    if (found)
        return r ? 0 : -1;
    if (!w_err_occurred())
        w_raise_fmt(w_exc_AttributeError, value ? "__set__" : "__delete__");
    return -1;
}

static w_object *slot_getattr(w_object *self, w_object *name)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    w_object *r = w_class_base_getattr(self, name);
    if (r || !w_err_matches(w_exc_AttributeError))
        GC_RETURN(r);
    w_object *m = w_class_user_method(W_TYPE(self), "__getattr__");
    if (!m)
        GC_RETURN(NULL);
    w_err_clear();
    GC_RETURN(w_class_call_dunder(self, m, &name, 1));
}

static int slot_setattr(w_object *self, w_object *name, w_object *value)
{
    w_object *args[2] = {name, value};
    bool found;
    w_object *r = value ? call_user(self, "__setattr__", args, 2, &found)
                        : call_user(self, "__delattr__", args, 1, &found);
    if (found)
        return r ? 0 : -1;
    if (w_err_occurred())
        return -1;
    return w_class_base_setattr(self, name, value);
}

/* ---- number slots --------------------------------------------------------------------------- */

static const char *const binop_names[W_NBINOPS][2] = {
    {"__add__", "__radd__"},         {"__sub__", "__rsub__"},
    {"__mul__", "__rmul__"},         {"__matmul__", "__rmatmul__"},
    {"__truediv__", "__rtruediv__"}, {"__floordiv__", "__rfloordiv__"},
    {"__mod__", "__rmod__"},         {"__divmod__", "__rdivmod__"},
    {"__pow__", "__rpow__"},         {"__lshift__", "__rlshift__"},
    {"__rshift__", "__rrshift__"},   {"__and__", "__rand__"},
    {"__or__", "__ror__"},           {"__xor__", "__rxor__"},
};
static const char *const unop_names[W_NUNOPS] = {"__neg__", "__pos__", "__invert__", "__abs__"};

static w_binfn class_binops[W_NBINOPS];

/* a.__op__(b) or b.__rop__(a), found anywhere along the MRO (extension bases keep their
   slots as dunders too); NotImplemented when the type has neither. */
static w_object *call_found(w_object *self, const char *name, w_object *other)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(other);
    w_object *m = w_type_lookup_cstr(W_TYPE(self), name);
    if (!m)
        GC_RETURN(w_err_occurred() ? NULL : w_NotImplemented);
    GC_RETURN(w_class_call_dunder(self, m, &other, 1));
}

/* CPython's SLOT1BINFULL: the left operand's method, unless the right operand's type is
   a subclass that overrides the reflected one, which then goes first. */
static w_object *class_binop(enum w_binop op, w_object *a, w_object *b)
{
    w_type *ta = W_TYPE(a), *tb = W_TYPE(b);
    w_binfn me = class_binops[op];
    bool a_is = ta->number && ta->number->binop[op] == me;
    bool do_other = ta != tb && tb->number && tb->number->binop[op] == me;
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    w_object *r;
    if (a_is) {
        if (do_other && w_type_is_subtype(tb, ta) && w_class_user_method(tb, binop_names[op][1])) {
            r = call_found(b, binop_names[op][1], a);
            if (r != w_NotImplemented)
                GC_RETURN(r);
            do_other = false;
        }
        r = call_found(a, binop_names[op][0], b);
        if (r != w_NotImplemented || ta == tb)
            GC_RETURN(r);
    }
    if (do_other)
        GC_RETURN(call_found(b, binop_names[op][1], a));
    GC_RETURN(w_NotImplemented);
}

#define BINOP(op)                                                                                  \
    static w_object *binop_##op(w_object *a, w_object *b)                                          \
    {                                                                                              \
        return class_binop(op, a, b);                                                              \
    }
BINOP(W_OP_ADD)
BINOP(W_OP_SUB)
BINOP(W_OP_MUL)
BINOP(W_OP_MATMUL)
BINOP(W_OP_TRUEDIV)
BINOP(W_OP_FLOORDIV)
BINOP(W_OP_MOD)
BINOP(W_OP_DIVMOD)
BINOP(W_OP_POW)
BINOP(W_OP_LSHIFT)
BINOP(W_OP_RSHIFT)
BINOP(W_OP_AND)
BINOP(W_OP_OR)
BINOP(W_OP_XOR)
#undef BINOP

static w_binfn class_binops[W_NBINOPS] = {
    binop_W_OP_ADD,      binop_W_OP_SUB,    binop_W_OP_MUL,    binop_W_OP_MATMUL,
    binop_W_OP_TRUEDIV,  binop_W_OP_FLOORDIV, binop_W_OP_MOD,  binop_W_OP_DIVMOD,
    binop_W_OP_POW,      binop_W_OP_LSHIFT, binop_W_OP_RSHIFT, binop_W_OP_AND,
    binop_W_OP_OR,       binop_W_OP_XOR,
};

static w_object *unop(w_object *self, const char *name)
{
    GC_ENTER();
    GC_ROOT(self);
    w_object *m = w_type_lookup_cstr(W_TYPE(self), name);
    if (!m)
        GC_RETURN(w_err_occurred() ? NULL
                                   : w_raise_fmt(w_exc_TypeError, "bad operand type for %s: '%s'",
                                                 name, W_TYPE(self)->name));
    GC_RETURN(w_class_call_dunder(self, m, NULL, 0));
}

static w_object *unop_neg(w_object *a) { return unop(a, "__neg__"); }
static w_object *unop_pos(w_object *a) { return unop(a, "__pos__"); }
static w_object *unop_inv(w_object *a) { return unop(a, "__invert__"); }
static w_object *unop_abs(w_object *a) { return unop(a, "__abs__"); }
static const w_unfn class_unops[W_NUNOPS] = {unop_neg, unop_pos, unop_inv, unop_abs};

static w_object *converted(w_object *r, w_type *want, const char *name)
{
    if (r && !W_TYPE_CHECK(r, want))
        return w_raise_fmt(w_exc_TypeError, "%s returned non-%s (type %s)", name, want->name,
                           W_TYPE(r)->name);
    return r;
}

static w_object *to_int(w_object *a) { return converted(unop(a, "__int__"), w_int_type, "__int__"); }
static w_object *to_float(w_object *a)
{
    return converted(unop(a, "__float__"), w_float_type, "__float__");
}
static w_object *to_index(w_object *a)
{
    return converted(unop(a, "__index__"), w_int_type, "__index__");
}

/* ---- installing slots ----------------------------------------------------------------------- */

static bool has_user(w_type *t, const char *name)
{
    bool r = w_class_user_method(t, name) != NULL;
    w_err_clear(); /* a failing key comparison leaves the static slot: the call will report */
    return r;
}

static bool has_any(w_type *t, const char *name)
{
    bool r = w_type_lookup_cstr(t, name) != NULL;
    w_err_clear();
    return r;
}

/* Fills t's slots: the class's dunders where it (or a class base) has them, the static
   base's slots elsewhere (CPython's fixup_slot_dispatchers / update_slot). */
void w_class_install_slots(w_type *t)
{
    w_type *sb = w_class_static_base(t);
#define SLOT(f, fn, cond) t->f = (cond) ? (fn) : sb->f
    SLOT(repr, slot_repr, true); /* object's repr names the class's module */
    SLOT(str, slot_str, has_user(t, "__str__"));
    SLOT(hash, slot_hash, has_user(t, "__hash__"));
    SLOT(richcompare, slot_richcompare,
         has_user(t, "__eq__") || has_user(t, "__ne__") || has_user(t, "__lt__") ||
             has_user(t, "__le__") || has_user(t, "__gt__") || has_user(t, "__ge__"));
    SLOT(truth, slot_truth, has_user(t, "__bool__") || has_user(t, "__len__"));
    SLOT(len, slot_len, has_user(t, "__len__"));
    SLOT(getitem, slot_getitem, has_user(t, "__getitem__"));
    SLOT(setitem, slot_setitem, has_user(t, "__setitem__") || has_user(t, "__delitem__"));
    SLOT(contains, slot_contains, has_user(t, "__contains__"));
    SLOT(iter, slot_iter, has_user(t, "__iter__") || has_user(t, "__getitem__"));
    SLOT(next, slot_next, has_user(t, "__next__"));
    SLOT(call, slot_call, has_user(t, "__call__"));
    SLOT(descr_get, slot_descr_get, has_user(t, "__get__"));
    SLOT(descr_set, slot_descr_set, has_user(t, "__set__") || has_user(t, "__delete__"));
    SLOT(getattr, slot_getattr, true);
    SLOT(setattr, slot_setattr, true);
    SLOT(concat, NULL, false);
    SLOT(repeat, NULL, false);
    SLOT(buffer, NULL, false);
#undef SLOT
    w_number_slots *ns = &W_CLASS(t)->number;
    const w_number_slots *bn = sb->number;
    memset(ns, 0, sizeof *ns);
    if (bn)
        *ns = *bn;
    bool any = bn != NULL;
    for (int op = 0; op < W_NBINOPS; op++)
        if (has_any(t, binop_names[op][0]) || has_any(t, binop_names[op][1])) {
            ns->binop[op] = class_binops[op];
            any = true;
        }
    for (int op = 0; op < W_NUNOPS; op++)
        if (has_user(t, unop_names[op])) {
            ns->unop[op] = class_unops[op];
            any = true;
        }
    if (has_user(t, "__int__"))
        ns->to_int = to_int, any = true;
    if (has_user(t, "__float__"))
        ns->to_float = to_float, any = true;
    if (has_user(t, "__index__"))
        ns->index = to_index, any = true;
    t->number = any ? ns : NULL;
}

/* Every name the slots look up, interned now so that looking them up never allocates. */
int w_class_slots_init(void)
{
    static const char *const names[] = {
        "__repr__", "__str__", "__hash__", "__bool__", "__len__", "__getitem__",
        "__setitem__", "__delitem__", "__contains__", "__iter__", "__next__", "__call__",
        "__get__", "__set__", "__delete__", "__getattr__", "__setattr__", "__delattr__",
        "__new__", "__init__", "__int__", "__float__", "__index__", "__set_name__",
        "__init_subclass__", "__missing__", "__class_getitem__", "__module__", "__qualname__",
        "__doc__", "__dict__"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!w_str_intern(names[i]))
            return -1;
    for (int i = 0; i < 6; i++)
        if (!w_str_intern(cmp_names[i]))
            return -1;
    for (int i = 0; i < W_NBINOPS; i++)
        if (!w_str_intern(binop_names[i][0]) || !w_str_intern(binop_names[i][1]))
            return -1;
    for (int i = 0; i < W_NUNOPS; i++)
        if (!w_str_intern(unop_names[i]))
            return -1;
    return 0;
}


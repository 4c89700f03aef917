/* space_inplace.c — augmented assignment (`a op= b`) in the object space. */
#include <stdio.h>
#include <string.h>

#include "objects/objects.h"

/* Per binary operator: the method of its in-place form, the symbol space_binop's
   TypeError names and the one CPython's in-place error names. */
static const struct inplace_op {
    const char *method, *symbol, *isymbol;
} inplace_ops[W_NBINOPS] = {
#define OP(op, m, s) [op] = {m, s, s "="}
    OP(W_OP_ADD, "__iadd__", "+"),
    OP(W_OP_SUB, "__isub__", "-"),
    OP(W_OP_MUL, "__imul__", "*"),
    OP(W_OP_MATMUL, "__imatmul__", "@"),
    OP(W_OP_TRUEDIV, "__itruediv__", "/"),
    OP(W_OP_FLOORDIV, "__ifloordiv__", "//"),
    OP(W_OP_MOD, "__imod__", "%"),
    OP(W_OP_LSHIFT, "__ilshift__", "<<"),
    OP(W_OP_RSHIFT, "__irshift__", ">>"),
    OP(W_OP_AND, "__iand__", "&"),
    OP(W_OP_OR, "__ior__", "|"),
    OP(W_OP_XOR, "__ixor__", "^"),
#undef OP
    [W_OP_POW] = {"__ipow__", "** or pow()", "**="},
};

/* Renames the operator in space_binop's "unsupported operand" TypeError to the in-place
   one; any other error (raised inside a slot) stays as it is. */
static void inplace_message(enum w_binop op, w_object *a, w_object *b)
{
    w_object *e = w_err_current();
    if (!e || W_TYPE(e) != w_exc_TypeError || !inplace_ops[op].symbol)
        return;
    w_object *args = ((w_exc *)e)->args;
    if (!args || W_TUPLE_SIZE(args) != 1 || !W_STR_CHECK(W_TUPLE_ITEMS(args)[0]))
        return;
    const char *fmt = "unsupported operand type(s) for %s: '%s' and '%s'";
    char expect[512];
    snprintf(expect, sizeof expect, fmt, inplace_ops[op].symbol, W_TYPE(a)->name,
             W_TYPE(b)->name);
    if (strcmp(w_str_utf8(W_TUPLE_ITEMS(args)[0]), expect) != 0)
        return;
    w_err_clear();
    w_raise_fmt(w_exc_TypeError, fmt, inplace_ops[op].isymbol, W_TYPE(a)->name,
                W_TYPE(b)->name);
}

/* Whether `a op= b` on this mutable builtin replaces a's contents with `a op b`. */
static bool updates_contents(enum w_binop op, w_object *a)
{
    if (W_LIST_CHECK(a) || W_BYTEARRAY_CHECK(a))
        return op == W_OP_ADD || op == W_OP_MUL;
    if (W_TYPE_CHECK(a, w_set_type))
        return op == W_OP_OR || op == W_OP_AND || op == W_OP_SUB || op == W_OP_XOR;
    return false;
}

/* a[:] = r for a list or bytearray; a.clear(), a.update(r) for a set. */
static int replace_contents(w_object *a, w_object *r)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(a);
    GC_ROOT(r);
    GC_ROOT(s);
    int rc;
    if (W_TYPE_CHECK(a, w_set_type)) {
        s = space_call_method(a, "clear", NULL, 0);
        rc = s ? w_set_update(a, r) : -1;
    } else {
        s = w_slice_new(w_None, w_None, w_None);
        rc = s ? space_setitem(a, s, r) : -1;
    }
    GC_RETURN(rc);
}

w_object *space_inplace(enum w_binop op, w_object *a, w_object *b)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(r);
    if (inplace_ops[op].method && w_type_lookup_cstr(W_TYPE(a), inplace_ops[op].method)) {
        r = space_call_method(a, inplace_ops[op].method, &b, 1);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (op == W_OP_ADD && W_LIST_CHECK(a)) {
        r = space_call_method(a, "extend", &b, 1);
        GC_RETURN(r ? a : NULL);
    }
    if (op == W_OP_OR && W_DICT_CHECK(a))
        GC_RETURN(w_dict_update(a, b) < 0 ? NULL : a);
    r = space_binop(op, a, b);
    if (!r) {
        inplace_message(op, a, b);
        GC_RETURN(NULL);
    }
    if (updates_contents(op, a))
        GC_RETURN(replace_contents(a, r) < 0 ? NULL : a);
    GC_RETURN(r);
}

/* space_ops.c — operators: binary and unary arithmetic, rich comparison (CPython's dispatch). */
#include "objects/kernel.h"

static const char *const binop_symbol[W_NBINOPS] = {
    [W_OP_ADD] = "+",       [W_OP_SUB] = "-",      [W_OP_MUL] = "*",
    [W_OP_MATMUL] = "@",    [W_OP_TRUEDIV] = "/",  [W_OP_FLOORDIV] = "//",
    [W_OP_MOD] = "%",       [W_OP_DIVMOD] = "divmod()", [W_OP_POW] = "** or pow()",
    [W_OP_LSHIFT] = "<<",   [W_OP_RSHIFT] = ">>",  [W_OP_AND] = "&",
    [W_OP_OR] = "|",        [W_OP_XOR] = "^",
};

static w_binfn binslot(w_type *t, enum w_binop op)
{
    return t->number ? t->number->binop[op] : NULL;
}

/* seq * n for a sequence with a `repeat` slot. */
static w_object *sequence_repeat(w_object *seq, w_object *n)
{
    w_type *nt = W_TYPE(n);
    if (!W_INT_CHECK(n) && !(nt->number && nt->number->index))
        return w_raise_fmt(w_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                           nt->name);
    GC_ENTER();
    GC_ROOT(seq);
    w_object *i = space_index(n);
    if (!i)
        GC_RETURN(NULL);
    int64_t count;
    if (w_int_as_i64(i, &count) < 0) {
        w_err_clear();
        GC_RETURN(w_raise_fmt(w_exc_OverflowError, "cannot fit 'int' into an index-sized integer"));
    }
    GC_RETURN(W_TYPE(seq)->repeat(seq, count));
}

/*
 * CPython's binary_op1: the left operand's slot, then the right's; a right operand whose
 * type is a proper subtype of the left's (with its own slot) goes first. Sequence
 * concatenation and repetition come after both number slots.
 */
w_object *space_binop(enum w_binop op, w_object *a, w_object *b)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    w_type *ta = W_TYPE(a), *tb = W_TYPE(b);
    w_binfn sa = binslot(ta, op), sb = ta != tb ? binslot(tb, op) : NULL;
    if (sb == sa)
        sb = NULL;
    w_object *r;
    if (sa) {
        if (sb && w_type_is_subtype(tb, ta)) {
            r = sb(a, b);
            if (r != w_NotImplemented)
                GC_RETURN(r);
            sb = NULL;
        }
        r = sa(a, b);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (sb) {
        r = sb(a, b);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (op == W_OP_ADD && ta->concat)
        GC_RETURN(ta->concat(a, b));
    if (op == W_OP_MUL) {
        if (ta->repeat)
            GC_RETURN(sequence_repeat(a, b));
        if (tb->repeat)
            GC_RETURN(sequence_repeat(b, a));
    }
    GC_RETURN(w_raise_fmt(w_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                          binop_symbol[op], ta->name, tb->name));
}

w_object *space_unop(enum w_unop op, w_object *a)
{
    static const char *const name[W_NUNOPS] = {"unary -", "unary +", "unary ~", "abs()"};
    w_type *t = W_TYPE(a);
    if (t->number && t->number->unop[op])
        return t->number->unop[op](a);
    return w_raise_fmt(w_exc_TypeError, "bad operand type for %s: '%s'", name[op], t->name);
}

static const int swapped_op[] = {[W_LT] = W_GT, [W_LE] = W_GE, [W_EQ] = W_EQ,
                                 [W_NE] = W_NE, [W_GT] = W_LT, [W_GE] = W_LE};
static const char *const cmp_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

/* CPython's do_richcompare: reflected first for a proper subtype on the right, then the
   left's slot, then the reflected one; == and != fall back to identity. */
w_object *space_richcompare(w_object *a, w_object *b, int op)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    w_type *ta = W_TYPE(a), *tb = W_TYPE(b);
    bool reflected = false;
    w_object *r;
    if (ta != tb && w_type_is_subtype(tb, ta) && tb->richcompare) {
        reflected = true;
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (ta->richcompare) {
        r = ta->richcompare(a, b, op);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (!reflected && tb->richcompare) {
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != w_NotImplemented)
            GC_RETURN(r);
    }
    if (op == W_EQ)
        GC_RETURN(W_BOOL(a == b));
    if (op == W_NE)
        GC_RETURN(W_BOOL(a != b));
    GC_RETURN(w_raise_fmt(w_exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                          cmp_symbol[op], ta->name, tb->name));
}

/* Like PyObject_RichCompareBool: identity implies equality for == and !=. */
int space_compare_bool(w_object *a, w_object *b, int op)
{
    if (a == b && (op == W_EQ || op == W_NE))
        return op == W_EQ;
    w_object *r = space_richcompare(a, b, op);
    if (!r)
        return -1;
    if (r == w_True)
        return 1;
    if (r == w_False)
        return 0;
    return space_truth(r);
}

int space_eq(w_object *a, w_object *b)
{
    return space_compare_bool(a, b, W_EQ);
}

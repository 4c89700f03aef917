/* number.c — the number protocol (PyNumber_*): the object space's operators, int(), float(), index(). */
#include <stdio.h>

#include "capi/capi.h"

/* CPython's answer to a NULL operand (an error a failed call left pending stays). */
static PyObject *null_error(void)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "null argument to internal routine");
    return NULL;
}

/* ---- binary and unary operators ------------------------------------------------------------ */

static PyObject *binary(PyObject *a, PyObject *b, enum w_binop op)
{
    if (!a || !b)
        return null_error();
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    PyObject *r = NULL;
    if ((wa = capi_w(a)) && (wb = capi_w(b)))
        r = capi_new_ref(space_binop(op, wa, wb));
    GC_RETURN(r);
}

PyObject *PyNumber_Add(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_ADD);
}

PyObject *PyNumber_Subtract(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_SUB);
}

PyObject *PyNumber_Multiply(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_MUL);
}

PyObject *PyNumber_MatrixMultiply(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_MATMUL);
}

PyObject *PyNumber_FloorDivide(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_FLOORDIV);
}

PyObject *PyNumber_TrueDivide(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_TRUEDIV);
}

PyObject *PyNumber_Remainder(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_MOD);
}

PyObject *PyNumber_Divmod(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_DIVMOD);
}

PyObject *PyNumber_Lshift(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_LSHIFT);
}

PyObject *PyNumber_Rshift(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_RSHIFT);
}

PyObject *PyNumber_And(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_AND);
}

PyObject *PyNumber_Xor(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_XOR);
}

PyObject *PyNumber_Or(PyObject *a, PyObject *b)
{
    return binary(a, b, W_OP_OR);
}

static PyObject *unary(PyObject *a, enum w_unop op)
{
    if (!a)
        return null_error();
    w_object *w = capi_w(a);
    return w ? capi_new_ref(space_unop(op, w)) : NULL;
}

PyObject *PyNumber_Negative(PyObject *o)
{
    return unary(o, W_OP_NEG);
}

PyObject *PyNumber_Positive(PyObject *o)
{
    return unary(o, W_OP_POS);
}

PyObject *PyNumber_Absolute(PyObject *o)
{
    return unary(o, W_OP_ABS);
}

PyObject *PyNumber_Invert(PyObject *o)
{
    return unary(o, W_OP_INVERT);
}

/*
 * pow(a, b, c) for c not None. CPython tries each operand's ternary slot: int's computes
 * the result when all three are ints and declines otherwise, float's refuses any third
 * argument. Ferry's runtime has no ternary slot, so the same outcome is decided here for
 * the builtin types; other types get the "unsupported operand" error.
 */
static w_object *power3(w_object *a, w_object *b, w_object *c, const char *opname)
{
    if (W_INT_CHECK(a) && W_INT_CHECK(b) && W_INT_CHECK(c))
        return w_int_powmod(a, b, c);
    if (W_FLOAT_CHECK(a) || W_FLOAT_CHECK(b) || W_FLOAT_CHECK(c))
        return w_raise_fmt(w_exc_TypeError,
                           "pow() 3rd argument not allowed unless all arguments are integers");
    return w_raise_fmt(w_exc_TypeError, "unsupported operand type(s) for %s: '%s', '%s', '%s'",
                       opname, W_TYPE(a)->name, W_TYPE(b)->name, W_TYPE(c)->name);
}

/* power3 on three proxies. */
static PyObject *power3_c(PyObject *a, PyObject *b, PyObject *c, const char *opname)
{
    GC_ENTER();
    w_object *w[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(w, 3);
    PyObject *r = NULL;
    if ((w[0] = capi_w(a)) && (w[1] = capi_w(b)) && (w[2] = capi_w(c)))
        r = capi_new_ref(power3(w[0], w[1], w[2], opname));
    GC_RETURN(r);
}

PyObject *PyNumber_Power(PyObject *a, PyObject *b, PyObject *c)
{
    if (!a || !b || !c)
        return null_error();
    if (c == Py_None)
        return binary(a, b, W_OP_POW);
    return power3_c(a, b, c, "** or pow()");
}

/* ---- in-place operators -------------------------------------------------------------------- */

/* Per binary operator: the C slot and method of its in-place form, the symbol that
   space_binop's TypeError names and the one CPython's in-place error names. */
static const struct inplace_op {
    size_t slot;
    const char *method, *symbol, *isymbol;
} inplace_ops[W_NBINOPS] = {
#define OP(op, slot, m, s) [op] = {offsetof(PyNumberMethods, slot), m, s, s "="}
    OP(W_OP_ADD, nb_inplace_add, "__iadd__", "+"),
    OP(W_OP_SUB, nb_inplace_subtract, "__isub__", "-"),
    OP(W_OP_MUL, nb_inplace_multiply, "__imul__", "*"),
    OP(W_OP_MATMUL, nb_inplace_matrix_multiply, "__imatmul__", "@"),
    OP(W_OP_TRUEDIV, nb_inplace_true_divide, "__itruediv__", "/"),
    OP(W_OP_FLOORDIV, nb_inplace_floor_divide, "__ifloordiv__", "//"),
    OP(W_OP_MOD, nb_inplace_remainder, "__imod__", "%"),
    OP(W_OP_LSHIFT, nb_inplace_lshift, "__ilshift__", "<<"),
    OP(W_OP_RSHIFT, nb_inplace_rshift, "__irshift__", ">>"),
    OP(W_OP_AND, nb_inplace_and, "__iand__", "&"),
    OP(W_OP_OR, nb_inplace_or, "__ior__", "|"),
    OP(W_OP_XOR, nb_inplace_xor, "__ixor__", "^"),
#undef OP
    [W_OP_POW] = {offsetof(PyNumberMethods, nb_inplace_power), "__ipow__", "** or pow()", "**="},
};

/* Renames the operator in space_binop's "unsupported operand" TypeError to the in-place
   one; any other error (raised inside a slot) stays as it is. */
static void inplace_message(enum w_binop op, w_object *a, w_object *b)
{
    w_object *e = w_err_current();
    if (!e || W_TYPE(e) != w_exc_TypeError)
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

/*
 * The runtime's part of `a op= b`: a's `__iop__` method when `method` and its type has
 * one; the mutable builtins updated in place (list += extends, dict |= updates: both take
 * any iterable, as CPython's do); otherwise the binary operator.
 */
static w_object *w_inplace(enum w_binop op, w_object *a, w_object *b, bool method)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(r);
    if (method && w_type_lookup_cstr(W_TYPE(a), inplace_ops[op].method)) {
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

static PyObject *inplace(PyObject *a, PyObject *b, enum w_binop op)
{
    if (!a || !b)
        return null_error();
    /* an extension type's own in-place slot first, as CPython's binary_iop does */
    PyNumberMethods *nb = Py_TYPE(a)->tp_as_number;
    binaryfunc slot = nb ? *(binaryfunc *)((char *)nb + inplace_ops[op].slot) : NULL;
    if (slot) {
        PyObject *r = slot(a, b);
        if (r != Py_NotImplemented)
            return r;
        Py_DECREF(r);
    }
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    PyObject *r = NULL;
    if ((wa = capi_w(a)) && (wb = capi_w(b)))
        r = capi_new_ref(w_inplace(op, wa, wb, !slot));
    GC_RETURN(r);
}

PyObject *PyNumber_InPlaceAdd(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_ADD);
}

PyObject *PyNumber_InPlaceSubtract(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_SUB);
}

PyObject *PyNumber_InPlaceMultiply(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_MUL);
}

PyObject *PyNumber_InPlaceMatrixMultiply(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_MATMUL);
}

PyObject *PyNumber_InPlaceFloorDivide(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_FLOORDIV);
}

PyObject *PyNumber_InPlaceTrueDivide(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_TRUEDIV);
}

PyObject *PyNumber_InPlaceRemainder(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_MOD);
}

PyObject *PyNumber_InPlaceLshift(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_LSHIFT);
}

PyObject *PyNumber_InPlaceRshift(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_RSHIFT);
}

PyObject *PyNumber_InPlaceAnd(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_AND);
}

PyObject *PyNumber_InPlaceXor(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_XOR);
}

PyObject *PyNumber_InPlaceOr(PyObject *a, PyObject *b)
{
    return inplace(a, b, W_OP_OR);
}

PyObject *PyNumber_InPlacePower(PyObject *a, PyObject *b, PyObject *c)
{
    if (!a || !b || !c)
        return null_error();
    PyNumberMethods *nb = Py_TYPE(a)->tp_as_number;
    if (nb && nb->nb_inplace_power) {
        PyObject *r = nb->nb_inplace_power(a, b, c);
        if (r != Py_NotImplemented)
            return r;
        Py_DECREF(r);
    }
    if (c != Py_None)
        return power3_c(a, b, c, "**=");
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    PyObject *r = NULL;
    if ((wa = capi_w(a)) && (wb = capi_w(b)))
        r = capi_new_ref(w_inplace(W_OP_POW, wa, wb, !(nb && nb->nb_inplace_power)));
    GC_RETURN(r);
}

/* ---- conversions ------------------------------------------------------------------------------ */

/* Whether the runtime type behind `t` has the number slot at `field`. */
static bool w_has_number_slot(PyTypeObject *t, size_t field)
{
    w_type *wt = capi_w_type(t);
    const w_number_slots *ns = wt ? wt->number : NULL;
    return ns && *(const w_unfn *)((const char *)ns + field);
}

int PyIndex_Check(PyObject *o)
{
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    return (nb && nb->nb_index) || w_has_number_slot(Py_TYPE(o), offsetof(w_number_slots, index));
}

int PyNumber_Check(PyObject *o)
{
    if (!o)
        return 0;
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    if (nb && (nb->nb_index || nb->nb_int || nb->nb_float))
        return 1;
    PyTypeObject *t = Py_TYPE(o);
    return w_has_number_slot(t, offsetof(w_number_slots, index)) ||
           w_has_number_slot(t, offsetof(w_number_slots, to_int)) ||
           w_has_number_slot(t, offsetof(w_number_slots, to_float));
}

PyObject *_PyNumber_Index(PyObject *o)
{
    if (!o)
        return null_error();
    if (PyLong_Check(o))
        return Py_NewRef(o);
    w_object *w = capi_w(o);
    return w ? capi_new_ref(space_index(w)) : NULL;
}

PyObject *PyNumber_Index(PyObject *o)
{
    if (!o)
        return null_error();
    if (PyLong_CheckExact(o))
        return Py_NewRef(o);
    w_object *w = capi_w(o);
    if (w)
        w = space_index(w);
    return capi_new_ref(w ? w_int_exact(w) : NULL);
}

Py_ssize_t PyNumber_AsSsize_t(PyObject *o, PyObject *exc)
{
    PyObject *value = _PyNumber_Index(o);
    if (!value)
        return -1;
    Py_ssize_t r = PyLong_AsSsize_t(value);
    if (r == -1 && w_err_matches(w_exc_OverflowError)) {
        w_err_clear();
        w_type *t;
        if (!exc)
            r = _PyLong_Sign(value) < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
        else if ((t = capi_exc_type(exc)))
            w_raise_fmt(t, "cannot fit '%s' into an index-sized integer", Py_TYPE(o)->tp_name);
    }
    Py_DECREF(value);
    return r;
}

/* type(o) for the builtin type `t` (int or float): its constructor's conversion. */
static PyObject *convert(PyObject *o, w_type *t)
{
    w_object *w = capi_w(o);
    return w ? capi_new_ref(space_call((w_object *)t, &w, 1, NULL)) : NULL;
}

PyObject *PyNumber_Long(PyObject *o)
{
    if (!o)
        return null_error();
    if (PyLong_CheckExact(o))
        return Py_NewRef(o);
    return convert(o, w_int_type);
}

PyObject *PyNumber_Float(PyObject *o)
{
    if (!o)
        return null_error();
    if (PyFloat_CheckExact(o))
        return Py_NewRef(o);
    return convert(o, w_float_type);
}

PyObject *PyNumber_ToBase(PyObject *n, int base)
{
    if (base != 2 && base != 8 && base != 10 && base != 16)
        return w_raise_fmt(w_exc_SystemError, "PyNumber_ToBase: base must be 2, 8, 10 or 16");
    if (!n)
        return null_error();
    w_object *w = capi_w(n);
    if (w)
        w = space_index(w);
    return capi_new_ref(w ? w_int_format(w, base) : NULL);
}

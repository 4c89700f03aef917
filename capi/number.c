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

/* `a op b` by the space's binary or in-place operation, on the proxies' runtime objects. */
static PyObject *apply(w_object *(*space_op)(enum w_binop, w_object *, w_object *),
                       PyObject *a, PyObject *b, enum w_binop op)
{
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    PyObject *r = NULL;
    if ((wa = capi_w(a)) && (wb = capi_w(b)))
        r = capi_new_ref(space_op(op, wa, wb));
    GC_RETURN(r);
}

static PyObject *binary(PyObject *a, PyObject *b, enum w_binop op)
{
    if (!a || !b)
        return null_error();
    return apply(space_binop, a, b, op);
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

/* The C slot of each binary operator's in-place form. */
static const size_t inplace_slots[W_NBINOPS] = {
    [W_OP_ADD] = offsetof(PyNumberMethods, nb_inplace_add),
    [W_OP_SUB] = offsetof(PyNumberMethods, nb_inplace_subtract),
    [W_OP_MUL] = offsetof(PyNumberMethods, nb_inplace_multiply),
    [W_OP_MATMUL] = offsetof(PyNumberMethods, nb_inplace_matrix_multiply),
    [W_OP_TRUEDIV] = offsetof(PyNumberMethods, nb_inplace_true_divide),
    [W_OP_FLOORDIV] = offsetof(PyNumberMethods, nb_inplace_floor_divide),
    [W_OP_MOD] = offsetof(PyNumberMethods, nb_inplace_remainder),
    [W_OP_LSHIFT] = offsetof(PyNumberMethods, nb_inplace_lshift),
    [W_OP_RSHIFT] = offsetof(PyNumberMethods, nb_inplace_rshift),
    [W_OP_AND] = offsetof(PyNumberMethods, nb_inplace_and),
    [W_OP_OR] = offsetof(PyNumberMethods, nb_inplace_or),
    [W_OP_XOR] = offsetof(PyNumberMethods, nb_inplace_xor),
    [W_OP_POW] = offsetof(PyNumberMethods, nb_inplace_power),
};

static PyObject *inplace(PyObject *a, PyObject *b, enum w_binop op)
{
    if (!a || !b)
        return null_error();
    /* an extension type's own in-place slot first, as CPython's binary_iop does */
    PyNumberMethods *nb = Py_TYPE(a)->tp_as_number;
    binaryfunc slot = nb ? *(binaryfunc *)((char *)nb + inplace_slots[op]) : NULL;
    if (slot) {
        PyObject *r = slot(a, b);
        if (r != Py_NotImplemented)
            return r;
        Py_DECREF(r);
    }
    return apply(space_inplace, a, b, op);
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
    return apply(space_inplace, a, b, W_OP_POW);
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

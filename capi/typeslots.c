/* typeslots.c — the runtime slots of extension types: each calls the C slot of the object's type. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A slot wrapper finds the C function through the type of its first operand
 * (capi_type(W_TYPE(self))->tp_...), never through the type it was installed on: a
 * subtype that inherits the C slot inherits the wrapper too (w_type_ready), and one that
 * overrides it gets the wrapper installed for itself. A wrapper is installed only where
 * the C slot differs from the base's, so a slot inherited from a builtin base keeps the
 * base's runtime slot with no round trip through C.
 *
 * Every wrapper is a crossing into C: the W objects it still needs after the C call are
 * rooted, and results go through capi_result (pending deallocations run, NULL without an
 * error and a result with an error set become SystemError).
 */

static inline PyTypeObject *ctype(w_object *w)
{
    return capi_type(W_TYPE(w));
}

static w_object *result(PyObject *r, const char *slot)
{
    return capi_result(r, "%s", slot);
}

/* An int result of a C slot: -1 means an error only if one is set (or CPython's rules). */
static int int_result(int r)
{
    capi_flush_pending();
    return r;
}

/* ---- object slots --------------------------------------------------------------------------- */

static w_object *text_result(PyObject *r, const char *slot, const char *what)
{
    GC_ENTER();
    w_object *w = result(r, slot);
    GC_ROOT(w);
    if (w && !W_STR_CHECK(w))
        w = w_raise_fmt(w_exc_TypeError, "%s returned non-string (type %s)", what, W_TYPE(w)->name);
    GC_RETURN(w);
}

static w_object *slot_repr(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_RETURN(text_result(ctype(self)->tp_repr(capi_proxy(self)), "tp_repr", "__repr__"));
}

static w_object *slot_str(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_RETURN(text_result(ctype(self)->tp_str(capi_proxy(self)), "tp_str", "__str__"));
}

static int slot_hash(w_object *self, int64_t *out)
{
    PyTypeObject *pt = ctype(self);
    if (pt->tp_hash == PyObject_HashNotImplemented)
        return space_hash_unhashable(self, out);
    GC_ENTER();
    GC_ROOT(self);
    Py_hash_t h = pt->tp_hash(capi_proxy(self));
    capi_flush_pending();
    GC_LEAVE();
    if (h == -1 && w_err_occurred())
        return -1;
    *out = h;
    return 0;
}

static w_object *slot_richcompare(w_object *a, w_object *b, int op)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    GC_RETURN(result(ctype(a)->tp_richcompare(capi_proxy(a), capi_proxy(b), op), "tp_richcompare"));
}

static w_object *slot_iter(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_RETURN(result(ctype(self)->tp_iter(capi_proxy(self)), "tp_iter"));
}

static w_object *slot_next(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    PyObject *r = ctype(self)->tp_iternext(capi_proxy(self));
    if (r)
        GC_RETURN(result(r, "tp_iternext"));
    capi_flush_pending();
    /* exhaustion: NULL with no error, or with StopIteration (CPython accepts both) */
    if (w_err_matches(w_exc_StopIteration))
        w_err_clear();
    GC_RETURN(NULL);
}

static w_object *slot_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    GC_ROOT(callable);
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    PyObject *self = capi_proxy(callable);
    PyTypeObject *pt = Py_TYPE(self);
    PyObject *r;
    vectorcallfunc vc = NULL;
    if ((pt->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL) && pt->tp_vectorcall_offset > 0)
        vc = *(vectorcallfunc *)((char *)self + pt->tp_vectorcall_offset);
    if (vc) {
        PyObject *small[8];
        size_t n = nargs + nkw;
        PyObject **stack = w_args_array(small, 8, n);
        if (!stack)
            GC_RETURN(NULL);
        for (size_t i = 0; i < n; i++)
            stack[i] = capi_proxy(args[i]);
        r = vc(self, stack, nargs, nkw ? capi_proxy(kwnames) : NULL);
        w_args_array_free(stack, small);
    } else {
        PyObject *t, *kw;
        if (capi_call_args(args, nargs, kwnames, &t, &kw) < 0)
            GC_RETURN(NULL);
        r = pt->tp_call(self, t, kw);
        Py_DECREF(t);
        Py_XDECREF(kw);
    }
    GC_RETURN(result(r, "tp_call"));
}

/* A malloc'd copy of a str's UTF-8 (for tp_getattr/tp_setattr); NULL with MemoryError. */
static char *c_name(w_object *name)
{
    char *c = strdup(w_str_utf8(name));
    if (!c)
        w_raise(w_exc_MemoryError, NULL);
    return c;
}

static w_object *slot_getattr(w_object *self, w_object *name)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    PyTypeObject *pt = ctype(self);
    PyObject *r;
    if (pt->tp_getattro) {
        r = pt->tp_getattro(capi_proxy(self), capi_proxy(name));
    } else {
        char *cname = c_name(name); /* the str's bytes move with it: C gets a copy */
        if (!cname)
            GC_RETURN(NULL);
        r = pt->tp_getattr(capi_proxy(self), cname);
        free(cname);
    }
    GC_RETURN(result(r, "tp_getattro"));
}

static int slot_setattr(w_object *self, w_object *name, w_object *value)
{
    PyTypeObject *pt = ctype(self);
    if (!pt->tp_setattro && !pt->tp_setattr)
        return space_generic_setattr_dict(self, name, value, NULL);
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    GC_ROOT(value);
    PyObject *v = value ? capi_proxy(value) : NULL;
    int r;
    if (pt->tp_setattro) {
        r = pt->tp_setattro(capi_proxy(self), capi_proxy(name), v);
    } else {
        char *cname = c_name(name);
        if (!cname)
            GC_RETURN(-1);
        r = pt->tp_setattr(capi_proxy(self), cname, v);
        free(cname);
    }
    GC_RETURN(int_result(r));
}

static w_object *slot_descr_get(w_object *descr, w_object *obj, w_type *owner)
{
    GC_ENTER();
    GC_ROOT(descr);
    GC_ROOT(obj);
    PyObject *r = ctype(descr)->tp_descr_get(capi_proxy(descr), obj ? capi_proxy(obj) : NULL,
                                             (PyObject *)capi_type(owner));
    GC_RETURN(result(r, "tp_descr_get"));
}

static int slot_descr_set(w_object *descr, w_object *obj, w_object *value)
{
    PyTypeObject *pt = ctype(descr);
    if (!pt->tp_descr_set) {
        w_raise_fmt(w_exc_AttributeError, "__set__");
        return -1;
    }
    GC_ENTER();
    GC_ROOT(descr);
    GC_ROOT(obj);
    GC_ROOT(value);
    GC_RETURN(int_result(pt->tp_descr_set(capi_proxy(descr), capi_proxy(obj),
                                          value ? capi_proxy(value) : NULL)));
}

/* ---- sequence and mapping --------------------------------------------------------------------- */

/* A negative length: the error C set, or SystemError if it set none (CPython's rule). */
__attribute__((cold, noinline)) static int64_t negative_len(Py_ssize_t n)
{
    if (!w_err_occurred())
        w_raise_fmt(w_exc_SystemError, "error return without exception set");
    return n;
}

/* len() through the C function `f`: sq_length, or mp_length for a type without one
   (chosen when the slots are installed). */
static inline int64_t call_len(lenfunc f, w_object *self)
{
    PyObject *p = capi_hold(self);
    Py_ssize_t n = f(p);
    capi_unhold(p);
    capi_flush_pending();
    return __builtin_expect(n >= 0, 1) ? n : negative_len(n);
}

static int64_t slot_sq_length(w_object *self)
{
    return call_len(ctype(self)->tp_as_sequence->sq_length, self);
}

static int64_t slot_mp_length(w_object *self)
{
    return call_len(ctype(self)->tp_as_mapping->mp_length, self);
}

/* An index that is not an int of the machine-size layout, through __index__ (CPython's
   PyNumber_AsSsize_t(key, IndexError)). */
__attribute__((noinline)) static int index_value(w_object *key, int64_t *v)
{
    GC_ENTER();
    GC_ROOT(key);
    w_object *i = space_index(key);
    if (!i) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "sequence index must be integer, not '%s'",
                        W_TYPE(key)->name);
        }
        GC_RETURN(-1);
    }
    if (w_int_as_i64(i, v) < 0) {
        w_err_clear();
        w_raise_fmt(w_exc_IndexError, "cannot fit '%s' into an index-sized integer",
                    W_TYPE(key)->name);
        GC_RETURN(-1);
    }
    GC_RETURN(0);
}

/* A sequence index from a subscript, made relative to the end for a negative one when the
   type has a length. `self` is the held proxy of the sequence. */
static inline int seq_index(PyTypeObject *pt, PyObject *self, w_object *key, Py_ssize_t *out)
{
    int64_t v;
    if (w_int_is_small(key)) /* an int of any int type (CPython takes an int's value as it is) */
        v = w_int_small_value(key);
    else if (index_value(key, &v) < 0)
        return -1;
    *out = (Py_ssize_t)v;
    return capi_seq_index_from_end(pt->tp_as_sequence, self, out);
}

/* Subscription through mp_subscript, which takes the key as it is. */
static w_object *slot_subscript(w_object *self, w_object *key)
{
    PyTypeObject *pt = ctype(self);
    PyObject *s = capi_hold(self), *k = capi_hold(key);
    PyObject *r = pt->tp_as_mapping->mp_subscript(s, k);
    capi_unhold(k);
    capi_unhold(s);
    return result(r, "mp_subscript");
}

/* Subscription of a type with sq_item and no mp_subscript: the key is an index. */
static w_object *slot_sq_item(w_object *self, w_object *key)
{
    PyTypeObject *pt = ctype(self);
    PyObject *s = capi_hold(self);
    Py_ssize_t i;
    if (seq_index(pt, s, key, &i) < 0) {
        capi_unhold(s);
        return NULL;
    }
    PyObject *r = pt->tp_as_sequence->sq_item(s, i);
    capi_unhold(s);
    return result(r, "sq_item");
}

static int slot_setitem(w_object *self, w_object *key, w_object *value)
{
    PyTypeObject *pt = ctype(self);
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    GC_ROOT(value);
    if (pt->tp_as_mapping && pt->tp_as_mapping->mp_ass_subscript)
        GC_RETURN(int_result(pt->tp_as_mapping->mp_ass_subscript(
            capi_proxy(self), capi_proxy(key), value ? capi_proxy(value) : NULL)));
    if (!pt->tp_as_sequence || !pt->tp_as_sequence->sq_ass_item) {
        w_raise_fmt(w_exc_TypeError, value ? "'%s' object does not support item assignment"
                                           : "'%s' object doesn't support item deletion",
                    W_TYPE(self)->name);
        GC_RETURN(-1);
    }
    Py_ssize_t i;
    if (seq_index(pt, capi_proxy(self), key, &i) < 0)
        GC_RETURN(-1);
    GC_RETURN(int_result(pt->tp_as_sequence->sq_ass_item(capi_proxy(self), i,
                                                         value ? capi_proxy(value) : NULL)));
}

static int slot_contains(w_object *self, w_object *item)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(item);
    GC_RETURN(int_result(
        ctype(self)->tp_as_sequence->sq_contains(capi_proxy(self), capi_proxy(item))));
}

static w_object *slot_concat(w_object *a, w_object *b)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    GC_RETURN(result(ctype(a)->tp_as_sequence->sq_concat(capi_proxy(a), capi_proxy(b)),
                     "sq_concat"));
}

static w_object *slot_repeat(w_object *self, int64_t count)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_RETURN(result(ctype(self)->tp_as_sequence->sq_repeat(capi_proxy(self), (Py_ssize_t)count),
                     "sq_repeat"));
}

/* A bytes copy of the object's C buffer (bytes(obj), bytearray(obj), b"".join). */
static w_object *slot_buffer(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    Py_buffer view;
    if (PyObject_GetBuffer(capi_proxy(self), &view, PyBUF_FULL_RO) < 0)
        GC_RETURN(NULL);
    PyObject *b = PyBytes_FromStringAndSize(NULL, view.len);
    if (b && PyBuffer_ToContiguous(PyBytes_AS_STRING(b), &view, view.len, 'C') < 0)
        Py_CLEAR(b);
    PyBuffer_Release(&view);
    GC_RETURN(b ? capi_w_steal(b) : NULL);
}

/* ---- numbers -------------------------------------------------------------------------------- */

/* The C function of a binary number slot, by the offset of the slot in PyNumberMethods, for
   an operand whose type is an extension type; NULL otherwise. */
static binaryfunc c_binslot(w_object *o, size_t offset)
{
    w_type *t = W_TYPE(o);
    if (!(t->flags & W_TF_EXTENSION))
        return NULL;
    PyNumberMethods *nm = capi_type(t)->tp_as_number;
    return nm ? *(binaryfunc *)((char *)nm + offset) : NULL;
}

/* CPython's binary_op1, or ternary_op when there is a third operand `c` (pow with a
   modulus), over the C slots of the operands' extension types: b's first when its type is
   a proper subtype of a's, then a's, b's and c's, each free to decline with
   NotImplemented. The runtime calls one wrapper for operands whose types share it, so the
   wrapper tries them all. */
static w_object *number_op(w_object *a, w_object *b, w_object *c, size_t offset)
{
    bool power = offset == offsetof(PyNumberMethods, nb_power);
    binaryfunc f[3] = {c_binslot(a, offset), c_binslot(b, offset), c ? c_binslot(c, offset) : NULL};
    if (f[1] == f[0])
        f[1] = NULL;
    if (f[2] == f[0] || f[2] == f[1])
        f[2] = NULL;
    if (f[0] && f[1] && w_type_is_subtype(W_TYPE(b), W_TYPE(a))) {
        binaryfunc first = f[1];
        f[1] = f[0];
        f[0] = first;
    }
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    GC_ROOT(c);
    PyObject *p[3] = {capi_proxy(a), capi_proxy(b), c ? capi_proxy(c) : Py_None};
    for (int i = 0; i < 3; i++) {
        if (!f[i])
            continue;
        PyObject *r = power ? ((ternaryfunc)(void (*)(void))f[i])(p[0], p[1], p[2])
                            : f[i](p[0], p[1]);
        if (r != Py_NotImplemented)
            GC_RETURN(result(r, power ? "nb_power" : "nb_*"));
        Py_DECREF(r);
    }
    GC_RETURN(w_NotImplemented);
}

static w_object *nb_pow3(w_object *a, w_object *b, w_object *c)
{
    return number_op(a, b, c, offsetof(PyNumberMethods, nb_power));
}

#define BINARY(name, field)                                                               \
    static w_object *name(w_object *a, w_object *b)                                       \
    {                                                                                     \
        return number_op(a, b, NULL, offsetof(PyNumberMethods, field));                   \
    }
BINARY(nb_add, nb_add)
BINARY(nb_sub, nb_subtract)
BINARY(nb_mul, nb_multiply)
BINARY(nb_matmul, nb_matrix_multiply)
BINARY(nb_truediv, nb_true_divide)
BINARY(nb_floordiv, nb_floor_divide)
BINARY(nb_mod, nb_remainder)
BINARY(nb_divmod, nb_divmod)
BINARY(nb_pow, nb_power)
BINARY(nb_lshift, nb_lshift)
BINARY(nb_rshift, nb_rshift)
BINARY(nb_and, nb_and)
BINARY(nb_or, nb_or)
BINARY(nb_xor, nb_xor)
#undef BINARY

/* Runtime operator -> (wrapper, offset of the C slot); in enum w_binop order. */
static const struct {
    w_binfn fn;
    size_t offset;
} binops[W_NBINOPS] = {
    {nb_add, offsetof(PyNumberMethods, nb_add)},
    {nb_sub, offsetof(PyNumberMethods, nb_subtract)},
    {nb_mul, offsetof(PyNumberMethods, nb_multiply)},
    {nb_matmul, offsetof(PyNumberMethods, nb_matrix_multiply)},
    {nb_truediv, offsetof(PyNumberMethods, nb_true_divide)},
    {nb_floordiv, offsetof(PyNumberMethods, nb_floor_divide)},
    {nb_mod, offsetof(PyNumberMethods, nb_remainder)},
    {nb_divmod, offsetof(PyNumberMethods, nb_divmod)},
    {nb_pow, offsetof(PyNumberMethods, nb_power)},
    {nb_lshift, offsetof(PyNumberMethods, nb_lshift)},
    {nb_rshift, offsetof(PyNumberMethods, nb_rshift)},
    {nb_and, offsetof(PyNumberMethods, nb_and)},
    {nb_or, offsetof(PyNumberMethods, nb_or)},
    {nb_xor, offsetof(PyNumberMethods, nb_xor)},
};

static w_object *unary(w_object *self, size_t offset, const char *slot)
{
    unaryfunc f = *(unaryfunc *)((char *)ctype(self)->tp_as_number + offset);
    GC_ENTER();
    GC_ROOT(self);
    GC_RETURN(result(f(capi_proxy(self)), slot));
}

#define UNARY(name, field)                                                                \
    static w_object *name(w_object *self)                                                 \
    {                                                                                     \
        return unary(self, offsetof(PyNumberMethods, field), #field);                     \
    }
UNARY(nb_neg, nb_negative)
UNARY(nb_pos, nb_positive)
UNARY(nb_inv, nb_invert)
UNARY(nb_abs, nb_absolute)
UNARY(nb_int, nb_int)
UNARY(nb_float, nb_float)
UNARY(nb_index, nb_index)
#undef UNARY

static const struct {
    w_unfn fn;
    size_t offset;
} unops[W_NUNOPS] = {
    {nb_neg, offsetof(PyNumberMethods, nb_negative)},
    {nb_pos, offsetof(PyNumberMethods, nb_positive)},
    {nb_inv, offsetof(PyNumberMethods, nb_invert)},
    {nb_abs, offsetof(PyNumberMethods, nb_absolute)},
};

static int slot_truth(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    int r = ctype(self)->tp_as_number->nb_bool(capi_proxy(self));
    capi_flush_pending();
    GC_RETURN(r);
}

/* In-place operators are methods (__iadd__ ...), which space_inplace looks for. */
static const struct {
    const char *name;
    size_t offset;
} inplace[] = {
    {"__iadd__", offsetof(PyNumberMethods, nb_inplace_add)},
    {"__isub__", offsetof(PyNumberMethods, nb_inplace_subtract)},
    {"__imul__", offsetof(PyNumberMethods, nb_inplace_multiply)},
    {"__imatmul__", offsetof(PyNumberMethods, nb_inplace_matrix_multiply)},
    {"__itruediv__", offsetof(PyNumberMethods, nb_inplace_true_divide)},
    {"__ifloordiv__", offsetof(PyNumberMethods, nb_inplace_floor_divide)},
    {"__imod__", offsetof(PyNumberMethods, nb_inplace_remainder)},
    {"__ipow__", offsetof(PyNumberMethods, nb_inplace_power)},
    {"__ilshift__", offsetof(PyNumberMethods, nb_inplace_lshift)},
    {"__irshift__", offsetof(PyNumberMethods, nb_inplace_rshift)},
    {"__iand__", offsetof(PyNumberMethods, nb_inplace_and)},
    {"__ior__", offsetof(PyNumberMethods, nb_inplace_or)},
    {"__ixor__", offsetof(PyNumberMethods, nb_inplace_xor)},
};

static w_object *inplace_method(w_object *callable, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    w_builtin *b = (w_builtin *)callable;
    if (w_args_positional(b->name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    size_t offset = (size_t)(uintptr_t)b->data;
    const char *name = b->name;
    w_object *self = b->self;
    binaryfunc f = *(binaryfunc *)((char *)ctype(self)->tp_as_number + offset);
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, 1);
    PyObject *r;
    if (offset == offsetof(PyNumberMethods, nb_inplace_power))
        r = ((ternaryfunc)(void (*)(void))f)(capi_proxy(self), capi_proxy(args[0]), Py_None);
    else
        r = f(capi_proxy(self), capi_proxy(args[0]));
    GC_RETURN(result(r, name));
}

static int add_inplace_methods(PyTypeObject *pt, PyTypeObject *base, w_type *t)
{
    PyNumberMethods *nm = pt->tp_as_number, *bm = base->tp_as_number;
    for (size_t i = 0; i < sizeof inplace / sizeof inplace[0]; i++) {
        binaryfunc f = *(binaryfunc *)((char *)nm + inplace[i].offset);
        if (!f || (bm && f == *(binaryfunc *)((char *)bm + inplace[i].offset)))
            continue;
        GC_ENTER();
        w_object *m = w_builtin_new(inplace[i].name, inplace_method, NULL,
                                    (void *)(uintptr_t)inplace[i].offset);
        GC_ROOT(m);
        if (!m)
            GC_RETURN(-1);
        ((w_builtin *)m)->ob.type = w_method_type;
        ((w_builtin *)m)->flags = W_BF_METHOD | W_BF_CFUNC; /* gets itself, bound */
        ((w_builtin *)m)->owner = t;
        int r = w_type_add_attr(t, inplace[i].name, m);
        GC_LEAVE();
        if (r < 0)
            return -1;
    }
    return 0;
}

/* The number suites made here, freed at shutdown with the runtime types they belong to. */
static struct {
    w_number_slots **items;
    size_t n, cap;
} suites;

void capi_type_slots_fini(void)
{
    for (size_t i = 0; i < suites.n; i++)
        free(suites.items[i]);
    free(suites.items);
    memset(&suites, 0, sizeof suites);
}

/* A number suite for `t`: wrappers where pt's C slots differ from the base's, the base's
   runtime slots elsewhere. Lives as long as the type. */
static int install_number(PyTypeObject *pt, PyTypeObject *base, w_type *t)
{
    PyNumberMethods *nm = pt->tp_as_number, *bm = base->tp_as_number;
    if (!nm || nm == bm)
        return 0;
    if (suites.n == suites.cap) {
        size_t cap = suites.cap ? suites.cap * 2 : 16;
        w_number_slots **items = realloc(suites.items, cap * sizeof *items);
        if (!items) {
            w_raise(w_exc_MemoryError, NULL);
            return -1;
        }
        suites.items = items;
        suites.cap = cap;
    }
    w_number_slots *ns = calloc(1, sizeof *ns);
    if (!ns) {
        w_raise(w_exc_MemoryError, NULL);
        return -1;
    }
    suites.items[suites.n++] = ns;
    const w_number_slots *inherited = t->base ? t->base->number : NULL;
    if (inherited)
        *ns = *inherited;
#define OWN(field) (nm->field && (!bm || nm->field != bm->field))
    for (int op = 0; op < W_NBINOPS; op++)
        if (*(binaryfunc *)((char *)nm + binops[op].offset) &&
            (!bm || *(binaryfunc *)((char *)nm + binops[op].offset) !=
                        *(binaryfunc *)((char *)bm + binops[op].offset)))
            ns->binop[op] = binops[op].fn;
    for (int op = 0; op < W_NUNOPS; op++)
        if (*(unaryfunc *)((char *)nm + unops[op].offset) &&
            (!bm || *(unaryfunc *)((char *)nm + unops[op].offset) !=
                        *(unaryfunc *)((char *)bm + unops[op].offset)))
            ns->unop[op] = unops[op].fn;
    if (OWN(nb_power))
        ns->pow3 = nb_pow3;
    if (OWN(nb_int))
        ns->to_int = nb_int;
    if (OWN(nb_float))
        ns->to_float = nb_float;
    if (OWN(nb_index))
        ns->index = nb_index;
    if (OWN(nb_bool))
        t->truth = slot_truth;
#undef OWN
    t->number = ns;
    return add_inplace_methods(pt, base, t);
}

/* ---- __new__ and __init__ in the type's dict ------------------------------------------------- */

/* T.__new__(S, *args, **kwds): T's tp_new making an S (CPython's tp_new_wrapper). `self`
   of the builtin is T. */
static w_object *new_wrapper(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    PyTypeObject *pt = capi_type((w_type *)((w_builtin *)callable)->self);
    if (nargs < 1)
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(): not enough arguments", pt->tp_name);
    if (W_TYPE(args[0]) != w_type_type && !W_TYPE_CHECK(args[0], w_type_type))
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                           pt->tp_name, W_TYPE(args[0])->name);
    if (pt == &PyBaseObject_Type && (((w_type *)args[0])->flags & W_TF_CLASS))
        return w_object_new((w_type *)args[0], args + 1, nargs - 1, kwnames); /* class.c */
    PyTypeObject *sub = capi_type((w_type *)args[0]);
    if (!PyType_IsSubtype(sub, pt))
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                           pt->tp_name, sub->tp_name, sub->tp_name, pt->tp_name);
    /* CPython's guard against X.__new__(Y) skipping what Y's own tp_new sets up
       (object.__new__(dict)): the most derived type whose __new__ is not written in
       Python (in Ferry, Y itself) must share X's tp_new */
    if (sub->tp_new != pt->tp_new)
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                           pt->tp_name, sub->tp_name, sub->tp_name);
    if (sub == &PyBaseObject_Type) /* object.__new__(object): a plain runtime object */
        return space_call(args[0], args + 1, nargs - 1, kwnames);
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    PyObject *t, *kw;
    if (capi_call_args(args + 1, nargs - 1, kwnames, &t, &kw) < 0)
        GC_RETURN(NULL);
    PyObject *r = pt->tp_new(sub, t, kw);
    Py_DECREF(t);
    Py_XDECREF(kw);
    GC_RETURN(result(r, "__new__"));
}

/* self.__init__(*args, **kwds): the defining type's tp_init (the builtin's data). */
static w_object *init_wrapper(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_builtin *b = (w_builtin *)callable;
    PyTypeObject *pt = b->data;
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    GC_ROOT(callable);
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    PyObject *t, *kw;
    if (capi_call_args(args, nargs, kwnames, &t, &kw) < 0)
        GC_RETURN(NULL);
    int r = pt->tp_init(capi_proxy(((w_builtin *)callable)->self), t, kw);
    Py_DECREF(t);
    Py_XDECREF(kw);
    capi_flush_pending();
    GC_RETURN(r < 0 ? NULL : w_None);
}

int capi_type_add_builtin(w_type *t, const char *name, w_callfn fn, w_object *self, void *data,
                          uint32_t flags)
{
    GC_ENTER();
    w_object *m = w_builtin_new(name, fn, self, data);
    GC_ROOT(m);
    if (!m)
        GC_RETURN(-1);
    ((w_builtin *)m)->flags = flags | W_BF_CFUNC;
    if (flags & W_BF_METHOD) {
        ((w_builtin *)m)->ob.type = w_method_type;
        ((w_builtin *)m)->owner = t;
    }
    GC_RETURN(w_type_add_attr(t, name, m));
}

static int add_new_and_init(PyTypeObject *pt, PyTypeObject *base, w_type *t)
{
    if (pt->tp_new && pt->tp_new != base->tp_new && !w_dict_get_cstr(t->dict, "__new__") &&
        capi_type_add_builtin(t, "__new__", new_wrapper, &t->ob, NULL, 0) < 0)
        return -1;
    if (pt->tp_init && pt->tp_init != base->tp_init && !w_dict_get_cstr(t->dict, "__init__") &&
        capi_type_add_builtin(t, "__init__", init_wrapper, NULL, pt, W_BF_METHOD) < 0)
        return -1;
    return 0;
}

/* object.__new__, which types without their own __new__ find through their bases. */
int capi_object_new_init(void)
{
    return capi_type_add_builtin(w_object_type, "__new__", new_wrapper, &w_object_type->ob, NULL, 0);
}

/* ---- installing ---------------------------------------------------------------------------- */

/* Calling the type: tp_new, then tp_init when tp_new made an instance of the type. */
static w_object *construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    capi_flush_pending();
    PyTypeObject *pt = capi_type((w_type *)callable);
    if (!pt->tp_new)
        return w_raise_fmt(w_exc_TypeError, "cannot create '%s' instances", pt->tp_name);
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    PyObject *t, *kw;
    if (capi_call_args(args, nargs, kwnames, &t, &kw) < 0)
        GC_RETURN(NULL);
    PyObject *o = pt->tp_new(pt, t, kw);
    if (o && PyObject_TypeCheck(o, pt) && Py_TYPE(o)->tp_init &&
        Py_TYPE(o)->tp_init(o, t, kw) < 0) {
        Py_DECREF(o);
        o = NULL;
    }
    Py_DECREF(t);
    Py_XDECREF(kw);
    GC_RETURN(result(o, "tp_new"));
}

#define OWN_SLOT(f) (pt->f && pt->f != base->f)
#define OWN_IN(suite, f) (pt->suite && pt->suite->f && (!base->suite || pt->suite->f != base->suite->f))

int capi_type_install_slots(PyTypeObject *pt, w_type *t)
{
    PyTypeObject *base = pt->tp_base;
    t->construct = construct;
    if (OWN_SLOT(tp_repr))
        t->repr = slot_repr;
    if (OWN_SLOT(tp_str))
        t->str = slot_str;
    if (OWN_SLOT(tp_hash))
        t->hash = slot_hash;
    if (OWN_SLOT(tp_richcompare))
        t->richcompare = slot_richcompare;
    if (OWN_SLOT(tp_iter))
        t->iter = slot_iter;
    else if (!pt->tp_iter && OWN_IN(tp_as_sequence, sq_item))
        t->iter = w_seq_iter_new; /* CPython iterates a sequence by index without tp_iter */
    if (OWN_SLOT(tp_iternext))
        t->next = slot_next;
    if (OWN_SLOT(tp_call) || (pt->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL && pt->tp_vectorcall_offset))
        t->call = slot_call;
    if ((OWN_SLOT(tp_getattro) && pt->tp_getattro != PyObject_GenericGetAttr) ||
        OWN_SLOT(tp_getattr) || pt->tp_dictoffset)
        t->getattr = slot_getattr;
    if ((OWN_SLOT(tp_setattro) && pt->tp_setattro != PyObject_GenericSetAttr) ||
        OWN_SLOT(tp_setattr) || pt->tp_dictoffset)
        t->setattr = slot_setattr;
    if (OWN_SLOT(tp_descr_get))
        t->descr_get = slot_descr_get;
    if (OWN_SLOT(tp_descr_set))
        t->descr_set = slot_descr_set;
    if (OWN_IN(tp_as_sequence, sq_length) || OWN_IN(tp_as_mapping, mp_length))
        /* sq_length wins when both are there (an inherited one too), as before */
        t->len = pt->tp_as_sequence && pt->tp_as_sequence->sq_length ? slot_sq_length
                                                                     : slot_mp_length;
    if (OWN_IN(tp_as_mapping, mp_subscript) || OWN_IN(tp_as_sequence, sq_item))
        /* mp_subscript wins when both are there (an inherited one too), as in CPython */
        t->getitem = pt->tp_as_mapping && pt->tp_as_mapping->mp_subscript ? slot_subscript
                                                                           : slot_sq_item;
    if (OWN_IN(tp_as_mapping, mp_ass_subscript) || OWN_IN(tp_as_sequence, sq_ass_item))
        t->setitem = slot_setitem;
    if (OWN_IN(tp_as_sequence, sq_contains))
        t->contains = slot_contains;
    if (OWN_IN(tp_as_buffer, bf_getbuffer))
        t->buffer = slot_buffer;
    if (OWN_IN(tp_as_sequence, sq_concat))
        t->concat = slot_concat;
    if (OWN_IN(tp_as_sequence, sq_repeat))
        t->repeat = slot_repeat;
    if (add_new_and_init(pt, base, t) < 0 || capi_add_slot_methods(pt, base, t) < 0)
        return -1;
    return install_number(pt, base, t);
}
#undef OWN_SLOT
#undef OWN_IN

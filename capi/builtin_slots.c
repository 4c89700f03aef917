/* builtin_slots.c — the builtin types' own C slots (tp_repr, nb_add, sq_item ...), each calling that type's runtime slot. */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

/*
 * A C slot of type T behaves as CPython's T slot, which is not the generic operator:
 * PyLong_Type.tp_as_number->nb_add(1, 2.0) is NotImplemented, PyFloat_Type's is 3.0, and
 * PyList_Type.tp_as_sequence->sq_ass_item(self, i, v) called from an extension subclass's
 * own sq_ass_item must reach list's, not the subclass's (which would call itself). So a
 * slot calls T's own runtime function and never dispatches on the operands' types; but
 * a C function pointer receives only the operands, so the runtime function to call has
 * to be bound into the wrapper itself.
 *
 * The wrappers are therefore *pools* of static functions, one pool per C signature:
 * wrapper k of a pool calls the runtime function in entry k of the pool's table.
 * Filling a type interns each of its runtime slot functions (with flags where the C
 * slot's behaviour needs more than the function, as sq_item's index rule) in the pool
 * of its signature and stores that entry's wrapper; a type, C slot or other type that
 * uses the same runtime function gets the same wrapper (bool's nb_add is int's, every
 * iterator's tp_iter is one). The distinct runtime functions are fixed by the code, not
 * by how many types there are, so the pools are small; they hold C function pointers
 * only, never runtime objects, and are never reset (a new runtime in the same process
 * interns the same functions and finds them). A full pool leaves the slot NULL, as it
 * was before, and fails a debug build's assertion.
 *
 * The suites (PyNumberMethods ...) are interned by content the same way: types whose
 * suites hold the same wrappers share one.
 */

typedef void (*anyfn)(void);

/* The runtime slot signatures that objects.h does not name. */
typedef w_object *(*w_cmpfn)(w_object *a, w_object *b, int op);
typedef int (*w_hashfn)(w_object *o, int64_t *out);
typedef int64_t (*w_lenfn)(w_object *o);
typedef int (*w_predfn)(w_object *o);                      /* truth */
typedef int (*w_relfn)(w_object *o, w_object *v);          /* contains */
typedef w_object *(*w_repeatfn)(w_object *o, int64_t n);
typedef int (*w_storefn)(w_object *o, w_object *k, w_object *v); /* setitem, setattr */

typedef struct pool_entry {
    anyfn fn;
    unsigned flags;
} pool_entry;

/* Entry flags. */
enum {
    INDEX_FROM_END = 1u, /* sq_item or sq_ass_item counts a negative index from the end */
    POW_INTS = 2u,       /* nb_power's modulus as int's: all ints, else NotImplemented */
    POW_NO_MODULUS = 4u, /* nb_power's modulus as float's: TypeError */
};

/* The index of (fn, flags) in `table`, interned on first use; -1 if the pool is full. */
static int intern(pool_entry *table, int size, anyfn fn, unsigned flags)
{
    for (int k = 0; k < size; k++) {
        if (table[k].fn == fn && table[k].flags == flags)
            return k;
        if (!table[k].fn) {
            table[k] = (pool_entry){fn, flags};
            return k;
        }
    }
    FERRY_ASSERT(!"builtin_slots.c: a wrapper pool is full; make it larger");
    return -1;
}

/* Pool generation: POOL_n(M, P) expands M(P, h, l) for every index h * 8 + l below n. */
#define REP8(M, P, h)                                                                           \
    M(P, h, 0) M(P, h, 1) M(P, h, 2) M(P, h, 3) M(P, h, 4) M(P, h, 5) M(P, h, 6) M(P, h, 7)
#define POOL_8(M, P) REP8(M, P, 0)
#define POOL_16(M, P) POOL_8(M, P) REP8(M, P, 1)
#define POOL_32(M, P) POOL_16(M, P) REP8(M, P, 2) REP8(M, P, 3)
#define POOL_64(M, P) POOL_32(M, P) REP8(M, P, 4) REP8(M, P, 5) REP8(M, P, 6) REP8(M, P, 7)
#define POOL_128(M, P)                                                                          \
    POOL_64(M, P) REP8(M, P, 8) REP8(M, P, 9) REP8(M, P, 10) REP8(M, P, 11) REP8(M, P, 12)     \
        REP8(M, P, 13) REP8(M, P, 14) REP8(M, P, 15)

/* DEFINE_POOL(P, n) makes pool P of n wrappers from P_TYPE (the C slot's type), P_RET,
   P_PARAMS and P_ARGS (its return type, parameters and their names) and P_impl (the
   slot's body, given the entry first): wrapper k, named P_h_l for k = h * 8 + l, is
   `static P_RET P_h_l P_PARAMS { return P_impl(&P_table[k], P_ARGS); }`; P_get(fn, flags)
   interns an entry and returns its wrapper. */
#define WRAPPER(P, h, l)                                                                        \
    static P##_RET P##_##h##_##l P##_PARAMS                                                     \
    {                                                                                           \
        return P##_impl(&P##_table[(h) * 8 + (l)], P##_ARGS);                                  \
    }
#define WRAPPER_REF(P, h, l) P##_##h##_##l,
#define DEFINE_POOL(P, n)                                                                       \
    static pool_entry P##_table[n];                                                             \
    POOL_##n(WRAPPER, P) static const P##_TYPE P##_wrappers[n] = {POOL_##n(WRAPPER_REF, P)};   \
    static P##_TYPE P##_get(anyfn fn, unsigned flags)                                           \
    {                                                                                           \
        int k = intern(P##_table, n, fn, flags);                                                \
        return k < 0 ? NULL : P##_wrappers[k];                                                  \
    }
/* The wrapper in pool P of the runtime function `fn` with `flags`; NULL if the pool is full. */
#define POOL_GET(P, fn, flags) P##_get((anyfn)(fn), (flags))

/* ---- the pools: one per signature ------------------------------------------------------- */

/* w_object *f(w_object *): tp_repr, tp_str, tp_iter, tp_iternext, nb_negative ... nb_index */
#define unary_TYPE unaryfunc
#define unary_RET PyObject *
#define unary_PARAMS (PyObject *o)
#define unary_ARGS o
static PyObject *unary_impl(const pool_entry *e, PyObject *o)
{
    w_object *w = capi_w(o);
    return w ? capi_new_ref(((w_unfn)e->fn)(w)) : NULL;
}
DEFINE_POOL(unary, 128)

/* w_object *f(w_object *, w_object *): the binary number slots, sq_concat, mp_subscript */
#define binary_TYPE binaryfunc
#define binary_RET PyObject *
#define binary_PARAMS (PyObject *a, PyObject *b)
#define binary_ARGS a, b
static PyObject *binary_impl(const pool_entry *e, PyObject *a, PyObject *b)
{
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    PyObject *r = NULL;
    if ((wa = capi_w(a)) && (wb = capi_w(b)))
        r = capi_new_ref(((w_binfn)e->fn)(wa, wb));
    GC_RETURN(r);
}
DEFINE_POOL(binary, 64)

/* nb_power: the runtime's pow slot is binary; the modulus is decided here as int's and
   float's own slots decide it (other types decline it). */
#define ternary_TYPE ternaryfunc
#define ternary_RET PyObject *
#define ternary_PARAMS (PyObject *a, PyObject *b, PyObject *c)
#define ternary_ARGS a, b, c
static PyObject *ternary_impl(const pool_entry *e, PyObject *a, PyObject *b, PyObject *c)
{
    if (c == Py_None)
        return binary_impl(e, a, b);
    if (e->flags & POW_NO_MODULUS)
        return w_raise_fmt(w_exc_TypeError,
                           "pow() 3rd argument not allowed unless all arguments are integers");
    if (!(e->flags & POW_INTS) || !PyLong_Check(a) || !PyLong_Check(b) || !PyLong_Check(c))
        return Py_NewRef(Py_NotImplemented);
    GC_ENTER();
    w_object *w[3] = {NULL, NULL, NULL};
    GC_ROOT_ARRAY(w, 3);
    PyObject *r = NULL;
    if ((w[0] = capi_w(a)) && (w[1] = capi_w(b)) && (w[2] = capi_w(c)))
        r = capi_new_ref(w_int_powmod(w[0], w[1], w[2]));
    GC_RETURN(r);
}
DEFINE_POOL(ternary, 8)

/* tp_richcompare. The runtime calls a type's richcompare with an instance of that type
   first; called with anything else, it declines, as CPython's builtin types do. */
#define compare_TYPE richcmpfunc
#define compare_RET PyObject *
#define compare_PARAMS (PyObject *a, PyObject *b, int op)
#define compare_ARGS a, b, op
static PyObject *compare_impl(const pool_entry *e, PyObject *a, PyObject *b, int op)
{
    w_cmpfn fn = (w_cmpfn)e->fn;
    if (op < Py_LT || op > Py_GE) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    if (!(wa = capi_w(a)) || !(wb = capi_w(b)))
        GC_RETURN(NULL);
    w_type *t = W_TYPE(wa);
    while (t && t->richcompare != fn)
        t = t->base;
    if (!t)
        GC_RETURN(Py_NewRef(Py_NotImplemented));
    GC_RETURN(capi_new_ref(fn(wa, wb, op)));
}
DEFINE_POOL(compare, 32)

/* tp_hash: -1 only with an error set (a hash of -1 is -2, as in CPython). */
#define hash_TYPE hashfunc
#define hash_RET Py_hash_t
#define hash_PARAMS (PyObject *o)
#define hash_ARGS o
static Py_hash_t hash_impl(const pool_entry *e, PyObject *o)
{
    w_object *w = capi_w(o);
    int64_t h;
    if (!w || ((w_hashfn)e->fn)(w, &h) < 0)
        return -1;
    return h == -1 ? -2 : (Py_hash_t)h;
}
DEFINE_POOL(hash, 16)

/* sq_length, mp_length */
#define len_TYPE lenfunc
#define len_RET Py_ssize_t
#define len_PARAMS (PyObject *o)
#define len_ARGS o
static Py_ssize_t len_impl(const pool_entry *e, PyObject *o)
{
    w_object *w = capi_w(o);
    return w ? (Py_ssize_t)((w_lenfn)e->fn)(w) : -1;
}
DEFINE_POOL(len, 16)

/* nb_bool */
#define truth_TYPE inquiry
#define truth_RET int
#define truth_PARAMS (PyObject *o)
#define truth_ARGS o
static int truth_impl(const pool_entry *e, PyObject *o)
{
    w_object *w = capi_w(o);
    return w ? ((w_predfn)e->fn)(w) : -1;
}
DEFINE_POOL(truth, 8)

/* sq_contains */
#define contains_TYPE objobjproc
#define contains_RET int
#define contains_PARAMS (PyObject *o, PyObject *v)
#define contains_ARGS o, v
static int contains_impl(const pool_entry *e, PyObject *o, PyObject *v)
{
    GC_ENTER();
    w_object *w = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(wv);
    if (!(w = capi_w(o)) || !(wv = capi_w(v)))
        GC_RETURN(-1);
    GC_RETURN(((w_relfn)e->fn)(w, wv));
}
DEFINE_POOL(contains, 16)

/* sq_repeat */
#define repeat_TYPE ssizeargfunc
#define repeat_RET PyObject *
#define repeat_PARAMS (PyObject *o, Py_ssize_t n)
#define repeat_ARGS o, n
static PyObject *repeat_impl(const pool_entry *e, PyObject *o, Py_ssize_t n)
{
    w_object *w = capi_w(o);
    return w ? capi_new_ref(((w_repeatfn)e->fn)(w, n)) : NULL;
}
DEFINE_POOL(repeat, 8)

/*
 * The runtime's item key for sq_item/sq_ass_item's index `i`. CPython's sequence
 * functions count a negative index from the end before they call sq_item; the slot
 * itself takes `i` as it is, so that for most types a negative index is out of range
 * (list's sq_item(-1) is IndexError). The runtime's getitem counts from the end, so
 * such an index becomes one that stays negative after that: the runtime then raises
 * the type's own IndexError.
 */
static w_object *item_key(const pool_entry *e, Py_ssize_t i)
{
    return w_int_from_i64(i < 0 && !(e->flags & INDEX_FROM_END) ? INT64_MIN : (int64_t)i);
}

/* sq_item: the runtime's getitem with an int key */
#define item_TYPE ssizeargfunc
#define item_RET PyObject *
#define item_PARAMS (PyObject *o, Py_ssize_t i)
#define item_ARGS o, i
static PyObject *item_impl(const pool_entry *e, PyObject *o, Py_ssize_t i)
{
    GC_ENTER();
    w_object *w = NULL, *k = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    PyObject *r = NULL;
    if ((w = capi_w(o)) && (k = item_key(e, i)))
        r = capi_new_ref(((w_binfn)e->fn)(w, k));
    GC_RETURN(r);
}
DEFINE_POOL(item, 16)

/* sq_ass_item: the runtime's setitem with an int key; `v` NULL deletes */
#define ass_item_TYPE ssizeobjargproc
#define ass_item_RET int
#define ass_item_PARAMS (PyObject *o, Py_ssize_t i, PyObject *v)
#define ass_item_ARGS o, i, v
static int ass_item_impl(const pool_entry *e, PyObject *o, Py_ssize_t i, PyObject *v)
{
    GC_ENTER();
    w_object *w = NULL, *k = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(k);
    GC_ROOT(wv);
    if (!(w = capi_w(o)) || (v && !(wv = capi_w(v))) || !(k = item_key(e, i)))
        GC_RETURN(-1);
    GC_RETURN(((w_storefn)e->fn)(w, k, wv));
}
DEFINE_POOL(ass_item, 8)

/* mp_ass_subscript, tp_setattro: the runtime's setitem or setattr; `v` NULL deletes. An
   attribute name that is not a str is CPython's TypeError. */
#define ass_TYPE objobjargproc
#define ass_RET int
#define ass_PARAMS (PyObject *o, PyObject *k, PyObject *v)
#define ass_ARGS o, k, v
static int ass_impl(const pool_entry *e, PyObject *o, PyObject *k, PyObject *v)
{
    GC_ENTER();
    w_object *w = NULL, *wk = NULL, *wv = NULL;
    GC_ROOT(w);
    GC_ROOT(wk);
    GC_ROOT(wv);
    if (!(w = capi_w(o)) || !(wk = capi_w(k)) || (v && !(wv = capi_w(v))))
        GC_RETURN(-1);
    GC_RETURN(((w_storefn)e->fn)(w, wk, wv));
}
DEFINE_POOL(ass, 8)

/* tp_getattro: the runtime's getattr (types without one get PyObject_GenericGetAttr) */
#define getattr_TYPE getattrofunc
#define getattr_RET PyObject *
#define getattr_PARAMS (PyObject *o, PyObject *name)
#define getattr_ARGS o, name
static PyObject *getattr_impl(const pool_entry *e, PyObject *o, PyObject *name)
{
    GC_ENTER();
    w_object *w = NULL, *n = NULL;
    GC_ROOT(w);
    GC_ROOT(n);
    if (!(w = capi_w(o)) || !(n = capi_w(name)))
        GC_RETURN(NULL);
    if (!W_STR_CHECK(n))
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                              W_TYPE(n)->name));
    GC_RETURN(capi_new_ref(((w_binfn)e->fn)(w, n)));
}
DEFINE_POOL(getattr, 8)

static int setattr_impl(const pool_entry *e, PyObject *o, PyObject *name, PyObject *v)
{
    if (!PyUnicode_Check(name)) {
        w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                    Py_TYPE(name)->tp_name);
        return -1;
    }
    return ass_impl(e, o, name, v);
}
#define setattr_TYPE setattrofunc
#define setattr_RET int
#define setattr_PARAMS (PyObject *o, PyObject *name, PyObject *v)
#define setattr_ARGS o, name, v
DEFINE_POOL(setattr, 8)

/* tp_call: the runtime's vectorcall-like convention from an args tuple and a kwargs dict */
#define call_TYPE ternaryfunc
#define call_RET PyObject *
#define call_PARAMS (PyObject *callable, PyObject *args, PyObject *kwargs)
#define call_ARGS callable, args, kwargs
static PyObject *call_impl(const pool_entry *e, PyObject *callable, PyObject *args,
                           PyObject *kwargs)
{
    if (!args || !PyTuple_Check(args) || (kwargs && !PyDict_Check(kwargs))) {
        capi_bad_internal_call();
        return NULL;
    }
    GC_ENTER();
    w_object *c = NULL, *a = NULL, *kw = NULL, *kwnames = NULL, *r = NULL;
    GC_ROOT(c);
    GC_ROOT(a);
    GC_ROOT(kw);
    GC_ROOT(kwnames);
    if (!(c = capi_w(callable)) || !(a = capi_w(args)) || (kwargs && !(kw = capi_w(kwargs))))
        GC_RETURN(NULL);
    int64_t npos = W_TUPLE_SIZE(a), nkw = kw ? w_dict_size(kw) : 0;
    w_object **argv = calloc((size_t)(npos + nkw + 1), sizeof *argv);
    if (!argv)
        GC_RETURN(w_raise_fmt(w_exc_MemoryError, "out of memory"));
    GC_ROOT_ARRAY(argv, (size_t)(npos + nkw));
    for (int64_t i = 0; i < npos; i++)
        argv[i] = W_TUPLE_ITEMS(a)[i];
    if (nkw && (kwnames = w_tuple_new(nkw))) {
        int64_t pos = 0, i = 0;
        w_object *k, *v;
        while (w_dict_next(kw, &pos, &k, &v)) {
            if (!W_STR_CHECK(k)) {
                w_raise_fmt(w_exc_TypeError, "keywords must be strings");
                goto out;
            }
            w_tuple_set(kwnames, i, k);
            argv[npos + i++] = v;
        }
    }
    if (!nkw || kwnames)
        r = ((w_callfn)e->fn)(c, argv, (size_t)npos, kwnames);
out:
    GC_LEAVE();
    free(argv);
    return capi_new_ref(r);
}
DEFINE_POOL(call, 8)

/* ---- slots the runtime has no function for -------------------------------------------- */

/* object's tp_str: the repr, by the object's own type (CPython's object_str). */
static PyObject *str_by_repr(PyObject *o)
{
    return PyObject_Repr(o);
}

/* range's nb_bool: whether it is empty. */
static int range_bool(PyObject *o)
{
    return PyObject_IsTrue(o);
}

/* NotImplemented's nb_bool: true, with CPython 3.11's DeprecationWarning. */
static int notimplemented_bool(PyObject *o)
{
    return PyErr_WarnEx(PyExc_DeprecationWarning,
                        "NotImplemented should not be used in a boolean context", 1) < 0 ? -1 : 1;
}

/* The method `name` of type `t` itself (not of the receiver's type), called with the
   receiver and arguments in `args` (rooted by the caller). */
static w_object *own_method(w_type *t, const char *name, w_object **args, size_t nargs)
{
    w_object *m = w_type_lookup_cstr(t, name);
    if (!m)
        return w_raise_fmt(w_exc_SystemError, "%s.%s is missing", t->name, name);
    return space_call(m, args, nargs, NULL);
}

/* a[:] = r by type t's own setitem: an in-place operator's result becomes a's contents. */
static PyObject *replace_contents(w_type *t, PyObject *a, w_object *wa, w_object *r)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(wa);
    GC_ROOT(r);
    GC_ROOT(s);
    if (!r || !(s = w_slice_new(w_None, w_None, w_None)) || t->setitem(wa, s, r) < 0)
        GC_RETURN(NULL);
    GC_RETURN(Py_NewRef(a));
}

/* list += iterable: list.extend (CPython's list_inplace_concat). */
static PyObject *list_inplace_concat(PyObject *a, PyObject *b)
{
    GC_ENTER();
    w_object *args[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 2);
    if (!(args[0] = capi_w(a)) || !(args[1] = capi_w(b)) ||
        !own_method(w_list_type, "extend", args, 2))
        GC_RETURN(NULL);
    GC_RETURN(Py_NewRef(a));
}

/* bytearray += buffer: the concatenation becomes its contents. */
static PyObject *bytearray_inplace_concat(PyObject *a, PyObject *b)
{
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    if (!(wa = capi_w(a)) || !(wb = capi_w(b)))
        GC_RETURN(NULL);
    wb = w_bytearray_type->concat(wa, wb);
    GC_RETURN(replace_contents(w_bytearray_type, a, wa, wb));
}

/* seq *= n for list and bytearray: the repetition becomes its contents. */
static PyObject *inplace_repeat(w_type *t, PyObject *a, Py_ssize_t n)
{
    GC_ENTER();
    w_object *wa = NULL, *r = NULL;
    GC_ROOT(wa);
    GC_ROOT(r);
    if (!(wa = capi_w(a)))
        GC_RETURN(NULL);
    r = t->repeat(wa, n);
    GC_RETURN(replace_contents(t, a, wa, r));
}

static PyObject *list_inplace_repeat(PyObject *a, Py_ssize_t n)
{
    return inplace_repeat(w_list_type, a, n);
}

static PyObject *bytearray_inplace_repeat(PyObject *a, Py_ssize_t n)
{
    return inplace_repeat(w_bytearray_type, a, n);
}

/* set op= other, for another set or frozenset (else NotImplemented, as CPython's
   set_ior ...): set |= is set.update; the others clear the set and refill it with
   `a op b`. */
static PyObject *set_inplace(PyObject *a, PyObject *b, enum w_binop op)
{
    GC_ENTER();
    w_object *args[2] = {NULL, NULL}, *r = NULL;
    GC_ROOT_ARRAY(args, 2);
    GC_ROOT(r);
    if (!(args[0] = capi_w(a)) || !(args[1] = capi_w(b)))
        GC_RETURN(NULL);
    if (!W_ANYSET_CHECK(args[1]))
        GC_RETURN(Py_NewRef(Py_NotImplemented));
    if (op == W_OP_OR)
        r = args[1];
    else if (!(r = w_set_type->number->binop[op](args[0], args[1])) ||
             !own_method(w_set_type, "clear", args, 1))
        GC_RETURN(NULL);
    GC_RETURN(w_set_update(args[0], r) < 0 ? NULL : Py_NewRef(a));
}

static PyObject *set_inplace_or(PyObject *a, PyObject *b)
{
    return set_inplace(a, b, W_OP_OR);
}

static PyObject *set_inplace_and(PyObject *a, PyObject *b)
{
    return set_inplace(a, b, W_OP_AND);
}

static PyObject *set_inplace_sub(PyObject *a, PyObject *b)
{
    return set_inplace(a, b, W_OP_SUB);
}

static PyObject *set_inplace_xor(PyObject *a, PyObject *b)
{
    return set_inplace(a, b, W_OP_XOR);
}

/* dict |= mapping or iterable of pairs: dict.update's merge (CPython's dict_ior). */
static PyObject *dict_inplace_or(PyObject *a, PyObject *b)
{
    GC_ENTER();
    w_object *wa = NULL, *wb = NULL;
    GC_ROOT(wa);
    GC_ROOT(wb);
    if (!(wa = capi_w(a)) || !(wb = capi_w(b)) || w_dict_update(wa, wb) < 0)
        GC_RETURN(NULL);
    GC_RETURN(Py_NewRef(a));
}

/* ---- suites, interned by content -------------------------------------------------------- */

#define SUITE_POOL 32

static void *intern_suite(void *suites, size_t size, const void *suite)
{
    static const char zero[sizeof(PyNumberMethods)];
    if (memcmp(suite, zero, size) == 0)
        return NULL;
    for (int k = 0; k < SUITE_POOL; k++) {
        char *s = (char *)suites + k * size;
        if (memcmp(s, suite, size) == 0)
            return s;
        if (memcmp(s, zero, size) == 0)
            return memcpy(s, suite, size);
    }
    FERRY_ASSERT(!"builtin_slots.c: the suite pool is full; make it larger");
    return NULL;
}

static PyNumberMethods number_suites[SUITE_POOL];
static PySequenceMethods sequence_suites[SUITE_POOL];
static PyMappingMethods mapping_suites[SUITE_POOL];

/* The C slot of each runtime binary operator but pow (nb_power is ternary). */
static const size_t binop_slot[W_NBINOPS] = {
    [W_OP_ADD] = offsetof(PyNumberMethods, nb_add),
    [W_OP_SUB] = offsetof(PyNumberMethods, nb_subtract),
    [W_OP_MUL] = offsetof(PyNumberMethods, nb_multiply),
    [W_OP_MATMUL] = offsetof(PyNumberMethods, nb_matrix_multiply),
    [W_OP_TRUEDIV] = offsetof(PyNumberMethods, nb_true_divide),
    [W_OP_FLOORDIV] = offsetof(PyNumberMethods, nb_floor_divide),
    [W_OP_MOD] = offsetof(PyNumberMethods, nb_remainder),
    [W_OP_DIVMOD] = offsetof(PyNumberMethods, nb_divmod),
    [W_OP_LSHIFT] = offsetof(PyNumberMethods, nb_lshift),
    [W_OP_RSHIFT] = offsetof(PyNumberMethods, nb_rshift),
    [W_OP_AND] = offsetof(PyNumberMethods, nb_and),
    [W_OP_OR] = offsetof(PyNumberMethods, nb_or),
    [W_OP_XOR] = offsetof(PyNumberMethods, nb_xor),
};

static const size_t unop_slot[W_NUNOPS] = {
    [W_OP_NEG] = offsetof(PyNumberMethods, nb_negative),
    [W_OP_POS] = offsetof(PyNumberMethods, nb_positive),
    [W_OP_INVERT] = offsetof(PyNumberMethods, nb_invert),
    [W_OP_ABS] = offsetof(PyNumberMethods, nb_absolute),
};

static bool is_a(w_type *t, w_type *base)
{
    return t == base || w_type_is_subtype(t, base);
}

static void fill_number(PyTypeObject *pt, w_type *t)
{
    PyNumberMethods nb = {0};
    const w_number_slots *ns = t->number;
    if (ns) {
        for (int op = 0; op < W_NBINOPS; op++)
            if (ns->binop[op] && op != W_OP_POW)
                *(binaryfunc *)((char *)&nb + binop_slot[op]) = POOL_GET(binary, ns->binop[op], 0);
        if (ns->binop[W_OP_POW]) {
            unsigned f = is_a(t, w_int_type)     ? POW_INTS
                         : is_a(t, w_float_type) ? POW_NO_MODULUS
                                                 : 0;
            nb.nb_power = POOL_GET(ternary, ns->binop[W_OP_POW], f);
        }
        for (int op = 0; op < W_NUNOPS; op++)
            if (ns->unop[op])
                *(unaryfunc *)((char *)&nb + unop_slot[op]) = POOL_GET(unary, ns->unop[op], 0);
        if (ns->to_int)
            nb.nb_int = POOL_GET(unary, ns->to_int, 0);
        if (ns->to_float)
            nb.nb_float = POOL_GET(unary, ns->to_float, 0);
        if (ns->index)
            nb.nb_index = POOL_GET(unary, ns->index, 0);
    }
    /* the runtime's truth slot is nb_bool, except for str, bytes and bytearray, whose
       truth is their length, which CPython finds through sq_length */
    if (t->truth && !t->len)
        nb.nb_bool = POOL_GET(truth, t->truth, 0);
    else if (t == w_range_type)
        nb.nb_bool = range_bool;
    else if (t == w_notimpl_type)
        nb.nb_bool = notimplemented_bool;
    if (is_a(t, w_set_type)) {
        nb.nb_inplace_or = set_inplace_or;
        nb.nb_inplace_and = set_inplace_and;
        nb.nb_inplace_subtract = set_inplace_sub;
        nb.nb_inplace_xor = set_inplace_xor;
    }
    if (is_a(t, w_dict_type))
        nb.nb_inplace_or = dict_inplace_or;
    if (!pt->tp_as_number)
        pt->tp_as_number = intern_suite(number_suites, sizeof nb, &nb);
}

/* dict is a mapping only: CPython gives it no sq_length, sq_item or sq_ass_item. */
static void fill_containers(PyTypeObject *pt, w_type *t)
{
    PySequenceMethods sq = {0};
    PyMappingMethods mp = {0};
    bool mapping_only = is_a(t, w_dict_type);
    bool memoryview = pt == &PyMemoryView_Type;
    /* which count a negative index from the end, as their CPython slots do */
    unsigned item_flags = memoryview || t == w_range_type ? INDEX_FROM_END : 0;
    unsigned ass_item_flags = is_a(t, w_bytearray_type) ? INDEX_FROM_END : 0;
    if (t->len && !mapping_only)
        sq.sq_length = POOL_GET(len, t->len, 0);
    if (t->concat)
        sq.sq_concat = POOL_GET(binary, t->concat, 0);
    if (t->repeat)
        sq.sq_repeat = POOL_GET(repeat, t->repeat, 0);
    if (t->getitem && !mapping_only)
        sq.sq_item = POOL_GET(item, t->getitem, item_flags);
    /* memoryview assigns items through mp_ass_subscript only */
    if (t->setitem && !mapping_only && !memoryview)
        sq.sq_ass_item = POOL_GET(ass_item, t->setitem, ass_item_flags);
    if (t->contains)
        sq.sq_contains = POOL_GET(contains, t->contains, 0);
    if (is_a(t, w_list_type)) {
        sq.sq_inplace_concat = list_inplace_concat;
        sq.sq_inplace_repeat = list_inplace_repeat;
    } else if (is_a(t, w_bytearray_type)) {
        sq.sq_inplace_concat = bytearray_inplace_concat;
        sq.sq_inplace_repeat = bytearray_inplace_repeat;
    }
    if (t->len && t->getitem)
        mp.mp_length = POOL_GET(len, t->len, 0);
    if (t->getitem)
        mp.mp_subscript = POOL_GET(binary, t->getitem, 0);
    if (t->setitem)
        mp.mp_ass_subscript = POOL_GET(ass, t->setitem, 0);
    if (!pt->tp_as_sequence)
        pt->tp_as_sequence = intern_suite(sequence_suites, sizeof sq, &sq);
    if (!pt->tp_as_mapping)
        pt->tp_as_mapping = intern_suite(mapping_suites, sizeof mp, &mp);
}

/* Sets *slot to `fn` unless it is filled already (by the family's file). */
#define FILL(slot, fn)                                                                          \
    do {                                                                                        \
        if (!(slot))                                                                            \
            (slot) = (fn);                                                                      \
    } while (0)

void capi_fill_builtin_slots(PyTypeObject *pt, w_type *t)
{
    /* a runtime type below an extension's inherits slots that call C (typeslots.c):
       wrapping those again would call back into themselves */
    for (w_type *b = t; b; b = b->base)
        if (b->flags & W_TF_EXTENSION)
            return;
    if (t->repr)
        FILL(pt->tp_repr, POOL_GET(unary, t->repr, 0));
    FILL(pt->tp_str, t->str ? POOL_GET(unary, t->str, 0) : str_by_repr);
    if (t->hash == space_hash_unhashable)
        FILL(pt->tp_hash, PyObject_HashNotImplemented);
    else if (t->hash)
        FILL(pt->tp_hash, POOL_GET(hash, t->hash, 0));
    if (t->richcompare)
        FILL(pt->tp_richcompare, POOL_GET(compare, t->richcompare, 0));
    if (t->iter)
        FILL(pt->tp_iter, POOL_GET(unary, t->iter, 0));
    if (t->next)
        FILL(pt->tp_iternext, POOL_GET(unary, t->next, 0));
    FILL(pt->tp_getattro, t->getattr ? POOL_GET(getattr, t->getattr, 0) : PyObject_GenericGetAttr);
    FILL(pt->tp_setattro, t->setattr ? POOL_GET(setattr, t->setattr, 0) : PyObject_GenericSetAttr);
    if (t->call)
        FILL(pt->tp_call, POOL_GET(call, t->call, 0));
    fill_number(pt, t);
    fill_containers(pt, t);
}

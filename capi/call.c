/* call.c — the crossing from the runtime into C functions of extensions (METH_* conventions). */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A C function is a runtime builtin (w_builtin, flagged W_BF_CFUNC) whose `data` is its
 * PyMethodDef and whose `self` is what C receives first: its module, the receiver a method
 * descriptor was bound to, or NULL. There is one trampoline per
 * calling convention, chosen when the function is made, so a call goes straight from the
 * runtime's call slot to the right conversion:
 *   - arguments are the runtime objects' proxies, borrowed: the trampoline keeps the
 *     objects alive (and their links current) through the call, by a C reference on the
 *     proxy for one or two of them, by rooting the array for more (or by the tuple);
 *   - METH_NOARGS, METH_O and METH_FASTCALL build nothing; METH_VARARGS builds a tuple
 *     proxy (from the free list) and no runtime tuple; keywords make a dict only for
 *     METH_VARARGS|METH_KEYWORDS;
 *   - the result goes through capi_result (errors, SystemError, conversion).
 */

#define FUNCTION_WHAT "<built-in function %s>"

static size_t kw_count(w_object *kwnames)
{
    return kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
}

static inline PyMethodDef *def_of(w_object *callable)
{
    return ((w_builtin *)callable)->data;
}

/* 1 when `callable` is an unbound method descriptor called with its receiver (already
   type-checked by builtin.c) as args[0], which C then gets as self: no bound object is
   made (W_BF_RECEIVER_FIRST, which a bound copy drops: w_bind_descriptor). 0 for
   functions and bound methods. */
static inline size_t receiver_first(w_object *callable)
{
    return (((w_builtin *)callable)->flags & W_BF_RECEIVER_FIRST) != 0;
}

/* CPython's name for a C function in its errors: module.function for a module's
   ("hello.greet"), Type.method for a method (the type's name without its module): the
   receiver's type once bound, the defining type for a descriptor called unbound. */
static void qualified_name(w_object *callable, char *buf, size_t size)
{
    const char *name = def_of(callable)->ml_name;
    w_object *m = ((w_builtin *)callable)->self;
    /* a function bound to an object other than a module is named by its type (by the
       object itself, for a type) */
    w_type *defining = ((w_builtin *)callable)->owner;
    const char *owner = !m ? (receiver_first(callable) && defining ? defining->name : NULL)
                        : W_TYPE_CHECK(m, w_module_type) ? NULL
                        : W_TYPE_CHECK(m, w_type_type)   ? ((w_type *)m)->name
                                                         : W_TYPE(m)->name;
    if (owner && strrchr(owner, '.'))
        owner = strrchr(owner, '.') + 1;
    w_object *mname = m && !owner ? w_dict_get_cstr(w_module_dict(m), "__name__") : NULL;
    if (mname && W_STR_CHECK(mname))
        owner = w_str_utf8(mname);
    if (owner)
        snprintf(buf, size, "%s.%s", owner, name);
    else
        snprintf(buf, size, "%s", name);
}

/* A wrong number of arguments: CPython names a module's function with its module
   ("hello.greet() takes no arguments (1 given)"). */
__attribute__((cold, noinline)) static void arity_error(w_object *callable, size_t nargs,
                                                       w_object *kwnames, size_t min,
                                                       size_t max)
{
    char qualname[512];
    qualified_name(callable, qualname, sizeof qualname);
    w_args_positional(qualname, nargs, kwnames, min, max);
}

static inline PyObject *self_of(w_object *callable)
{
    w_builtin *b = (w_builtin *)callable;
    if (b->cself)
        return b->cself;
    return b->self && !(b->flags & W_BF_STATIC) ? capi_proxy(b->self) : NULL;
}

/* What C gets first, held (capi_hold) for the call, so that it stays alive even if the
   function object dies while C runs. NULL for a static method. */
static inline PyObject *hold_self(w_object *callable, w_object **args, size_t skip)
{
    if (skip)
        return capi_hold(args[0]);
    PyObject *self = self_of(callable);
    Py_XINCREF(self);
    return self;
}

/* Raises SystemError "<what> <problem>", with `cause` (or NULL) as its __cause__. */
static void raise_system_error(const char *what_fmt, const char *name, const char *problem,
                               w_object *cause)
{
    GC_ENTER();
    GC_ROOT(cause);
    char what[256];
    snprintf(what, sizeof what, what_fmt, name);
    w_raise_fmt(w_exc_SystemError, "%s %s", what, problem);
    if (cause) {
        w_object *e = w_err_current();
        W_STORE((w_exc *)e, cause, cause);
        ((w_exc *)e)->suppress_context = 1;
    }
    GC_LEAVE();
}

/* A new runtime dict of keyword arguments: `values` are named by `kwnames` (a tuple). */
static w_object *kwargs_dict(w_object **values, w_object *kwnames)
{
    GC_ENTER();
    w_object *d = NULL;
    GC_ROOT(kwnames);
    GC_ROOT(d);
    size_t nkw = kw_count(kwnames);
    GC_ROOT_ARRAY(values, nkw);
    if (!(d = w_dict_new()))
        GC_RETURN(NULL);
    for (size_t i = 0; i < nkw; i++)
        if (w_dict_set(d, W_TUPLE_ITEMS(kwnames)[i], values[i]) < 0)
            GC_RETURN(NULL);
    GC_RETURN(d);
}

w_object *capi_result_error(PyObject *r, const char *what_fmt, const char *name)
{
    if (!r) {
        if (!w_err_occurred())
            raise_system_error(what_fmt, name, "returned NULL without setting an exception",
                               NULL);
        return NULL;
    }
    Py_DECREF(r);
    raise_system_error(what_fmt, name, "returned a result with an exception set",
                       w_err_fetch());
    return NULL;
}

/*
 * The trampolines below hold what C gets (hold_self, capi_hold, a root array, or the
 * argument tuple) before they run the work a collection left (capi_flush_pending), which
 * may move objects; from then on they use only proxies, whose addresses are fixed.
 */
static w_object *call_noargs(w_object *callable, w_object **args, size_t nargs,
                             w_object *kwnames)
{
    PyMethodDef *def = def_of(callable);
    size_t skip = receiver_first(callable);
    if (__builtin_expect(nargs != skip || kw_count(kwnames), 0)) {
        arity_error(callable, nargs - skip, kwnames, 0, 0);
        return NULL;
    }
    PyObject *self = hold_self(callable, args, skip);
    capi_flush_pending();
    PyObject *r = def->ml_meth(self, NULL);
    capi_unhold(self);
    return capi_result(r, FUNCTION_WHAT, def->ml_name);
}

static w_object *call_o(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    PyMethodDef *def = def_of(callable);
    size_t skip = receiver_first(callable);
    if (__builtin_expect(nargs != 1 + skip || kw_count(kwnames), 0)) {
        arity_error(callable, nargs - skip, kwnames, 1, 1);
        return NULL;
    }
    PyObject *self = hold_self(callable, args, skip), *arg = capi_hold(args[skip]);
    capi_flush_pending();
    PyObject *r = def->ml_meth(self, arg);
    capi_unhold(arg);
    capi_unhold(self);
    return capi_result(r, FUNCTION_WHAT, def->ml_name);
}

int capi_call_args(w_object **args, size_t nargs, w_object *kwnames, PyObject **t,
                   PyObject **kw)
{
    *kw = NULL;
    if (kw_count(kwnames)) {
        w_object *d = kwargs_dict(args + nargs, kwnames);
        if (!d)
            return -1;
        *kw = capi_new_ref(d);
    }
    *t = capi_args_tuple(args, nargs);
    return 0;
}

/* METH_VARARGS without METH_KEYWORDS called with keywords: CPython names a module's
   function bare here (cfunction_call), a method with its type. */
__attribute__((cold, noinline)) static void no_keywords_error(w_object *callable, size_t nargs,
                                                              w_object *kwnames)
{
    w_object *self = ((w_builtin *)callable)->self;
    size_t skip = receiver_first(callable);
    char qualname[512];
    if ((self && !W_TYPE_CHECK(self, w_module_type)) || skip)
        qualified_name(callable, qualname, sizeof qualname);
    else
        snprintf(qualname, sizeof qualname, "%s", def_of(callable)->ml_name);
    w_args_positional(qualname, nargs - skip, kwnames, 0, (size_t)-1);
}

static w_object *call_varargs(w_object *callable, w_object **args, size_t nargs,
                              w_object *kwnames)
{
    PyMethodDef *def = def_of(callable);
    size_t skip = receiver_first(callable);
    /* The tuple and the dict hold what C gets. Only making the dict allocates, so only
       then must the positional arguments be rooted until the tuple holds them. */
    PyObject *t, *kw = NULL;
    if (__builtin_expect(kw_count(kwnames) != 0, 0)) {
        if (!(def->ml_flags & METH_KEYWORDS)) {
            no_keywords_error(callable, nargs, kwnames);
            return NULL;
        }
        GC_ENTER();
        GC_ROOT_ARRAY(args, nargs);
        int rc = capi_call_args(args + skip, nargs - skip, kwnames, &t, &kw);
        GC_LEAVE();
        if (rc < 0)
            return NULL;
    } else {
        t = capi_args_tuple(args + skip, nargs - skip);
    }
    PyObject *self = hold_self(callable, args, skip);
    capi_flush_pending();
    PyObject *r;
    if (def->ml_flags & METH_KEYWORDS)
        r = ((PyCFunctionWithKeywords)(void (*)(void))def->ml_meth)(self, t, kw);
    else
        r = def->ml_meth(self, t);
    Py_DECREF(t);
    Py_XDECREF(kw);
    capi_unhold(self);
    return capi_result(r, FUNCTION_WHAT, def->ml_name);
}

static w_object *call_fastcall(w_object *callable, w_object **args, size_t nargs,
                               w_object *kwnames)
{
    PyMethodDef *def = def_of(callable);
    size_t nkw = kw_count(kwnames);
    bool keywords = def->ml_flags & METH_KEYWORDS;
    size_t skip = receiver_first(callable);
    if (nkw && !keywords) {
        arity_error(callable, nargs - skip, kwnames, 0, (size_t)-1);
        return NULL;
    }
    /* from here on, the receiver (if any) is out of the arguments: args[skip..] */
    nargs -= skip;
    size_t n = nargs + nkw;
    PyObject *small[8];
    PyObject **stack = w_args_array(small, 8, n);
    if (!stack)
        return NULL;
    /* the arguments (and the keyword names, and the class of a METH_METHOD function)
       stay rooted while C runs: it gets their proxies borrowed */
    GC_ENTER();
    GC_ROOT_ARRAY(args, n + skip);
    if (nkw)
        GC_ROOT(kwnames);
    if (def->ml_flags & METH_METHOD)
        GC_ROOT(callable);
    PyObject *self = hold_self(callable, args, skip), *r;
    capi_flush_pending();
    for (size_t i = 0; i < n; i++)
        stack[i] = capi_proxy(args[skip + i]);
    if (def->ml_flags & METH_METHOD) {
        /* the defining class: the type whose tp_methods (or PyCMethod_New) made it */
        w_type *owner = ((w_builtin *)callable)->owner;
        r = ((PyCMethod)(void (*)(void))def->ml_meth)(self, owner ? capi_type(owner) : NULL,
                                                      stack, nargs, nkw ? capi_proxy(kwnames) : NULL);
    } else if (keywords)
        r = ((_PyCFunctionFastWithKeywords)(void (*)(void))def->ml_meth)(
            self, stack, (Py_ssize_t)nargs, nkw ? capi_proxy(kwnames) : NULL);
    else
        r = ((_PyCFunctionFast)(void (*)(void))def->ml_meth)(self, stack, (Py_ssize_t)nargs);
    w_args_array_free(stack, small);
    capi_unhold(self);
    GC_RETURN(capi_result(r, FUNCTION_WHAT, def->ml_name));
}

/* METH_FASTCALL alone (no keywords, no defining class), the common case: at most 8
   arguments go straight from the runtime's array to C's. */
static w_object *call_fastcall_plain(w_object *callable, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    if (__builtin_expect(kwnames || nargs > 8, 0))
        return call_fastcall(callable, args, nargs, kwnames);
    PyMethodDef *def = def_of(callable);
    size_t skip = receiver_first(callable);
    PyObject *stack[8];
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs); /* C gets the proxies borrowed */
    PyObject *self = hold_self(callable, args, skip);
    capi_flush_pending();
    nargs -= skip;
    for (size_t i = 0; i < nargs; i++)
        stack[i] = capi_proxy(args[skip + i]);
    PyObject *r = ((_PyCFunctionFast)(void (*)(void))def->ml_meth)(self, stack, (Py_ssize_t)nargs);
    capi_unhold(self);
    GC_RETURN(capi_result(r, FUNCTION_WHAT, def->ml_name));
}

/* The trampoline for a convention; NULL (with SystemError) for flags CPython rejects. */
static w_callfn trampoline_for(PyMethodDef *ml)
{
    int conv = ml->ml_flags & ~(METH_CLASS | METH_STATIC | METH_COEXIST);
    switch (conv) {
    case METH_NOARGS:
        return call_noargs;
    case METH_O:
        return call_o;
    case METH_VARARGS:
    case METH_VARARGS | METH_KEYWORDS:
        return call_varargs;
    case METH_FASTCALL:
        return call_fastcall_plain;
    case METH_FASTCALL | METH_KEYWORDS:
    case METH_METHOD | METH_FASTCALL | METH_KEYWORDS:
        return call_fastcall;
    default:
        w_raise_fmt(w_exc_SystemError, "%s() method: bad call flags", ml->ml_name);
        return NULL;
    }
}

w_object *capi_function_new(PyMethodDef *ml, w_object *self)
{
    w_callfn fn = trampoline_for(ml);
    w_object *f = fn ? w_builtin_new(ml->ml_name, fn, self, ml) : NULL;
    if (f) {
        ((w_builtin *)f)->doc = ml->ml_doc;
        ((w_builtin *)f)->flags |= W_BF_CFUNC;
        if (ml->ml_flags & METH_STATIC)
            ((w_builtin *)f)->flags |= W_BF_STATIC;
        /* A module's proxy lives as long as the module, which the function keeps alive:
           every call can take it from here instead of the map. */
        else if (self && W_TYPE_CHECK(self, w_module_type))
            ((w_builtin *)f)->cself = capi_proxy(self);
    }
    return f;
}

PyTypeObject PyCFunction_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "builtin_function_or_method",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = capi_plain_dealloc,
};

PyMethodDef *capi_cfunction_def(w_object *w)
{
    if (!w || w->gc.tid != W_TID_BUILTIN)
        return NULL;
    w_callfn fn = ((w_builtin *)w)->fn;
    bool c = fn == call_noargs || fn == call_o || fn == call_varargs || fn == call_fastcall ||
             fn == call_fastcall_plain;
    return c ? def_of(w) : NULL;
}

/* A builtin_function_or_method of C (not a method descriptor): what PyCFunction_Check
   accepts. */
static bool is_c_function(PyObject *op)
{
    w_object *w = capi_link(op);
    return w && W_TYPE(w) == w_builtin_type && capi_cfunction_def(w);
}

PyObject *PyCFunction_NewEx(PyMethodDef *ml, PyObject *self, PyObject *module)
{
    return PyCMethod_New(ml, self, module, NULL);
}

PyObject *PyCMethod_New(PyMethodDef *ml, PyObject *self, PyObject *module, PyTypeObject *cls)
{
    GC_ENTER();
    w_object *wself = NULL, *f = NULL;
    GC_ROOT(wself);
    GC_ROOT(f);
    if (self && !(wself = capi_w(self)))
        GC_RETURN(NULL);
    if ((ml->ml_flags & METH_METHOD) && !cls) {
        w_raise_fmt(w_exc_SystemError, "attempting to create PyCMethod with a METH_METHOD "
                                       "flag but no class");
        GC_RETURN(NULL);
    }
    if ((f = capi_function_new(ml, wself)) && cls)
        ((w_builtin *)f)->owner = capi_w_type(cls);
    GC_RETURN(capi_new_ref(f));
}

PyCFunction PyCFunction_GetFunction(PyObject *op)
{
    if (!op || !is_c_function(op)) {
        capi_bad_internal_call();
        return NULL;
    }
    return def_of(capi_link(op))->ml_meth;
}

PyObject *PyCFunction_GetSelf(PyObject *op)
{
    if (!op || !is_c_function(op)) {
        capi_bad_internal_call();
        return NULL;
    }
    return self_of(capi_link(op));
}

int PyCFunction_GetFlags(PyObject *op)
{
    if (!op || !is_c_function(op)) {
        capi_bad_internal_call();
        return -1;
    }
    return def_of(capi_link(op))->ml_flags;
}

/* A descriptor in a type's dict for a C method: the runtime's method_descriptor, which
   checks the receiver; the trampolines take it from args[0] when the descriptor is called
   unbound, and from `self` once it is bound. */
static PyObject *descr_new(PyTypeObject *type, PyMethodDef *ml, uint32_t kind)
{
    if (!type || !ml || !capi_w_type(type)) {
        capi_bad_internal_call();
        return NULL;
    }
    w_builtin *d = (w_builtin *)capi_function_new(ml, NULL);
    if (!d)
        return NULL;
    d->ob.type = kind == W_BF_CLASSMETHOD ? w_classmethod_descr_type : w_method_type;
    d->flags = (d->flags & ~W_BF_STATIC) | kind | W_BF_RECEIVER_FIRST;
    d->owner = capi_w_type(type);
    return capi_new_ref(&d->ob);
}

PyObject *PyDescr_NewMethod(PyTypeObject *type, PyMethodDef *method)
{
    return descr_new(type, method, W_BF_METHOD);
}

PyObject *PyDescr_NewClassMethod(PyTypeObject *type, PyMethodDef *method)
{
    return descr_new(type, method, W_BF_CLASSMETHOD);
}

int capi_call_init(void)
{
    capi_bind_static_type(&PyCFunction_Type, w_builtin_type);
    return 0;
}

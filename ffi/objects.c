/* objects.c — ffi.Library, ffi.Function, ffi.Callback: their records, calls and closures. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffi/ffi.h"

/*
 * Each object has the builtin layout (struct w_builtin: traced `self`, untraced `data`)
 * under a type of its own, and `data` points to a malloc'd record. The collector has no
 * finalizers, so records live until ff_fini frees them all: a Callback's closure and
 * the persistent handle that keeps its callable alive outlast the Callback object.
 */
typedef enum { REC_LIB, REC_FN, REC_CB } rec_kind;

typedef struct ff_record {
    struct ff_record *next;
    rec_kind kind;
    char *text;        /* the library path or the signature, for reprs */
    void *dl;          /* REC_LIB: dlopen's handle */
    void *addr;        /* REC_FN: the C function; REC_CB: the closure's code pointer */
    ffi_closure *closure; /* REC_CB */
    void **callable;   /* REC_CB: persistent handle on the runtime callable */
    ff_sig sig;       /* REC_FN, REC_CB */
} ff_record;

static ff_record *records;
static w_type *lib_type, *fn_type, *cb_type;

static ff_record *record_new(rec_kind kind, const char *text)
{
    ff_record *r = calloc(1, sizeof *r);
    if (r && !(r->text = strdup(text))) {
        free(r);
        r = NULL;
    }
    if (!r)
        return w_raise(w_exc_MemoryError, NULL);
    r->kind = kind;
    r->next = records;
    records = r;
    return r;
}

static ff_record *record_of(w_object *o)
{
    return ((w_builtin *)o)->data;
}

static w_object *object_new(w_type *type, ff_record *r)
{
    w_builtin *b = (w_builtin *)w_alloc(type, W_TID_BUILTIN, sizeof(w_builtin));
    b->name = r->kind == REC_LIB ? r->text : r->sig.name;
    b->data = r;
    return &b->ob;
}

/* ---- Library ------------------------------------------------------------------------ */

w_object *ff_open(const char *path)
{
    void *dl = dlopen(path, RTLD_NOW);
    if (!dl)
        return w_raise_fmt(w_exc_OSError, "%s", dlerror());
    ff_record *r = record_new(REC_LIB, path ? path : "None");
    if (!r) {
        dlclose(dl);
        return NULL;
    }
    r->dl = dl;
    return object_new(lib_type, r);
}

w_object *ff_func(w_object *lib, const char *sig)
{
    if (W_TYPE(lib) != lib_type)
        return w_raise_fmt(w_exc_TypeError, "expected an ffi.Library, not %s", W_TYPE(lib)->name);
    ff_record *l = record_of(lib);
    ff_sig s;
    if (ff_sig_parse(sig, 1, &s) < 0)
        return NULL;
    dlerror();
    void *addr = dlsym(l->dl, s.name);
    if (!addr)
        return w_raise_fmt(w_exc_AttributeError, "function '%s' not found in library '%s'",
                           s.name, l->text);
    ff_record *r = record_new(REC_FN, sig);
    if (!r)
        return NULL;
    r->sig = s;
    /* the cif points into the signature's own type array: re-prepare it where it now lives */
    ffi_prep_cif(&r->sig.cif, FFI_DEFAULT_ABI, (unsigned)s.nargs, s.cif.rtype, r->sig.atypes);
    r->addr = addr;
    return object_new(fn_type, r);
}

static w_object *lib_func_m(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("Library.func", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "Library.func() argument must be str, not %s",
                           W_TYPE(args[0])->name);
    return ff_func(self, w_str_utf8(args[0]));
}

/* ---- Function ----------------------------------------------------------------------- */

w_object *ff_function_call(w_object *func, w_object **args, size_t nargs)
{
    if (W_TYPE(func) != fn_type)
        return w_raise_fmt(w_exc_TypeError, "expected an ffi.Function, not %s", W_TYPE(func)->name);
    ff_record *f = record_of(func);
    const ff_sig *s = &f->sig;
    if (nargs != (size_t)s->nargs)
        return w_raise_fmt(w_exc_TypeError, "%s() takes %d argument%s (%zu given)", s->name,
                           s->nargs, s->nargs == 1 ? "" : "s", nargs);
    ff_value vals[FF_MAX_ARGS], ret;
    char *owned[FF_MAX_ARGS];
    int n = 0; /* the arguments whose owned[] is set: converted, and the one that failed */
    bool ok = true;
    /* No W pointer is read after this loop until the call returns, so a callback that
       allocates (and moves young objects) during the call cannot leave one stale. */
    for (; n < s->nargs && ok; n++) {
        owned[n] = NULL;
        ok = ff_to_c(args[n], s->args[n], s->argtext[n], s->name, n + 1, &vals[n], &owned[n]) == 0;
    }
    if (ok && s->direct != FF_DIRECT_NONE) {
        ff_direct_call(s, f->addr, vals, &ret);
    } else if (ok) {
        void *ptrs[FF_MAX_ARGS];
        for (int i = 0; i < s->nargs; i++)
            ptrs[i] = &vals[i];
        ffi_call((ffi_cif *)&s->cif, FFI_FN(f->addr), &ret, ptrs);
    }
    for (int i = 0; i < n; i++)
        if (owned[i]) /* a char* argument's copy */
            free(owned[i]);
    return ok ? ff_from_c(&ret, s->ret, s->direct == FF_DIRECT_NONE) : NULL;
}

static w_object *fn_call(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (kwnames && W_TUPLE_SIZE(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments",
                           record_of(self)->sig.name);
    return ff_function_call(self, args, nargs);
}

/* ---- Callback ----------------------------------------------------------------------- */

/* CPython's unraisable hook format, as ctypes reports an exception in a callback. */
static void write_unraisable(ff_record *cb)
{
    GC_ENTER();
    w_object *exc = w_err_fetch(), *r = NULL, *msg = NULL;
    GC_ROOT(exc);
    GC_ROOT(r);
    GC_ROOT(msg);
    fflush(stdout);
    r = space_repr(*(w_object **)cb->callable);
    w_err_clear();
    fprintf(stderr, "Exception ignored on calling ffi callback function: %s\n",
            r ? w_str_utf8(r) : "<object repr() failed>");
    msg = w_exc_str(exc);
    w_err_clear();
    fprintf(stderr, "%s: %s\n", W_TYPE(exc)->name, msg ? w_str_utf8(msg) : "<exception str() failed>");
    fflush(stderr);
    GC_LEAVE();
}

static void cb_trampoline(ffi_cif *cif, void *ret, void **cargs, void *ud)
{
    ff_record *cb = ud;
    GC_ENTER();
    w_object *argv[FF_MAX_ARGS] = {0}, *res = NULL;
    int n = cb->sig.nargs;
    GC_ROOT_ARRAY(argv, (size_t)n);
    GC_ROOT(res);
    for (int i = 0; i < n; i++)
        if (!(argv[i] = ff_from_c(cargs[i], cb->sig.args[i], 0)))
            goto error;
    res = space_call(*(w_object **)cb->callable, argv, (size_t)n, NULL);
    if (res && ff_store_ret(res, cb->sig.ret, cb->sig.rettext, ret) == 0) {
        GC_LEAVE();
        return;
    }
error:
    memset(ret, 0, cif->rtype->size > sizeof(ffi_arg) ? cif->rtype->size : sizeof(ffi_arg));
    write_unraisable(cb);
    GC_LEAVE();
}

w_object *ff_callback_new(const char *sig, w_object *callable)
{
    GC_ENTER();
    GC_ROOT(callable);
    ff_sig s;
    if (ff_sig_parse(sig, 0, &s) < 0)
        GC_RETURN(NULL);
    if (s.ret == FF_K_CHARP)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "bad C signature '%s': a callback cannot return char*", sig));
    ff_record *r = record_new(REC_CB, sig);
    if (!r)
        GC_RETURN(NULL);
    r->sig = s;
    ffi_prep_cif(&r->sig.cif, FFI_DEFAULT_ABI, (unsigned)s.nargs, s.cif.rtype, r->sig.atypes);
    r->closure = ffi_closure_alloc(sizeof(ffi_closure), &r->addr);
    if (!r->closure ||
        ffi_prep_closure_loc(r->closure, &r->sig.cif, cb_trampoline, r, r->addr) != FFI_OK)
        GC_RETURN(w_raise_fmt(w_exc_MemoryError, "cannot make an ffi closure"));
    r->callable = gc_handle_persist(callable);
    GC_RETURN(object_new(cb_type, r));
}

void *ff_callback_address(w_object *o)
{
    if (W_TYPE(o) != cb_type)
        return w_raise_fmt(w_exc_TypeError, "expected an ffi.Callback, not %s", W_TYPE(o)->name);
    return record_of(o)->addr;
}

static w_object *cb_address(w_object *self)
{
    return w_int_from_u64((uintptr_t)record_of(self)->addr);
}

/* ---- reprs, types, shutdown --------------------------------------------------------- */

static w_object *obj_repr(w_object *self)
{
    return w_str_from_fmt("<%s '%s'>", W_TYPE(self)->name, record_of(self)->text);
}

static w_type *type_new(const char *name, w_callfn call)
{
    w_type *t = w_type_new_static(name, w_object_type, W_TID_BUILTIN);
    t->repr = obj_repr;
    t->call = call;
    return t;
}

int ff_types_init(void)
{
    lib_type = type_new("ffi.Library", NULL);
    fn_type = type_new("ffi.Function", fn_call);
    cb_type = type_new("ffi.Callback", NULL);
    if (w_type_add_method(lib_type, "func", lib_func_m) < 0 ||
        w_type_add_getter(cb_type, "address", cb_address) < 0 || w_type_ready(lib_type) < 0 ||
        w_type_ready(fn_type) < 0 || w_type_ready(cb_type) < 0)
        return -1;
    return 0;
}

void ff_fini(void)
{
    while (records) {
        ff_record *r = records, *next = r->next;
        if (r->dl)
            dlclose(r->dl);
        if (r->closure)
            ffi_closure_free(r->closure);
        if (r->callable)
            gc_handle_release(r->callable);
        free(r->text);
        free(r);
        records = next;
    }
}

/* gcmodule.c — the gc module: collect(), enable(), disable(), isenabled(). */
#include "objects/objects.h"

/*
 * Ferry's collector is not CPython's cycle detector over reference counts: it runs
 * whenever the nursery fills, and there is nothing to switch off without stopping
 * allocation. So `enabled` is only the flag CPython's gc.disable() sets: isenabled()
 * reports it, and code that disables collection around a critical section (the usual
 * use) still works, since Ferry never frees an object that is reachable anyway.
 */
static int enabled = 1;

/* Run after each gc.collect(): the C-API's flush of the deallocations a major collection
   queued (w_gc_set_collect_hook), so that they have run when collect() returns. */
static void (*collect_hook)(void);

void w_gc_set_collect_hook(void (*hook)(void))
{
    collect_hook = hook;
}

/* CPython's three generations, of which collect() accepts the number; every one of them
   is a major collection here. */
#define NUM_GENERATIONS 3

static w_object *gc_collect(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    static const char *const names[] = {"generation"};
    static const w_argspec spec = {"collect", names, 1, 1, 0, 0};
    w_object *a[1];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (a[0]) {
        int n;
        if (w_arg_c_int(a[0], &n) < 0)
            return NULL;
        if (n < 0 || n >= NUM_GENERATIONS)
            return w_raise_fmt(w_exc_ValueError, "invalid generation");
    }
    gc_collect_major();
    if (collect_hook)
        collect_hook();
    /* CPython returns the number of unreachable objects it found; a moving collector
       never counts its garbage, so 0. */
    return w_int_from_i64(0);
}

static w_object *gc_enable(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("gc.enable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    enabled = 1;
    return w_None;
}

static w_object *gc_disable(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("gc.disable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    enabled = 0;
    return w_None;
}

static w_object *gc_isenabled(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("gc.isenabled", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return W_BOOL(enabled);
}

int w_gcmodule_init(void)
{
    static const struct {
        const char *name;
        w_callfn fn;
    } fns[] = {
        {"collect", gc_collect},
        {"enable", gc_enable},
        {"disable", gc_disable},
        {"isenabled", gc_isenabled},
    };
    GC_ENTER();
    w_object *m = NULL, *f = NULL;
    GC_ROOT(m);
    GC_ROOT(f);
    enabled = 1;
    if (!(m = w_module_new("gc")))
        GC_RETURN(-1);
    ((w_module *)m)->builtin = 1;
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (!(f = w_builtin_new(fns[i].name, fns[i].fn, m, NULL)) ||
            w_module_add(m, fns[i].name, f) < 0)
            GC_RETURN(-1);
    GC_RETURN(w_modules_register(m));
}

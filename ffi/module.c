/* module.c — the `ffi` module: open(), callback(), and the three types, registered at start-up. */
#include "ffi/ffi.h"

static w_object *mod_open(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("open", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0] == w_None)
        return ff_open(NULL);
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "open() argument must be str or None, not %s",
                           W_TYPE(args[0])->name);
    return ff_open(w_str_utf8(args[0]));
}

static w_object *mod_callback(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("callback", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "callback() argument 1 must be str, not %s",
                           W_TYPE(args[0])->name);
    if (!W_TYPE(args[1])->call)
        return w_raise_fmt(w_exc_TypeError, "callback() argument 2 must be callable, not %s",
                           W_TYPE(args[1])->name);
    /* the signature's text is copied before anything allocates */
    return ff_callback_new(w_str_utf8(args[0]), args[1]);
}

int ff_init(void)
{
    GC_ENTER();
    w_object *m = NULL, *f = NULL;
    GC_ROOT(m);
    GC_ROOT(f);
    if (ff_types_init() < 0 || !(m = w_module_new("ffi")))
        GC_RETURN(-1);
    ((w_module *)m)->builtin = 1;
    if (!(f = w_builtin_new("open", mod_open, m, NULL)) || w_module_add(m, "open", f) < 0 ||
        !(f = w_builtin_new("callback", mod_callback, m, NULL)) ||
        w_module_add(m, "callback", f) < 0)
        GC_RETURN(-1);
    GC_RETURN(w_modules_register(m));
}

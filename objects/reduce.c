/* reduce.c — object.__reduce_ex__, __reduce__ and __getstate__, the builtins' __getnewargs__ and BaseException.__reduce__, and the copyreg functions they name. */
#include "objects/objects.h"

/*
 * What pickle and copy ask an object for, as CPython 3.11 answers (Objects/typeobject.c
 * and Lib/copyreg.py). Ferry has neither module, but extensions do ask: Cython's module
 * init looks up object.__reduce_ex__ and object.__reduce__ to install the __reduce__ of
 * every cdef class, and code calls __reduce_ex__ itself.
 *
 *   __reduce_ex__(protocol)  a __reduce__ the type overrides, else the default below;
 *   __reduce__()             the default with protocol 0;
 *   default, protocol >= 2   (copyreg.__newobj__, (cls, *args), state, listitems,
 *                            dictitems), args from __getnewargs_ex__/__getnewargs__;
 *   default, protocol < 2    copyreg._reduce_ex: (copyreg._reconstructor, (cls, base,
 *                            base(obj) or None)[, state]), base being the first type in
 *                            the MRO that is not a heap type;
 *   __getstate__()           a copy of the instance dict, None if it is empty or absent.
 * An object whose state lives in C fields (W_TF_CSTATE) and which gives no arguments to
 * recreate it cannot be reduced by default: TypeError, as in CPython. Ferry's runtime has
 * no classes with __slots__, so there are no slot values to save.
 */

static w_object *copyreg_newobj, *copyreg_newobj_ex, *copyreg_reconstructor;
static w_object *object_reduce, *object_getstate; /* object's own, to spot overrides */

/* Whether instances keep state the default reduce cannot save. */
static bool has_c_state(w_type *t)
{
    while (t->flags & W_TF_CLASS) /* a class adds only a dict: its base decides */
        t = t->base;
    if (t->flags & W_TF_EXTENSION)
        return (t->flags & W_TF_CSTATE) != 0;
    return t != w_object_type;
}

/* The instance dict of `obj` when it holds anything, else NULL (no dict is no error);
   -1 with the error set when looking it up failed otherwise. */
static int filled_dict(w_object *obj, w_object **dict)
{
    w_object *d = space_getattr_cstr(obj, "__dict__");
    if (!d) {
        if (!w_err_matches(w_exc_AttributeError))
            return -1;
        w_err_clear();
    }
    *dict = d && W_DICT_CHECK(d) && w_dict_size(d) > 0 ? d : NULL;
    return 0;
}

/* CPython's object_getstate_default. */
static w_object *getstate_default(w_object *obj, bool required)
{
    w_type *t = W_TYPE(obj);
    if (required && (t->flags & W_TF_VARSIZED))
        return w_raise_fmt(w_exc_TypeError, "cannot pickle %s objects", t->name);
    GC_ENTER();
    w_object *dict = NULL;
    GC_ROOT(obj);
    GC_ROOT(dict);
    if (filled_dict(obj, &dict) < 0)
        GC_RETURN(NULL);
    if (required && has_c_state(t))
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "cannot pickle '%s' object", t->name));
    GC_RETURN(dict ? w_dict_copy(dict) : w_None);
}

/* obj.__getstate__(), or the default with `required` when the type does not override it. */
static w_object *getstate(w_object *obj, bool required)
{
    w_object *m = w_type_lookup_cstr(W_TYPE(obj), "__getstate__");
    if (!m || m == object_getstate)
        return getstate_default(obj, required);
    return space_call_method(obj, "__getstate__", NULL, 0);
}

static w_object *object___getstate__(w_object *self, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    if (w_args_positional("object.__getstate__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return getstate_default(self, false);
}

/* The result of a special method the type defines (looked up on the type, bound to
   obj), or NULL without an error if the type has none. */
static w_object *call_special(w_object *obj, const char *name)
{
    if (!w_type_lookup_cstr(W_TYPE(obj), name))
        return NULL;
    return space_call_method(obj, name, NULL, 0);
}

/* CPython's _PyObject_GetNewArguments: *args a tuple or NULL, *kwargs a dict or NULL. */
static int new_arguments(w_object *obj, w_object **args, w_object **kwargs)
{
    *args = *kwargs = NULL;
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(obj);
    GC_ROOT(r);
    if ((r = call_special(obj, "__getnewargs_ex__"))) {
        if (!W_TUPLE_CHECK(r)) {
            w_raise_fmt(w_exc_TypeError, "__getnewargs_ex__ should return a tuple, not '%s'",
                        W_TYPE(r)->name);
        } else if (W_TUPLE_SIZE(r) != 2) {
            w_raise_fmt(w_exc_ValueError,
                        "__getnewargs_ex__ should return a tuple of length 2, not %lld",
                        (long long)W_TUPLE_SIZE(r));
        } else if (!W_TUPLE_CHECK(W_TUPLE_ITEMS(r)[0])) {
            w_raise_fmt(w_exc_TypeError,
                        "first item of the tuple returned by __getnewargs_ex__ must be a "
                        "tuple, not '%s'",
                        W_TYPE(W_TUPLE_ITEMS(r)[0])->name);
        } else if (!W_DICT_CHECK(W_TUPLE_ITEMS(r)[1])) {
            w_raise_fmt(w_exc_TypeError,
                        "second item of the tuple returned by __getnewargs_ex__ must be a "
                        "dict, not '%s'",
                        W_TYPE(W_TUPLE_ITEMS(r)[1])->name);
        } else {
            *args = W_TUPLE_ITEMS(r)[0];
            *kwargs = W_TUPLE_ITEMS(r)[1];
        }
        GC_RETURN(*args ? 0 : -1);
    }
    if (w_err_occurred())
        GC_RETURN(-1);
    if ((r = call_special(obj, "__getnewargs__"))) {
        if (!W_TUPLE_CHECK(r)) {
            w_raise_fmt(w_exc_TypeError, "__getnewargs__ should return a tuple, not '%s'",
                        W_TYPE(r)->name);
            GC_RETURN(-1);
        }
        *args = r;
    }
    GC_RETURN(w_err_occurred() ? -1 : 0);
}

/* CPython's reduce_newobj: the default for protocol 2 and up. */
static w_object *reduce_newobj(w_object *obj)
{
    w_type *t = W_TYPE(obj);
    if (!t->construct)
        return w_raise_fmt(w_exc_TypeError, "cannot pickle '%s' object", t->name);
    GC_ENTER();
    w_object *args = NULL, *kwargs = NULL, *newargs = NULL, *state = NULL, *listitems = w_None,
             *dictitems = w_None, *items = NULL;
    GC_ROOT(obj);
    GC_ROOT(args);
    GC_ROOT(kwargs);
    GC_ROOT(newargs);
    GC_ROOT(state);
    GC_ROOT(listitems);
    GC_ROOT(dictitems);
    GC_ROOT(items);
    if (new_arguments(obj, &args, &kwargs) < 0)
        GC_RETURN(NULL);
    w_object *newobj;
    if (!kwargs || w_dict_size(kwargs) == 0) {
        int64_t n = args ? W_TUPLE_SIZE(args) : 0;
        if (!(newargs = w_tuple_new(n + 1)))
            GC_RETURN(NULL);
        w_tuple_set(newargs, 0, &W_TYPE(obj)->ob);
        for (int64_t i = 0; i < n; i++)
            w_tuple_set(newargs, i + 1, W_TUPLE_ITEMS(args)[i]);
        newobj = copyreg_newobj;
    } else {
        if (!(newargs = w_tuple_pack(3, &W_TYPE(obj)->ob, args, kwargs)))
            GC_RETURN(NULL);
        newobj = copyreg_newobj_ex;
    }
    bool is_list = W_LIST_CHECK(obj), is_dict = W_DICT_CHECK(obj);
    if (!(state = getstate(obj, !(args || is_list || is_dict))))
        GC_RETURN(NULL);
    if (is_list && !(listitems = space_iter(obj)))
        GC_RETURN(NULL);
    if (is_dict) {
        if (!(items = space_call_method(obj, "items", NULL, 0)) || !(dictitems = space_iter(items)))
            GC_RETURN(NULL);
    }
    GC_RETURN(w_tuple_pack(5, newobj, newargs, state, listitems, dictitems));
}

/* copyreg._reduce_ex: the default for protocols 0 and 1. */
static w_object *reduce_copyreg(w_object *obj)
{
    w_type *cls = W_TYPE(obj), *base = cls;
    while (base->base && (base->flags & W_TF_HEAPTYPE))
        base = base->base;
    GC_ENTER();
    w_object *state = w_None, *args = NULL, *dict = NULL;
    GC_ROOT(obj);
    GC_ROOT(state);
    GC_ROOT(args);
    GC_ROOT(dict);
    if (base != w_object_type) {
        if (base == cls) /* copyreg words it with cls.__name__ */
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "cannot pickle '%s' object",
                                  w_type_qualname(cls)));
        if (!(state = space_call(&base->ob, &obj, 1, NULL)))
            GC_RETURN(NULL);
    }
    if (!(args = w_tuple_pack(3, &cls->ob, &base->ob, state)))
        GC_RETURN(NULL);
    if (!(dict = space_call_method(obj, "__getstate__", NULL, 0)))
        GC_RETURN(NULL);
    int truth = space_truth(dict);
    if (truth < 0)
        GC_RETURN(NULL);
    GC_RETURN(truth ? w_tuple_pack(3, copyreg_reconstructor, args, dict)
                    : w_tuple_pack(2, copyreg_reconstructor, args));
}

static w_object *common_reduce(w_object *obj, int protocol)
{
    return protocol >= 2 ? reduce_newobj(obj) : reduce_copyreg(obj);
}

static w_object *object___reduce__(w_object *self, w_object **args, size_t nargs,
                                   w_object *kwnames)
{
    if (w_args_positional("object.__reduce__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return common_reduce(self, 0);
}

static w_object *object___reduce_ex__(w_object *self, w_object **args, size_t nargs,
                                      w_object *kwnames)
{
    if (w_args_positional("object.__reduce_ex__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT(self);
    int protocol;
    if (w_arg_c_int(args[0], &protocol) < 0)
        GC_RETURN(NULL);
    w_object *own = w_type_lookup_cstr(W_TYPE(self), "__reduce__");
    if (own && own != object_reduce)
        GC_RETURN(space_call_method(self, "__reduce__", NULL, 0));
    if (w_err_occurred())
        GC_RETURN(NULL);
    GC_RETURN(common_reduce(self, protocol));
}

/* x.__getnewargs__() of the immutable builtins: the value, to recreate x from. */
static w_object *getnewargs(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__getnewargs__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    GC_ENTER();
    w_object *v = NULL;
    GC_ROOT(v);
    w_type *t = W_TYPE(self);
    /* the plain value, as CPython's int(x), float(x), str(x), bytes(x), tuple(x) */
    if (W_TYPE_CHECK(self, w_bool_type) || W_TYPE_CHECK(self, w_int_type) ||
        W_TYPE_CHECK(self, w_float_type) || W_TYPE_CHECK(self, w_str_type) ||
        W_TYPE_CHECK(self, w_bytes_type) || W_TYPE_CHECK(self, w_tuple_type)) {
        w_type *plain = W_TYPE_CHECK(self, w_int_type)     ? w_int_type
                        : W_TYPE_CHECK(self, w_float_type) ? w_float_type
                        : W_TYPE_CHECK(self, w_str_type)   ? w_str_type
                        : W_TYPE_CHECK(self, w_bytes_type) ? w_bytes_type
                                                           : w_tuple_type;
        v = t == plain ? self : space_call(&plain->ob, &self, 1, NULL);
    }
    GC_RETURN(v ? w_tuple_pack(1, v) : NULL);
}

/* BaseException.__reduce__(): (type(self), self.args), with the instance dict as the
   state when it holds anything. */
static w_object *exception___reduce__(w_object *self, w_object **args, size_t nargs,
                                      w_object *kwnames)
{
    if (w_args_positional("__reduce__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    GC_ENTER();
    w_object *a = NULL, *dict = NULL;
    GC_ROOT(self);
    GC_ROOT(a);
    GC_ROOT(dict);
    if (!(a = space_getattr_cstr(self, "args")) || filled_dict(self, &dict) < 0)
        GC_RETURN(NULL);
    if (dict)
        GC_RETURN(w_tuple_pack(3, &W_TYPE(self)->ob, a, dict));
    GC_RETURN(w_tuple_pack(2, &W_TYPE(self)->ob, a));
}

/* ---- copyreg ------------------------------------------------------------------------ */

/* copyreg.__newobj__(cls, *args): cls.__new__(cls, *args). */
static w_object *newobj(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (nargs < 1 || (kwnames && W_TUPLE_SIZE(kwnames)))
        return w_raise_fmt(w_exc_TypeError,
                           "__newobj__() missing 1 required positional argument: 'cls'");
    w_object *cls = args[0];
    if (!W_TYPE_CHECK(cls, w_type_type))
        return w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '__new__'",
                           W_TYPE(cls)->name);
    GC_ENTER();
    w_object *new = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(new);
    if (!(new = space_getattr_cstr(args[0], "__new__")))
        GC_RETURN(NULL);
    GC_RETURN(space_call(new, args, nargs, NULL));
}

/* copyreg.__newobj_ex__(cls, args, kwargs): cls.__new__(cls, *args, **kwargs). */
static w_object *newobj_ex(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__newobj_ex__", nargs, kwnames, 3, 3) < 0)
        return NULL;
    GC_ENTER();
    w_object *new = NULL, *pos = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(new);
    GC_ROOT(pos);
    if (!W_TUPLE_CHECK(args[1]) || !W_DICT_CHECK(args[2]))
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "__newobj_ex__ wants a tuple and a dict"));
    int64_t n = W_TUPLE_SIZE(args[1]);
    if (!(new = space_getattr_cstr(args[0], "__new__")) || !(pos = w_tuple_new(n + 1)))
        GC_RETURN(NULL);
    w_tuple_set(pos, 0, args[0]);
    for (int64_t i = 0; i < n; i++)
        w_tuple_set(pos, i + 1, W_TUPLE_ITEMS(args[1])[i]);
    GC_RETURN(space_call_tuple(new, pos, args[2]));
}

/* copyreg._reconstructor(cls, base, state): object.__new__(cls) when base is object,
   else base.__new__(cls, state) then base.__init__(obj, state). */
static w_object *reconstructor(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("_reconstructor", nargs, kwnames, 3, 3) < 0)
        return NULL;
    GC_ENTER();
    w_object *f = NULL, *obj = NULL, *r = NULL;
    w_object *a[2];
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT(f);
    GC_ROOT(obj);
    GC_ROOT(r);
    bool plain = args[1] == &w_object_type->ob;
    if (!(f = space_getattr_cstr(args[1], "__new__")))
        GC_RETURN(NULL);
    a[0] = args[0];
    a[1] = args[2];
    if (!(obj = space_call(f, a, plain ? 1 : 2, NULL)))
        GC_RETURN(NULL);
    if (plain)
        GC_RETURN(obj);
    if (!(f = space_getattr_cstr(args[1], "__init__")))
        GC_RETURN(NULL);
    a[0] = obj;
    a[1] = args[2];
    if (!(r = space_call(f, a, 2, NULL)))
        GC_RETURN(NULL);
    GC_RETURN(obj);
}

int w_reduce_init(void)
{
    static const struct {
        const char *name;
        w_callfn fn;
        w_object **slot;
    } fns[] = {
        {"__newobj__", newobj, &copyreg_newobj},
        {"__newobj_ex__", newobj_ex, &copyreg_newobj_ex},
        {"_reconstructor", reconstructor, &copyreg_reconstructor},
    };
    w_type *immutables[] = {w_int_type, w_float_type, w_str_type, w_bytes_type, w_tuple_type};
    GC_ENTER();
    w_object *m = NULL, *f = NULL;
    GC_ROOT(m);
    GC_ROOT(f);
    if (w_type_add_method(w_object_type, "__reduce_ex__", object___reduce_ex__) < 0 ||
        w_type_add_method(w_object_type, "__reduce__", object___reduce__) < 0 ||
        w_type_add_method(w_object_type, "__getstate__", object___getstate__) < 0)
        GC_RETURN(-1);
    object_reduce = w_type_lookup_cstr(w_object_type, "__reduce__");
    object_getstate = w_type_lookup_cstr(w_object_type, "__getstate__");
    gc_add_root((void **)&object_reduce);
    gc_add_root((void **)&object_getstate);
    if (w_type_add_method(w_exc_BaseException, "__reduce__", exception___reduce__) < 0)
        GC_RETURN(-1);
    for (size_t i = 0; i < sizeof immutables / sizeof immutables[0]; i++)
        if (w_type_add_method(immutables[i], "__getnewargs__", getnewargs) < 0)
            GC_RETURN(-1);
    if (!(m = w_module_new("copyreg")))
        GC_RETURN(-1);
    ((w_module *)m)->builtin = 1;
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        if (!(f = w_builtin_new(fns[i].name, fns[i].fn, m, NULL)) ||
            w_module_add(m, fns[i].name, f) < 0)
            GC_RETURN(-1);
        *fns[i].slot = f;
        gc_add_root((void **)fns[i].slot);
    }
    GC_RETURN(w_modules_register(m));
}

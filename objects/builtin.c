/* builtin.c — builtin functions, method descriptors, bound builtin methods and getsets. */
#include "objects/objects.h"
#include "objects/kernel.h"

/* ---- gc descriptors ---------------------------------------------------------------------- */

static size_t builtin_size(const void *o)
{
    return sizeof(w_builtin);
}

static void builtin_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_builtin *b = o;
    if (b->self)
        visit((void **)&b->self, ctx);
    if (b->owner)
        visit((void **)&b->owner, ctx);
}

static size_t getset_size(const void *o)
{
    return sizeof(w_getset);
}

static void getset_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_getset *g = o;
    if (g->owner)
        visit((void **)&g->owner, ctx);
}

void w_runtime_register_tids(void)
{
    static const gc_descr builtin = {"builtin", builtin_size, builtin_trace};
    static const gc_descr getset = {"getset", getset_size, getset_trace};
    gc_register_tid(W_TID_BUILTIN, &builtin);
    gc_register_tid(W_TID_GETSET, &getset);
    w_module_register_tids();
    w_exceptions_register_tids();
    w_builtins_iter_register_tids();
    w_class_register_tids();
    w_descrobject_register_tids();
}

/* ---- construction and calls -------------------------------------------------------------- */

w_object *w_builtin_new(const char *name, w_callfn fn, w_object *self, void *data)
{
    GC_ENTER();
    GC_ROOT(self);
    w_builtin *b = (w_builtin *)w_alloc(w_builtin_type, W_TID_BUILTIN, sizeof(w_builtin));
    b->name = name;
    b->fn = fn;
    b->self = self;
    b->data = data;
    GC_RETURN(&b->ob);
}

w_object *w_getset_new(w_type *owner, const char *name, w_object *(*get)(w_object *self))
{
    w_getset *g = (w_getset *)w_alloc(w_getset_type, W_TID_GETSET, sizeof(w_getset));
    g->name = name;
    g->get = get;
    g->owner = owner;
    return &g->ob;
}

/* An unbound descriptor called with its receiver (checked) as args[0]. */
static w_object *call_with_receiver(w_builtin *b, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    if (!(b->flags & W_BF_CFUNC))
        return b->fn(args[0], args + 1, nargs - 1, kwnames);
    if (b->flags & W_BF_RECEIVER_FIRST)
        return b->fn(&b->ob, args, nargs, kwnames);
    GC_ENTER();
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + (kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0));
    w_object *bound = w_bind_descriptor(&b->ob, args[0]);
    w_object *r = bound ? w_builtin_call(bound, args + 1, nargs - 1, kwnames) : NULL;
    GC_RETURN(r);
}

/* `list.append(l, x)`: the first argument is the receiver and must be an instance. */
static w_object *call_unbound_method(w_builtin *b, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    if (nargs == 0)
        return w_raise_fmt(w_exc_TypeError, "unbound method %s.%s() needs an argument",
                           w_type_qualname(b->owner), b->name);
    if (!W_TYPE_CHECK(args[0], b->owner))
        return w_raise_fmt(w_exc_TypeError,
                           "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                           b->name, b->owner->name, W_TYPE(args[0])->name);
    return call_with_receiver(b, args, nargs, kwnames);
}

/* `dict.__dict__['fromkeys'](dict, ...)`: the first argument is the receiving type. */
static w_object *call_unbound_classmethod(w_builtin *b, w_object **args, size_t nargs,
                                          w_object *kwnames)
{
    if (nargs == 0)
        return w_raise_fmt(w_exc_TypeError, "descriptor '%s' of '%s' object needs an argument",
                           b->name, b->owner->name);
    w_object *t = args[0];
    if (!W_TYPE_CHECK(t, w_type_type))
        return w_raise_fmt(w_exc_TypeError,
                           "descriptor '%s' for type '%s' needs a type, not a '%s' as arg 2",
                           b->name, b->owner->name, W_TYPE(t)->name);
    if (!w_type_is_subtype((w_type *)t, b->owner))
        return w_raise_fmt(w_exc_TypeError,
                           "descriptor '%s' requires a subtype of '%s' but received '%s'",
                           b->name, b->owner->name, ((w_type *)t)->name);
    return call_with_receiver(b, args, nargs, kwnames);
}

/* Bound methods and unbound descriptors: kept out of w_builtin_call so that its common
   case compiles to a test and a jump. */
__attribute__((noinline)) static w_object *call_descriptor(w_builtin *b, w_object **args,
                                                           size_t nargs, w_object *kwnames)
{
    if (b->flags & W_BF_BOUND)
        return b->fn((b->flags & W_BF_CFUNC) ? &b->ob : b->self, args, nargs, kwnames);
    if (b->flags & W_BF_CLASSMETHOD)
        return call_unbound_classmethod(b, args, nargs, kwnames);
    return call_unbound_method(b, args, nargs, kwnames);
}

w_object *w_builtin_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames)
{
    w_builtin *b = (w_builtin *)callable;
    if (__builtin_expect(!(b->flags & (W_BF_BOUND | W_BF_CLASSMETHOD | W_BF_METHOD)), 1))
        return b->fn(callable, args, nargs, kwnames); /* a function: one test on the way */
    return call_descriptor(b, args, nargs, kwnames);
}

w_object *w_builtin_call_unbound(w_object *descr, w_object **args, size_t nargs)
{
    w_builtin *b = (w_builtin *)descr;
    const uint32_t direct = W_BF_CFUNC | W_BF_RECEIVER_FIRST;
    if (__builtin_expect((b->flags & (direct | W_BF_BOUND | W_BF_CLASSMETHOD)) == direct &&
                             W_TYPE(args[0]) == b->owner,
                         1))
        return b->fn(descr, args, nargs, NULL);
    return w_builtin_call(descr, args, nargs, NULL);
}

/* ---- builtin_function_or_method ---------------------------------------------------------- */

static bool is_bound_method(w_builtin *b)
{
    return (b->flags & W_BF_BOUND) && (b->flags & (W_BF_METHOD | W_BF_CLASSMETHOD));
}

/* A bound method shows its receiver's address: id() pins the receiver first. */
static w_object *builtin_repr(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    if (!is_bound_method(b))
        return w_str_from_fmt("<built-in function %s>", b->name);
    GC_ENTER();
    GC_ROOT(self);
    w_object *id = space_id(b->self);
    if (!id)
        GC_RETURN(NULL);
    int64_t addr = 0;
    if (w_int_as_i64(id, &addr) < 0)
        GC_RETURN(NULL);
    b = (w_builtin *)self;
    GC_RETURN(w_str_from_fmt("<built-in method %s of %s object at %#llx>", b->name,
                             W_TYPE(b->self)->name, (unsigned long long)addr));
}

/* Two bound methods are equal when they wrap the same C function for the same receiver. */
static w_object *builtin_richcompare(w_object *a, w_object *b, int op)
{
    if ((op != W_EQ && op != W_NE) || W_TYPE(b) != w_builtin_type)
        return w_NotImplemented;
    w_builtin *x = (w_builtin *)a, *y = (w_builtin *)b;
    bool eq = x->fn == y->fn && x->self == y->self && x->data == y->data && x->flags == y->flags;
    return W_BOOL(op == W_EQ ? eq : !eq);
}

/* Hashing the receiver by identity pins it (a collection), so `self` is rooted. */
static int builtin_hash(w_object *self, int64_t *out)
{
    GC_ENTER();
    GC_ROOT(self);
    int64_t h = 0;
    w_object *recv = ((w_builtin *)self)->self;
    if (recv && space_hash_identity(recv, &h) < 0)
        GC_RETURN(-1);
    w_builtin *b = (w_builtin *)self;
    h ^= (int64_t)((uintptr_t)b->fn >> 4) ^ (int64_t)((uintptr_t)b->data >> 4);
    *out = h == -1 ? -2 : h;
    GC_RETURN(0);
}

static w_object *builtin_get_name(w_object *self)
{
    return w_str_from_cstr(((w_builtin *)self)->name);
}

static w_object *builtin_get_qualname(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    if (b->owner)
        return w_str_from_fmt("%s.%s", w_type_qualname(b->owner), b->name);
    return w_str_from_cstr(b->name);
}

/* The receiver of a bound method, the module of a function (None if it has none). */
static w_object *builtin_get_self(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    return b->self && !(b->flags & W_BF_STATIC) ? b->self : w_None;
}

/*
 * A C function's doc may start with its text signature, as Argument Clinic writes it:
 * "NAME(SIGNATURE)\n--\n\n" then the doc proper. As in CPython, the header counts only
 * when the doc starts with the function's name and '(' and the marker comes before the
 * first blank line. Returns the doc proper; *sig and *siglen the signature from '(' to
 * ')' (NULL when there is none).
 */
static const char *split_doc(const char *name, const char *doc, const char **sig, size_t *siglen)
{
    static const char marker[] = ")\n--\n\n";
    *sig = NULL;
    size_t n = strlen(name);
    if (strncmp(doc, name, n) != 0 || doc[n] != '(')
        return doc;
    for (const char *p = doc + n; *p; p++) {
        if (!strncmp(p, marker, sizeof marker - 1)) {
            *sig = doc + n;
            *siglen = (size_t)(p + 1 - *sig);
            return p + sizeof marker - 1;
        }
        if (p[0] == '\n' && p[1] == '\n')
            break;
    }
    return doc;
}

static w_object *builtin_get_doc(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    if (!b->doc)
        return w_None;
    const char *sig;
    size_t siglen;
    const char *doc = split_doc(b->name, b->doc, &sig, &siglen);
    return w_str_decode_utf8(doc, strlen(doc), "replace");
}

/* __text_signature__: the signature of the doc's header, None without one. */
static w_object *builtin_get_text_signature(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    const char *sig = NULL;
    size_t siglen = 0;
    if (b->doc)
        split_doc(b->name, b->doc, &sig, &siglen);
    return sig ? w_str_decode_utf8(sig, siglen, "replace") : w_None;
}

/* A function's module is the module it is bound to, if any. */
static w_object *builtin_get_module(w_object *self)
{
    w_object *s = ((w_builtin *)self)->self;
    if (!s || !W_TYPE_CHECK(s, w_module_type))
        return w_None;
    w_object *name = w_dict_get_cstr(w_module_dict(s), "__name__");
    return name ? name : w_None;
}

static w_object *method_get_objclass(w_object *self)
{
    return &((w_builtin *)self)->owner->ob;
}

/* ---- method_descriptor and getset_descriptor --------------------------------------------- */

/* Binding a method descriptor: to an instance of its type, or (a class method) to the
   class; through the class, a plain method descriptor is itself. */
static w_object *method_descr_get(w_object *descr, w_object *obj, w_type *type)
{
    w_builtin *b = (w_builtin *)descr;
    if (b->flags & W_BF_CLASSMETHOD) {
        w_type *t = type ? type : W_TYPE(obj);
        if (b->owner && !w_type_is_subtype(t, b->owner))
            return w_raise_fmt(w_exc_TypeError,
                               "descriptor '%s' requires a subtype of '%s' but received '%s'",
                               b->name, b->owner->name, t->name);
        return w_bind_descriptor(descr, &t->ob);
    }
    if (!obj)
        return descr;
    if (b->owner && !W_TYPE_CHECK(obj, b->owner))
        return w_raise_fmt(w_exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                           b->name, b->owner->name, W_TYPE(obj)->name);
    return w_bind_descriptor(descr, obj);
}

/* descriptor.__get__(obj, type=None); the runtime passes the descriptor as `self`. */
static w_object *method_dunder_get(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("__get__", nargs, kwnames, 1, 2) < 0)
        return NULL;
    w_object *obj = args[0] == w_None ? NULL : args[0];
    w_object *type = nargs > 1 && args[1] != w_None ? args[1] : NULL;
    if (!obj && !type)
        return w_raise_fmt(w_exc_TypeError, "__get__(None, None) is invalid");
    if (type && !W_TYPE_CHECK(type, w_type_type))
        return w_raise_fmt(w_exc_TypeError, "__get__(None, None) is invalid");
    return method_descr_get(self, obj, (w_type *)type);
}

static w_object *method_repr(w_object *self)
{
    w_builtin *b = (w_builtin *)self;
    return w_str_from_fmt("<method '%s' of '%s' objects>", b->name,
                          b->owner ? b->owner->name : "?");
}

static w_object *getset_repr(w_object *self)
{
    w_getset *g = (w_getset *)self;
    if (!g->owner)
        return w_str_from_fmt("<attribute '%s'>", g->name);
    return w_str_from_fmt("<attribute '%s' of '%s' objects>", g->name, g->owner->name);
}

static w_object *getset_get_name(w_object *self)
{
    return w_str_from_cstr(((w_getset *)self)->name);
}

static w_object *getset_get_qualname(w_object *self)
{
    w_getset *g = (w_getset *)self;
    if (g->owner)
        return w_str_from_fmt("%s.%s", w_type_qualname(g->owner), g->name);
    return w_str_from_cstr(g->name);
}

static w_object *getset_get_objclass(w_object *self)
{
    w_type *owner = ((w_getset *)self)->owner;
    return owner ? &owner->ob : w_None;
}

/* staticmethod(f): a descriptor giving f itself, from the class or an instance. */
static w_object *staticmethod_construct(w_object *callable, w_object **args, size_t nargs,
                                        w_object *kwnames)
{
    if (w_args_positional("staticmethod", nargs, kwnames, 1, 1) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, 1);
    w_cell *c = (w_cell *)w_alloc(w_staticmethod_type, W_TID_CELL, sizeof(w_cell));
    c->value = args[0];
    GC_RETURN(&c->ob);
}

static w_object *staticmethod_get(w_object *descr, w_object *obj, w_type *owner)
{
    return ((w_cell *)descr)->value;
}

static w_object *staticmethod_call(w_object *callable, w_object **args, size_t nargs,
                                   w_object *kwnames)
{
    return space_call(((w_cell *)callable)->value, args, nargs, kwnames);
}

static w_object *staticmethod_repr(w_object *self)
{
    GC_ENTER();
    w_object *r = space_repr(((w_cell *)self)->value);
    GC_ROOT(r);
    GC_RETURN(r ? w_str_from_fmt("<staticmethod(%s)>", w_str_utf8(r)) : NULL);
}

static w_object *staticmethod_get_func(w_object *self)
{
    return ((w_cell *)self)->value;
}

static int builtin_types_init(void)
{
    w_type *s = w_staticmethod_type;
    s->construct = staticmethod_construct;
    s->descr_get = staticmethod_get;
    s->call = staticmethod_call;
    s->repr = staticmethod_repr;
    s->flags |= W_TF_BASETYPE;
    if (w_type_add_getter(s, "__func__", staticmethod_get_func) < 0)
        return -1;
    w_type *f = w_builtin_type, *m = w_method_type, *g = w_getset_type;
    f->call = w_builtin_call;
    f->repr = builtin_repr;
    f->richcompare = builtin_richcompare;
    f->hash = builtin_hash;
    m->call = w_builtin_call;
    m->repr = method_repr;
    m->descr_get = method_descr_get;
    m->hash = space_hash_identity;
    g->repr = getset_repr;
    g->hash = space_hash_identity;
    if (w_type_add_getter(f, "__name__", builtin_get_name) < 0 ||
        w_type_add_getter(f, "__qualname__", builtin_get_qualname) < 0 ||
        w_type_add_getter(f, "__self__", builtin_get_self) < 0 ||
        w_type_add_getter(f, "__doc__", builtin_get_doc) < 0 ||
        w_type_add_getter(f, "__text_signature__", builtin_get_text_signature) < 0 ||
        w_type_add_getter(f, "__module__", builtin_get_module) < 0 ||
        w_type_add_getter(m, "__doc__", builtin_get_doc) < 0 ||
        w_type_add_getter(m, "__text_signature__", builtin_get_text_signature) < 0 ||
        w_type_add_getter(m, "__name__", builtin_get_name) < 0 ||
        w_type_add_getter(m, "__qualname__", builtin_get_qualname) < 0 ||
        w_type_add_getter(m, "__objclass__", method_get_objclass) < 0 ||
        w_type_add_method(m, "__get__", method_dunder_get) < 0 ||
        w_type_add_getter(g, "__name__", getset_get_name) < 0 ||
        w_type_add_getter(g, "__qualname__", getset_get_qualname) < 0 ||
        w_type_add_getter(g, "__objclass__", getset_get_objclass) < 0)
        return -1;
    return 0;
}

int w_runtime_init(void)
{
    if (builtin_types_init() < 0 || w_module_init() < 0 || w_exceptions_init() < 0 ||
        w_builtins_init() < 0 || w_descrobject_init(w_builtins_module()) < 0 ||
        w_sys_init() < 0 || w_gcmodule_init() < 0 || w_reduce_init() < 0)
        return -1;
    return 0;
}

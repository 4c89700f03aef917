/* module.c — module objects (a name and a dict) and the sys.modules registry. */
#include "objects/objects.h"

/* sys.modules: name -> module. A GC root; the sys module shares this very dict. */
static w_object *modules;

static size_t module_size(const void *o)
{
    return sizeof(w_module);
}

static void module_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_module *m = o;
    if (m->name)
        visit((void **)&m->name, ctx);
    if (m->dict)
        visit((void **)&m->dict, ctx);
}

void w_module_register_tids(void)
{
    static const gc_descr d = {"module", module_size, module_trace};
    gc_register_tid(W_TID_MODULE, &d);
}

/* A module's dict starts with the entries CPython's module.__init__ puts there. */
static int module_fill(w_object *m, w_object *name, w_object *doc)
{
    GC_ENTER();
    w_object *d = NULL;
    GC_ROOT(m);
    GC_ROOT(name);
    GC_ROOT(doc);
    GC_ROOT(d);
    W_STORE((w_module *)m, name, name);
    d = w_dict_new();
    if (!d)
        GC_RETURN(-1);
    W_STORE((w_module *)m, dict, d);
    if (w_dict_set_cstr(d, "__name__", name) < 0 || w_dict_set_cstr(d, "__doc__", doc) < 0 ||
        w_dict_set_cstr(d, "__package__", w_None) < 0 ||
        w_dict_set_cstr(d, "__loader__", w_None) < 0 || w_dict_set_cstr(d, "__spec__", w_None) < 0)
        GC_RETURN(-1);
    GC_RETURN(0);
}

w_object *w_module_new(const char *name)
{
    GC_ENTER();
    w_object *m = NULL, *n = NULL;
    GC_ROOT(m);
    GC_ROOT(n);
    n = w_str_from_cstr(name);
    if (!n)
        GC_RETURN(NULL);
    m = w_alloc(w_module_type, W_TID_MODULE, sizeof(w_module));
    if (module_fill(m, n, w_None) < 0)
        GC_RETURN(NULL);
    GC_RETURN(m);
}

w_object *w_module_dict(w_object *m)
{
    return ((w_module *)m)->dict;
}

int w_module_add(w_object *m, const char *name, w_object *value)
{
    return w_dict_set_cstr(((w_module *)m)->dict, name, value);
}

int w_modules_register(w_object *m)
{
    return w_dict_set(modules, ((w_module *)m)->name, m);
}

w_object *w_modules_lookup(w_object *name)
{
    return w_dict_get(modules, name);
}

w_object *w_modules_dict(void)
{
    return modules;
}

/* The module's name as its dict says (CPython reads __name__ there, not a field). */
static const char *module_dict_name(w_object *m)
{
    w_object *n = w_dict_get_cstr(((w_module *)m)->dict, "__name__");
    if (!n) {
        w_err_clear();
        return NULL;
    }
    return W_STR_CHECK(n) ? w_str_utf8(n) : NULL;
}

static w_object *module_repr(w_object *self)
{
    GC_ENTER();
    w_object *file = NULL, *frepr = NULL;
    GC_ROOT(self);
    GC_ROOT(file);
    GC_ROOT(frepr);
    const char *name = module_dict_name(self);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_printf(&b, "<module '%s'", name ? name : "?");
    file = w_dict_get_cstr(((w_module *)self)->dict, "__file__");
    if (!file && w_err_occurred())
        w_err_clear();
    if (file && W_STR_CHECK(file)) {
        w_strbuf_addc(&b, " from ");
        if (!(frepr = w_str_repr(file))) {
            w_strbuf_free(&b);
            GC_RETURN(NULL);
        }
        w_strbuf_add_str(&b, frepr);
    } else if (((w_module *)self)->builtin) {
        w_strbuf_addc(&b, " (built-in)");
    }
    w_strbuf_addc(&b, ">");
    GC_RETURN(w_strbuf_finish(&b));
}

/* Attributes live in the module dict; the type supplies the rest (__dict__, __class__). */
static w_object *module_getattr(w_object *self, w_object *name)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(name);
    w_object *v = w_dict_get(((w_module *)self)->dict, name);
    if (v || w_err_occurred())
        GC_RETURN(v);
    if (w_type_lookup(W_TYPE(self), name))
        GC_RETURN(space_generic_getattr(self, name));
    const char *mname = module_dict_name(self);
    if (mname)
        GC_RETURN(w_raise_fmt(w_exc_AttributeError, "module '%s' has no attribute '%s'", mname,
                              w_str_utf8(name)));
    GC_RETURN(w_raise_fmt(w_exc_AttributeError, "module has no attribute '%s'", w_str_utf8(name)));
}

static int module_setattr(w_object *self, w_object *name, w_object *value)
{
    w_object *t = w_type_lookup(W_TYPE(self), name);
    if (t && W_TYPE(t) == w_getset_type) {
        w_raise_fmt(w_exc_AttributeError, "readonly attribute");
        return -1;
    }
    w_object *d = ((w_module *)self)->dict;
    if (value)
        return w_dict_set(d, name, value);
    GC_ENTER();
    GC_ROOT(name);
    if (w_dict_del(d, name) < 0) {
        if (w_err_matches(w_exc_KeyError)) {
            w_err_clear();
            w_raise_fmt(w_exc_AttributeError, "'module' object has no attribute '%s'",
                        w_str_utf8(name));
        }
        GC_RETURN(-1);
    }
    GC_RETURN(0);
}

static w_object *module_get_dict(w_object *self)
{
    return ((w_module *)self)->dict;
}

/* types.ModuleType(name, doc=None) */
static w_object *module_construct(w_object *callable, w_object **args, size_t nargs,
                                  w_object *kwnames)
{
    static const char *const names[] = {"name", "doc"};
    static const w_argspec spec = {"module", names, 2, 2, 0, 1};
    w_object *a[2];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (!W_STR_CHECK(a[0]))
        return w_raise_fmt(w_exc_TypeError, "module() argument 'name' must be str, not %s",
                           W_TYPE(a[0])->name);
    GC_ENTER();
    w_object *m = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(m);
    m = w_alloc((w_type *)callable, W_TID_MODULE, sizeof(w_module));
    if (module_fill(m, a[0], a[1] ? a[1] : w_None) < 0)
        GC_RETURN(NULL);
    GC_RETURN(m);
}

int w_module_init(void)
{
    w_type *t = w_module_type;
    t->repr = module_repr;
    t->getattr = module_getattr;
    t->setattr = module_setattr;
    t->construct = module_construct;
    t->hash = space_hash_identity;
    t->flags |= W_TF_BASETYPE;
    modules = NULL;
    gc_add_root((void **)&modules);
    if (!(modules = w_dict_new()))
        return -1;
    return w_type_add_getter(t, "__dict__", module_get_dict);
}

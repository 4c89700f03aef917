/* class_instance.c — instances of classes made at run time: the object layout, instance dicts, __slots__, attribute access. */
#include "objects/class.h"

#define REFS(o) ((w_refs *)(o))

/* ---- instances of classes based on object ------------------------------------------------- */

static size_t instance_size(const void *o)
{
    return sizeof(w_instance);
}

static void instance_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_instance *i = o;
    visit((void **)&i->ob.type, ctx); /* a class: an instance keeps it alive */
    if (i->dict)
        visit((void **)&i->dict, ctx);
}

w_object *(*w_cobj_dict_hook)(w_object *o, bool create);

/* Whether `o`'s attributes live in an instance dict that this file finds (rather than in
   the exception layout's own). */
bool w_class_has_dict(w_object *o)
{
    if (o->gc.tid == W_TID_INSTANCE)
        return true;
    if (o->gc.tid == W_TID_COBJ)
        return w_cobj_dict_hook != NULL;
    return (W_TYPE(o)->flags & W_TF_CLASS) && w_class_builtin_base(w_class_static_base(W_TYPE(o)));
}

/* The instance dict of `o`, made if `create`; NULL without an error if it has none. */
w_object *w_class_instance_dict(w_object *o, bool create)
{
    if (o->gc.tid == W_TID_INSTANCE) {
        w_instance *i = (w_instance *)o;
        if (!i->dict && create) {
            GC_ENTER();
            GC_ROOT(o);
            w_object *d = w_dict_new();
            if (!d)
                GC_RETURN(NULL);
            W_STORE((w_instance *)o, dict, d);
            GC_LEAVE();
        }
        return ((w_instance *)o)->dict;
    }
    if (o->gc.tid == W_TID_COBJ)
        return w_cobj_dict_hook ? w_cobj_dict_hook(o, create) : NULL;
    if (w_class_has_dict(o))
        return w_class_side_dict(o, create);
    return NULL;
}

/* ---- __slots__: member descriptors ----------------------------------------------------------
   A slot's value is kept in the instance dict under its name; a class whose slots leave
   out __dict__ (W_TF_NODICT) reaches that dict only through its member descriptors. */

static w_type *w_member_type;

enum { MEMBER_NAME, MEMBER_OWNER };

static w_object *member_get(w_object *descr, w_object *obj, w_type *owner)
{
    if (!obj)
        return descr;
    w_object *name = REFS(descr)->f[MEMBER_NAME];
    GC_ENTER();
    GC_ROOT(obj);
    GC_ROOT(name);
    w_object *d = w_class_instance_dict(obj, false);
    w_object *v = d ? w_dict_get(d, name) : NULL;
    if (v || w_err_occurred())
        GC_RETURN(v);
    GC_RETURN(w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '%s'",
                          W_TYPE(obj)->name, w_str_utf8(name)));
}

static int member_set(w_object *descr, w_object *obj, w_object *value)
{
    w_object *name = REFS(descr)->f[MEMBER_NAME];
    GC_ENTER();
    GC_ROOT(obj);
    GC_ROOT(name);
    GC_ROOT(value);
    w_object *d = w_class_instance_dict(obj, true);
    if (!d)
        GC_RETURN(-1);
    if (value)
        GC_RETURN(w_dict_set(d, name, value));
    if (w_dict_del(d, name) == 0)
        GC_RETURN(0);
    if (w_err_matches(w_exc_KeyError)) {
        w_err_clear();
        w_raise_fmt(w_exc_AttributeError, "%s", w_str_utf8(name));
    }
    GC_RETURN(-1);
}

static w_object *member_repr(w_object *self)
{
    return w_str_from_fmt("<member '%s' of '%s' objects>", w_str_utf8(REFS(self)->f[MEMBER_NAME]),
                          ((w_type *)REFS(self)->f[MEMBER_OWNER])->name);
}

/* The names in __slots__ (a str or an iterable of str) as a tuple, NULL if there is none;
   checks them as CPython does. */
int w_class_slot_names(w_object *dict, w_object **out)
{
    GC_ENTER();
    w_object *slots = NULL, *names = NULL;
    GC_ROOT(dict);
    GC_ROOT(slots);
    GC_ROOT(names);
    *out = NULL;
    slots = w_dict_get_cstr(dict, "__slots__");
    if (!slots)
        GC_RETURN(w_err_occurred() ? -1 : 0);
    names = W_STR_CHECK(slots) ? w_tuple_pack(1, slots) : w_tuple_from_iterable(slots);
    if (!names)
        GC_RETURN(-1);
    for (int64_t i = 0; i < W_TUPLE_SIZE(names); i++) {
        w_object *n = W_TUPLE_ITEMS(names)[i];
        if (!W_STR_CHECK(n)) {
            w_raise_fmt(w_exc_TypeError, "__slots__ items must be strings, not '%s'",
                        W_TYPE(n)->name);
            GC_RETURN(-1);
        }
        if (w_str_eq_cstr(n, "__dict__") || w_str_eq_cstr(n, "__weakref__"))
            continue;
        if (w_dict_get(dict, n)) {
            w_raise_fmt(w_exc_ValueError, "'%s' in __slots__ conflicts with class variable",
                        w_str_utf8(n));
            GC_RETURN(-1);
        }
        if (w_err_occurred())
            GC_RETURN(-1);
    }
    *out = names;
    GC_RETURN(0);
}

/* Adds a member descriptor per slot; *nodict: the slots leave out __dict__. */
static int add_slot_members(w_type *t, w_object *names, bool *nodict)
{
    GC_ENTER();
    w_object *f[2] = {NULL, &t->ob};
    GC_ROOT(names);
    GC_ROOT_ARRAY(f, 2);
    *nodict = true;
    for (int64_t i = 0; i < W_TUPLE_SIZE(names); i++) {
        w_object *n = W_TUPLE_ITEMS(names)[i];
        if (w_str_eq_cstr(n, "__dict__"))
            *nodict = false;
        if (w_str_eq_cstr(n, "__dict__") || w_str_eq_cstr(n, "__weakref__"))
            continue;
        w_refs *m = (w_refs *)w_alloc(w_member_type, W_TID_REFS, sizeof(w_refs));
        memset(m->f, 0, sizeof m->f);
        m->f[MEMBER_NAME] = W_TUPLE_ITEMS(names)[i];
        m->f[MEMBER_OWNER] = &t->ob;
        f[0] = &m->ob;
        if (w_dict_set(t->dict, W_TUPLE_ITEMS(names)[i], f[0]) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(0);
}

static w_object *instance_get_dict(w_object *self)
{
    if (W_TYPE(self)->flags & W_TF_NODICT)
        return w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '__dict__'",
                           W_TYPE(self)->name);
    w_object *d = w_class_instance_dict(self, true);
    if (!d && !w_err_occurred())
        return w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '__dict__'",
                           W_TYPE(self)->name);
    return d;
}

/* Attributes: a class's __getattr__ after the normal lookup fails with AttributeError;
   the normal lookup is the static base's (exceptions keep their own dict), or CPython's
   generic one with the instance dict. */
w_object *w_class_base_getattr(w_object *self, w_object *name)
{
    w_type *sb = w_class_static_base(W_TYPE(self));
    if (W_TYPE(self)->flags & W_TF_NODICT)
        return space_generic_getattr_dict(self, name, NULL);
    if (w_class_has_dict(self)) {
        w_object *d = w_class_instance_dict(self, false);
        if (!d && w_err_occurred())
            return NULL;
        return space_generic_getattr_dict(self, name, d);
    }
    return sb->getattr ? sb->getattr(self, name) : space_generic_getattr(self, name);
}

/* object.__setattr__'s part: data descriptors, then the instance dict (or the static
   base's own assignment). */
int w_class_base_setattr(w_object *self, w_object *name, w_object *value)
{
    w_type *t = W_TYPE(self);
    w_object *v = w_type_lookup(t, name);
    if (v && W_TYPE(v)->descr_set)
        return W_TYPE(v)->descr_set(v, self, value);
    if (t->flags & W_TF_NODICT)
        return space_generic_setattr_dict(self, name, value, NULL);
    if (w_class_has_dict(self)) {
        GC_ENTER();
        GC_ROOT(self);
        GC_ROOT(name);
        GC_ROOT(value);
        w_object *d = w_class_instance_dict(self, value != NULL);
        if (!d && w_err_occurred())
            GC_RETURN(-1);
        GC_RETURN(space_generic_setattr_dict(self, name, value, d));
    }
    w_type *sb = w_class_static_base(t);
    return sb->setattr ? sb->setattr(self, name, value)
                       : space_generic_setattr_dict(self, name, value, NULL);
}


/* ---- the class's attributes for its instances, and start-up ---------------------------------- */

int w_class_add_members(w_type *t, w_object *slots)
{
    w_type *sb = w_class_static_base(t);
    bool own_layout = sb == w_object_type || w_class_builtin_base(sb);
    if (slots) {
        bool nodict;
        if (add_slot_members(t, slots, &nodict) < 0)
            return -1;
        /* no __dict__ when no base gives one: each is object, a builtin or a slotted class */
        w_object *bases = t->bases; /* nothing below allocates */
        for (int64_t i = 0; nodict && i < W_TUPLE_SIZE(bases); i++) {
            w_type *b = (w_type *)W_TUPLE_ITEMS(bases)[i];
            if ((b->flags & W_TF_CLASS) && !(b->flags & W_TF_NODICT))
                nodict = false;
        }
        if (nodict && own_layout)
            t->flags |= W_TF_NODICT;
    }
    /* instances of object-based classes get a __dict__ attribute, as CPython's do */
    if (own_layout && !(t->flags & W_TF_NODICT) && !w_type_lookup_cstr(t->base, "__dict__")) {
        w_object *g = w_getset_new(t, "__dict__", instance_get_dict);
        if (!g || w_dict_set_cstr(t->dict, "__dict__", g) < 0)
            return -1;
    }
    return 0;
}

void w_class_instance_register_tid(void)
{
    static const gc_descr inst = {"instance", instance_size, instance_trace};
    gc_register_tid(W_TID_INSTANCE, &inst);
}

int w_class_instance_init(void)
{
    w_member_type = w_type_new_static("member_descriptor", w_object_type, W_TID_REFS);
    w_member_type->descr_get = member_get;
    w_member_type->descr_set = member_set;
    w_member_type->repr = member_repr;
    return 0;
}

/* class_builtin.c — classes based on builtin types (int, str, tuple, list, dict ...): their instances, attribute dicts, and the bases' __new__ and __init__. */
#include <stdlib.h>

#include "objects/class.h"

/*
 * An instance of a class based on a builtin type has that type's layout (its tid), so
 * every builtin operation works on it unchanged; only its `type` is the class. The layout
 * has no room for an attribute dict, so instances are made in the old space, where they
 * never move, and their dicts live in a side table keyed by address: the table's dicts
 * are roots (a cycle through an instance's own dict is not collected), and a major
 * collection drops the entries of dead instances.
 */
static struct side_entry {
    w_object *key; /* old: never moves */
    w_object *dict;
} *side;
static size_t side_mask, side_used; /* capacity - 1 (0 when empty), live entries */

static size_t slot_of(w_object *key)
{
    return (size_t)(((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull) & side_mask;
}

static struct side_entry *side_find(w_object *key)
{
    if (!side)
        return NULL;
    for (size_t i = slot_of(key);; i = (i + 1) & side_mask) {
        if (side[i].key == key)
            return &side[i];
        if (!side[i].key)
            return NULL;
    }
}

static int side_put(w_object *key, w_object *dict);

static int side_grow(void)
{
    struct side_entry *old = side;
    size_t n = side ? side_mask + 1 : 0;
    size_t cap = n ? n * 2 : 64;
    if (!(side = calloc(cap, sizeof *side))) {
        side = old;
        w_raise_fmt(w_exc_MemoryError, "out of memory");
        return -1;
    }
    side_mask = cap - 1;
    side_used = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].key)
            side_put(old[i].key, old[i].dict);
    free(old);
    return 0;
}

static int side_put(w_object *key, w_object *dict)
{
    if ((side_used + 1) * 4 > (side ? side_mask + 1 : 0) * 3 && side_grow() < 0)
        return -1;
    size_t i = slot_of(key);
    while (side[i].key)
        i = (i + 1) & side_mask;
    side[i].key = key;
    side[i].dict = dict;
    side_used++;
    return 0;
}

static void visit_side(gc_visit_fn visit, void *vctx, void *ud)
{
    for (size_t i = 0; side && i <= side_mask; i++)
        if (side[i].key)
            visit((void **)&side[i].dict, vctx);
}

/* After a major collection: rebuild without the entries of dead instances. */
static void sweep_side(int major, void *ud)
{
    if (!major || !side)
        return;
    struct side_entry *old = side;
    size_t n = side_mask + 1;
    side = NULL;
    side_mask = side_used = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].key && gc_survivor(old[i].key) && side_put(old[i].key, old[i].dict) < 0)
            abort(); /* cannot fail: the new table needs no more room than the old one */
    free(old);
}

w_object *w_class_side_dict(w_object *o, bool create)
{
    struct side_entry *e = side_find(o);
    if (e || !create)
        return e ? e->dict : NULL;
    GC_ENTER();
    GC_ROOT(o);
    w_object *d = w_dict_new();
    if (!d || side_put(o, d) < 0)
        GC_RETURN(NULL);
    GC_RETURN(d);
}

/* ---- instances ---------------------------------------------------------------------------- */

static w_type **const mutable_bases[] = {&w_list_type, &w_dict_type, &w_set_type,
                                         &w_bytearray_type};
static w_type **const immutable_bases[] = {&w_int_type,   &w_float_type, &w_str_type,
                                           &w_bytes_type, &w_tuple_type, &w_frozenset_type};

static bool among(w_type *t, w_type **const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (*list[i] == t)
            return true;
    return false;
}

#define AMONG(t, list) among((t), (list), sizeof(list) / sizeof(list)[0])

bool w_class_builtin_base(w_type *sb)
{
    return AMONG(sb, mutable_bases) || AMONG(sb, immutable_bases);
}

/* A copy of `w` in the old space, of type `cls`. */
static w_object *retyped_old(w_object *w, w_type *cls)
{
    GC_ENTER();
    GC_ROOT(w);
    size_t size = gc_size_of(w);
    w_object *c = gc_alloc_old(size, w->gc.tid);
    memcpy((char *)c + sizeof(gc_hdr), (char *)w + sizeof(gc_hdr), size - sizeof(gc_hdr));
    c->type = cls;
    gc_write_barrier(c); /* it may reference young objects */
    GC_RETURN(c);
}

/* B.__new__(cls, *args) for a builtin B: an immutable value is made from the arguments,
   a container empty (its __init__ fills it, as CPython's). */
w_object *w_class_builtin_new(w_type *base, w_type *cls, w_object **args, size_t nargs,
                              w_object *kwnames)
{
    bool mut = AMONG(base, mutable_bases);
    w_object *v = mut ? base->construct(&base->ob, NULL, 0, NULL)
                      : base->construct(&base->ob, args, nargs, kwnames);
    if (!v || cls == base)
        return v;
    return retyped_old(v, cls);
}

static w_object *builtin_dunder_new(w_object *callable, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    w_type *base = (w_type *)W_SELF(callable);
    if (nargs < 1)
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(): not enough arguments", base->name);
    if (W_TYPE(args[0]) != w_type_type)
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                           base->name, W_TYPE(args[0])->name);
    w_type *cls = (w_type *)args[0];
    if (!w_type_is_subtype(cls, base))
        return w_raise_fmt(w_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                           base->name, cls->name, cls->name, base->name);
    return w_class_builtin_new(base, cls, args + 1, nargs - 1, kwnames);
}

/* list.__init__, dict.__init__, set.__init__, bytearray.__init__: empty the container,
   then fill it as the constructor would. */
static w_object *refill(w_object *self, const char *fill, w_object **args, size_t nargs,
                        w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(kwnames);
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ROOT_ARRAY(args, nargs + nkw);
    if (!space_call_method(self, "clear", NULL, 0))
        GC_RETURN(NULL);
    if (!nargs && !nkw)
        GC_RETURN(w_None);
    w_object *m = space_getattr_cstr(self, fill);
    GC_RETURN(m && space_call(m, args, nargs, kwnames) ? w_None : NULL);
}

static w_object *list_init(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("list", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return refill(self, "extend", args, nargs, NULL);
}

static w_object *set_init(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("set", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return refill(self, "update", args, nargs, NULL);
}

static w_object *dict_init(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (nargs > 1)
        return w_raise_fmt(w_exc_TypeError, "dict expected at most 1 argument, got %zu", nargs);
    return refill(self, "update", args, nargs, kwnames);
}

static w_object *bytearray_init(w_object *self, w_object **args, size_t nargs,
                                w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    w_object *v = w_bytearray_type->construct(&w_bytearray_type->ob, args, nargs, kwnames);
    GC_ROOT(v);
    GC_RETURN(v ? refill(self, "extend", &v, 1, NULL) : NULL);
}

/* ---- start-up ----------------------------------------------------------------------------- */

void w_class_builtin_reset(void)
{
    free(side);
    side = NULL;
    side_mask = side_used = 0;
    gc_add_root_hook(visit_side, NULL);
    gc_add_weak_hook(sweep_side, NULL);
}

static int add_new(w_type *t)
{
    w_object *b = w_builtin_new("__new__", builtin_dunder_new, &t->ob, NULL);
    if (!b)
        return -1;
    ((w_builtin *)b)->flags = W_BF_STATIC; /* `self` names the type; it is not passed */
    return w_type_add_attr(t, "__new__", b);
}

int w_class_builtin_init(void)
{
    for (size_t i = 0; i < sizeof mutable_bases / sizeof mutable_bases[0]; i++)
        if (add_new(*mutable_bases[i]) < 0)
            return -1;
    for (size_t i = 0; i < sizeof immutable_bases / sizeof immutable_bases[0]; i++)
        if (add_new(*immutable_bases[i]) < 0)
            return -1;
    if (w_type_add_method(w_list_type, "__init__", list_init) < 0 ||
        w_type_add_method(w_dict_type, "__init__", dict_init) < 0 ||
        w_type_add_method(w_set_type, "__init__", set_init) < 0 ||
        w_type_add_method(w_bytearray_type, "__init__", bytearray_init) < 0)
        return -1;
    return 0;
}

/* class.h — what the files of classes made at run time share (class.c, class_slots.c, class_instance.c, class_builtin.c). */
#ifndef FERRY_OBJECTS_CLASS_H
#define FERRY_OBJECTS_CLASS_H

#include "objects/kernel.h"

/*
 * A class is a w_type (W_TF_CLASS) with room for what a builtin type keeps in static
 * storage: its number slots and its name. Classes are allocated old and never move. One
 * whose instances have the object or exception layout is collected like any object: those
 * instances trace their type. One based on another builtin or on an extension type lives
 * as long as the runtime (the layouts of its instances do not trace their type), and so
 * does one C has seen (its PyTypeObject, capi/types.c, is never freed).
 * Its `base` is CPython's best base; w_class_static_base is the nearest builtin or
 * extension type in that chain, which gives the instance layout and the slots the class's
 * dunders do not replace.
 */
typedef struct w_class {
    w_type t;
    w_number_slots number;
    w_object *qualname; /* str */
    uint32_t namelen;
    char name[];        /* t.name points here */
} w_class;

#define W_CLASS(t) ((w_class *)(t))

static inline w_type *w_class_static_base(w_type *t)
{
    while (t->flags & W_TF_CLASS)
        t = t->base;
    return t;
}

/* An instance of a class based on object (W_TID_INSTANCE). */
typedef struct w_instance {
    w_object ob;
    w_object *dict; /* NULL until the first attribute */
} w_instance;

/* class_instance.c: instances of object-based classes (W_TID_INSTANCE), instance dicts,
   __slots__, and attribute access without the class's own hooks (object.__getattribute__,
   object.__setattr__). */
void w_class_instance_register_tid(void);
int w_class_instance_init(void);
/* Whether o's attributes are in an instance dict found here (exceptions keep theirs). */
bool w_class_has_dict(w_object *o);
/* The instance dict, made if `create`; NULL without an error if there is none. */
w_object *w_class_instance_dict(w_object *o, bool create);
/* Adds a member descriptor per name of __slots__ (NULL: none) to `t`, sets W_TF_NODICT
   when no base gives a __dict__, and the __dict__ attribute otherwise. */
int w_class_add_members(w_type *t, w_object *slots);
/* Checks __slots__ in a class dict: *out is the names as a tuple, NULL if absent. */
int w_class_slot_names(w_object *dict, w_object **out);
w_object *w_class_base_getattr(w_object *self, w_object *name);
int w_class_base_setattr(w_object *self, w_object *name, w_object *value);

/* class_slots.c: the slots a class's dunders drive (CPython's slot_* functions). */
/* `name` along t's MRO when the first type that has it is a class; NULL otherwise. Never
   allocates (the names are interned at start-up by w_class_slots_init). */
w_object *w_class_user_method(w_type *t, const char *name);
/* Calls the dunder `m` found on self's type with self bound (CPython's call_method). */
w_object *w_class_call_dunder(w_object *self, w_object *m, w_object **args, size_t nargs);
/* Fills t's slots from its dunders and its static base (fixup_slot_dispatchers). */
void w_class_install_slots(w_type *t);
int w_class_slots_init(void);

/* class_builtin.c: classes based on builtin types (int, str, list, dict ...) */
bool w_class_builtin_base(w_type *sb); /* a builtin base whose instances it can make */
/* base.__new__(cls, *args): an instance of `cls` (old, so that it can have a dict). */
w_object *w_class_builtin_new(w_type *base, w_type *cls, w_object **args, size_t nargs,
                              w_object *kwnames);
w_object *w_class_side_dict(w_object *o, bool create);
void w_class_builtin_reset(void);
int w_class_builtin_init(void); /* the bases' __new__, the containers' __init__ */

#endif

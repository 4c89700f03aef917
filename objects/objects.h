/* objects.h — the runtime's objects ("W objects"): layout, types, errors, the object space. */
#ifndef FERRY_OBJECTS_H
#define FERRY_OBJECTS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gc/gc.h"

typedef struct w_type w_type;

/*
 * Every W object starts with the collector's header and its Python type. The `tid` in
 * the header is the object's *layout* (what the collector traces); `type` is what Python
 * sees (bool and int share the int layout, every exception type shares W_TID_EXC).
 * Builtin type objects live in the old space and never move, so `type` needs no updating.
 */
typedef struct w_object {
    gc_hdr gc;
    w_type *type;
} w_object;

#define W_TYPE(o) (((w_object *)(o))->type)

/* Header flag bits of the object layer (gc.h leaves bits 8 and up to it). */
enum {
    W_F_HAS_PROXY = GC_F_USER0, /* old object with a C-API proxy, filed under gc.aux */
    W_F_TYPE_DICT = GC_F_USER0 << 1, /* a type's dict: changing it starts a new type-cache epoch */
    W_F_LIST_VIEW = GC_F_USER0 << 2, /* a list whose changes go to w_list_change_hook */
};

/* Layouts. Each family's file registers the gc descriptor of its own tids at start-up. */
enum w_tid {
    W_TID_TYPE = 1,
    W_TID_PLAIN,     /* a header and nothing else: None, NotImplemented, Ellipsis, object() */
    W_TID_INT,       /* struct w_int: machine-size value */
    W_TID_BIGINT,    /* struct w_bigint: GMP limbs */
    W_TID_FLOAT,
    W_TID_STR,
    W_TID_BYTES,
    W_TID_BYTEARRAY,
    W_TID_TUPLE,
    W_TID_LIST,
    W_TID_DICT,
    W_TID_SET,
    W_TID_RANGE,
    W_TID_SLICE,
    W_TID_BUILTIN,   /* builtin function, method descriptor or bound builtin method */
    W_TID_GETSET,    /* attribute computed by a C getter (int.real, slice.start ...) */
    W_TID_MODULE,
    W_TID_EXC,       /* exception instances */
    W_TID_ITER,      /* struct w_iter: the iterators of builtin containers */
    W_TID_DICTVIEW,  /* keys(), values(), items() */
    W_TID_OBJARRAY,  /* struct w_objarray: storage, never visible to Python */
    W_TID_RAWARRAY,  /* struct w_rawarray: untraced bytes, never visible to Python */
    W_TID_CELL,      /* struct w_cell: one traced slot (host data holders) */
    W_TID_RT_ITER,   /* iterators made by builtins: enumerate, zip, map, filter, reversed */
    W_TID_COBJ,      /* an object whose data lives in its C proxy (capsules; capi/) */
    W_TID_INSTANCE,  /* struct w_instance: instances of classes made by type() on object */
    W_TID_REFS,      /* struct w_refs: a few traced references (property, super, bound methods) */
    W_TID_LAST
};

/* Storage objects that back the containers. */
typedef struct w_objarray {
    w_object ob;
    int64_t length;
    w_object *items[];
} w_objarray;

typedef struct w_rawarray {
    w_object ob;
    int64_t nbytes;
    _Alignas(8) char data[];
} w_rawarray;

typedef struct w_cell {
    w_object ob;
    w_object *value;
} w_cell;

/* Allocation. `size` includes the header. May collect (see gc.h). Inline: it is the
   nursery fast path plus one store. */
static inline w_object *w_alloc(w_type *type, uint32_t tid, size_t size)
{
    w_object *o = gc_alloc(size, tid);
    o->type = type;
    return o;
}
/* Allocates outside the nursery: the object and the bytes in it never move. */
w_object *w_alloc_old(w_type *type, uint32_t tid, size_t size);
w_objarray *w_objarray_new(int64_t length);
/* A new object with `w`'s layout and contents but type `type` (a subtype of w's): for
   immutable objects, which may share what they reference. */
w_object *w_copy_as(w_object *w, w_type *type);
w_rawarray *w_rawarray_new(int64_t nbytes);

/*
 * Store `v` into a reference field of `owner`. Every store into an object that might be
 * old goes through here (or is followed by gc_write_barrier(owner)).
 */
#define W_STORE(owner, field, v)                                                          \
    do {                                                                                  \
        (owner)->field = (v);                                                             \
        gc_write_barrier(owner);                                                          \
    } while (0)

/* ---- types ---------------------------------------------------------------------------- */

enum w_binop {
    W_OP_ADD, W_OP_SUB, W_OP_MUL, W_OP_MATMUL, W_OP_TRUEDIV, W_OP_FLOORDIV, W_OP_MOD,
    W_OP_DIVMOD, W_OP_POW, W_OP_LSHIFT, W_OP_RSHIFT, W_OP_AND, W_OP_OR, W_OP_XOR,
    W_NBINOPS
};
enum w_unop { W_OP_NEG, W_OP_POS, W_OP_INVERT, W_OP_ABS, W_NUNOPS };
enum w_cmpop { W_LT, W_LE, W_EQ, W_NE, W_GT, W_GE }; /* CPython's Py_LT ... order */

typedef w_object *(*w_binfn)(w_object *a, w_object *b);
typedef w_object *(*w_unfn)(w_object *a);

/*
 * Number slots. A binary slot is called with the operands in source order whichever
 * operand's type it belongs to, and returns w_NotImplemented for types it does not
 * handle (CPython's nb_* protocol). pow's third argument is not supported here.
 */
typedef struct w_number_slots {
    w_binfn binop[W_NBINOPS];
    w_unfn unop[W_NUNOPS];
    w_unfn to_int;    /* int(x) */
    w_unfn to_float;  /* float(x) */
    w_unfn index;     /* operator.index(x): exact int or error */
    /* pow(a, b, c) with a modulus, for types other than int (extension types): called with
       the operands in order whichever one's type it belongs to; NotImplemented declines */
    w_object *(*pow3)(w_object *a, w_object *b, w_object *c);
} w_number_slots;

/* The builtin calling convention, vectorcall-like: `args` holds the positional arguments
   then the values of the keyword arguments named by `kwnames` (a tuple of str, or NULL).
   The array is writable so that the callee can root it with GC_ROOT_ARRAY. */
typedef w_object *(*w_callfn)(w_object *callable, w_object **args, size_t nargs,
                              w_object *kwnames);

/*
 * A type object. Slots left NULL are inherited from `base` when the type is readied
 * (w_type_ready); a NULL slot after that means "not supported" and the space raises the
 * CPython error for it.
 */
struct w_type {
    w_object ob;
    const char *name;       /* static storage for builtin types */
    w_type *base;           /* NULL only for `object` */
    w_object *dict;         /* a dict: methods, getsets, constants */
    uint32_t flags;         /* W_TF_* */
    uint32_t inst_tid;      /* layout of instances */

    w_object *(*repr)(w_object *self);
    w_object *(*str)(w_object *self);
    int (*hash)(w_object *self, int64_t *out); /* 0 or -1 with an error set */
    w_object *(*richcompare)(w_object *a, w_object *b, int op);
    int (*truth)(w_object *self);               /* 1, 0, -1 */
    int64_t (*len)(w_object *self);             /* -1 with an error set */
    w_object *(*getitem)(w_object *self, w_object *key);
    int (*setitem)(w_object *self, w_object *key, w_object *value); /* value NULL: delete */
    int (*contains)(w_object *self, w_object *item);
    w_object *(*concat)(w_object *a, w_object *b);        /* sequence +, after number slots */
    w_object *(*repeat)(w_object *self, int64_t count);   /* sequence * int */
    w_object *(*iter)(w_object *self);
    w_object *(*next)(w_object *self);          /* NULL without an error: exhausted */
    w_object *(*getattr)(w_object *self, w_object *name); /* NULL slot: generic lookup */
    int (*setattr)(w_object *self, w_object *name, w_object *value);
    w_callfn call;
    /* type(...) with this type: construct an instance. `callable` is the type itself. */
    w_callfn construct;
    /* Descriptors (CPython's tp_descr_get/tp_descr_set), for objects found in a type's
       dict: get with `obj` NULL is access through the class `owner`; set with `value`
       NULL deletes. A type with descr_set makes its instances data descriptors, which
       take precedence over an instance dict. */
    w_object *(*descr_get)(w_object *descr, w_object *obj, w_type *owner);
    int (*descr_set)(w_object *descr, w_object *obj, w_object *value);
    const w_number_slots *number;
    /* A bytes copy of what the object exposes through C's buffer protocol (extension
       types' bf_getbuffer), for bytes(), bytearray() and join; NULL: no buffer. */
    w_object *(*buffer)(w_object *self);
    void *c_proxy;          /* its PyTypeObject once C has seen it (capi/types.c) */
    /* Classes made by type(name, bases, dict) (W_TF_CLASS, class.c) only; NULL for the
       others, whose MRO is the `base` chain: the bases tuple, and the MRO by C3 (a tuple
       starting with the class itself). `base` is then CPython's best base. */
    w_object *bases;
    w_object *mro;
};

enum {
    W_TF_BASETYPE = 1u << 0,  /* may be subclassed */
    W_TF_EXCEPTION = 1u << 1, /* BaseException or a subclass */
    W_TF_READY = 1u << 2,
    W_TF_EXTENSION = 1u << 3, /* made by a C extension: its slots call C (capi/) */
    W_TF_HEAPTYPE = 1u << 4,  /* CPython's heap type: __module__ only from its dict */
    W_TF_MUTABLE = 1u << 5,   /* its attributes may be set and deleted */
    W_TF_CSTATE = 1u << 6,    /* an extension type whose instances keep state in C fields */
    W_TF_VARSIZED = 1u << 7,  /* an extension type with a tp_itemsize */
    W_TF_CLASS = 1u << 8,     /* made by type(name, bases, dict): a struct w_class (class.c) */
    W_TF_NODICT = 1u << 9,    /* a class whose __slots__ leave its instances without __dict__ */
};

/* Allocates an old-space type object, not yet readied. */
w_type *w_type_new_static(const char *name, w_type *base, uint32_t inst_tid);
/* Inherits NULL slots from the base, creates the dict. Returns 0 or -1. */
int w_type_ready(w_type *t);
int w_type_is_subtype(const w_type *t, const w_type *base);
/* Keeps `t` alive for the runtime's lifetime (the registry of w_type_new_static). */
void w_type_register(w_type *t);
/* The MRO as a tuple (a class's own, or built from the base chain). */
w_object *w_type_mro(w_type *t);
/* __qualname__: `name` without the module a C extension's static type carries in it. */
const char *w_type_qualname(const w_type *t);
/* Looks `name` up in the type's dict and its bases' (no descriptor binding); NULL if absent.
   Answers from a cache when it can (type.c). */
w_object *w_type_lookup(w_type *t, w_object *name);
/* w_type_lookup's answer when the cache has it, else NULL (a miss or an absent name): it
   runs no code and allocates nothing, so callers need not root anything around it. */
w_object *w_type_lookup_cached(w_type *t, w_object *name);
/* The type cache's epoch: bumped by any change to a type's dict (W_F_TYPE_DICT) and by
   every collection, which invalidates every entry. */
extern uint64_t w_type_cache_epoch;
w_object *w_type_lookup_cstr(w_type *t, const char *name);
/* Adds a builtin method (a descriptor bound on attribute access) or another attribute. */
int w_type_add_method(w_type *t, const char *name, w_callfn fn);
int w_type_add_classmethod(w_type *t, const char *name, w_callfn fn);
int w_type_add_getter(w_type *t, const char *name, w_object *(*get)(w_object *self));
int w_type_add_attr(w_type *t, const char *name, w_object *value);

#define W_TYPE_CHECK(o, t) (W_TYPE(o) == (t) || w_type_is_subtype(W_TYPE(o), (t)))

/* Builtin types, created by w_objects_init. Each is a GC root. */
extern w_type *w_object_type, *w_type_type, *w_none_type, *w_notimpl_type, *w_ellipsis_type;
extern w_type *w_int_type, *w_bool_type, *w_float_type;
extern w_type *w_str_type, *w_bytes_type, *w_bytearray_type;
extern w_type *w_tuple_type, *w_list_type, *w_dict_type, *w_set_type, *w_frozenset_type;
extern w_type *w_range_type, *w_slice_type;
extern w_type *w_builtin_type, *w_method_type, *w_getset_type, *w_module_type;
extern w_type *w_classmethod_descr_type, *w_staticmethod_type;

/* Singletons (old space, never freed). */
extern w_object *w_None, *w_NotImplemented, *w_Ellipsis, *w_True, *w_False;
#define W_BOOL(b) ((b) ? w_True : w_False)

/* ---- errors --------------------------------------------------------------------------- */

/*
 * The current exception: one per runtime (threads come with the GIL, later). Functions
 * that fail return NULL or -1 with it set. w_raise* return NULL so that a caller can
 * write `return w_raise(...)`.
 */
void *w_raise(w_type *exc_type, w_object *value);          /* value: NULL, a str, or an args tuple */
void *w_raise_fmt(w_type *exc_type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *w_raise_instance(w_object *exc);                     /* an exception instance */
extern w_object *w_curexc; /* errors.c's; read through w_err_occurred only */
static inline bool w_err_occurred(void)
{
    return w_curexc != NULL;
}
bool w_err_matches(w_type *exc_type);  /* current exception is an instance of exc_type */
w_object *w_err_fetch(void);           /* takes the exception instance; NULL if none */
void w_err_clear(void);
/* Peeks without taking. */
w_object *w_err_current(void);
/* Sets the function w_raise calls with each exception it creates, before raising it
   (the C-API's implicit chaining: capi/errors.c). */
void w_err_set_raise_hook(void (*fn)(w_object *exc));

/* ---- the object space: one function per operation ------------------------------------- */

w_object *space_binop(enum w_binop op, w_object *a, w_object *b);
w_object *space_unop(enum w_unop op, w_object *a);
/* `a op= b`: a's __iop__ method if its type has one; list +=, bytearray += and *=, set |= &=
   -= ^= and dict |= update `a` and return it; otherwise the binary operator. Errors name
   the in-place operator ("unsupported operand type(s) for +=: ..."). */
w_object *space_inplace(enum w_binop op, w_object *a, w_object *b);
w_object *space_richcompare(w_object *a, w_object *b, int op);
int space_compare_bool(w_object *a, w_object *b, int op); /* 1, 0, -1 */
int space_eq(w_object *a, w_object *b);                   /* identity first, then ==; -1 */
int space_truth(w_object *o);
int space_hash(w_object *o, int64_t *out);
w_object *space_repr(w_object *o);
w_object *space_str(w_object *o);
int64_t space_len(w_object *o);
w_object *space_getitem(w_object *o, w_object *key);
int space_setitem(w_object *o, w_object *key, w_object *value);
int space_delitem(w_object *o, w_object *key);
int space_contains(w_object *container, w_object *item);
w_object *space_iter(w_object *o);
w_object *space_next(w_object *it);       /* NULL without an error: exhausted */
w_object *space_getattr(w_object *o, w_object *name);
w_object *space_getattr_cstr(w_object *o, const char *name);
int space_setattr(w_object *o, w_object *name, w_object *value); /* value NULL: delete */
int space_hasattr(w_object *o, w_object *name);
w_object *space_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames);
/* Calls with a tuple of positional arguments and an optional dict of keyword arguments. */
w_object *space_call_tuple(w_object *callable, w_object *args, w_object *kwargs);
w_object *space_call_method(w_object *self, const char *name, w_object **args, size_t nargs);
/* The same with the name as a str (interned, for the type cache to answer). */
w_object *space_call_method_str(w_object *self, w_object *name, w_object **args, size_t nargs);
/* The same with the receiver as args[0], counted in nargs (CPython's
   PyObject_VectorcallMethod): callers that build the array anyway save a copy. */
w_object *space_vectorcall_method(w_object *name, w_object **args, size_t nargs);
int space_isinstance(w_object *o, w_object *cls_or_tuple);
w_object *space_index(w_object *o);      /* exact int via __index__, or TypeError */
w_object *space_id(w_object *o);         /* stable while `o` lives: promotes a young object */
/* Generic attribute lookup through the type (and the instance dict, if any). */
w_object *space_generic_getattr(w_object *o, w_object *name);
/* CPython's generic lookup and assignment with an instance dict `dict` (NULL: none):
   data descriptors of the type, then the dict, then other class attributes (descriptors
   bound to `o`). Setting stores into the dict unless a data descriptor takes it. */
w_object *space_generic_getattr_dict(w_object *o, w_object *name, w_object *dict);
int space_generic_setattr_dict(w_object *o, w_object *name, w_object *value, w_object *dict);
/* Guards repr() of containers against cycles (`[[...]]`): enter returns 1 if `o` is
   already being represented further up (print the ellipsis form), 0 otherwise, -1 on
   error; every 0 return must be paired with space_repr_leave(o). */
int space_repr_enter(w_object *o);
void space_repr_leave(w_object *o);
/* Shared slot implementations: identity hash, and the "unhashable type" error. */
int space_hash_identity(w_object *o, int64_t *out);
int space_hash_unhashable(w_object *o, int64_t *out);

/* Builds the builtin types, singletons and modules. Called once, after gc_init. */
int w_objects_init(void);

#include "objects/numbers.h"
#include "objects/text.h"
#include "objects/containers.h"
#include "objects/runtime.h"

#endif

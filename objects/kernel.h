/* kernel.h — what the kernel files of objects/ (object, type, errors, space, init) share. */
#ifndef FERRY_OBJECTS_KERNEL_H
#define FERRY_OBJECTS_KERNEL_H

#include "objects/objects.h"

void w_object_register_tids(void);
void w_type_register_tids(void);
/* type.c: the registry of every type made by w_type_new_static, in creation order. */
void w_types_reset(void);
void w_types_ready_all(void);
void w_type_init_slots(void);
/* class.c: classes made by type(name, bases, dict) (W_TF_CLASS) */
w_object *w_class_new(w_object **args, w_object *kwnames); /* args: name, bases, dict */
size_t w_class_size(const w_type *t);
void w_class_trace(w_type *t, gc_visit_fn visit, void *ctx);
w_object *w_class_qualname(w_type *t);
/* After `name` was set or deleted in the class's dict: its slots and its subclasses'. */
void w_class_changed(w_type *t, w_object *name);
/* type.c: C[item] on a type, through its __class_getitem__ (CPython's PyObject_GetItem
   on a type, which has no mapping slot of its own) */
w_object *w_type_class_getitem(w_object *self, w_object *key);
/* errors.c */
void w_errors_init(void);
/* space.c */
void w_space_init(void);

#endif

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
/* errors.c */
void w_errors_init(void);
/* space.c */
void w_space_init(void);

#endif

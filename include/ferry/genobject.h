/* genobject.h — generators and coroutines written in Python, of which Ferry has none. */
#ifndef FERRY_GENOBJECT_H
#define FERRY_GENOBJECT_H

/* Ferry's runtime runs no bytecode, so no object is a Python generator, coroutine or
   async generator (an extension's own generator types, as Cython's, are its C types). */
typedef struct _PyGenObject PyGenObject;
#define PyGen_Check(op) ((void)(op), 0)
#define PyGen_CheckExact(op) ((void)(op), 0)
#define PyCoro_CheckExact(op) ((void)(op), 0)
#define PyAsyncGen_CheckExact(op) ((void)(op), 0)

#endif

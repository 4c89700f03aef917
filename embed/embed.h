/* embed.h — what the embedding API's files share; only embed/ includes it. */
#ifndef FERRY_EMBED_H
#define FERRY_EMBED_H

#include "ferry.h"
#include "capi/capi.h"
#include "ffi/ffi.h"
#include "objects/objects.h"

/*
 * A ferry_handle is the address of a collector slot (gc_handle_new / gc_handle_persist)
 * that holds the object: the collector rewrites the slot when the object moves, so the
 * host's handle stays valid. Dereference it for the object's current address, and only
 * after the last allocation before the object is used.
 */
static inline w_object *embed_obj(ferry_handle h)
{
    return *(w_object **)h;
}

/* The constant handle of a singleton: the runtime's own global holding it, a slot that
   no scope owns and whose object is old (never moves) and lives as long as the runtime. */
#define EMBED_CONST_HANDLE(global) ((ferry_handle)&(global))

/* A new handle in the innermost scope; NULL (a failed operation) stays NULL. None, the
   result of every procedure, gets its constant handle instead of a slot. Makes no object,
   so it never moves one. */
static inline ferry_handle embed_handle(w_object *o)
{
    if (o == w_None)
        return EMBED_CONST_HANDLE(w_None);
    return o ? (ferry_handle)gc_handle_new(o) : NULL;
}

/*
 * Called when a host passes a NULL handle: a NULL usually comes from a failed call whose
 * exception is still pending, which is then simply propagated; without one, the host
 * misused the API and gets a SystemError naming the function.
 */
void embed_null_handle(const char *func);

#define EMBED_CHECK(h, failed)                                                            \
    do {                                                                                  \
        if (!(h)) {                                                                       \
            embed_null_handle(__func__);                                                  \
            return failed;                                                                \
        }                                                                                 \
    } while (0)

/* Frees the records behind host functions (host.c), at ferry_fini. */
void embed_host_release(void);

#endif

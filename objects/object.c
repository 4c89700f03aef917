/* object.c — allocation of W objects and the layouts every family shares (storage arrays, cells). */
#include "objects/objects.h"

w_object *w_alloc_old(w_type *type, uint32_t tid, size_t size)
{
    w_object *o = gc_alloc_old(size, tid);
    o->type = type;
    return o;
}

/* Storage objects have no Python type: nothing outside their owner ever sees them. */
w_object *w_copy_as(w_object *w, w_type *type)
{
    GC_ENTER();
    GC_ROOT(w);
    size_t size = gc_size_of(w);
    w_object *c = gc_alloc(size, w->gc.tid);
    memcpy((char *)c + sizeof(gc_hdr), (char *)w + sizeof(gc_hdr), size - sizeof(gc_hdr));
    c->type = type;
    gc_write_barrier(c); /* a large copy is born old, and may reference young objects */
    GC_RETURN(c);
}

w_objarray *w_objarray_new(int64_t length)
{
    FERRY_ASSERT(length >= 0);
    w_objarray *a = (w_objarray *)w_alloc(NULL, W_TID_OBJARRAY,
                                          sizeof(w_objarray) + (size_t)length * sizeof(w_object *));
    a->length = length;
    return a;
}

w_rawarray *w_rawarray_new(int64_t nbytes)
{
    FERRY_ASSERT(nbytes >= 0);
    w_rawarray *a = (w_rawarray *)w_alloc(NULL, W_TID_RAWARRAY, sizeof(w_rawarray) + (size_t)nbytes);
    a->nbytes = nbytes;
    return a;
}

static size_t plain_size(const void *o)
{
    return sizeof(w_object);
}

static size_t objarray_size(const void *o)
{
    return sizeof(w_objarray) + (size_t)((const w_objarray *)o)->length * sizeof(w_object *);
}

static void objarray_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_objarray *a = o;
    for (int64_t i = 0; i < a->length; i++)
        if (a->items[i])
            visit((void **)&a->items[i], ctx);
}

static size_t rawarray_size(const void *o)
{
    return sizeof(w_rawarray) + (size_t)((const w_rawarray *)o)->nbytes;
}

static size_t cell_size(const void *o)
{
    return sizeof(w_cell);
}

static void cell_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_cell *c = o;
    if (c->value)
        visit((void **)&c->value, ctx);
}

void w_object_register_tids(void)
{
    static const gc_descr plain = {"plain", plain_size, NULL};
    static const gc_descr objarray = {"objarray", objarray_size, objarray_trace};
    static const gc_descr rawarray = {"rawarray", rawarray_size, NULL};
    static const gc_descr cell = {"cell", cell_size, cell_trace};
    gc_register_tid(W_TID_PLAIN, &plain);
    gc_register_tid(W_TID_OBJARRAY, &objarray);
    gc_register_tid(W_TID_RAWARRAY, &rawarray);
    gc_register_tid(W_TID_CELL, &cell);
}

/* capsule.c — capsules (PyCapsule_*): C pointers in a proxy, a bare runtime object standing for them. */
#include "capi/capi.h"

/*
 * A capsule lives in its proxy. Its runtime object is a bare header of layout
 * W_TID_COBJ ("an object whose data lives in its C proxy": this file registers that
 * layout for the C-API), made by the W maker the first time the capsule crosses; the
 * runtime finds the data through capi_proxy. The deallocator runs the destructor,
 * arbitrary C, so it is not GC-safe: when the runtime object dies, it waits for the
 * next crossing (capi_flush_pending).
 *
 * The getters read only the proxy, never the runtime object, so that a destructor may
 * call them on a capsule whose runtime object is gone.
 */
typedef struct {
    PyObject_HEAD
    void *pointer;
    const char *name;
    void *context;
    PyCapsule_Destructor destructor;
} capi_capsule;

static w_type *capsule_type;

static void capsule_dealloc(PyObject *o)
{
    capi_capsule *c = (capi_capsule *)o;
    if (c->destructor)
        c->destructor(o);
    free(o);
}

PyTypeObject PyCapsule_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "PyCapsule",
    .tp_basicsize = sizeof(capi_capsule),
    .tp_dealloc = capsule_dealloc,
};

static size_t cobj_size(const void *o)
{
    return sizeof(w_object);
}

w_object *capi_cobj_new(w_type *t)
{
    return w_alloc(t, W_TID_COBJ, sizeof(w_object));
}

static w_object *capsule_w(PyObject *o, bool owned)
{
    return capi_cobj_new(capsule_type);
}

static w_object *capsule_repr(w_object *self)
{
    capi_capsule *c = (capi_capsule *)capi_proxy(self);
    if (c->name)
        return w_str_from_fmt("<capsule object \"%s\" at %p>", c->name, (void *)c);
    return w_str_from_fmt("<capsule object NULL at %p>", (void *)c);
}

/* A capsule that has a pointer, or NULL and ValueError "<fn> called with invalid
   PyCapsule object". */
static capi_capsule *legal(PyObject *o, const char *fn)
{
    if (!o || !PyCapsule_CheckExact(o) || !((capi_capsule *)o)->pointer) {
        w_raise_fmt(w_exc_ValueError, "%s called with invalid PyCapsule object", fn);
        return NULL;
    }
    return (capi_capsule *)o;
}

/* Names match when both are NULL or both are equal strings. */
static bool name_matches(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

PyObject *PyCapsule_New(void *pointer, const char *name, PyCapsule_Destructor destructor)
{
    if (!pointer)
        return w_raise_fmt(w_exc_ValueError, "PyCapsule_New called with null pointer");
    capi_capsule *c = calloc(1, sizeof *c);
    if (!c)
        return PyErr_NoMemory();
    c->ob_base.ob_refcnt = 1;
    c->ob_base.ob_type = &PyCapsule_Type;
    c->pointer = pointer;
    c->name = name;
    c->destructor = destructor;
    return (PyObject *)c;
}

int PyCapsule_IsValid(PyObject *o, const char *name)
{
    return o && PyCapsule_CheckExact(o) && ((capi_capsule *)o)->pointer &&
           name_matches(((capi_capsule *)o)->name, name);
}

void *PyCapsule_GetPointer(PyObject *o, const char *name)
{
    capi_capsule *c = legal(o, "PyCapsule_GetPointer");
    if (!c)
        return NULL;
    if (!name_matches(name, c->name))
        return w_raise_fmt(w_exc_ValueError, "PyCapsule_GetPointer called with incorrect name");
    return c->pointer;
}

const char *PyCapsule_GetName(PyObject *o)
{
    capi_capsule *c = legal(o, "PyCapsule_GetName");
    return c ? c->name : NULL;
}

PyCapsule_Destructor PyCapsule_GetDestructor(PyObject *o)
{
    capi_capsule *c = legal(o, "PyCapsule_GetDestructor");
    return c ? c->destructor : NULL;
}

void *PyCapsule_GetContext(PyObject *o)
{
    capi_capsule *c = legal(o, "PyCapsule_GetContext");
    return c ? c->context : NULL;
}

int PyCapsule_SetPointer(PyObject *o, void *pointer)
{
    capi_capsule *c = legal(o, "PyCapsule_SetPointer");
    if (!c)
        return -1;
    if (!pointer) {
        w_raise_fmt(w_exc_ValueError, "PyCapsule_SetPointer called with null pointer");
        return -1;
    }
    c->pointer = pointer;
    return 0;
}

int PyCapsule_SetName(PyObject *o, const char *name)
{
    capi_capsule *c = legal(o, "PyCapsule_SetName");
    if (!c)
        return -1;
    c->name = name;
    return 0;
}

int PyCapsule_SetDestructor(PyObject *o, PyCapsule_Destructor destructor)
{
    capi_capsule *c = legal(o, "PyCapsule_SetDestructor");
    if (!c)
        return -1;
    c->destructor = destructor;
    return 0;
}

int PyCapsule_SetContext(PyObject *o, void *context)
{
    capi_capsule *c = legal(o, "PyCapsule_SetContext");
    if (!c)
        return -1;
    c->context = context;
    return 0;
}

/* Imports the module named by the first component of `name`, follows the others as
   attributes, and takes the pointer of the capsule found there if its name is `name`. */
void *PyCapsule_Import(const char *name, int no_block)
{
    char *path = strdup(name);
    if (!path)
        return PyErr_NoMemory();
    PyObject *o = NULL;
    void *r = NULL;
    for (char *part = path, *dot; part; part = dot) {
        if ((dot = strchr(part, '.')))
            *dot++ = '\0';
        if (!o) {
            if (!(o = PyImport_ImportModule(part)))
                PyErr_Format(PyExc_ImportError, "PyCapsule_Import could not import module \"%s\"",
                             part);
        } else {
            Py_SETREF(o, PyObject_GetAttrString(o, part));
        }
        if (!o)
            goto out;
    }
    if (PyCapsule_IsValid(o, name))
        r = ((capi_capsule *)o)->pointer;
    else
        PyErr_Format(PyExc_AttributeError, "PyCapsule_Import \"%s\" is not valid", name);
out:
    Py_XDECREF(o);
    free(path);
    return r;
}

int capi_capsule_init(void)
{
    static const gc_descr cobj = {"cobj", cobj_size, NULL};
    gc_register_tid(W_TID_COBJ, &cobj);
    capsule_type = w_type_new_static("PyCapsule", w_object_type, W_TID_COBJ);
    capsule_type->repr = capsule_repr;
    if (w_type_ready(capsule_type) < 0)
        return -1;
    capi_bind_static_type(&PyCapsule_Type, capsule_type);
    capi_register_w_maker(&PyCapsule_Type, capsule_w, false);
    return 0;
}

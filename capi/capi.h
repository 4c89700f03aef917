/* capi.h — the C-API's internals: proxies and links, crossings, type proxies, errors. */
#ifndef FERRY_CAPI_H
#define FERRY_CAPI_H

#include "Python.h"
#include "freelists/freelists.h"
#include "objects/objects.h"

/*
 * Lifetime of a proxy (DESIGN.md §4.3). ob_refcnt = (references C holds)
 * + FERRY_REFCNT_HOST while the runtime object is alive. Consequences:
 *   - refcnt > HOST: C holds the proxy, so its runtime object is a GC root (link.c's root
 *     hook visits the link);
 *   - when the runtime object dies the constant is removed, and a proxy left at zero is
 *     deallocated (its type's tp_dealloc); one left above zero lives on, owned by C —
 *     impossible for a proxy C holds, whose object cannot die;
 *   - a C-created object (link 0) counts only C's references until it first crosses into
 *     the runtime, which makes its runtime object and adds the constant.
 * Statics (None, True, False, builtin types) carry FERRY_REFCNT_IMMORTAL and never die.
 */
#define FERRY_REFCNT_HOST ((Py_ssize_t)1 << 60)
#define FERRY_REFCNT_IMMORTAL ((Py_ssize_t)1 << 62)

/* The one accessor of the link (DESIGN.md §4.1: its position may move later). */
static inline w_object *capi_link(PyObject *o)
{
    return (w_object *)o->ob_pypy_link;
}
static inline void capi_set_link(PyObject *o, w_object *w)
{
    o->ob_pypy_link = (Py_ssize_t)w;
}

/* ---- W <-> proxy (link.c) ------------------------------------------------------------------ */

/* The reverse links (link.c): proxies of young objects by nursery slot, of old ones by the
   index in their header's aux word. */
extern PyObject **capi_young_slots, **capi_old_proxies;
PyObject *capi_proxy_make(w_object *w);

/* The proxy of `w`, made on first use: a borrowed reference, valid while `w` lives. Never
   allocates in the GC heap, so it moves nothing. `w` must not be NULL. */
static inline PyObject *capi_proxy(w_object *w)
{
    FERRY_ASSERT(w);
    if (gc_is_young(w)) {
        PyObject *p = capi_young_slots[(size_t)((char *)w - gc_state.nursery_start) >> 3];
        if (p)
            return p;
    } else if (w->gc.flags & W_F_HAS_PROXY) {
        return capi_old_proxies[w->gc.aux];
    } else if (w == w_None) { /* the commonest static, passed and returned everywhere */
        return Py_None;
    }
    return capi_proxy_make(w);
}

/* The proxy of `w` with a C reference a crossing takes for the length of a C call: a
   proxy C holds roots its object (the lifetime rules above), so `w` stays alive and in
   place while C runs, and for one or two objects this is cheaper than a root frame. The
   object lives throughout, so capi_unhold (which takes NULL) never deallocates. */
static inline PyObject *capi_hold(w_object *w)
{
    PyObject *p = capi_proxy(w);
    p->ob_refcnt++;
    return p;
}
static inline void capi_unhold(PyObject *p)
{
    if (p)
        p->ob_refcnt--;
}

/* The runtime object of an object whose data lives in its C proxy (W_TID_COBJ: capsules,
   descriptors, memoryviews, weak references, object-based extension instances): a header
   and a type, nothing else. */
w_object *capi_cobj_new(w_type *t);
/* A new reference to the proxy of `w`; NULL if `w` is NULL (an error is pending). */
PyObject *capi_new_ref(w_object *w);
/* The runtime object of `o`, made the first time a C-created object crosses (so it may
   collect). NULL with an error: SystemError for a NULL `o`, or the maker's error. */
w_object *capi_w(PyObject *o);
/* capi_w for a reference C hands over (a result): consumes it. A proxy of a by-value
   type (see capi_w_maker) whose only reference this is, and that never crossed, is
   converted by value and freed at once: no link is made at all. */
w_object *capi_w_steal(PyObject *o);
/* Links a proxy to its runtime object: sets the link, adds FERRY_REFCNT_HOST, and files it
   in the young table or the map. For proxy makers and W makers. Returns `o`. */
PyObject *capi_attach(PyObject *o, w_object *w);

/*
 * Proxy kinds. A *proxy maker* builds the proxy of a runtime object of one layout (tid):
 * it allocates the proxy (malloc or a freelist), sets ob_type and its own fields, and
 * returns it with ob_refcnt 0 and no link (capi_proxy attaches it). It must not allocate
 * in the GC heap. Layouts without a maker get a plain PyObject-sized proxy.
 */
typedef PyObject *(*capi_proxy_maker)(w_object *w);
void capi_register_proxy_maker(uint32_t tid, capi_proxy_maker fn);
/*
 * A *W maker* builds the runtime object of a C-created proxy of one type (exact type
 * match), the first time it crosses; it returns the new W object or NULL with an error.
 * The caller attaches it (PyTuple_New, PyLong_FromLong ... make proxies first). `owned`
 * says that `o` is being handed over and freed right after: a maker of a container may
 * then take its items' references (capi_w_steal each and clear its slot).
 * A type registered `by_value` holds a value C cannot change once it crossed (int,
 * float, tuple): when C hands over its only reference, no link is made at all.
 */
typedef w_object *(*capi_w_maker)(PyObject *o, bool owned);
void capi_register_w_maker(PyTypeObject *type, capi_w_maker fn, bool by_value);
/* tp_free of a proxy kind, used only at shutdown (capi_fini frees every proxy still
   linked, in no particular order): frees the proxy and the memory only it owns (buffers,
   state, caches of unlinked proxies) WITHOUT dropping references to other proxies, which
   may be gone already. Kinds without tp_free are plain malloc'd blocks. */

/* A plain proxy (just the header) for layouts with no data of their own. */
PyObject *capi_plain_proxy(w_object *w);
/* tp_dealloc of plain proxies: frees the memory. */
void capi_plain_dealloc(PyObject *o);

/* Declares a tp_dealloc that only frees memory and drops references to other proxies, so
   that it may run inside a collection; any other deallocator waits for capi_flush_pending,
   which each crossing calls. */
void capi_register_gc_safe_dealloc(destructor fn);
/* Runs the deallocations and the cyclic garbage (gcobjects.c) a collection left waiting;
   every crossing calls it, before and after C runs. One flag test when there is none. */
extern bool capi_work_pending;
void capi_run_pending(void);
static inline void capi_flush_pending(void)
{
    if (__builtin_expect(capi_work_pending, 0))
        capi_run_pending();
}

/* A negative sequence index counted from the end, as CPython's sequence functions and
   slot wrappers do: `*i` + sq_length(o) when `*i` < 0 and `m` (which may be NULL) has
   sq_length. 0, or -1 when sq_length failed (its error is set). */
static inline int capi_seq_index_from_end(PySequenceMethods *m, PyObject *o, Py_ssize_t *i)
{
    if (*i < 0 && m && m->sq_length) {
        Py_ssize_t n = m->sq_length(o);
        if (n < 0)
            return -1;
        *i += n;
    }
    return 0;
}

/* Gives a dead proxy of an exact int (or bool) or float back to its free list, as those
   types' tp_dealloc does; false for any other type. Inline: every fresh int or float that
   crossed dies this way, most of them in a minor collection's sweep. */
static inline bool capi_free_value_proxy(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    if (t == &PyLong_Type || t == &PyBool_Type) {
        freelist_push(&freelist_int, o);
        return true;
    }
    if (t == &PyFloat_Type) {
        freelist_push(&freelist_float, o);
        return true;
    }
    return false;
}

/* Calls `fn` on every linked proxy (the young table's, then the map's). */
void capi_each_linked(void (*fn)(PyObject *p));
/* Number of proxies in the old-object map and the young table (tests, stats). */
size_t capi_map_size(void);
size_t capi_young_count(void);

/* ---- types (types.c) ----------------------------------------------------------------------- */

/* The PyTypeObject of a runtime type: a static for builtin types, else made on first use
   (capi_type_make). */
PyTypeObject *capi_type_make(w_type *t);
static inline PyTypeObject *capi_type(w_type *t)
{
    return t->c_proxy ? t->c_proxy : capi_type_make(t);
}
/* The runtime type of a PyTypeObject. */
static inline w_type *capi_w_type(PyTypeObject *t)
{
    return (w_type *)capi_link((PyObject *)t);
}
/* Links a static PyTypeObject to its runtime type (start-up). */
void capi_bind_static_type(PyTypeObject *pt, w_type *t);
/* Fills a builtin type's C slots with wrappers of its runtime slots (builtin_slots.c). */
void capi_fill_builtin_slots(PyTypeObject *pt, w_type *t);
/* A type a C extension defined (PyType_Ready, PyType_FromSpec): its slots are C's. */
static inline bool capi_is_extension_type(PyTypeObject *pt)
{
    w_type *t = capi_w_type(pt);
    return t && (t->flags & W_TF_EXTENSION);
}

/* ---- extension types (typeobject.c, typeslots.c, typeinstance.c, descr.c) ------------------- */

/* Gives the runtime type `t` of extension type `pt` the runtime slots that call pt's own C
   slots (those not inherited unchanged from its base), and its constructor. */
int capi_type_install_slots(PyTypeObject *pt, w_type *t);
/* Frees what capi_type_install_slots allocated (shutdown). */
void capi_type_slots_fini(void);
/* Adds a builtin to `t`'s dict: a method descriptor (flags W_BF_METHOD: owner `t`, bound
   to the receiver) or a function bound to `self`; either way W_BF_CFUNC (fn gets itself). */
int capi_type_add_builtin(w_type *t, const char *name, w_callfn fn, w_object *self, void *data,
                          uint32_t flags);
/* The dunder methods (__repr__, __add__, __get__ ...) for pt's own C slots (slotmethods.c). */
int capi_add_slot_methods(PyTypeObject *pt, PyTypeObject *base, w_type *t);
/* The runtime object of an extension type's instance crossing for the first time. */
w_object *capi_instance_w(PyObject *o);
/* The runtime dict of an instance with tp_dictoffset; NULL when the type has none or the
   instance has none yet and `create` is false (or with an error, when creating fails). */
w_object *capi_instance_dict(PyObject *o, bool create);
/* Un-readies the static types PyType_Ready readied (shutdown: their runtime types go). */
void capi_ext_types_fini(void);
/* Forgets the keyword tuples of the Argument Clinic parsers in use (argclinic.c; shutdown:
   the extensions' static parsers outlive the runtime, their tuples do not). */
void capi_argclinic_fini(void);
/* The slot suites of a type, by kind: the type itself (TP) or one of its suites, which
   may be NULL (heaptype.c). */
enum capi_suite { CAPI_TP, CAPI_AM, CAPI_NB, CAPI_SQ, CAPI_MP, CAPI_BF };
void *capi_type_suite(PyTypeObject *pt, enum capi_suite which);
/* Records a heap type (heaptype.c) for capi_heap_types_fini, after the proxies are gone. */
void capi_heap_type_made(PyTypeObject *pt);
void capi_heap_types_fini(void);
/* Instances of extension types based on builtin types other than object (subclass.c). A
   family whose layout such types may extend registers how B's part of a proxy is set up
   for a runtime object `w` (`init_proxy`, NULL: nothing to set), and whether B's tp_new
   ignores its arguments for tp_init to fill the object (list, dict). */
void capi_register_base_layout(uint32_t tid, void (*init_proxy)(PyObject *, w_object *),
                               bool empty_new);
/* A new reference to a new instance of `pt` holding the value of `w`, an instance of
   pt's builtin base; its proxy is pt's C struct. */
PyObject *capi_make_instance(PyTypeObject *pt, w_object *w);
/* tp_alloc for such types: an instance with its base's empty value. */
PyObject *capi_instance_alloc(PyTypeObject *pt);
/* The builtin types' tp_new and tp_init. */
PyObject *capi_builtin_new(PyTypeObject *pt, PyObject *args, PyObject *kwds);
int capi_builtin_init(PyObject *self, PyObject *args, PyObject *kwds);
int capi_subclass_init(void);
/* Adds object.__new__ (typeslots.c). */
int capi_object_new_init(void);
/* object's slots on PyBaseObject_Type (tp_new, tp_init, tp_alloc ...), for subtypes. */
void capi_object_type_init(void);

/* ---- GC-tracked C objects (gcobjects.c) ------------------------------------------------------ */

int capi_gc_is_tracked(PyObject *o);
/* Forgets that `o`'s finalizer ran: it is being freed (finalize.c). */
void capi_forget_finalized(PyObject *o);
void capi_finalize_fini(void);
size_t capi_gc_tracked_count(void);
/* The major collection's steps (link.c calls them): before the roots, after marking, and
   after the collection (tp_clear of cyclic garbage; capi_flush_pending runs it). */
void capi_gc_subtract(void);
void capi_gc_restore(void);
void capi_gc_clear_garbage(void);

/* ---- crossings (call.c) -------------------------------------------------------------------- */

/* Turns a C function's result into a runtime object, consuming the reference: NULL with an
   error stays an error, NULL without one is SystemError "<what> returned NULL without
   setting an exception", a result with an error set is SystemError "<what> returned a
   result with an exception set". `what` names the function ("<built-in function f>").
   Inline for the common cases, a result and no error: a linked one is the link, any
   other is capi_w_steal's. The errors are capi_result_error. */
__attribute__((cold)) w_object *capi_result_error(PyObject *r, const char *what_fmt,
                                                 const char *name);
static inline w_object *capi_result(PyObject *r, const char *what_fmt, const char *name)
{
    capi_flush_pending();
    if (__builtin_expect(!r || w_err_occurred(), 0))
        return capi_result_error(r, what_fmt, name);
    w_object *w = capi_link(r);
    if (__builtin_expect(w && !(Py_TYPE(r)->tp_flags & _Py_TPFLAGS_FERRY_DYNAMIC_SIZE), 1)) {
        Py_DECREF(r); /* the runtime's share keeps a linked proxy */
        return w;
    }
    return capi_w_steal(r);
}
/* A tuple proxy of positional arguments (no runtime tuple is made); never fails
   (tuple.c). */
PyObject *capi_args_tuple(w_object **args, size_t nargs);
/* A vectorcall-style call's arguments as tp_call takes them: a tuple of the positional
   ones, and a dict of the keyword ones (their values follow the positional ones in
   `args`, named by `kwnames`), or NULL without any. Both are new references, so what they
   hold stays alive while C runs; the caller drops them. 0, or -1 with an error. */
int capi_call_args(w_object **args, size_t nargs, w_object *kwnames, PyObject **t,
                   PyObject **kw);
/* A builtin function object for a PyMethodDef, receiving `self` (NULL or a module). */
w_object *capi_function_new(PyMethodDef *ml, w_object *self);
/* The PyMethodDef of a builtin made by capi_function_new (or a C method descriptor); NULL
   for any other object. */
PyMethodDef *capi_cfunction_def(w_object *w);

/* ---- errors (errors.c) ---------------------------------------------------------------------- */

/* SystemError "bad argument to internal function" (CPython's PyErr_BadInternalCall). */
void capi_bad_internal_call(void);
/* The runtime type a PyExc_* object stands for; NULL (and SystemError) if `type` is not an
   exception class. */
w_type *capi_exc_type(PyObject *type);

/* ---- modules and import (module.c, import.c) ------------------------------------------------ */

/* Imports `name` (dotted): sys.modules, then an extension module NAME<suffix> or NAME.so
   on sys.path, making empty parent modules for directories. New W module or NULL. */
w_object *capi_import(const char *name);
/* While an extension's PyInit_* runs: the full dotted name being loaded, which
   PyModule_Create gives the module when its m_name is the last component (as CPython's
   _Py_PackageContext does). NULL otherwise. */
extern const char *capi_package_context;

/* ---- start-up (each file's part of capi_init) ---------------------------------------------- */
int capi_link_init(void);
void capi_link_fini(void);
int capi_types_init(void);
void capi_types_fini(void);
int capi_errors_init(void);
int capi_warnings_init(void);
int capi_capsule_init(void); /* registers W_TID_COBJ: before capi_buffer_init */
int capi_buffer_init(void);
int capi_long_init(void);
int capi_float_init(void);
int capi_tuple_init(void);
int capi_list_init(void);
void capi_list_fini(void);
/* A list proxy's size, starting its view (ob_item, ob_size) if it has none (list.c). */
Py_ssize_t capi_list_size(PyObject *list);
/* Takes up what C wrote into a list proxy's ob_item or ob_size past the API; for any
   other object nothing. Every crossing into the runtime calls it for types with
   _Py_TPFLAGS_FERRY_DYNAMIC_SIZE (capi_w, capi_w_steal, capi_result). */
void capi_list_sync(PyObject *o);
int capi_dict_init(void);
int capi_set_init(void);
int capi_slice_init(void);
int capi_unicode_init(void);
int capi_bytes_init(void);
int capi_bytearray_init(void);
int capi_module_init(void);
int capi_call_init(void);
int capi_descr_init(void);
int capi_weakref_init(void);
int capi_gc_init(void);
void capi_gc_fini(void);
int capi_methoddescr_init(void);
int capi_traceback_init(void);

/* Py_EnterRecursiveCall's limit, each thread state's at its start (recursion.c). */
#define CAPI_RECURSION_LIMIT 1000

/* ---- start-up -------------------------------------------------------------------------------- */

/* Called by the runtime's start-up after w_objects_init: links the static types and
   singletons, registers the GC hooks and every family's proxy kinds. */
int capi_init(void);
void capi_fini(void);
/* Makes the main thread state, held by the calling thread with the GIL (threads.c);
   frees the thread states of an earlier runtime. */
void capi_threads_init(void);
/* Py_IsInitialized's answer (lifecycle.c), set by capi_init and capi_fini. */
void capi_set_initialized(int on);

#endif

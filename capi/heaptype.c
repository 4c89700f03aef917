/* heaptype.c — heap types from a spec (PyType_FromSpec and friends), PyType_GetSlot, type modules. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "structmember.h"

/*
 * A heap type is a PyHeapTypeObject Ferry allocates: the type, its suites, and copies of
 * what the spec lends (tp_doc, the members), since a spec may live on the stack. Like
 * every type it is immortal: the instances' DECREFs of their heap type are harmless.
 */

#define TP CAPI_TP
#define AM CAPI_AM
#define NB CAPI_NB
#define SQ CAPI_SQ
#define MP CAPI_MP
#define BF CAPI_BF

/* Where slot id N lives: a suite of the type and an offset in it; CPython's numbering. */
static const struct {
    unsigned char suite;
    unsigned short offset;
} slot_at[] = {
#define AT(s, type, field) {s, offsetof(type, field)}
    [Py_bf_getbuffer] = AT(BF, PyBufferProcs, bf_getbuffer),
    [Py_bf_releasebuffer] = AT(BF, PyBufferProcs, bf_releasebuffer),
    [Py_mp_ass_subscript] = AT(MP, PyMappingMethods, mp_ass_subscript),
    [Py_mp_length] = AT(MP, PyMappingMethods, mp_length),
    [Py_mp_subscript] = AT(MP, PyMappingMethods, mp_subscript),
    [Py_nb_absolute] = AT(NB, PyNumberMethods, nb_absolute),
    [Py_nb_add] = AT(NB, PyNumberMethods, nb_add),
    [Py_nb_and] = AT(NB, PyNumberMethods, nb_and),
    [Py_nb_bool] = AT(NB, PyNumberMethods, nb_bool),
    [Py_nb_divmod] = AT(NB, PyNumberMethods, nb_divmod),
    [Py_nb_float] = AT(NB, PyNumberMethods, nb_float),
    [Py_nb_floor_divide] = AT(NB, PyNumberMethods, nb_floor_divide),
    [Py_nb_index] = AT(NB, PyNumberMethods, nb_index),
    [Py_nb_inplace_add] = AT(NB, PyNumberMethods, nb_inplace_add),
    [Py_nb_inplace_and] = AT(NB, PyNumberMethods, nb_inplace_and),
    [Py_nb_inplace_floor_divide] = AT(NB, PyNumberMethods, nb_inplace_floor_divide),
    [Py_nb_inplace_lshift] = AT(NB, PyNumberMethods, nb_inplace_lshift),
    [Py_nb_inplace_multiply] = AT(NB, PyNumberMethods, nb_inplace_multiply),
    [Py_nb_inplace_or] = AT(NB, PyNumberMethods, nb_inplace_or),
    [Py_nb_inplace_power] = AT(NB, PyNumberMethods, nb_inplace_power),
    [Py_nb_inplace_remainder] = AT(NB, PyNumberMethods, nb_inplace_remainder),
    [Py_nb_inplace_rshift] = AT(NB, PyNumberMethods, nb_inplace_rshift),
    [Py_nb_inplace_subtract] = AT(NB, PyNumberMethods, nb_inplace_subtract),
    [Py_nb_inplace_true_divide] = AT(NB, PyNumberMethods, nb_inplace_true_divide),
    [Py_nb_inplace_xor] = AT(NB, PyNumberMethods, nb_inplace_xor),
    [Py_nb_int] = AT(NB, PyNumberMethods, nb_int),
    [Py_nb_invert] = AT(NB, PyNumberMethods, nb_invert),
    [Py_nb_lshift] = AT(NB, PyNumberMethods, nb_lshift),
    [Py_nb_multiply] = AT(NB, PyNumberMethods, nb_multiply),
    [Py_nb_negative] = AT(NB, PyNumberMethods, nb_negative),
    [Py_nb_or] = AT(NB, PyNumberMethods, nb_or),
    [Py_nb_positive] = AT(NB, PyNumberMethods, nb_positive),
    [Py_nb_power] = AT(NB, PyNumberMethods, nb_power),
    [Py_nb_remainder] = AT(NB, PyNumberMethods, nb_remainder),
    [Py_nb_rshift] = AT(NB, PyNumberMethods, nb_rshift),
    [Py_nb_subtract] = AT(NB, PyNumberMethods, nb_subtract),
    [Py_nb_true_divide] = AT(NB, PyNumberMethods, nb_true_divide),
    [Py_nb_xor] = AT(NB, PyNumberMethods, nb_xor),
    [Py_sq_ass_item] = AT(SQ, PySequenceMethods, sq_ass_item),
    [Py_sq_concat] = AT(SQ, PySequenceMethods, sq_concat),
    [Py_sq_contains] = AT(SQ, PySequenceMethods, sq_contains),
    [Py_sq_inplace_concat] = AT(SQ, PySequenceMethods, sq_inplace_concat),
    [Py_sq_inplace_repeat] = AT(SQ, PySequenceMethods, sq_inplace_repeat),
    [Py_sq_item] = AT(SQ, PySequenceMethods, sq_item),
    [Py_sq_length] = AT(SQ, PySequenceMethods, sq_length),
    [Py_sq_repeat] = AT(SQ, PySequenceMethods, sq_repeat),
    [Py_tp_alloc] = AT(TP, PyTypeObject, tp_alloc),
    [Py_tp_base] = AT(TP, PyTypeObject, tp_base),
    [Py_tp_bases] = AT(TP, PyTypeObject, tp_bases),
    [Py_tp_call] = AT(TP, PyTypeObject, tp_call),
    [Py_tp_clear] = AT(TP, PyTypeObject, tp_clear),
    [Py_tp_dealloc] = AT(TP, PyTypeObject, tp_dealloc),
    [Py_tp_del] = AT(TP, PyTypeObject, tp_del),
    [Py_tp_descr_get] = AT(TP, PyTypeObject, tp_descr_get),
    [Py_tp_descr_set] = AT(TP, PyTypeObject, tp_descr_set),
    [Py_tp_doc] = AT(TP, PyTypeObject, tp_doc),
    [Py_tp_getattr] = AT(TP, PyTypeObject, tp_getattr),
    [Py_tp_getattro] = AT(TP, PyTypeObject, tp_getattro),
    [Py_tp_hash] = AT(TP, PyTypeObject, tp_hash),
    [Py_tp_init] = AT(TP, PyTypeObject, tp_init),
    [Py_tp_is_gc] = AT(TP, PyTypeObject, tp_is_gc),
    [Py_tp_iter] = AT(TP, PyTypeObject, tp_iter),
    [Py_tp_iternext] = AT(TP, PyTypeObject, tp_iternext),
    [Py_tp_methods] = AT(TP, PyTypeObject, tp_methods),
    [Py_tp_new] = AT(TP, PyTypeObject, tp_new),
    [Py_tp_repr] = AT(TP, PyTypeObject, tp_repr),
    [Py_tp_richcompare] = AT(TP, PyTypeObject, tp_richcompare),
    [Py_tp_setattr] = AT(TP, PyTypeObject, tp_setattr),
    [Py_tp_setattro] = AT(TP, PyTypeObject, tp_setattro),
    [Py_tp_str] = AT(TP, PyTypeObject, tp_str),
    [Py_tp_traverse] = AT(TP, PyTypeObject, tp_traverse),
    [Py_tp_members] = AT(TP, PyTypeObject, tp_members),
    [Py_tp_getset] = AT(TP, PyTypeObject, tp_getset),
    [Py_tp_free] = AT(TP, PyTypeObject, tp_free),
    [Py_nb_matrix_multiply] = AT(NB, PyNumberMethods, nb_matrix_multiply),
    [Py_nb_inplace_matrix_multiply] = AT(NB, PyNumberMethods, nb_inplace_matrix_multiply),
    [Py_am_await] = AT(AM, PyAsyncMethods, am_await),
    [Py_am_aiter] = AT(AM, PyAsyncMethods, am_aiter),
    [Py_am_anext] = AT(AM, PyAsyncMethods, am_anext),
    [Py_tp_finalize] = AT(TP, PyTypeObject, tp_finalize),
    [Py_am_send] = AT(AM, PyAsyncMethods, am_send),
#undef AT
};
#define NSLOTS ((int)(sizeof slot_at / sizeof slot_at[0]))

void *capi_type_suite(PyTypeObject *pt, enum capi_suite s)
{
    switch (s) {
    case AM:
        return pt->tp_as_async;
    case NB:
        return pt->tp_as_number;
    case SQ:
        return pt->tp_as_sequence;
    case MP:
        return pt->tp_as_mapping;
    case BF:
        return pt->tp_as_buffer;
    default:
        return pt;
    }
}

void *PyType_GetSlot(PyTypeObject *pt, int slot)
{
    if (slot <= 0 || slot >= NSLOTS) {
        capi_bad_internal_call();
        return NULL;
    }
    char *suite = capi_type_suite(pt, slot_at[slot].suite);
    return suite ? *(void **)(suite + slot_at[slot].offset) : NULL;
}

/* ---- PyType_FromSpec ------------------------------------------------------------------------ */

static void free_heap_type(PyHeapTypeObject *ht)
{
    free((void *)ht->ht_type.tp_doc);
    free(ht->ht_type.tp_members);
    free(ht->_ht_tpname);
    free(ht);
}

/* The members array, copied; the special members that name offsets set them instead. */
static int copy_members(PyHeapTypeObject *ht, PyMemberDef *members)
{
    PyTypeObject *pt = &ht->ht_type;
    size_t n = 0;
    while (members[n].name)
        n++;
    PyMemberDef *copy = calloc(n + 1, sizeof *copy);
    if (!copy) {
        PyErr_NoMemory();
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        PyMemberDef *m = &members[i];
        if (!strcmp(m->name, "__weaklistoffset__"))
            pt->tp_weaklistoffset = m->offset;
        else if (!strcmp(m->name, "__dictoffset__"))
            pt->tp_dictoffset = m->offset;
        else if (!strcmp(m->name, "__vectorcalloffset__"))
            pt->tp_vectorcall_offset = m->offset;
        else {
            copy[k++] = *m;
            continue;
        }
        if (m->type != T_PYSSIZET || !(m->flags & READONLY)) {
            free(copy);
            PyErr_Format(PyExc_SystemError, "%s must be a READONLY T_PYSSIZET member", m->name);
            return -1;
        }
    }
    pt->tp_members = copy;
    return 0;
}

/* CPython's solid_base: the nearest type (t or a base) whose instances add fields. */
static PyTypeObject *solid_base(PyTypeObject *t)
{
    while (t->tp_base && t->tp_basicsize == t->tp_base->tp_basicsize &&
           t->tp_itemsize == t->tp_base->tp_itemsize)
        t = t->tp_base;
    return t;
}

/* tp_base from the bases argument, or else the Py_tp_bases or Py_tp_base slot: a type or a
   tuple of types. Ferry's types have one base: several are refused, with CPython's error
   when their layouts conflict anyway. */
static PyTypeObject *spec_base(PyObject *bases, PyTypeObject *slot_base, PyObject *slot_bases)
{
    if (!bases && slot_bases && !PyTuple_Check(slot_bases)) {
        PyErr_SetString(PyExc_SystemError, "Py_tp_bases is not a tuple");
        return NULL;
    }
    if (!bases)
        bases = slot_bases ? slot_bases : (PyObject *)slot_base;
    if (!bases)
        return &PyBaseObject_Type;
    if (!PyTuple_Check(bases)) {
        if (!PyType_Check(bases)) {
            PyErr_SetString(PyExc_TypeError, "bases must be types");
            return NULL;
        }
        return (PyTypeObject *)bases;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(bases);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!PyType_Check(PyTuple_GET_ITEM(bases, i))) {
            PyErr_SetString(PyExc_TypeError, "bases must be types");
            return NULL;
        }
    if (n == 0)
        return &PyBaseObject_Type;
    PyTypeObject *first = (PyTypeObject *)PyTuple_GET_ITEM(bases, 0);
    for (Py_ssize_t i = 1; i < n; i++) {
        PyTypeObject *a = solid_base(first), *b = solid_base((PyTypeObject *)PyTuple_GET_ITEM(bases, i));
        if (!PyType_IsSubtype(a, b) && !PyType_IsSubtype(b, a)) {
            PyErr_SetString(PyExc_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    if (n > 1) {
        PyErr_SetString(PyExc_NotImplementedError, "Ferry's types have a single base");
        return NULL;
    }
    return first;
}

/* CPython gives a heap type without a deallocator subtype_dealloc: the base's, then the
   reference every instance holds on its heap type goes. */
static void heap_dealloc(PyObject *self)
{
    PyTypeObject *pt = Py_TYPE(self), *b = pt;
    while (b->tp_dealloc == heap_dealloc)
        b = b->tp_base;
    b->tp_dealloc(self);
    Py_DECREF(pt);
}

PyObject *PyType_FromModuleAndSpec(PyObject *module, PyType_Spec *spec, PyObject *bases)
{
    if (!spec->name) {
        PyErr_SetString(PyExc_SystemError, "Type spec does not define the name field.");
        return NULL;
    }
    PyHeapTypeObject *ht = calloc(1, sizeof *ht);
    if (!ht)
        return PyErr_NoMemory();
    PyTypeObject *pt = &ht->ht_type;
    PyTypeObject *slot_base = NULL;
    PyObject *slot_bases = NULL;
    pt->tp_as_async = &ht->as_async;
    pt->tp_as_number = &ht->as_number;
    pt->tp_as_sequence = &ht->as_sequence;
    pt->tp_as_mapping = &ht->as_mapping;
    pt->tp_as_buffer = &ht->as_buffer;
    for (PyType_Slot *s = spec->slots; s && s->slot; s++) {
        /* an id CPython doesn't number leaves a hole in slot_at: suite TP, offset 0 */
        if (s->slot < 0 || s->slot >= NSLOTS ||
            (slot_at[s->slot].suite == TP && slot_at[s->slot].offset == 0)) {
            PyErr_SetString(PyExc_RuntimeError, "invalid slot offset");
            goto fail;
        }
        switch (s->slot) {
        case Py_tp_base:
            slot_base = s->pfunc;
            break;
        case Py_tp_bases:
            slot_bases = s->pfunc;
            break;
        case Py_tp_doc:
            if (s->pfunc && !(pt->tp_doc = strdup(s->pfunc))) {
                PyErr_NoMemory();
                goto fail;
            }
            break;
        case Py_tp_members:
            if (copy_members(ht, s->pfunc) < 0)
                goto fail;
            break;
        default:
            *(void **)((char *)capi_type_suite(pt, slot_at[s->slot].suite) + slot_at[s->slot].offset) =
                s->pfunc;
        }
    }
    /* suites the spec left empty are inherited whole, as for a static type without them */
    static const PyAsyncMethods no_am;
    static const PyNumberMethods no_nb;
    static const PySequenceMethods no_sq;
    static const PyMappingMethods no_mp;
    static const PyBufferProcs no_bf;
    if (!memcmp(pt->tp_as_async, &no_am, sizeof no_am))
        pt->tp_as_async = NULL;
    if (!memcmp(pt->tp_as_number, &no_nb, sizeof no_nb))
        pt->tp_as_number = NULL;
    if (!memcmp(pt->tp_as_sequence, &no_sq, sizeof no_sq))
        pt->tp_as_sequence = NULL;
    if (!memcmp(pt->tp_as_mapping, &no_mp, sizeof no_mp))
        pt->tp_as_mapping = NULL;
    if (!memcmp(pt->tp_as_buffer, &no_bf, sizeof no_bf))
        pt->tp_as_buffer = NULL;
    if (!(pt->tp_base = spec_base(bases, slot_base, slot_bases)))
        goto fail;
    if (!(ht->_ht_tpname = strdup(spec->name))) {
        PyErr_NoMemory();
        goto fail;
    }
    pt->tp_name = ht->_ht_tpname;
    pt->tp_basicsize = spec->basicsize;
    pt->tp_itemsize = spec->itemsize;
    pt->tp_flags = spec->flags | Py_TPFLAGS_HEAPTYPE;
    if (!pt->tp_dealloc)
        pt->tp_dealloc = heap_dealloc;
    Py_SET_TYPE(pt, &PyType_Type);
    if (PyType_Ready(pt) < 0)
        goto fail;
    ht->ht_module = Py_XNewRef(module);
    capi_heap_type_made(pt);
    return (PyObject *)pt;
fail:
    free_heap_type(ht);
    return NULL;
}

PyObject *PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases)
{
    return PyType_FromModuleAndSpec(NULL, spec, bases);
}

PyObject *PyType_FromSpec(PyType_Spec *spec)
{
    return PyType_FromModuleAndSpec(NULL, spec, NULL);
}

/* ---- the module of a heap type ----------------------------------------------------------------- */

PyObject *PyType_GetModule(PyTypeObject *pt)
{
    if (!(pt->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        PyErr_Format(PyExc_TypeError, "PyType_GetModule: Type '%s' is not a heap type", pt->tp_name);
        return NULL;
    }
    PyObject *m = ((PyHeapTypeObject *)pt)->ht_module;
    if (!m)
        PyErr_Format(PyExc_TypeError, "PyType_GetModule: Type '%s' has no associated module",
                     pt->tp_name);
    return m;
}

void *PyType_GetModuleState(PyTypeObject *pt)
{
    PyObject *m = PyType_GetModule(pt);
    return m ? PyModule_GetState(m) : NULL;
}

PyObject *PyType_GetModuleByDef(PyTypeObject *pt, PyModuleDef *def)
{
    for (PyTypeObject *t = pt; t; t = t->tp_base) {
        if (!(t->tp_flags & Py_TPFLAGS_HEAPTYPE))
            continue;
        PyObject *m = ((PyHeapTypeObject *)t)->ht_module;
        if (m && PyModule_GetDef(m) == def)
            return m;
    }
    PyErr_Format(PyExc_TypeError, "PyType_GetModuleByDef: No superclass of '%s' has the given module",
                 pt->tp_name);
    return NULL;
}

/* ---- lifetime: heap types live until shutdown ------------------------------------------------- */

static struct {
    PyHeapTypeObject **items;
    size_t n, cap;
} made;

void capi_heap_type_made(PyTypeObject *pt)
{
    if (made.n == made.cap) {
        made.cap = made.cap ? made.cap * 2 : 16;
        made.items = realloc(made.items, made.cap * sizeof *made.items);
        if (!made.items) {
            fprintf(stderr, "ferry: out of memory recording a heap type\n");
            abort();
        }
    }
    made.items[made.n++] = (PyHeapTypeObject *)pt;
}

/* After every proxy is gone (capi_link_fini): the modules they name are freed already. */
void capi_heap_types_fini(void)
{
    for (size_t i = 0; i < made.n; i++)
        free_heap_type(made.items[i]);
    free(made.items);
    memset(&made, 0, sizeof made);
}

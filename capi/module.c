/* module.c — module proxies (definition and per-module state) and the PyModule_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/*
 * A module's proxy carries what C attaches to a module: the PyModuleDef it was made from
 * and its state block (m_size bytes, zeroed), which lives as long as the proxy, that is as
 * long as the runtime module.
 */
typedef struct capi_module {
    PyObject ob_base;
    PyModuleDef *def;
    void *state;
} capi_module;

static void module_free(void *o)
{
    free(((capi_module *)o)->state);
    free(o);
}

static void module_dealloc(PyObject *o)
{
    module_free(o);
}

PyTypeObject PyModule_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "module",
    .tp_basicsize = sizeof(capi_module),
    .tp_dealloc = module_dealloc,
    .tp_free = module_free,
};

/* The type of a PyModuleDef that PyModuleDef_Init made an object of (multi-phase init);
   such an object never crosses into the runtime. */
PyTypeObject PyModuleDef_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "moduledef",
    .tp_basicsize = sizeof(PyModuleDef),
};

static PyObject *module_proxy(w_object *w)
{
    capi_module *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "ferry: out of memory making a module proxy\n");
        abort();
    }
    return &m->ob_base;
}

static capi_module *module_of(PyObject *o)
{
    if (!o || !PyModule_Check(o)) {
        w_raise_fmt(w_exc_TypeError, "expected a module object, not %s",
                    o ? Py_TYPE(o)->tp_name : "NULL");
        return NULL;
    }
    return (capi_module *)o;
}

PyObject *PyModuleDef_Init(PyModuleDef *def)
{
    if (!def->m_base.ob_base.ob_type) {
        def->m_base.ob_base.ob_type = &PyModuleDef_Type;
        def->m_base.ob_base.ob_refcnt = FERRY_REFCNT_IMMORTAL;
    }
    return (PyObject *)def;
}

PyObject *PyModule_NewObject(PyObject *name)
{
    w_object *n = capi_w(name);
    if (!n)
        return NULL;
    if (!W_STR_CHECK(n))
        return w_raise_fmt(w_exc_TypeError, "module name must be a str, not %s", W_TYPE(n)->name);
    char *copy = strdup(w_str_utf8(n));
    if (!copy)
        return PyErr_NoMemory();
    PyObject *m = capi_new_ref(w_module_new(copy));
    free(copy);
    return m;
}

PyObject *PyModule_New(const char *name)
{
    return capi_new_ref(w_module_new(name));
}

PyObject *PyModule_GetDict(PyObject *module)
{
    if (!module_of(module))
        return NULL;
    return capi_proxy(w_module_dict(capi_link(module)));
}

/* A str entry of the module's dict as a new reference; SystemError `missing` if absent. */
static PyObject *module_str_entry(PyObject *module, const char *key, const char *missing)
{
    if (!module_of(module))
        return NULL;
    w_object *v = w_dict_get_cstr(w_module_dict(capi_link(module)), key);
    if (!v || !W_STR_CHECK(v))
        return w_raise_fmt(w_exc_SystemError, "%s", missing);
    return capi_new_ref(v);
}

PyObject *PyModule_GetNameObject(PyObject *module)
{
    return module_str_entry(module, "__name__", "nameless module");
}

const char *PyModule_GetName(PyObject *module)
{
    PyObject *name = PyModule_GetNameObject(module);
    if (!name)
        return NULL;
    Py_DECREF(name); /* the module's dict keeps it */
    return PyUnicode_AsUTF8(name);
}

PyObject *PyModule_GetFilenameObject(PyObject *module)
{
    return module_str_entry(module, "__file__", "module filename missing");
}

PyModuleDef *PyModule_GetDef(PyObject *module)
{
    capi_module *m = module_of(module);
    return m ? m->def : NULL;
}

void *PyModule_GetState(PyObject *module)
{
    capi_module *m = module_of(module);
    return m ? m->state : NULL;
}

int PyModule_AddFunctions(PyObject *module, PyMethodDef *functions)
{
    if (!module_of(module))
        return -1;
    GC_ENTER();
    w_object *m = capi_link(module), *f = NULL;
    GC_ROOT(m);
    GC_ROOT(f);
    for (PyMethodDef *ml = functions; ml && ml->ml_name; ml++) {
        if (ml->ml_flags & (METH_CLASS | METH_STATIC)) {
            w_raise_fmt(w_exc_ValueError, "module functions cannot set METH_CLASS or METH_STATIC");
            GC_RETURN(-1);
        }
        f = capi_function_new(ml, m);
        if (!f || w_module_add(m, ml->ml_name, f) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(0);
}

int PyModule_SetDocString(PyObject *module, const char *doc)
{
    if (!module_of(module))
        return -1;
    GC_ENTER();
    w_object *m = capi_link(module), *d = NULL;
    GC_ROOT(m);
    GC_ROOT(d);
    d = w_str_decode_utf8(doc, strlen(doc), "strict");
    int rc = d ? w_module_add(m, "__doc__", d) : -1;
    GC_RETURN(rc);
}

/* What single- and multi-phase init share: the state, the functions, the doc. */
static int module_setup(PyObject *module, PyModuleDef *def)
{
    capi_module *m = (capi_module *)module;
    m->def = def;
    if (def->m_size > 0 && !m->state) {
        m->state = calloc(1, (size_t)def->m_size);
        if (!m->state) {
            PyErr_NoMemory();
            return -1;
        }
    }
    if (def->m_methods && PyModule_AddFunctions(module, def->m_methods) < 0)
        return -1;
    if (def->m_doc && PyModule_SetDocString(module, def->m_doc) < 0)
        return -1;
    return 0;
}

PyObject *PyModule_Create2(PyModuleDef *def, int apiver)
{
    if (!def || !def->m_name) {
        capi_bad_internal_call();
        return NULL;
    }
    PyModuleDef_Init(def);
    const char *name = def->m_name;
    const char *ctx = capi_package_context, *dot = ctx ? strrchr(ctx, '.') : NULL;
    if (dot && strcmp(dot + 1, name) == 0)
        name = ctx;
    PyObject *module = capi_new_ref(w_module_new(name));
    if (!module)
        return NULL;
    if (module_setup(module, def) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

PyObject *PyModule_FromDefAndSpec2(PyModuleDef *def, PyObject *spec, int apiver)
{
    PyModuleDef_Init(def);
    PyObject *(*create)(PyObject *, PyModuleDef *) = NULL;
    for (PyModuleDef_Slot *s = def->m_slots; s && s->slot; s++) {
        if (s->slot == Py_mod_create) {
            if (create)
                return w_raise_fmt(w_exc_SystemError, "module %s has multiple create slots",
                                   def->m_name);
            create = (PyObject * (*)(PyObject *, PyModuleDef *)) s->value;
        } else if (s->slot < 0 || s->slot > _Py_mod_LAST_SLOT) {
            return w_raise_fmt(w_exc_SystemError, "module %s uses unknown slot ID %i",
                               def->m_name, s->slot);
        }
    }
    PyObject *module;
    if (create) {
        module = create(spec, def);
        if (!module) {
            if (!w_err_occurred())
                w_raise_fmt(w_exc_SystemError,
                            "creation of module %s failed without setting an exception",
                            def->m_name);
            return NULL;
        }
        if (w_err_occurred()) {
            Py_DECREF(module);
            return w_raise_fmt(w_exc_SystemError, "creation of module %s raised unreported exception",
                               def->m_name);
        }
        if (!PyModule_Check(module)) {
            if (def->m_size > 0 || def->m_methods || def->m_doc) {
                Py_DECREF(module);
                return w_raise_fmt(w_exc_SystemError,
                                   "module %s is not a module object, but requests module state",
                                   def->m_name);
            }
            return module;
        }
    } else {
        module = capi_new_ref(w_module_new(def->m_name));
        if (!module)
            return NULL;
    }
    if (module_setup(module, def) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

int PyModule_ExecDef(PyObject *module, PyModuleDef *def)
{
    for (PyModuleDef_Slot *s = def->m_slots; s && s->slot; s++) {
        if (s->slot != Py_mod_exec)
            continue;
        int rc = ((int (*)(PyObject *))s->value)(module);
        if (rc != 0) {
            if (!w_err_occurred())
                w_raise_fmt(w_exc_SystemError,
                            "execution of module %s failed without setting an exception",
                            def->m_name);
            return -1;
        }
        if (w_err_occurred()) {
            w_raise_fmt(w_exc_SystemError, "execution of module %s raised unreported exception",
                        def->m_name);
            return -1;
        }
    }
    return 0;
}

int PyModule_AddObjectRef(PyObject *mod, const char *name, PyObject *value)
{
    if (!module_of(mod))
        return -1;
    if (!value) {
        if (!w_err_occurred())
            w_raise_fmt(w_exc_SystemError, "PyModule_AddObjectRef() must be called with an exception raised if value is NULL");
        return -1;
    }
    GC_ENTER();
    w_object *m = capi_link(mod), *v = NULL;
    GC_ROOT(m);
    GC_ROOT(v);
    v = capi_w(value);
    int rc = v ? w_module_add(m, name, v) : -1;
    GC_RETURN(rc);
}

int PyModule_AddObject(PyObject *mod, const char *name, PyObject *value)
{
    int rc = PyModule_AddObjectRef(mod, name, value);
    if (rc == 0)
        Py_DECREF(value);
    return rc;
}

int PyModule_AddIntConstant(PyObject *mod, const char *name, long value)
{
    PyObject *v = capi_new_ref(w_int_from_i64(value));
    int rc = PyModule_AddObjectRef(mod, name, v);
    Py_XDECREF(v);
    return rc;
}

int PyModule_AddStringConstant(PyObject *mod, const char *name, const char *value)
{
    PyObject *v = capi_new_ref(w_str_decode_utf8(value, strlen(value), "strict"));
    int rc = PyModule_AddObjectRef(mod, name, v);
    Py_XDECREF(v);
    return rc;
}

int PyModule_AddType(PyObject *mod, PyTypeObject *type)
{
    if (!(type->tp_flags & Py_TPFLAGS_READY) && PyType_Ready(type) < 0)
        return -1;
    return PyModule_AddObjectRef(mod, _PyType_Name(type), (PyObject *)type);
}

int capi_module_init(void)
{
    capi_bind_static_type(&PyModule_Type, w_module_type);
    capi_register_proxy_maker(W_TID_MODULE, module_proxy);
    capi_register_gc_safe_dealloc(module_dealloc);
    return 0;
}

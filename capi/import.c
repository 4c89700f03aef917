/* import.c — finding and loading extension modules: search path, dlopen, PyInit_*, errors. */
#define _GNU_SOURCE /* memmem */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capi/capi.h"

#ifndef FERRY_EXT_SUFFIX
#error "FERRY_EXT_SUFFIX must be defined by the build (configure computes it)"
#endif

/* The symbol Python.h defines in every extension (weak, so each file may): its name in a
   shared object's dynamic symbol table tells a Ferry build from a CPython one. */
#define ABI_MARKER "_ferry_abi_311"

const char *capi_package_context;

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Raises ImportError "<path>: <message>". */
__attribute__((format(printf, 2, 3))) static void *import_error(const char *path, const char *fmt,
                                                               ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return w_raise_fmt(w_exc_ImportError, "%s: %s", path, msg);
}

/* 1 if the file carries Ferry's ABI marker, 0 if not, -1 (ImportError) if unreadable. */
static int has_abi_marker(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        if (fd >= 0)
            close(fd);
        import_error(path, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    void *p = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (p == MAP_FAILED)
        return 0;
    /* the marker's name, NUL-terminated as in the symbol string table */
    int found = memmem(p, (size_t)st.st_size, ABI_MARKER, sizeof ABI_MARKER) != NULL;
    munmap(p, (size_t)st.st_size);
    return found;
}

/* What a Py_mod_create function receives as its spec: an object with the attributes of
   CPython's ModuleSpec that extensions read (name, origin). */
static w_object *make_spec(const char *fullname, const char *path)
{
    GC_ENTER();
    w_object *spec = NULL, *v = NULL;
    GC_ROOT(spec);
    GC_ROOT(v);
    spec = w_module_new("ModuleSpec");
    if (!spec)
        GC_RETURN(NULL);
    if (!(v = w_str_from_cstr(fullname)) || w_module_add(spec, "name", v) < 0 ||
        !(v = w_str_from_cstr(path)) || w_module_add(spec, "origin", v) < 0 ||
        w_module_add(spec, "loader", w_None) < 0 ||
        w_module_add(spec, "submodule_search_locations", w_None) < 0)
        GC_RETURN(NULL);
    GC_RETURN(spec);
}

/* Runs PyInit_<last> of a loaded library and makes the module (single- or multi-phase). */
static w_object *init_module(PyObject *(*init)(void), const char *fullname, const char *path)
{
    capi_flush_pending();
    const char *outer = capi_package_context;
    capi_package_context = fullname;
    PyObject *r = init();
    capi_package_context = outer;
    if (!r) {
        if (!w_err_occurred())
            w_raise_fmt(w_exc_SystemError,
                        "initialization of %s failed without raising an exception", fullname);
        return NULL;
    }
    if (w_err_occurred()) {
        if (Py_TYPE(r) != &PyModuleDef_Type)
            Py_DECREF(r);
        return w_raise_fmt(w_exc_SystemError, "initialization of %s raised unreported exception",
                           fullname);
    }
    if (Py_TYPE(r) != &PyModuleDef_Type) {
        if (!PyModule_Check(r)) {
            Py_DECREF(r);
            return w_raise_fmt(w_exc_SystemError,
                               "initialization of %s did not return an extension module",
                               fullname);
        }
        return capi_w_steal(r);
    }
    /* multi-phase: create from the definition, then run its exec slots */
    PyModuleDef *def = (PyModuleDef *)r;
    PyObject *spec = capi_new_ref(make_spec(fullname, path));
    if (!spec)
        return NULL;
    PyObject *m = PyModule_FromDefAndSpec2(def, spec, PYTHON_API_VERSION);
    Py_DECREF(spec);
    if (!m)
        return NULL;
    if (PyModule_Check(m) && PyModule_ExecDef(m, def) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return capi_w_steal(m);
}

static w_object *load_extension(const char *fullname, const char *path)
{
    int marked = has_abi_marker(path);
    if (marked < 0)
        return NULL;
    if (!marked)
        return import_error(path,
                            "not built for Ferry (no %s symbol: built against CPython's "
                            "headers?); rebuild it with the flags of `ferry-config --cflags`",
                            ABI_MARKER);
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *err = dlerror();
        const char *undef = err ? strstr(err, "undefined symbol: ") : NULL;
        if (undef)
            return import_error(path, "undefined symbol %s (Ferry does not provide it)",
                                undef + strlen("undefined symbol: "));
        return import_error(path, "cannot load: %s", err ? err : "unknown dlopen error");
    }
    const char *dot = strrchr(fullname, '.');
    const char *last = dot ? dot + 1 : fullname;
    char sym[512];
    snprintf(sym, sizeof sym, "PyInit_%s", last);
    PyObject *(*init)(void);
    *(void **)&init = dlsym(lib, sym);
    if (!init)
        return import_error(path, "dynamic module does not define module export function (%s)",
                            sym);
    /* the library stays loaded for good: its code may be referenced from anywhere */
    GC_ENTER();
    w_object *m = NULL, *file = NULL;
    GC_ROOT(m);
    GC_ROOT(file);
    m = init_module(init, fullname, path);
    if (!m)
        GC_RETURN(NULL);
    if (W_TYPE_CHECK(m, w_module_type)) {
        file = w_str_from_cstr(path);
        if (!file || w_module_add(m, "__file__", file) < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(m);
}

/* A module for directories named like a package that holds no module of its own (what
   CPython calls a namespace package): empty, with __path__ listing the directories. */
static w_object *namespace_module(const char *fullname, w_object *portions)
{
    GC_ENTER();
    w_object *m = NULL;
    GC_ROOT(portions);
    GC_ROOT(m);
    m = w_module_new(fullname);
    if (!m || w_module_add(m, "__path__", portions) < 0 ||
        w_module_add(m, "__file__", w_None) < 0)
        GC_RETURN(NULL);
    GC_RETURN(m);
}

/* Searches the directories of `dirs` (a list of str) for the module `last`. */
static w_object *find_in(const char *fullname, const char *last, w_object *dirs)
{
    GC_ENTER();
    w_object *portions = NULL, *entry = NULL, *found = NULL;
    GC_ROOT(dirs);
    GC_ROOT(portions);
    GC_ROOT(entry);
    GC_ROOT(found);
    portions = w_list_new(0);
    if (!portions)
        GC_RETURN(NULL);
    int64_t n = W_LIST_CHECK(dirs) ? w_list_size(dirs) : 0;
    for (int64_t i = 0; i < n && i < w_list_size(dirs); i++) {
        entry = w_list_get(dirs, i);
        if (!entry)
            GC_RETURN(NULL);
        if (!W_STR_CHECK(entry))
            continue;
        const char *dir = w_str_utf8(entry);
        size_t need = strlen(dir) + strlen(last) + sizeof FERRY_EXT_SUFFIX + 2;
        char *path = malloc(need);
        if (!path)
            GC_RETURN(w_raise(w_exc_MemoryError, NULL));
        const char *suffixes[] = {FERRY_EXT_SUFFIX, ".so"};
        for (size_t k = 0; k < 2; k++) {
            snprintf(path, need, "%s%s%s%s", dir, *dir ? "/" : "", last, suffixes[k]);
            if (is_file(path)) {
                found = load_extension(fullname, path);
                free(path);
                GC_RETURN(found);
            }
        }
        snprintf(path, need, "%s%s%s", dir, *dir ? "/" : "", last);
        if (is_dir(path)) {
            entry = w_str_decode_utf8(path, strlen(path), "surrogateescape");
            if (!entry || w_list_append(portions, entry) < 0) {
                free(path);
                GC_RETURN(NULL);
            }
        }
        free(path);
    }
    if (w_list_size(portions) > 0)
        GC_RETURN(namespace_module(fullname, portions));
    GC_RETURN(w_raise_fmt(w_exc_ModuleNotFoundError, "No module named '%s'", fullname));
}

w_object *capi_import(const char *name)
{
    GC_ENTER();
    w_object *key = NULL, *m = NULL, *parent = NULL, *dirs = NULL;
    GC_ROOT(key);
    GC_ROOT(m);
    GC_ROOT(parent);
    GC_ROOT(dirs);
    key = w_str_decode_utf8(name, strlen(name), "strict");
    if (!key)
        GC_RETURN(NULL);
    if ((m = w_modules_lookup(key)) || w_err_occurred())
        GC_RETURN(m);
    const char *dot = strrchr(name, '.');
    if (dot) {
        char *pname = strndup(name, (size_t)(dot - name));
        if (!pname)
            GC_RETURN(w_raise(w_exc_MemoryError, NULL));
        parent = capi_import(pname);
        if (!parent) {
            free(pname);
            GC_RETURN(NULL);
        }
        dirs = space_getattr_cstr(parent, "__path__");
        if (!dirs) {
            w_err_clear();
            w_raise_fmt(w_exc_ModuleNotFoundError, "No module named '%s'; '%s' is not a package",
                        name, pname);
            free(pname);
            GC_RETURN(NULL);
        }
        free(pname);
        /* the parent's import may have imported this module already */
        if ((m = w_modules_lookup(key)) || w_err_occurred())
            GC_RETURN(m);
    } else {
        dirs = space_getattr_cstr(w_sys_module(), "path");
        if (!dirs)
            GC_RETURN(NULL);
    }
    m = find_in(name, dot ? dot + 1 : name, dirs);
    if (!m)
        GC_RETURN(NULL);
    if (w_dict_set(w_modules_dict(), key, m) < 0)
        GC_RETURN(NULL);
    if (parent) {
        key = w_str_from_cstr(dot + 1);
        if (!key || space_setattr(parent, key, m) < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(m);
}

PyObject *PyImport_ImportModule(const char *name)
{
    if (!name) {
        capi_bad_internal_call();
        return NULL;
    }
    return capi_new_ref(capi_import(name));
}

PyObject *PyImport_Import(PyObject *name)
{
    const char *s = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (!s) {
        if (!w_err_occurred())
            capi_bad_internal_call();
        return NULL;
    }
    return PyImport_ImportModule(s);
}

/* The absolute name a relative import of `name` at `level` means in the package that
   `globals` (a module's dict) names: its __package__, else (as CPython falls back) the
   module's __name__, itself when it is a package (has __path__), else its parent. */
static PyObject *resolve_name(PyObject *name, PyObject *globals, int level)
{
    if (!globals || !PyDict_Check(globals)) {
        PyErr_SetString(PyExc_KeyError, "'__name__' not in globals");
        return NULL;
    }
    PyObject *package = _PyDict_GetItemStringWithError(globals, "__package__");
    if (!package && PyErr_Occurred())
        return NULL;
    PyObject *base;
    if (package && package != Py_None) {
        if (!PyUnicode_Check(package)) {
            PyErr_SetString(PyExc_TypeError, "package must be a string");
            return NULL;
        }
        base = Py_NewRef(package);
    } else {
        PyObject *mod = _PyDict_GetItemStringWithError(globals, "__name__");
        if (!mod) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_KeyError, "'__name__' not in globals");
            return NULL;
        }
        if (!PyUnicode_Check(mod)) {
            PyErr_SetString(PyExc_TypeError, "__name__ must be a string");
            return NULL;
        }
        if (_PyDict_GetItemStringWithError(globals, "__path__"))
            base = Py_NewRef(mod);
        else if (PyErr_Occurred())
            return NULL;
        else {
            Py_ssize_t dot = PyUnicode_FindChar(mod, '.', 0, PyUnicode_GET_LENGTH(mod), -1);
            if (dot == -2)
                return NULL;
            base = PyUnicode_Substring(mod, 0, dot < 0 ? 0 : dot);
            if (!base)
                return NULL;
        }
    }
    /* each level above the first goes up one package */
    for (int i = 1; i < level; i++) {
        Py_ssize_t dot = PyUnicode_FindChar(base, '.', 0, PyUnicode_GET_LENGTH(base), -1);
        if (dot < 0) {
            Py_DECREF(base);
            if (dot == -1)
                PyErr_SetString(PyExc_ImportError, "attempted relative import beyond top-level package");
            return NULL;
        }
        Py_SETREF(base, PyUnicode_Substring(base, 0, dot));
        if (!base)
            return NULL;
    }
    if (PyUnicode_GET_LENGTH(base) == 0) {
        Py_DECREF(base);
        PyErr_SetString(PyExc_ImportError, "attempted relative import with no known parent package");
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(name) == 0)
        return base;
    PyObject *full = PyUnicode_FromFormat("%U.%U", base, name);
    Py_DECREF(base);
    return full;
}

PyObject *PyImport_ImportModuleLevelObject(PyObject *name, PyObject *globals, PyObject *locals,
                                           PyObject *fromlist, int level)
{
    (void)locals;
    if (!name || !PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "module name must be a string");
        return NULL;
    }
    if (level < 0) {
        PyErr_SetString(PyExc_ValueError, "level must be >= 0");
        return NULL;
    }
    if (level == 0 && PyUnicode_GET_LENGTH(name) == 0) {
        PyErr_SetString(PyExc_ValueError, "Empty module name");
        return NULL;
    }
    PyObject *abs = level > 0 ? resolve_name(name, globals, level) : Py_NewRef(name);
    if (!abs)
        return NULL;
    PyObject *mod = PyImport_Import(abs);
    if (!mod) {
        Py_DECREF(abs);
        return NULL;
    }
    int from = fromlist && fromlist != Py_None ? PyObject_IsTrue(fromlist) : 0;
    if (from < 0) {
        Py_DECREF(abs);
        Py_DECREF(mod);
        return NULL;
    }
    if (from || level > 0 || PyUnicode_FindChar(name, '.', 0, PyUnicode_GET_LENGTH(name), 1) < 0) {
        Py_DECREF(abs);
        return mod;
    }
    /* `import a.b` binds the top-level package a */
    Py_DECREF(mod);
    Py_ssize_t dot = PyUnicode_FindChar(abs, '.', 0, PyUnicode_GET_LENGTH(abs), 1);
    PyObject *top = PyUnicode_Substring(abs, 0, dot);
    Py_DECREF(abs);
    if (!top)
        return NULL;
    mod = PyImport_Import(top);
    Py_DECREF(top);
    return mod;
}

PyObject *PyImport_ImportModuleLevel(const char *name, PyObject *globals, PyObject *locals,
                                     PyObject *fromlist, int level)
{
    PyObject *n = PyUnicode_FromString(name);
    if (!n)
        return NULL;
    PyObject *r = PyImport_ImportModuleLevelObject(n, globals, locals, fromlist, level);
    Py_DECREF(n);
    return r;
}

PyObject *PyImport_GetModuleDict(void)
{
    return capi_proxy(w_modules_dict());
}

PyObject *PyImport_AddModule(const char *name)
{
    GC_ENTER();
    w_object *key = NULL, *m = NULL;
    GC_ROOT(key);
    GC_ROOT(m);
    key = w_str_decode_utf8(name, strlen(name), "strict");
    if (!key)
        GC_RETURN(NULL);
    if (!(m = w_modules_lookup(key))) {
        if (w_err_occurred() || !(m = w_module_new(name)) ||
            w_dict_set(w_modules_dict(), key, m) < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(capi_proxy(m));
}

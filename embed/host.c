/* host.c — functions and modules that a host program offers to the runtime. */
#include <stdlib.h>
#include <string.h>

#include "embed/embed.h"

/*
 * A host function is a builtin whose `data` points to its record: the host's callback,
 * its user data and the name (the builtin keeps a pointer to it). Records are malloc'd
 * outside the collector and freed together at ferry_fini.
 */
typedef struct host_record {
    ferry_host_fn fn;
    void *userdata;
    char *name;
    struct host_record *next;
} host_record;

static host_record *records;

/*
 * Passes the arguments to the host as handles in a scope of their own. The handles root
 * the arguments while the keyword dict is built (an allocation) and while the host runs;
 * closing the scope releases every handle the host made, so the result is read out of its
 * handle first and returned without any allocation in between.
 */
static w_object *host_trampoline(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    host_record *rec = ((w_builtin *)callable)->data;
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    ferry_scope scope = gc_handle_scope_open();
    ferry_handle *handles = malloc((nargs + nkw + 1) * sizeof *handles);
    w_object *r = NULL;
    if (!handles) {
        gc_handle_scope_close(scope);
        return w_raise_fmt(w_exc_MemoryError, "out of memory calling %s", rec->name);
    }
    for (size_t i = 0; i < nargs + nkw; i++)
        handles[i] = embed_handle(args[i]);

    ferry_handle kwargs = NULL;
    if (nkw) {
        ferry_handle names = embed_handle(kwnames);
        kwargs = embed_handle(w_dict_new());
        if (!kwargs)
            goto out;
        for (size_t i = 0; i < nkw; i++)
            if (w_dict_set(embed_obj(kwargs), W_TUPLE_ITEMS(embed_obj(names))[i],
                           embed_obj(handles[nargs + i])) < 0)
                goto out;
    }

    ferry_handle result = rec->fn(rec->userdata, nargs, handles, kwargs);
    r = result ? embed_obj(result) : NULL;
    if (!r && !w_err_occurred()) {
        w_raise_fmt(w_exc_SystemError, "%s() returned NULL without setting an exception",
                    rec->name);
    } else if (r && w_err_occurred()) {
        r = NULL;
        w_raise_fmt(w_exc_SystemError, "%s() returned a result with an exception set",
                    rec->name);
    }
out:
    gc_handle_scope_close(scope);
    free(handles);
    return r;
}

FERRY_API ferry_handle ferry_function_new(const char *name, ferry_host_fn fn, void *userdata)
{
    if (!name || !fn)
        return w_raise_fmt(w_exc_SystemError, "ferry_function_new: name and fn are required");
    host_record *rec = malloc(sizeof *rec);
    char *copy = strdup(name);
    if (!rec || !copy) {
        free(rec);
        free(copy);
        return w_raise_fmt(w_exc_MemoryError, "out of memory creating host function");
    }
    rec->fn = fn;
    rec->userdata = userdata;
    rec->name = copy;
    w_object *f = w_builtin_new(rec->name, host_trampoline, NULL, rec);
    if (!f) {
        free(copy);
        free(rec);
        return NULL;
    }
    rec->next = records;
    records = rec;
    return embed_handle(f);
}

void embed_host_release(void)
{
    while (records) {
        host_record *next = records->next;
        free(records->name);
        free(records);
        records = next;
    }
}

FERRY_API ferry_handle ferry_module_new(const char *name)
{
    if (!name)
        return w_raise_fmt(w_exc_SystemError, "ferry_module_new: NULL name");
    return embed_handle(w_module_new(name));
}

FERRY_API ferry_handle ferry_module_dict(ferry_handle module)
{
    EMBED_CHECK(module, NULL);
    w_object *m = embed_obj(module);
    if (!W_TYPE_CHECK(m, w_module_type))
        return w_raise_fmt(w_exc_TypeError, "expected a module, not %s", W_TYPE(m)->name);
    return embed_handle(w_module_dict(m));
}

FERRY_API int ferry_module_register(ferry_handle module)
{
    EMBED_CHECK(module, -1);
    w_object *m = embed_obj(module);
    if (!W_TYPE_CHECK(m, w_module_type)) {
        w_raise_fmt(w_exc_TypeError, "expected a module, not %s", W_TYPE(m)->name);
        return -1;
    }
    return w_modules_register(m);
}

/* sys.modules (builtin and host modules), then extension modules on sys.path. */
FERRY_API ferry_handle ferry_import(const char *name)
{
    if (!name)
        return w_raise_fmt(w_exc_SystemError, "ferry_import: NULL name");
    return embed_handle(capi_import(name));
}

FERRY_API ferry_handle ferry_builtins(void)
{
    return embed_handle(w_builtins_module());
}

FERRY_API int ferry_add_search_path(const char *dir)
{
    GC_ENTER();
    w_object *path = NULL, *entry = NULL;
    GC_ROOT(path);
    GC_ROOT(entry);
    if (!dir) {
        w_raise_fmt(w_exc_SystemError, "ferry_add_search_path: NULL directory");
        GC_RETURN(-1);
    }
    path = space_getattr_cstr(w_sys_module(), "path");
    if (!path)
        GC_RETURN(-1);
    if (!W_LIST_CHECK(path)) {
        w_raise_fmt(w_exc_TypeError, "sys.path must be a list, not %s", W_TYPE(path)->name);
        GC_RETURN(-1);
    }
    /* str cannot hold the surrogates of undecodable bytes: a non-UTF-8 directory name
       is kept with replacement characters */
    entry = w_str_decode_utf8(dir, strlen(dir), "replace");
    if (!entry)
        GC_RETURN(-1);
    GC_RETURN(w_list_append(path, entry));
}

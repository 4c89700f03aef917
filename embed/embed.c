/* embed.c — the embedding API: start-up, constructors, inspection, operations, errors, GC. */
#include <stdlib.h>
#include <string.h>

#include "embed/embed.h"
#include "freelists/freelists.h"

/*
 * Each function turns its handles into objects as late as possible — after the last
 * allocation that precedes their use — and returns a new handle for its result, or NULL /
 * -1 with the runtime's exception pending. Objects held across an allocation are rooted.
 */

_Static_assert((int)FERRY_XOR == (int)W_OP_XOR && (int)FERRY_ADD == (int)W_OP_ADD &&
                   (int)FERRY_POW == (int)W_OP_POW,
               "ferry_binop follows enum w_binop");
_Static_assert((int)FERRY_ABS == (int)W_OP_ABS && (int)FERRY_NEG == (int)W_OP_NEG,
               "ferry_unop follows enum w_unop");
_Static_assert((int)FERRY_LT == (int)W_LT && (int)FERRY_GE == (int)W_GE,
               "ferry_cmpop follows enum w_cmpop");

static int running;
static ferry_scope outermost;

/* ---- lifecycle ---------------------------------------------------------------------- */

FERRY_API void ferry_config_default(ferry_config *cfg)
{
    cfg->nursery_size = 0;
    cfg->gc_stress = -1;
    cfg->gc_stress_major_every = 0;
}

FERRY_API int ferry_init(const ferry_config *cfg)
{
    ferry_config defaults;
    if (running)
        return -1;
    if (!cfg) {
        ferry_config_default(&defaults);
        cfg = &defaults;
    }
    gc_config g = {cfg->nursery_size, cfg->gc_stress, cfg->gc_stress_major_every};
    if (gc_init(&g) < 0)
        return -1;
    if (w_objects_init() < 0 || capi_init() < 0 || ff_init() < 0) {
        ff_fini();
        capi_fini();
        gc_shutdown();
        return -1;
    }
    outermost = gc_handle_scope_open();
    running = 1;
    return 0;
}

FERRY_API void ferry_fini(void)
{
    if (!running)
        return;
    w_err_clear();
    gc_handle_scope_close(outermost);
    ff_fini();
    capi_fini();
    gc_shutdown();
    embed_host_release();
    running = 0;
}

/* ---- constructors ------------------------------------------------------------------- */

FERRY_API ferry_handle ferry_none(void)
{
    return EMBED_CONST_HANDLE(w_None);
}

FERRY_API ferry_handle ferry_ellipsis(void)
{
    return EMBED_CONST_HANDLE(w_Ellipsis);
}

FERRY_API ferry_handle ferry_bool(int v)
{
    return v ? EMBED_CONST_HANDLE(w_True) : EMBED_CONST_HANDLE(w_False);
}

FERRY_API ferry_handle ferry_int(int64_t v)
{
    return embed_handle(w_int_from_i64(v));
}

FERRY_API ferry_handle ferry_int_from_string(const char *text, int base)
{
    if (!text)
        return w_raise_fmt(w_exc_SystemError, "ferry_int_from_string: NULL text");
    return embed_handle(w_int_from_text(text, strlen(text), base));
}

FERRY_API ferry_handle ferry_float(double v)
{
    return embed_handle(w_float_new(v));
}

FERRY_API ferry_handle ferry_str(const char *utf8, size_t len)
{
    if (!utf8)
        return w_raise_fmt(w_exc_SystemError, "ferry_str: NULL text");
    if (len == (size_t)-1)
        len = strlen(utf8);
    return embed_handle(w_str_decode_utf8(utf8, len, "strict"));
}

FERRY_API ferry_handle ferry_str_decode(const void *data, size_t len, const char *errors)
{
    if (!data && len)
        return w_raise_fmt(w_exc_SystemError, "ferry_str_decode: NULL data");
    return embed_handle(w_str_decode_utf8(data ? data : "", len, errors ? errors : "strict"));
}

FERRY_API ferry_handle ferry_bytes(const void *data, size_t len)
{
    if (!data && len)
        return w_raise_fmt(w_exc_SystemError, "ferry_bytes: NULL data");
    return embed_handle(w_bytes_from(data ? data : "", len));
}

FERRY_API ferry_handle ferry_bytearray(const void *data, size_t len)
{
    if (!data && len)
        return w_raise_fmt(w_exc_SystemError, "ferry_bytearray: NULL data");
    return embed_handle(w_bytearray_from(data ? data : "", len));
}

/* 0 if every handle of the array is non-NULL, else -1 (see EMBED_CHECK). */
static int check_handles(const ferry_handle *items, size_t n, const char *func)
{
    if (n && !items) {
        embed_null_handle(func);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!items[i]) {
            embed_null_handle(func);
            return -1;
        }
    return 0;
}

FERRY_API ferry_handle ferry_tuple(size_t n, const ferry_handle *items)
{
    if (check_handles(items, n, __func__) < 0)
        return NULL;
    w_object *t = w_tuple_new((int64_t)n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) /* no allocation while filling */
        w_tuple_set(t, (int64_t)i, embed_obj(items[i]));
    return embed_handle(t);
}

FERRY_API ferry_handle ferry_list(size_t n, const ferry_handle *items)
{
    GC_ENTER();
    w_object *l = NULL;
    GC_ROOT(l);
    if (check_handles(items, n, __func__) < 0 || !(l = w_list_new((int64_t)n)))
        GC_RETURN(NULL);
    for (size_t i = 0; i < n; i++)
        if (w_list_append(l, embed_obj(items[i])) < 0)
            GC_RETURN(NULL);
    GC_RETURN(embed_handle(l));
}

FERRY_API ferry_handle ferry_dict(void)
{
    return embed_handle(w_dict_new());
}

static ferry_handle make_set(size_t n, const ferry_handle *items, bool frozen, const char *func)
{
    GC_ENTER();
    w_object *s = NULL;
    GC_ROOT(s);
    if (check_handles(items, n, func) < 0 || !(s = w_set_new(frozen)))
        GC_RETURN(NULL);
    for (size_t i = 0; i < n; i++)
        if (w_set_add(s, embed_obj(items[i])) < 0)
            GC_RETURN(NULL);
    GC_RETURN(embed_handle(s));
}

FERRY_API ferry_handle ferry_set(size_t n, const ferry_handle *items)
{
    return make_set(n, items, false, __func__);
}

FERRY_API ferry_handle ferry_frozenset(size_t n, const ferry_handle *items)
{
    return make_set(n, items, true, __func__);
}

FERRY_API ferry_handle ferry_slice(ferry_handle start, ferry_handle stop, ferry_handle step)
{
    return embed_handle(w_slice_new(start ? embed_obj(start) : w_None,
                                    stop ? embed_obj(stop) : w_None,
                                    step ? embed_obj(step) : w_None));
}

/* ---- inspecting --------------------------------------------------------------------- */

FERRY_API const char *ferry_type_name(ferry_handle h)
{
    return h ? w_type_qualname(W_TYPE(embed_obj(h))) : "NULL";
}

FERRY_API ferry_handle ferry_type_of(ferry_handle h)
{
    EMBED_CHECK(h, NULL);
    return embed_handle((w_object *)W_TYPE(embed_obj(h)));
}

FERRY_API int ferry_is(ferry_handle a, ferry_handle b)
{
    return a && b && embed_obj(a) == embed_obj(b);
}

FERRY_API int ferry_is_none(ferry_handle h)
{
    return h && embed_obj(h) == w_None;
}

FERRY_API int ferry_is_int(ferry_handle h)
{
    return h && W_INT_CHECK(embed_obj(h));
}

FERRY_API int ferry_is_float(ferry_handle h)
{
    return h && W_FLOAT_CHECK(embed_obj(h));
}

FERRY_API int ferry_is_str(ferry_handle h)
{
    return h && W_STR_CHECK(embed_obj(h));
}

FERRY_API int ferry_is_bytes(ferry_handle h)
{
    return h && W_TYPE_CHECK(embed_obj(h), w_bytes_type);
}

FERRY_API int ferry_is_tuple(ferry_handle h)
{
    return h && W_TUPLE_CHECK(embed_obj(h));
}

FERRY_API int ferry_is_list(ferry_handle h)
{
    return h && W_LIST_CHECK(embed_obj(h));
}

FERRY_API int ferry_is_dict(ferry_handle h)
{
    return h && W_DICT_CHECK(embed_obj(h));
}

FERRY_API int ferry_int_value(ferry_handle h, int64_t *out)
{
    EMBED_CHECK(h, -1);
    w_object *o = embed_obj(h);
    if (!W_INT_CHECK(o) && !(o = space_index(o)))
        return -1;
    return w_int_as_i64(o, out);
}

FERRY_API int ferry_float_value(ferry_handle h, double *out)
{
    EMBED_CHECK(h, -1);
    return w_float_as_double(embed_obj(h), out);
}

FERRY_API char *ferry_str_utf8(ferry_handle h, size_t *len)
{
    EMBED_CHECK(h, NULL);
    w_object *s = embed_obj(h);
    if (!W_STR_CHECK(s))
        return w_raise_fmt(w_exc_TypeError, "expected str, not %s", W_TYPE(s)->name);
    size_t n = (size_t)w_str_nbytes(s);
    char *copy = malloc(n + 1);
    if (!copy)
        return w_raise_fmt(w_exc_MemoryError, "out of memory copying a str");
    memcpy(copy, w_str_utf8(embed_obj(h)), n + 1);
    if (len)
        *len = n;
    return copy;
}

FERRY_API void *ferry_bytes_data(ferry_handle h, size_t *len)
{
    EMBED_CHECK(h, NULL);
    w_object *b = embed_obj(h);
    if (!W_TYPE_CHECK(b, w_bytes_type) && !W_TYPE_CHECK(b, w_bytearray_type))
        return w_raise_fmt(w_exc_TypeError, "expected bytes or bytearray, not %s",
                           W_TYPE(b)->name);
    size_t n = (size_t)w_bytes_size(b);
    char *copy = malloc(n ? n : 1);
    if (!copy)
        return w_raise_fmt(w_exc_MemoryError, "out of memory copying bytes");
    if (n)
        memcpy(copy, w_bytes_data(embed_obj(h)), n);
    if (len)
        *len = n;
    return copy;
}

/* ---- operations --------------------------------------------------------------------- */

FERRY_API ferry_handle ferry_binary(ferry_binop op, ferry_handle a, ferry_handle b)
{
    EMBED_CHECK(a, NULL);
    EMBED_CHECK(b, NULL);
    if ((unsigned)op >= W_NBINOPS)
        return w_raise_fmt(w_exc_SystemError, "ferry_binary: bad operator %d", (int)op);
    return embed_handle(space_binop((enum w_binop)op, embed_obj(a), embed_obj(b)));
}

FERRY_API ferry_handle ferry_inplace(ferry_binop op, ferry_handle a, ferry_handle b)
{
    EMBED_CHECK(a, NULL);
    EMBED_CHECK(b, NULL);
    if ((unsigned)op >= W_NBINOPS || op == FERRY_DIVMOD)
        return w_raise_fmt(w_exc_SystemError, "ferry_inplace: bad operator %d", (int)op);
    return embed_handle(space_inplace((enum w_binop)op, embed_obj(a), embed_obj(b)));
}

FERRY_API ferry_handle ferry_unary(ferry_unop op, ferry_handle a)
{
    EMBED_CHECK(a, NULL);
    if ((unsigned)op >= W_NUNOPS)
        return w_raise_fmt(w_exc_SystemError, "ferry_unary: bad operator %d", (int)op);
    return embed_handle(space_unop((enum w_unop)op, embed_obj(a)));
}

FERRY_API ferry_handle ferry_compare(ferry_cmpop op, ferry_handle a, ferry_handle b)
{
    EMBED_CHECK(a, NULL);
    EMBED_CHECK(b, NULL);
    if ((unsigned)op > (unsigned)FERRY_GE)
        return w_raise_fmt(w_exc_SystemError, "ferry_compare: bad operator %d", (int)op);
    return embed_handle(space_richcompare(embed_obj(a), embed_obj(b), (int)op));
}

FERRY_API int ferry_truth(ferry_handle h)
{
    EMBED_CHECK(h, -1);
    return space_truth(embed_obj(h));
}

FERRY_API int ferry_hash(ferry_handle h, int64_t *out)
{
    EMBED_CHECK(h, -1);
    return space_hash(embed_obj(h), out);
}

FERRY_API ferry_handle ferry_repr(ferry_handle h)
{
    EMBED_CHECK(h, NULL);
    return embed_handle(space_repr(embed_obj(h)));
}

FERRY_API ferry_handle ferry_to_str(ferry_handle h)
{
    EMBED_CHECK(h, NULL);
    return embed_handle(space_str(embed_obj(h)));
}

FERRY_API int64_t ferry_len(ferry_handle h)
{
    EMBED_CHECK(h, -1);
    return space_len(embed_obj(h));
}

FERRY_API ferry_handle ferry_getitem(ferry_handle o, ferry_handle key)
{
    EMBED_CHECK(o, NULL);
    EMBED_CHECK(key, NULL);
    return embed_handle(space_getitem(embed_obj(o), embed_obj(key)));
}

FERRY_API int ferry_setitem(ferry_handle o, ferry_handle key, ferry_handle value)
{
    EMBED_CHECK(o, -1);
    EMBED_CHECK(key, -1);
    EMBED_CHECK(value, -1);
    return space_setitem(embed_obj(o), embed_obj(key), embed_obj(value));
}

FERRY_API int ferry_delitem(ferry_handle o, ferry_handle key)
{
    EMBED_CHECK(o, -1);
    EMBED_CHECK(key, -1);
    return space_delitem(embed_obj(o), embed_obj(key));
}

FERRY_API int ferry_contains(ferry_handle container, ferry_handle item)
{
    EMBED_CHECK(container, -1);
    EMBED_CHECK(item, -1);
    return space_contains(embed_obj(container), embed_obj(item));
}

/* A name from the host (any UTF-8 text) as a str. ASCII names (nearly all) are interned,
   so a host passing the same name on every call makes no object; others are decoded
   strictly (UnicodeDecodeError). */
static w_object *attr_name(const char *name)
{
    if (!name)
        return w_raise_fmt(w_exc_SystemError, "NULL attribute name");
    const unsigned char *p = (const unsigned char *)name;
    while (*p && *p < 0x80)
        p++;
    return *p ? w_str_decode_utf8(name, strlen(name), "strict") : w_str_intern(name);
}

FERRY_API ferry_handle ferry_getattr(ferry_handle o, const char *name)
{
    EMBED_CHECK(o, NULL);
    w_object *n = attr_name(name);
    return n ? embed_handle(space_getattr(embed_obj(o), n)) : NULL;
}

FERRY_API int ferry_setattr(ferry_handle o, const char *name, ferry_handle value)
{
    EMBED_CHECK(o, -1);
    EMBED_CHECK(value, -1);
    w_object *n = attr_name(name);
    return n ? space_setattr(embed_obj(o), n, embed_obj(value)) : -1;
}

FERRY_API int ferry_delattr(ferry_handle o, const char *name)
{
    EMBED_CHECK(o, -1);
    w_object *n = attr_name(name);
    return n ? space_setattr(embed_obj(o), n, NULL) : -1;
}

FERRY_API int ferry_hasattr(ferry_handle o, const char *name)
{
    EMBED_CHECK(o, -1);
    w_object *n = attr_name(name);
    return n ? space_hasattr(embed_obj(o), n) : -1;
}

FERRY_API ferry_handle ferry_iter(ferry_handle o)
{
    EMBED_CHECK(o, NULL);
    return embed_handle(space_iter(embed_obj(o)));
}

FERRY_API ferry_handle ferry_next(ferry_handle it)
{
    EMBED_CHECK(it, NULL);
    return embed_handle(space_next(embed_obj(it)));
}

FERRY_API int ferry_isinstance(ferry_handle o, ferry_handle cls)
{
    EMBED_CHECK(o, -1);
    EMBED_CHECK(cls, -1);
    return space_isinstance(embed_obj(o), embed_obj(cls));
}

/* Keyword names as the tuple of str that the calling convention takes (out of line: it
   is ferry_call's rare path). */
__attribute__((noinline)) static w_object *kwnames_tuple(size_t nkw, const char *const *kwnames)
{
    GC_ENTER();
    w_object *names = NULL;
    GC_ROOT(names);
    if (!kwnames)
        GC_RETURN(w_raise_fmt(w_exc_SystemError, "ferry_call: NULL kwnames"));
    if (!(names = w_tuple_new((int64_t)nkw)))
        GC_RETURN(NULL);
    for (size_t i = 0; i < nkw; i++) {
        w_object *n = attr_name(kwnames[i]);
        if (!n)
            GC_RETURN(NULL);
        w_tuple_set(names, (int64_t)i, n);
    }
    GC_RETURN(names);
}

/* Calls `callable` with `nargs` positional values then `nkw` keyword values named by
   `names` (a tuple of str, or NULL), the handles already checked. From reading the handles
   on nothing allocates in the GC heap until the callee has the array, and a callee roots
   its arguments itself (the w_callfn convention), so neither the array nor `names` needs a
   root here. */
static ferry_handle call_vector(ferry_handle callable, const ferry_handle *args, size_t nargs,
                                const ferry_handle *kwvalues, size_t nkw, w_object *names)
{
    w_object *buf[8];
    w_object **arr = w_args_array(buf, 8, nargs + nkw);
    if (!arr)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        arr[i] = embed_obj(args[i]);
    for (size_t i = 0; i < nkw; i++)
        arr[nargs + i] = embed_obj(kwvalues[i]);
    w_object *r = space_call(embed_obj(callable), arr, nargs, names);
    w_args_array_free(arr, buf);
    return embed_handle(r);
}

/* ferry_call with keywords or more than 8 arguments. */
__attribute__((noinline)) static ferry_handle call_general(ferry_handle callable, size_t nargs,
                                                          const ferry_handle *args, size_t nkw,
                                                          const char *const *kwnames,
                                                          const ferry_handle *kwvalues)
{
    if (check_handles(args, nargs, "ferry_call") < 0 ||
        check_handles(kwvalues, nkw, "ferry_call") < 0)
        return NULL;
    w_object *names = NULL; /* made first: it allocates */
    if (nkw && !(names = kwnames_tuple(nkw, kwnames)))
        return NULL;
    return call_vector(callable, args, nargs, kwvalues, nkw, names);
}

FERRY_API ferry_handle ferry_call(ferry_handle callable, size_t nargs, const ferry_handle *args,
                                  size_t nkw, const char *const *kwnames,
                                  const ferry_handle *kwvalues)
{
    EMBED_CHECK(callable, NULL);
    if (__builtin_expect(nkw || nargs > 8 || (nargs && !args), 0))
        return call_general(callable, nargs, args, nkw, kwnames, kwvalues);
    /* Positional arguments only, the common case: nothing allocates before the callee,
       which roots the array itself (see call_general). */
    w_object *arr[8];
    for (size_t i = 0; i < nargs; i++) {
        if (__builtin_expect(!args[i], 0)) {
            embed_null_handle(__func__);
            return NULL;
        }
        arr[i] = embed_obj(args[i]);
    }
    return embed_handle(space_call(embed_obj(callable), arr, nargs, NULL));
}

FERRY_API ferry_handle ferry_vectorcall(ferry_handle callable, const ferry_handle *args,
                                        size_t nargs, ferry_handle kwnames)
{
    EMBED_CHECK(callable, NULL);
    w_object *names = kwnames ? embed_obj(kwnames) : NULL;
    size_t nkw = 0;
    if (names) {
        if (!W_TUPLE_CHECK(names))
            return w_raise_fmt(w_exc_TypeError, "ferry_vectorcall: kwnames must be a tuple, not %s",
                               W_TYPE(names)->name);
        nkw = (size_t)W_TUPLE_SIZE(names);
        for (size_t i = 0; i < nkw; i++)
            if (!W_STR_CHECK(W_TUPLE_ITEMS(names)[i]))
                return w_raise_fmt(w_exc_TypeError, "keywords must be strings, not %s",
                                   W_TYPE(W_TUPLE_ITEMS(names)[i])->name);
        if (!nkw)
            names = NULL; /* the callees' convention: no keywords is NULL */
    }
    if (check_handles(args, nargs + nkw, __func__) < 0)
        return NULL;
    return call_vector(callable, args, nargs, args + nargs, nkw, names);
}

FERRY_API ferry_handle ferry_call_tuple(ferry_handle callable, ferry_handle args,
                                        ferry_handle kwargs)
{
    EMBED_CHECK(callable, NULL);
    if (args && !W_TUPLE_CHECK(embed_obj(args)))
        return w_raise_fmt(w_exc_TypeError, "argument list must be a tuple, not %s",
                           W_TYPE(embed_obj(args))->name);
    if (kwargs && !W_DICT_CHECK(embed_obj(kwargs)))
        return w_raise_fmt(w_exc_TypeError, "keyword arguments must be a dict, not %s",
                           W_TYPE(embed_obj(kwargs))->name);
    w_object *t = args ? embed_obj(args) : w_tuple_new(0);
    if (!t)
        return NULL;
    w_object *kw = kwargs ? embed_obj(kwargs) : NULL;
    return embed_handle(space_call_tuple(embed_obj(callable), t, kw));
}

/* The receiver `o`, then the arguments, as one array of runtime objects (the convention
   of space_vectorcall_method), the handles checked as they are read. */
static inline bool method_vector(w_object **arr, ferry_handle o, const ferry_handle *args,
                                 size_t nargs, const char *func)
{
    arr[0] = embed_obj(o);
    for (size_t i = 0; i < nargs; i++) {
        if (__builtin_expect(!args[i], 0)) {
            embed_null_handle(func);
            return false;
        }
        arr[1 + i] = embed_obj(args[i]);
    }
    return true;
}

/* o.NAME(*args), NAME an interned str, with any number of arguments. Nothing allocates
   between reading the handles and the callee, which roots the array. */
static ferry_handle call_method(ferry_handle o, w_object *name, size_t nargs,
                                const ferry_handle *args, const char *func)
{
    if (nargs && !args) {
        embed_null_handle(func);
        return NULL;
    }
    w_object *small[9];
    w_object **arr = w_args_array(small, 9, nargs + 1);
    if (!arr)
        return NULL;
    w_object *r = method_vector(arr, o, args, nargs, func)
                      ? space_vectorcall_method(name, arr, nargs + 1)
                      : NULL;
    w_args_array_free(arr, small);
    return embed_handle(r);
}

FERRY_API ferry_handle ferry_call_method(ferry_handle o, const char *name, size_t nargs,
                                         const ferry_handle *args)
{
    EMBED_CHECK(o, NULL);
    if (!name)
        return w_raise_fmt(w_exc_SystemError, "ferry_call_method: NULL name");
    w_object *n = w_str_intern(name);
    return n ? call_method(o, n, nargs, args, __func__) : NULL;
}

FERRY_API ferry_handle ferry_intern(const char *name)
{
    if (!name)
        return w_raise_fmt(w_exc_SystemError, "ferry_intern: NULL name");
    if (!w_str_decode_utf8(name, strlen(name), "strict")) /* interned text must be UTF-8 */
        return NULL;
    return embed_handle(w_str_intern(name));
}

FERRY_API ferry_handle ferry_call_method_name(ferry_handle o, ferry_handle name, size_t nargs,
                                              const ferry_handle *args)
{
    EMBED_CHECK(o, NULL);
    EMBED_CHECK(name, NULL);
    if (!W_STR_CHECK(embed_obj(name)))
        return w_raise_fmt(w_exc_TypeError, "attribute name must be string, not '%s'",
                           W_TYPE(embed_obj(name))->name);
    if (__builtin_expect(nargs > 8 || (nargs && !args), 0))
        return call_method(o, embed_obj(name), nargs, args, __func__);
    /* At most 8 arguments, the common case, in an array on the stack */
    w_object *arr[9];
    if (!method_vector(arr, o, args, nargs, __func__))
        return NULL;
    return embed_handle(space_vectorcall_method(embed_obj(name), arr, nargs + 1));
}

/* ---- container helpers -------------------------------------------------------------- */

FERRY_API int ferry_list_append(ferry_handle list, ferry_handle item)
{
    EMBED_CHECK(list, -1);
    EMBED_CHECK(item, -1);
    if (!W_LIST_CHECK(embed_obj(list))) {
        w_raise_fmt(w_exc_TypeError, "expected list, not %s", W_TYPE(embed_obj(list))->name);
        return -1;
    }
    return w_list_append(embed_obj(list), embed_obj(item));
}

FERRY_API int ferry_set_add(ferry_handle set, ferry_handle item)
{
    EMBED_CHECK(set, -1);
    EMBED_CHECK(item, -1);
    if (!W_TYPE_CHECK(embed_obj(set), w_set_type)) {
        w_raise_fmt(w_exc_TypeError, "expected set, not %s", W_TYPE(embed_obj(set))->name);
        return -1;
    }
    return w_set_add(embed_obj(set), embed_obj(item));
}

FERRY_API ferry_handle ferry_dict_get(ferry_handle d, const char *key)
{
    EMBED_CHECK(d, NULL);
    if (!W_DICT_CHECK(embed_obj(d)))
        return w_raise_fmt(w_exc_TypeError, "expected dict, not %s", W_TYPE(embed_obj(d))->name);
    w_object *k = attr_name(key);
    return k ? embed_handle(w_dict_get(embed_obj(d), k)) : NULL;
}

FERRY_API int ferry_dict_set(ferry_handle d, const char *key, ferry_handle value)
{
    EMBED_CHECK(d, -1);
    EMBED_CHECK(value, -1);
    if (!W_DICT_CHECK(embed_obj(d))) {
        w_raise_fmt(w_exc_TypeError, "expected dict, not %s", W_TYPE(embed_obj(d))->name);
        return -1;
    }
    w_object *k = attr_name(key);
    return k ? w_dict_set(embed_obj(d), k, embed_obj(value)) : -1;
}

/* ---- errors ------------------------------------------------------------------------- */

FERRY_API int ferry_err_occurred(void)
{
    return w_err_occurred();
}

FERRY_API const char *ferry_err_type_name(void)
{
    w_object *e = w_err_current();
    return e ? w_type_qualname(W_TYPE(e)) : NULL;
}

/* str() of the pending exception, computed with the exception taken out (so a failing
   __str__ cannot replace it) and put back afterwards. */
FERRY_API char *ferry_err_message(void)
{
    GC_ENTER();
    w_object *exc = w_err_fetch();
    GC_ROOT(exc);
    if (!exc)
        GC_RETURN(NULL);
    w_object *s = w_exc_str(exc);
    char *msg = s && W_STR_CHECK(s) ? strdup(w_str_utf8(s)) : strdup("<exception str() failed>");
    w_err_clear();
    w_raise_instance(exc);
    GC_RETURN(msg);
}

FERRY_API ferry_handle ferry_err_fetch(void)
{
    return embed_handle(w_err_fetch());
}

FERRY_API void ferry_err_restore(ferry_handle exc)
{
    if (exc)
        w_raise_instance(embed_obj(exc));
}

FERRY_API void ferry_err_clear(void)
{
    w_err_clear();
}

/* A builtin exception type by name ("ValueError"), or NULL. */
static w_type *builtin_exception(const char *name)
{
    if (!name)
        return NULL;
    w_object *t = w_dict_get_cstr(w_module_dict(w_builtins_module()), name);
    if (!t) {
        w_err_clear();
        return NULL;
    }
    if (!W_TYPE_CHECK(t, w_type_type) || !(((w_type *)t)->flags & W_TF_EXCEPTION))
        return NULL;
    return (w_type *)t;
}

FERRY_API void ferry_err_set(const char *type_name, const char *message)
{
    w_type *type = builtin_exception(type_name);
    if (!type) {
        w_raise_fmt(w_exc_SystemError, "ferry_err_set: no builtin exception named '%s'",
                    type_name ? type_name : "(null)");
        return;
    }
    w_object *msg = NULL;
    if (message && !(msg = w_str_decode_utf8(message, strlen(message), "replace")))
        return;
    w_raise(type, msg);
}

FERRY_API int ferry_err_matches(const char *type_name)
{
    w_type *type = builtin_exception(type_name);
    return type && w_err_matches(type);
}

/* ---- the collector ------------------------------------------------------------------ */

FERRY_API void ferry_gc_collect(int major)
{
    if (major)
        gc_collect_major();
    else
        gc_collect_minor();
}

FERRY_API void ferry_gc_stats_get(ferry_gc_stats *out)
{
    gc_stats s;
    gc_get_stats(&s);
    out->minor_collections = s.minor_collections;
    out->major_collections = s.major_collections;
    out->bytes_allocated = s.bytes_allocated;
    out->bytes_survived = s.bytes_survived;
    out->old_bytes_live = s.old_bytes_live;
    out->pause_ns_total = s.pause_ns_total;
    out->pause_ns_max = s.pause_ns_max;
    out->nursery_size = s.nursery_size;
    out->handles_live = gc_handles_live();
}

FERRY_API void ferry_capi_stats_get(ferry_capi_stats *out)
{
    freelist_counts c;
    out->proxies_old = capi_map_size();
    out->proxies_young = capi_young_count();
    freelist_int_counts(&c);
    out->int_hits = c.hits, out->int_misses = c.misses;
    freelist_float_counts(&c);
    out->float_hits = c.hits, out->float_misses = c.misses;
    freelist_tuple_counts(&c);
    out->tuple_hits = c.hits, out->tuple_misses = c.misses;
    freelist_str_counts(&c);
    out->str_hits = c.hits, out->str_misses = c.misses;
}

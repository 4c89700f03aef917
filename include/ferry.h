/* ferry.h — the embedding API: run Ferry's runtime from a host program. */
#ifndef FERRY_H
#define FERRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define FERRY_API __attribute__((visibility("default")))
#else
#define FERRY_API
#endif

/*
 * Conventions
 * -----------
 * One runtime per process (ferry_init ... ferry_fini). Any number of threads may use it,
 * one at a time: a thread calls ferry_* functions only while it holds the GIL (see
 * "threads" below). The thread that called ferry_init holds it from the start.
 *
 * Objects live in a moving garbage collector, so the host never holds a raw object
 * pointer: it holds a *handle*, a stable slot that the collector updates. Every function
 * returning a ferry_handle makes the handle in the innermost open scope; closing the scope
 * (ferry_scope_close) releases every handle made since it opened. The handles of None,
 * True, False and Ellipsis are constants instead, owned by no scope and valid until
 * ferry_fini (so returning None costs no slot). A handle that must
 * outlive its scope is made persistent with ferry_persist and released with
 * ferry_release. ferry_init opens an outermost scope.
 *
 * Errors are values: a function returning a handle returns NULL on error, one returning
 * int returns -1; the exception is then pending and can be read with ferry_err_* (and
 * must be cleared, or it is replaced by the next error).
 */
typedef struct ferry_object_slot *ferry_handle;
typedef size_t ferry_scope;

typedef struct ferry_config {
    size_t nursery_size;          /* bytes; 0: FERRY_NURSERY_SIZE or 4 MiB */
    int gc_stress;                /* -1: from FERRY_GC_STRESS; 0 off; 1 on */
    unsigned gc_stress_major_every; /* 0: FERRY_GC_STRESS_MAJOR or 64 */
} ferry_config;

/* Fills `cfg` with the defaults (everything from the environment). */
FERRY_API void ferry_config_default(ferry_config *cfg);
/* Starts the runtime. Returns 0, or -1 if it is already running or out of memory. */
FERRY_API int ferry_init(const ferry_config *cfg);
/* Stops the runtime and frees everything it allocated. Handles become invalid. */
FERRY_API void ferry_fini(void);

/* ---- threads ------------------------------------------------------------------------ */
/*
 * The GIL (global interpreter lock) is the runtime's: one thread holds it at a time, and
 * only that thread may call the other ferry_* functions. Each thread has its own handle
 * scopes and its own pending exception; handles stay valid across threads (a persistent
 * handle may be used by any thread holding the GIL, a scoped one lives until its thread
 * closes the scope or leaves). It is CPython's PyGILState_Ensure / Release and
 * Py_BEGIN / END_ALLOW_THREADS, and mixes freely with them.
 */
/* Enters the runtime from the calling thread: waits for the GIL and takes it, with the
   thread's own state (made on its first enter). Nestable: a thread already holding the
   GIL just counts one more level. Returns what ferry_thread_leave needs. */
typedef enum { FERRY_THREAD_NESTED, FERRY_THREAD_ENTERED } ferry_thread_token;
FERRY_API ferry_thread_token ferry_thread_enter(void);
/* Undoes the matching ferry_thread_enter: FERRY_THREAD_ENTERED lets go of the GIL, and the
   outermost leave also drops the thread's state (its remaining scoped handles and pending
   exception). */
FERRY_API void ferry_thread_leave(ferry_thread_token token);
/* Lets go of the GIL around long C work that touches no runtime object; the thread's
   handles, scopes and pending exception wait for it. Any thread holding the GIL may call
   it (the one that called ferry_init included), paired with ferry_gil_acquire. */
FERRY_API void ferry_gil_release(void);
FERRY_API void ferry_gil_acquire(void);
/* 1 if the calling thread holds the GIL. */
FERRY_API int ferry_gil_held(void);

/* ---- handles and scopes ------------------------------------------------------------ */
FERRY_API ferry_scope ferry_scope_open(void);
FERRY_API void ferry_scope_close(ferry_scope scope);
/* A persistent handle to the same object, valid until ferry_release, which takes only
   handles that ferry_persist returned. */
FERRY_API ferry_handle ferry_persist(ferry_handle h);
FERRY_API void ferry_release(ferry_handle persistent);
/* A new handle (in the current scope; a singleton's constant) to the same object. */
FERRY_API ferry_handle ferry_dup(ferry_handle h);

/* ---- constructors ------------------------------------------------------------------ */
FERRY_API ferry_handle ferry_none(void);
FERRY_API ferry_handle ferry_ellipsis(void);
FERRY_API ferry_handle ferry_bool(int v);
FERRY_API ferry_handle ferry_int(int64_t v);
/* Python's int(text, base): base 0 reads a prefix (0x, 0o, 0b) like a literal. */
FERRY_API ferry_handle ferry_int_from_string(const char *text, int base);
FERRY_API ferry_handle ferry_float(double v);
/* UTF-8 text; len (size_t)-1 means NUL-terminated. Invalid UTF-8: UnicodeDecodeError. */
FERRY_API ferry_handle ferry_str(const char *utf8, size_t len);
/* bytes.decode('utf-8', errors): "strict", "replace", "ignore", "surrogatepass" (which
   lets encoded lone surrogates through, as str literals like '\ud800' need) ... */
FERRY_API ferry_handle ferry_str_decode(const void *data, size_t len, const char *errors);
FERRY_API ferry_handle ferry_bytes(const void *data, size_t len);
FERRY_API ferry_handle ferry_bytearray(const void *data, size_t len);
FERRY_API ferry_handle ferry_tuple(size_t n, const ferry_handle *items);
FERRY_API ferry_handle ferry_list(size_t n, const ferry_handle *items);
FERRY_API ferry_handle ferry_dict(void);
FERRY_API ferry_handle ferry_set(size_t n, const ferry_handle *items);
FERRY_API ferry_handle ferry_frozenset(size_t n, const ferry_handle *items);
/* slice(start, stop, step); NULL arguments mean None. */
FERRY_API ferry_handle ferry_slice(ferry_handle start, ferry_handle stop, ferry_handle step);

/* ---- inspecting --------------------------------------------------------------------- */
/* The type's name ("int", "list", ...): static storage. */
FERRY_API const char *ferry_type_name(ferry_handle h);
FERRY_API ferry_handle ferry_type_of(ferry_handle h);
FERRY_API int ferry_is(ferry_handle a, ferry_handle b);
FERRY_API int ferry_is_none(ferry_handle h);
/* Each returns 1 if h is of the type (subclasses included), else 0. */
FERRY_API int ferry_is_int(ferry_handle h);
FERRY_API int ferry_is_float(ferry_handle h);
FERRY_API int ferry_is_str(ferry_handle h);
FERRY_API int ferry_is_bytes(ferry_handle h);
FERRY_API int ferry_is_tuple(ferry_handle h);
FERRY_API int ferry_is_list(ferry_handle h);
FERRY_API int ferry_is_dict(ferry_handle h);
/* 0 with *out set, or -1 (TypeError, OverflowError). */
FERRY_API int ferry_int_value(ferry_handle h, int64_t *out);
FERRY_API int ferry_float_value(ferry_handle h, double *out);
/* A malloc'd, NUL-terminated UTF-8 copy of a str (free it with free()); *len gets its
   length in bytes when len is not NULL. NULL with TypeError for a non-str. */
FERRY_API char *ferry_str_utf8(ferry_handle h, size_t *len);
/* A malloc'd copy of the bytes of a bytes or bytearray object. */
FERRY_API void *ferry_bytes_data(ferry_handle h, size_t *len);

/* ---- operations (the object space) ---------------------------------------------------- */
typedef enum ferry_binop {
    FERRY_ADD, FERRY_SUB, FERRY_MUL, FERRY_MATMUL, FERRY_TRUEDIV, FERRY_FLOORDIV, FERRY_MOD,
    FERRY_DIVMOD, FERRY_POW, FERRY_LSHIFT, FERRY_RSHIFT, FERRY_AND, FERRY_OR, FERRY_XOR
} ferry_binop;
typedef enum ferry_unop { FERRY_NEG, FERRY_POS, FERRY_INVERT, FERRY_ABS } ferry_unop;
typedef enum ferry_cmpop { FERRY_LT, FERRY_LE, FERRY_EQ, FERRY_NE, FERRY_GT, FERRY_GE } ferry_cmpop;

FERRY_API ferry_handle ferry_binary(ferry_binop op, ferry_handle a, ferry_handle b);
/* `a op= b` (not FERRY_DIVMOD): a's __iop__ method, else the mutable builtins updated in
   place (list +=, set |= ...: the result is `a`), else the binary operator. */
FERRY_API ferry_handle ferry_inplace(ferry_binop op, ferry_handle a, ferry_handle b);
FERRY_API ferry_handle ferry_unary(ferry_unop op, ferry_handle a);
FERRY_API ferry_handle ferry_compare(ferry_cmpop op, ferry_handle a, ferry_handle b);
/* Truth value: 1, 0, or -1 on error. */
FERRY_API int ferry_truth(ferry_handle h);
FERRY_API int ferry_hash(ferry_handle h, int64_t *out);
FERRY_API ferry_handle ferry_repr(ferry_handle h);
FERRY_API ferry_handle ferry_to_str(ferry_handle h);
FERRY_API int64_t ferry_len(ferry_handle h);
FERRY_API ferry_handle ferry_getitem(ferry_handle o, ferry_handle key);
FERRY_API int ferry_setitem(ferry_handle o, ferry_handle key, ferry_handle value);
FERRY_API int ferry_delitem(ferry_handle o, ferry_handle key);
/* `item in container`: 1, 0, or -1. */
FERRY_API int ferry_contains(ferry_handle container, ferry_handle item);
FERRY_API ferry_handle ferry_getattr(ferry_handle o, const char *name);
FERRY_API int ferry_setattr(ferry_handle o, const char *name, ferry_handle value);
FERRY_API int ferry_delattr(ferry_handle o, const char *name);
FERRY_API int ferry_hasattr(ferry_handle o, const char *name);
FERRY_API ferry_handle ferry_iter(ferry_handle o);
/* The next item, or NULL: exhausted when ferry_err_occurred() is 0, an error otherwise. */
FERRY_API ferry_handle ferry_next(ferry_handle it);
/* isinstance(o, cls): 1, 0, or -1 (cls may be a type or a tuple of types). */
FERRY_API int ferry_isinstance(ferry_handle o, ferry_handle cls);
/* Calls with positional arguments and, optionally, keyword arguments given as parallel
   arrays of names and values. */
FERRY_API ferry_handle ferry_call(ferry_handle callable, size_t nargs, const ferry_handle *args,
                                  size_t nkw, const char *const *kwnames,
                                  const ferry_handle *kwvalues);
/* CPython's PyObject_Vectorcall: args holds nargs positional values, then one value for
   each name in kwnames, a tuple of str made once and reused (or NULL for none). The
   fastest call with keywords: the names are neither converted nor hashed per call. */
FERRY_API ferry_handle ferry_vectorcall(ferry_handle callable, const ferry_handle *args,
                                        size_t nargs, ferry_handle kwnames);
/* callable(*args, **kwargs): args a tuple (or NULL), kwargs a dict (or NULL). */
FERRY_API ferry_handle ferry_call_tuple(ferry_handle callable, ferry_handle args,
                                        ferry_handle kwargs);
FERRY_API ferry_handle ferry_call_method(ferry_handle o, const char *name, size_t nargs,
                                         const ferry_handle *args);
/* The interned str of a name (UTF-8): the same object for the same text, so that a loop
   calling ferry_call_method_name with it neither hashes nor compares the text. */
FERRY_API ferry_handle ferry_intern(const char *name);
/* ferry_call_method with the name as a str handle (ferry_intern's, for speed). */
FERRY_API ferry_handle ferry_call_method_name(ferry_handle o, ferry_handle name, size_t nargs,
                                              const ferry_handle *args);

/* Container helpers. */
FERRY_API int ferry_list_append(ferry_handle list, ferry_handle item);
FERRY_API int ferry_set_add(ferry_handle set, ferry_handle item);
/* d[key] without raising: the value, or NULL with no error set when absent. */
FERRY_API ferry_handle ferry_dict_get(ferry_handle d, const char *key);
FERRY_API int ferry_dict_set(ferry_handle d, const char *key, ferry_handle value);

/* ---- errors ------------------------------------------------------------------------- */
FERRY_API int ferry_err_occurred(void);
/* The pending exception's type name ("KeyError"): static storage, NULL if none. */
FERRY_API const char *ferry_err_type_name(void);
/* str() of the pending exception, malloc'd (free it); NULL if none. */
FERRY_API char *ferry_err_message(void);
/* Takes the pending exception as a handle and clears it; NULL if none. */
FERRY_API ferry_handle ferry_err_fetch(void);
/* Makes an exception instance pending again (after ferry_err_fetch). */
FERRY_API void ferry_err_restore(ferry_handle exc);
FERRY_API void ferry_err_clear(void);
/* Raises a builtin exception by its name ("ValueError") with a message. */
FERRY_API void ferry_err_set(const char *type_name, const char *message);
/* 1 if the pending exception is an instance of the builtin type named `type_name`. */
FERRY_API int ferry_err_matches(const char *type_name);

/* ---- modules, host functions -------------------------------------------------------- */
/* Imports a module: sys.modules first (builtins, sys, types, host modules). */
FERRY_API ferry_handle ferry_import(const char *name);
FERRY_API ferry_handle ferry_builtins(void);
/* Adds a directory to the module search path (used by extension loading). */
FERRY_API int ferry_add_search_path(const char *dir);

/*
 * A host function. It receives its user data, the positional arguments and (possibly
 * NULL) a dict of keyword arguments; it returns a handle, or NULL with an error set
 * (ferry_err_set). Handles it makes are released when it returns, except the result.
 */
typedef ferry_handle (*ferry_host_fn)(void *userdata, size_t nargs, const ferry_handle *args,
                                      ferry_handle kwargs);
FERRY_API ferry_handle ferry_function_new(const char *name, ferry_host_fn fn, void *userdata);
/* A new, empty module; register it to make it importable. */
FERRY_API ferry_handle ferry_module_new(const char *name);
/* The module's namespace dict (the object itself, not a copy): TypeError for a non-module. */
FERRY_API ferry_handle ferry_module_dict(ferry_handle module);
FERRY_API int ferry_module_register(ferry_handle module);

/* ---- the collector ------------------------------------------------------------------ */
typedef struct ferry_gc_stats {
    uint64_t minor_collections, major_collections;
    uint64_t bytes_allocated, bytes_survived, old_bytes_live;
    uint64_t pause_ns_total, pause_ns_max;
    size_t nursery_size;
    size_t handles_live;
} ferry_gc_stats;

/* The C-API's proxies (objects C has seen) and the free lists behind int, float, tuple
   and small str proxies: a hit is a proxy taken from its list, a miss one malloc'd. */
typedef struct ferry_capi_stats {
    size_t proxies_old;    /* in the reverse map: proxies of old objects */
    size_t proxies_young;  /* made for young objects since the last minor collection */
    uint64_t int_hits, int_misses;
    uint64_t float_hits, float_misses;
    uint64_t tuple_hits, tuple_misses;
    uint64_t str_hits, str_misses; /* small strs, whose text fits the proxy */
} ferry_capi_stats;

FERRY_API void ferry_capi_stats_get(ferry_capi_stats *out);

/* major 0: a minor collection; 1: a full one. */
FERRY_API void ferry_gc_collect(int major);
FERRY_API void ferry_gc_stats_get(ferry_gc_stats *out);

/* ---- the direct FFI (libffi; ffi/README.md) ------------------------------------------
 * Signatures are C declarations over scalar types and pointers: "double cos(double)" for a
 * function (the name is looked up in the library), "int(void*, void*)" for a callback.
 * ferry_ffi_open(NULL) opens the process itself. Errors are values, as elsewhere: OSError
 * (library), AttributeError (symbol), ValueError (signature), TypeError/OverflowError
 * (arguments). A callback lives, with the callable it keeps alive, until ferry_fini. */
FERRY_API ferry_handle ferry_ffi_open(const char *path);
FERRY_API ferry_handle ferry_ffi_func(ferry_handle lib, const char *signature);
FERRY_API ferry_handle ferry_ffi_call(ferry_handle func, size_t nargs, const ferry_handle *args);
FERRY_API ferry_handle ferry_ffi_callback(const char *signature, ferry_handle callable);
/* The C function pointer of a callback (NULL with TypeError for anything else). */
FERRY_API void *ferry_ffi_address(ferry_handle callback);

#ifdef __cplusplus
}
#endif
#endif

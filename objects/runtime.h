/* runtime.h — builtin functions and methods, modules, exceptions, argument binding, builtins. */
#ifndef FERRY_RUNTIME_H
#define FERRY_RUNTIME_H

/*
 * A builtin: a C function with the w_callfn convention.
 *   function          flags 0, `self` NULL or its module. `fn` is called with the builtin
 *                     object itself first, so `self` and `data` are reachable from it.
 *   method descriptor in a type's dict, W_BF_METHOD (type `method_descriptor`). `fn` is
 *                     called with the *receiver* first: attribute access on an instance
 *                     makes a bound builtin (W_BF_METHOD|W_BF_BOUND, `self` the
 *                     receiver); calling the descriptor itself (`list.append(l, 1)`)
 *                     checks args[0]'s type and passes it as the receiver.
 *   classmethod       W_BF_CLASSMETHOD: like a method whose receiver is the type.
 * `data` is for the host (embedding API) and is not traced.
 */
typedef struct w_builtin {
    w_object ob;
    const char *name;
    w_callfn fn;
    w_object *self;
    w_type *owner;  /* for descriptors: the type defining it (old space) */
    void *data;
    void *cself;     /* the C-API's: the proxy of a module `self`, cached (capi/call.c) */
    const char *doc; /* __doc__ (static storage, NULL: None) */
    uint32_t flags;
} w_builtin;

/* W_BF_STATIC: `self` is kept only to name the function ("list.f()"), as for C's
   METH_STATIC functions; __self__ is None and the function does not receive it.
   W_BF_CFUNC: `fn` is always called with the builtin itself and finds the receiver in
   `self` — C functions of extensions (capi/call.c), whose `data` says how to call them. A
   descriptor of one called unbound is bound to its first argument first, unless it is
   W_BF_RECEIVER_FIRST: then `fn` takes the unbound descriptor with the (checked)
   receiver as args[0], and no bound object is made — the C-API's trampolines do, which
   is what calls like ferry_call_method and obj.m() need to be cheap. */
enum {
    W_BF_METHOD = 1,
    W_BF_CLASSMETHOD = 2,
    W_BF_BOUND = 4,
    W_BF_STATIC = 8,
    W_BF_CFUNC = 16,
    W_BF_RECEIVER_FIRST = 32
};

/* The receiver of a bound builtin method. */
#define W_SELF(callable) (((w_builtin *)(callable))->self)

w_object *w_builtin_new(const char *name, w_callfn fn, w_object *self, void *data);
/* Binds a method descriptor or classmethod found on a type to its receiver (space.c). */
w_object *w_bind_descriptor(w_object *descr, w_object *receiver);
/* Calls a builtin per the conventions above (the type's call slot). */
w_object *w_builtin_call(w_object *callable, w_object **args, size_t nargs, w_object *kwnames);
/* w_builtin_call of a method descriptor `descr` with its receiver as args[0] and no
   keywords (a method call, obj.m(...)); a C method on an instance of its own type goes
   straight to its trampoline. */
w_object *w_builtin_call_unbound(w_object *descr, w_object **args, size_t nargs);

/* A getset: a computed attribute; `get` receives the instance. `owner` is the type
   whose dict holds it (for its repr), NULL if unknown. */
typedef struct w_getset {
    w_object ob;
    const char *name;
    w_object *(*get)(w_object *self);
    w_type *owner;
} w_getset;

w_object *w_getset_new(w_type *owner, const char *name, w_object *(*get)(w_object *self));

/* Objects that are a few references (descrobject.c): property (fget, fset, fdel, doc,
   name), classmethod (the callable), super (type, obj, obj's type or obj itself) and bound
   methods of any callable (func, self). */
#define W_REFS_N 5
typedef struct w_refs {
    w_object ob;
    w_object *f[W_REFS_N]; /* NULL: unset */
} w_refs;

extern w_type *w_property_type, *w_classmethod_type, *w_boundmethod_type, *w_super_type;

/* Classes made by type(name, bases, dict) (class.c). Calling one: __new__, then __init__. */
w_object *w_class_construct(w_object *callable, w_object **args, size_t nargs, w_object *kwnames);
/* object.__new__(cls, *args, **kwargs) for a runtime class (or object itself), with
   CPython's checks of excess arguments. */
w_object *w_object_new(w_type *cls, w_object **args, size_t nargs, w_object *kwnames);
/* Set by the C-API: the instance dict of an object whose data lives in C (W_TID_COBJ),
   made if `create`; NULL without an error when it has none. */
extern w_object *(*w_cobj_dict_hook)(w_object *o, bool create);

/* Modules: a name and a dict. `builtin` marks the modules compiled into Ferry (builtins,
   sys, types): their repr says "(built-in)". */
typedef struct w_module {
    w_object ob;
    w_object *name;  /* str */
    w_object *dict;
    uint32_t builtin;
} w_module;

w_object *w_module_new(const char *name);
w_object *w_module_dict(w_object *m);
int w_module_add(w_object *m, const char *name, w_object *value);
/* sys.modules: registers a module under its name; lookup by name (NULL if absent). */
int w_modules_register(w_object *m);
w_object *w_modules_lookup(w_object *name);
w_object *w_builtins_module(void);
w_object *w_sys_module(void);
/* sys.modules itself (a dict). */
w_object *w_modules_dict(void);

/* Exceptions: instances of BaseException and its subclasses. */
typedef struct w_exc {
    w_object ob;
    w_object *args;     /* tuple */
    w_object *cause;    /* or NULL */
    w_object *context;  /* or NULL */
    w_object *dict;     /* attributes set on the instance, or NULL */
    w_object *members;  /* dict of the per-type fields CPython keeps in its exception
                           structs (errno, value, name, msg ...), or NULL */
    uint32_t suppress_context;
} w_exc;

#define W_EXC_CHECK(o) ((W_TYPE(o)->flags & W_TF_EXCEPTION) != 0)

/* The type of traceback objects, which the C-API defines (capi/traceback.c); NULL until
   it does. An exception keeps its __traceback__ among its members. */
extern w_type *w_traceback_type;
/* exc.__traceback__ = tb: a traceback or None, else TypeError. 0, or -1 with an error. */
int w_exc_set_traceback(w_object *exc, w_object *tb);

/* The CPython 3.11 hierarchy (those Ferry raises or a user can name). */
extern w_type *w_exc_BaseException, *w_exc_Exception, *w_exc_SystemExit,
    *w_exc_KeyboardInterrupt, *w_exc_GeneratorExit, *w_exc_StopIteration,
    *w_exc_ArithmeticError, *w_exc_OverflowError, *w_exc_ZeroDivisionError,
    *w_exc_FloatingPointError, *w_exc_AssertionError, *w_exc_AttributeError,
    *w_exc_BufferError, *w_exc_EOFError, *w_exc_ImportError, *w_exc_ModuleNotFoundError,
    *w_exc_LookupError, *w_exc_IndexError, *w_exc_KeyError, *w_exc_MemoryError,
    *w_exc_NameError, *w_exc_UnboundLocalError, *w_exc_OSError, *w_exc_FileNotFoundError,
    *w_exc_PermissionError, *w_exc_ReferenceError, *w_exc_RuntimeError,
    *w_exc_NotImplementedError, *w_exc_RecursionError, *w_exc_SyntaxError,
    *w_exc_SystemError, *w_exc_TypeError, *w_exc_ValueError, *w_exc_UnicodeError,
    *w_exc_UnicodeDecodeError, *w_exc_UnicodeEncodeError, *w_exc_Warning,
    *w_exc_DeprecationWarning, *w_exc_RuntimeWarning, *w_exc_UserWarning;
/* The rest of CPython 3.11's builtin exceptions. ExceptionGroup derives from
   BaseExceptionGroup only (types have a single base here), so it is not an Exception. */
extern w_type *w_exc_BaseExceptionGroup, *w_exc_ExceptionGroup, *w_exc_StopAsyncIteration,
    *w_exc_BlockingIOError, *w_exc_ChildProcessError, *w_exc_ConnectionError,
    *w_exc_BrokenPipeError, *w_exc_ConnectionAbortedError, *w_exc_ConnectionRefusedError,
    *w_exc_ConnectionResetError, *w_exc_FileExistsError, *w_exc_InterruptedError,
    *w_exc_IsADirectoryError, *w_exc_NotADirectoryError, *w_exc_ProcessLookupError,
    *w_exc_TimeoutError, *w_exc_IndentationError, *w_exc_TabError,
    *w_exc_UnicodeTranslateError, *w_exc_BytesWarning, *w_exc_EncodingWarning,
    *w_exc_FutureWarning, *w_exc_ImportWarning, *w_exc_PendingDeprecationWarning,
    *w_exc_ResourceWarning, *w_exc_SyntaxWarning, *w_exc_UnicodeWarning;

/* A new exception instance of `type` with the given args tuple (NULL: empty). */
w_object *w_exc_new(w_type *type, w_object *args);
/* str(exc) as CPython computes it (KeyError shows the repr of its single argument). */
w_object *w_exc_str(w_object *exc);
/* Looks a builtin exception type up by name ("KeyError"); NULL if there is none. */
w_type *w_exc_by_name(const char *name);

/*
 * Binding arguments to parameters for builtins. `names` lists every parameter; the first
 * `npos` may be given positionally, of which the first `nposonly` only positionally;
 * the first `nrequired` must be given. out[i] is NULL for a parameter not given.
 * Errors follow CPython's wording for builtins ("f() takes at most 2 arguments (3 given)",
 * "f() got an unexpected keyword argument 'x'", "f() missing required argument 'x' (pos 1)").
 */
typedef struct w_argspec {
    const char *fname;
    const char *const *names;
    uint8_t nnames, npos, nposonly, nrequired;
} w_argspec;

int w_args_bind(const w_argspec *spec, w_object **args, size_t nargs, w_object *kwnames,
                w_object **out);
/* For builtins taking only positional arguments: TypeError when kwnames is non-empty
   ("f() takes no keyword arguments") or nargs is outside [min, max], worded as CPython
   words it: max 0 "f() takes no arguments (1 given)", exactly one (METH_O) "f() takes
   exactly one argument (0 given)", otherwise "f expected at most 2 arguments, got 3".
   Methods pass their qualified name ("list.append"). */
int w_args_positional(const char *fname, size_t nargs, w_object *kwnames, size_t min, size_t max);
/* The array a call passes `n` arguments in (pointer-sized slots): `small`, of `nsmall`
   slots, when they fit, else a malloc'd one (w_args_array_heap); NULL with MemoryError
   when that fails. w_args_array_free gives a malloc'd one back. */
void *w_args_array_heap(size_t n);
static inline void *w_args_array(void *small, size_t nsmall, size_t n)
{
    return n <= nsmall ? small : w_args_array_heap(n);
}
static inline void w_args_array_free(void *arr, void *small)
{
    if (arr != small)
        free(arr);
}
/* An argument converted to a C int as Argument Clinic's `int` converter does: through
   __index__, OverflowError "Python int too large to convert to C int" outside the range. */
int w_arg_c_int(w_object *o, int *out);

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_runtime_register_tids(void);
int w_runtime_init(void);

/* Internal to the runtime family (builtin.c runs these from the two entry points above). */
void w_module_register_tids(void);
void w_exceptions_register_tids(void);
void w_builtins_iter_register_tids(void);
int w_module_init(void);
void w_class_register_tids(void);
void w_descrobject_register_tids(void);
/* property, classmethod, super, bound methods (descrobject.c), then class.c's
   w_class_init: object's own __new__, __init__, __setattr__, __delattr__,
   __getattribute__, __init_subclass__, and the builtin bases' __new__/__init__. */
int w_descrobject_init(w_object *builtins);
int w_class_init(void);
int w_exceptions_init(void);
/* Adds every builtin exception type to `module` under its name. */
int w_exceptions_export(w_object *module);
int w_builtins_init(void);
/* ascii(o): repr() with every non-ASCII code point escaped as \xhh, \uhhhh or \Uhhhhhhhh. */
w_object *w_builtin_ascii(w_object *o);
int w_builtins_iter_init(w_object *builtins);
int w_sys_init(void);
/* The gc module (gcmodule.c); `hook` runs after each gc.collect() (the C-API's flush of
   deallocations queued by the collection). */
int w_gcmodule_init(void);
/* object.__reduce_ex__, __reduce__ and __getstate__, the immutable builtins'
   __getnewargs__ and the copyreg module (reduce.c). */
int w_reduce_init(void);
void w_gc_set_collect_hook(void (*hook)(void));

#endif

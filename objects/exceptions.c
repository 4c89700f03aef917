/* exceptions.c — the builtin exception hierarchy and exception instances. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

w_type *w_exc_BaseException, *w_exc_Exception, *w_exc_SystemExit, *w_exc_KeyboardInterrupt,
    *w_exc_GeneratorExit, *w_exc_StopIteration, *w_exc_ArithmeticError, *w_exc_OverflowError,
    *w_exc_ZeroDivisionError, *w_exc_FloatingPointError, *w_exc_AssertionError,
    *w_exc_AttributeError, *w_exc_BufferError, *w_exc_EOFError, *w_exc_ImportError,
    *w_exc_ModuleNotFoundError, *w_exc_LookupError, *w_exc_IndexError, *w_exc_KeyError,
    *w_exc_MemoryError, *w_exc_NameError, *w_exc_UnboundLocalError, *w_exc_OSError,
    *w_exc_FileNotFoundError, *w_exc_PermissionError, *w_exc_ReferenceError,
    *w_exc_RuntimeError, *w_exc_NotImplementedError, *w_exc_RecursionError,
    *w_exc_SyntaxError, *w_exc_SystemError, *w_exc_TypeError, *w_exc_ValueError,
    *w_exc_UnicodeError, *w_exc_UnicodeDecodeError, *w_exc_UnicodeEncodeError, *w_exc_Warning,
    *w_exc_DeprecationWarning, *w_exc_RuntimeWarning, *w_exc_UserWarning;
w_type *w_exc_BaseExceptionGroup, *w_exc_ExceptionGroup, *w_exc_StopAsyncIteration,
    *w_exc_BlockingIOError, *w_exc_ChildProcessError, *w_exc_ConnectionError,
    *w_exc_BrokenPipeError, *w_exc_ConnectionAbortedError, *w_exc_ConnectionRefusedError,
    *w_exc_ConnectionResetError, *w_exc_FileExistsError, *w_exc_InterruptedError,
    *w_exc_IsADirectoryError, *w_exc_NotADirectoryError, *w_exc_ProcessLookupError,
    *w_exc_TimeoutError, *w_exc_IndentationError, *w_exc_TabError, *w_exc_UnicodeTranslateError,
    *w_exc_BytesWarning, *w_exc_EncodingWarning, *w_exc_FutureWarning, *w_exc_ImportWarning,
    *w_exc_PendingDeprecationWarning, *w_exc_ResourceWarning, *w_exc_SyntaxWarning,
    *w_exc_UnicodeWarning;

/* The hierarchy, every base before its subclasses (CPython 3.11's builtins). */
static const struct exc_def {
    w_type **slot;
    const char *name;
    w_type **base;
} exc_defs[] = {
    {&w_exc_BaseException, "BaseException", NULL},
    {&w_exc_BaseExceptionGroup, "BaseExceptionGroup", &w_exc_BaseException},
    {&w_exc_GeneratorExit, "GeneratorExit", &w_exc_BaseException},
    {&w_exc_KeyboardInterrupt, "KeyboardInterrupt", &w_exc_BaseException},
    {&w_exc_SystemExit, "SystemExit", &w_exc_BaseException},
    {&w_exc_Exception, "Exception", &w_exc_BaseException},
    {&w_exc_ExceptionGroup, "ExceptionGroup", &w_exc_BaseExceptionGroup},
    {&w_exc_ArithmeticError, "ArithmeticError", &w_exc_Exception},
    {&w_exc_FloatingPointError, "FloatingPointError", &w_exc_ArithmeticError},
    {&w_exc_OverflowError, "OverflowError", &w_exc_ArithmeticError},
    {&w_exc_ZeroDivisionError, "ZeroDivisionError", &w_exc_ArithmeticError},
    {&w_exc_AssertionError, "AssertionError", &w_exc_Exception},
    {&w_exc_AttributeError, "AttributeError", &w_exc_Exception},
    {&w_exc_BufferError, "BufferError", &w_exc_Exception},
    {&w_exc_EOFError, "EOFError", &w_exc_Exception},
    {&w_exc_ImportError, "ImportError", &w_exc_Exception},
    {&w_exc_ModuleNotFoundError, "ModuleNotFoundError", &w_exc_ImportError},
    {&w_exc_LookupError, "LookupError", &w_exc_Exception},
    {&w_exc_IndexError, "IndexError", &w_exc_LookupError},
    {&w_exc_KeyError, "KeyError", &w_exc_LookupError},
    {&w_exc_MemoryError, "MemoryError", &w_exc_Exception},
    {&w_exc_NameError, "NameError", &w_exc_Exception},
    {&w_exc_UnboundLocalError, "UnboundLocalError", &w_exc_NameError},
    {&w_exc_OSError, "OSError", &w_exc_Exception},
    {&w_exc_BlockingIOError, "BlockingIOError", &w_exc_OSError},
    {&w_exc_ChildProcessError, "ChildProcessError", &w_exc_OSError},
    {&w_exc_ConnectionError, "ConnectionError", &w_exc_OSError},
    {&w_exc_BrokenPipeError, "BrokenPipeError", &w_exc_ConnectionError},
    {&w_exc_ConnectionAbortedError, "ConnectionAbortedError", &w_exc_ConnectionError},
    {&w_exc_ConnectionRefusedError, "ConnectionRefusedError", &w_exc_ConnectionError},
    {&w_exc_ConnectionResetError, "ConnectionResetError", &w_exc_ConnectionError},
    {&w_exc_FileExistsError, "FileExistsError", &w_exc_OSError},
    {&w_exc_FileNotFoundError, "FileNotFoundError", &w_exc_OSError},
    {&w_exc_InterruptedError, "InterruptedError", &w_exc_OSError},
    {&w_exc_IsADirectoryError, "IsADirectoryError", &w_exc_OSError},
    {&w_exc_NotADirectoryError, "NotADirectoryError", &w_exc_OSError},
    {&w_exc_PermissionError, "PermissionError", &w_exc_OSError},
    {&w_exc_ProcessLookupError, "ProcessLookupError", &w_exc_OSError},
    {&w_exc_TimeoutError, "TimeoutError", &w_exc_OSError},
    {&w_exc_ReferenceError, "ReferenceError", &w_exc_Exception},
    {&w_exc_RuntimeError, "RuntimeError", &w_exc_Exception},
    {&w_exc_NotImplementedError, "NotImplementedError", &w_exc_RuntimeError},
    {&w_exc_RecursionError, "RecursionError", &w_exc_RuntimeError},
    {&w_exc_StopAsyncIteration, "StopAsyncIteration", &w_exc_Exception},
    {&w_exc_StopIteration, "StopIteration", &w_exc_Exception},
    {&w_exc_SyntaxError, "SyntaxError", &w_exc_Exception},
    {&w_exc_IndentationError, "IndentationError", &w_exc_SyntaxError},
    {&w_exc_TabError, "TabError", &w_exc_IndentationError},
    {&w_exc_SystemError, "SystemError", &w_exc_Exception},
    {&w_exc_TypeError, "TypeError", &w_exc_Exception},
    {&w_exc_ValueError, "ValueError", &w_exc_Exception},
    {&w_exc_UnicodeError, "UnicodeError", &w_exc_ValueError},
    {&w_exc_UnicodeDecodeError, "UnicodeDecodeError", &w_exc_UnicodeError},
    {&w_exc_UnicodeEncodeError, "UnicodeEncodeError", &w_exc_UnicodeError},
    {&w_exc_UnicodeTranslateError, "UnicodeTranslateError", &w_exc_UnicodeError},
    {&w_exc_Warning, "Warning", &w_exc_Exception},
    {&w_exc_BytesWarning, "BytesWarning", &w_exc_Warning},
    {&w_exc_DeprecationWarning, "DeprecationWarning", &w_exc_Warning},
    {&w_exc_EncodingWarning, "EncodingWarning", &w_exc_Warning},
    {&w_exc_FutureWarning, "FutureWarning", &w_exc_Warning},
    {&w_exc_ImportWarning, "ImportWarning", &w_exc_Warning},
    {&w_exc_PendingDeprecationWarning, "PendingDeprecationWarning", &w_exc_Warning},
    {&w_exc_ResourceWarning, "ResourceWarning", &w_exc_Warning},
    {&w_exc_RuntimeWarning, "RuntimeWarning", &w_exc_Warning},
    {&w_exc_SyntaxWarning, "SyntaxWarning", &w_exc_Warning},
    {&w_exc_UnicodeWarning, "UnicodeWarning", &w_exc_Warning},
    {&w_exc_UserWarning, "UserWarning", &w_exc_Warning},
};

#define NDEFS (sizeof exc_defs / sizeof exc_defs[0])
#define EXC(o) ((w_exc *)(o))

/* ---- gc descriptor ----------------------------------------------------------------------- */

static size_t exc_size(const void *o)
{
    return sizeof(w_exc);
}

static void exc_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_exc *e = o;
    if (e->args)
        visit((void **)&e->args, ctx);
    if (e->cause)
        visit((void **)&e->cause, ctx);
    if (e->context)
        visit((void **)&e->context, ctx);
    if (e->dict)
        visit((void **)&e->dict, ctx);
    if (e->members)
        visit((void **)&e->members, ctx);
    if (e->ob.type->flags & W_TF_CLASS) /* a class made by type(): the instance keeps it */
        visit((void **)&e->ob.type, ctx);
}

void w_exceptions_register_tids(void)
{
    static const gc_descr d = {"exception", exc_size, exc_trace};
    gc_register_tid(W_TID_EXC, &d);
}

/* ---- members: the per-type fields (errno, value, msg ...) -------------------------------- */

static w_object *member_get(w_object *exc, const char *key)
{
    w_object *m = EXC(exc)->members;
    if (!m)
        return NULL;
    w_object *v = w_dict_get_cstr(m, key);
    if (!v && w_err_occurred())
        w_err_clear();
    return v;
}

static int member_set(w_object *exc, const char *key, w_object *value)
{
    GC_ENTER();
    w_object *d = NULL;
    GC_ROOT(exc);
    GC_ROOT(value);
    GC_ROOT(d);
    if (!EXC(exc)->members) {
        if (!(d = w_dict_new()))
            GC_RETURN(-1);
        W_STORE(EXC(exc), members, d);
    }
    GC_RETURN(w_dict_set_cstr(EXC(exc)->members, key, value));
}

static int member_del(w_object *exc, w_object *key)
{
    if (!EXC(exc)->members)
        return 0;
    if (w_dict_del(EXC(exc)->members, key) < 0) {
        if (!w_err_matches(w_exc_KeyError))
            return -1;
        w_err_clear();
    }
    return 0;
}

#define MEMBER_GETTER(fn, key)                                                            \
    static w_object *fn(w_object *self)                                                   \
    {                                                                                     \
        w_object *v = member_get(self, key);                                              \
        return v ? v : w_None;                                                            \
    }

MEMBER_GETTER(get_value, "value")
MEMBER_GETTER(get_code, "code")
MEMBER_GETTER(get_msg, "msg")
MEMBER_GETTER(get_name, "name")
MEMBER_GETTER(get_path, "path")
MEMBER_GETTER(get_obj, "obj")
MEMBER_GETTER(get_errno, "errno")
MEMBER_GETTER(get_strerror, "strerror")
MEMBER_GETTER(get_filename, "filename")
MEMBER_GETTER(get_filename2, "filename2")
MEMBER_GETTER(get_lineno, "lineno")
MEMBER_GETTER(get_offset, "offset")
MEMBER_GETTER(get_text, "text")
MEMBER_GETTER(get_end_lineno, "end_lineno")
MEMBER_GETTER(get_end_offset, "end_offset")
MEMBER_GETTER(get_print_file_and_line, "print_file_and_line")
MEMBER_GETTER(get_encoding, "encoding")
MEMBER_GETTER(get_object, "object")
MEMBER_GETTER(get_start, "start")
MEMBER_GETTER(get_end, "end")
MEMBER_GETTER(get_reason, "reason")
MEMBER_GETTER(get_message, "message")
MEMBER_GETTER(get_exceptions, "exceptions")

static const struct member_def {
    w_type **owner;
    const char *name;
    w_object *(*get)(w_object *self);
} member_defs[] = {
    {&w_exc_StopIteration, "value", get_value},
    {&w_exc_SystemExit, "code", get_code},
    {&w_exc_ImportError, "msg", get_msg},
    {&w_exc_ImportError, "name", get_name},
    {&w_exc_ImportError, "path", get_path},
    {&w_exc_AttributeError, "name", get_name},
    {&w_exc_AttributeError, "obj", get_obj},
    {&w_exc_NameError, "name", get_name},
    {&w_exc_OSError, "errno", get_errno},
    {&w_exc_OSError, "strerror", get_strerror},
    {&w_exc_OSError, "filename", get_filename},
    {&w_exc_OSError, "filename2", get_filename2},
    {&w_exc_SyntaxError, "msg", get_msg},
    {&w_exc_SyntaxError, "filename", get_filename},
    {&w_exc_SyntaxError, "lineno", get_lineno},
    {&w_exc_SyntaxError, "offset", get_offset},
    {&w_exc_SyntaxError, "text", get_text},
    {&w_exc_SyntaxError, "end_lineno", get_end_lineno},
    {&w_exc_SyntaxError, "end_offset", get_end_offset},
    {&w_exc_SyntaxError, "print_file_and_line", get_print_file_and_line},
    {&w_exc_UnicodeError, "encoding", get_encoding},
    {&w_exc_UnicodeError, "object", get_object},
    {&w_exc_UnicodeError, "start", get_start},
    {&w_exc_UnicodeError, "end", get_end},
    {&w_exc_UnicodeError, "reason", get_reason},
    {&w_exc_BaseExceptionGroup, "message", get_message},
    {&w_exc_BaseExceptionGroup, "exceptions", get_exceptions},
};

#define NMEMBERS (sizeof member_defs / sizeof member_defs[0])

/* The member `name` of `exc`'s type, or NULL. */
static const struct member_def *find_member(w_object *exc, w_object *name)
{
    for (size_t i = 0; i < NMEMBERS; i++)
        if (W_TYPE_CHECK(exc, *member_defs[i].owner) && w_str_eq_cstr(name, member_defs[i].name))
            return &member_defs[i];
    return NULL;
}

/* ---- per-type initialisation of the members from the args -------------------------------- */

static int64_t nargs_of(w_object *exc)
{
    return W_TUPLE_SIZE(EXC(exc)->args);
}

static w_object *arg(w_object *exc, int64_t i)
{
    return W_TUPLE_ITEMS(EXC(exc)->args)[i];
}

static int stopiteration_init(w_object *exc, bool strict)
{
    return member_set(exc, "value", nargs_of(exc) ? arg(exc, 0) : w_None);
}

static int systemexit_init(w_object *exc, bool strict)
{
    int64_t n = nargs_of(exc);
    return member_set(exc, "code", n == 0 ? w_None : n == 1 ? arg(exc, 0) : EXC(exc)->args);
}

static int importerror_init(w_object *exc, bool strict)
{
    return member_set(exc, "msg", nargs_of(exc) == 1 ? arg(exc, 0) : w_None);
}

/* OSError(errno, strerror[, filename[, winerror[, filename2]]]): with a filename, args
   keeps only the first two. */
static int oserror_init(w_object *exc, bool strict)
{
    GC_ENTER();
    w_object *t = NULL;
    GC_ROOT(exc);
    GC_ROOT(t);
    int64_t n = nargs_of(exc);
    if (n < 2 || n > 5)
        GC_RETURN(0);
    if (member_set(exc, "errno", arg(exc, 0)) < 0 || member_set(exc, "strerror", arg(exc, 1)) < 0)
        GC_RETURN(-1);
    if (n >= 3 && arg(exc, 2) != w_None) {
        if (member_set(exc, "filename", arg(exc, 2)) < 0)
            GC_RETURN(-1);
        if (n == 5 && arg(exc, 4) != w_None && member_set(exc, "filename2", arg(exc, 4)) < 0)
            GC_RETURN(-1);
    }
    if (n >= 3) {
        if (!(t = w_tuple_pack(2, arg(exc, 0), arg(exc, 1))))
            GC_RETURN(-1);
        W_STORE(EXC(exc), args, t);
    }
    GC_RETURN(0);
}

/* SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])) */
static int syntaxerror_init(w_object *exc, bool strict)
{
    static const char *const keys[] = {"filename", "lineno", "offset", "text", "end_lineno",
                                       "end_offset"};
    GC_ENTER();
    w_object *info = NULL;
    GC_ROOT(exc);
    GC_ROOT(info);
    int64_t n = nargs_of(exc);
    if (n >= 1 && member_set(exc, "msg", arg(exc, 0)) < 0)
        GC_RETURN(-1);
    if (n != 2)
        GC_RETURN(0);
    if (!(info = w_tuple_from_iterable(arg(exc, 1)))) {
        if (strict)
            GC_RETURN(-1);
        w_err_clear();
        GC_RETURN(0);
    }
    int64_t ni = W_TUPLE_SIZE(info);
    if (ni < 4 || ni > 6) {
        if (!strict)
            GC_RETURN(0);
        w_raise_fmt(w_exc_TypeError, "function takes at %s %d arguments (%lld given)",
                    ni < 4 ? "least" : "most", ni < 4 ? 4 : 6, (long long)ni);
        GC_RETURN(-1);
    }
    for (int64_t i = 0; i < ni; i++)
        if (member_set(exc, keys[i], W_TUPLE_ITEMS(info)[i]) < 0)
            GC_RETURN(-1);
    GC_RETURN(0);
}

static bool is_bytes_like(w_object *o)
{
    return W_BYTES_CHECK(o) || W_BYTEARRAY_CHECK(o);
}

/* bytes(bytearray): the data is copied out first, since allocating may move it. */
static w_object *bytes_copy(w_object *o)
{
    size_t n = (size_t)w_bytes_size(o);
    char *tmp = malloc(n + 1);
    if (!tmp)
        return w_raise_fmt(w_exc_MemoryError, "out of memory");
    memcpy(tmp, w_bytes_data(o), n);
    w_object *b = w_bytes_from(tmp, n);
    free(tmp);
    return b;
}

/*
 * UnicodeDecodeError(encoding, object, start, end, reason), UnicodeEncodeError likewise
 * with a str object, UnicodeTranslateError(object, start, end, reason). Created from C
 * with other args (a plain message), the members stay unset and str() is the message.
 */
static int unicode_init(w_object *exc, bool strict)
{
    static const char *const keys5[] = {"encoding", "object", "start", "end", "reason"};
    GC_ENTER();
    w_object *v = NULL;
    GC_ROOT(exc);
    GC_ROOT(v);
    bool decode = W_TYPE_CHECK(exc, w_exc_UnicodeDecodeError);
    bool translate = W_TYPE_CHECK(exc, w_exc_UnicodeTranslateError);
    if (!decode && !translate && !W_TYPE_CHECK(exc, w_exc_UnicodeEncodeError))
        GC_RETURN(0);
    const char *const *keys = translate ? keys5 + 1 : keys5;
    int64_t want = translate ? 4 : 5, n = nargs_of(exc);
    if (n != want) {
        if (strict)
            w_raise_fmt(w_exc_TypeError, "function takes exactly %lld arguments (%lld given)",
                        (long long)want, (long long)n);
        GC_RETURN(strict ? -1 : 0);
    }
    for (int64_t i = 0; i < n; i++) {
        const char *key = keys[i];
        v = arg(exc, i);
        const char *bad = NULL;
        if (!strcmp(key, "object")) {
            if (decode && !is_bytes_like(v)) {
                if (strict)
                    w_raise_fmt(w_exc_TypeError, "a bytes-like object is required, not '%s'",
                                W_TYPE(v)->name);
                GC_RETURN(strict ? -1 : 0);
            }
            if (decode && !W_BYTES_CHECK(v) && !(v = bytes_copy(v)))
                GC_RETURN(-1);
            if (!decode && !W_STR_CHECK(v))
                bad = "str";
        } else if (!strcmp(key, "start") || !strcmp(key, "end")) {
            if (!(v = space_index(v))) {
                if (strict)
                    GC_RETURN(-1);
                w_err_clear();
                GC_RETURN(0);
            }
        } else if (!W_STR_CHECK(v)) {
            bad = "str";
        }
        if (bad) {
            if (strict)
                w_raise_fmt(w_exc_TypeError, "argument %lld must be %s, not %s", (long long)i + 1,
                            bad, W_TYPE(v)->name);
            GC_RETURN(strict ? -1 : 0);
        }
        if (member_set(exc, key, v) < 0)
            GC_RETURN(-1);
    }
    GC_RETURN(0);
}

/* BaseExceptionGroup(message, exceptions): exceptions a non-empty sequence of exceptions. */
static int group_init(w_object *exc, bool strict)
{
    GC_ENTER();
    w_object *excs = NULL;
    GC_ROOT(exc);
    GC_ROOT(excs);
    if (nargs_of(exc) != 2 || !W_STR_CHECK(arg(exc, 0)))
        GC_RETURN(0);
    w_object *seq = arg(exc, 1);
    if (!(excs = w_tuple_from_iterable(seq))) {
        w_err_clear();
        GC_RETURN(0);
    }
    if (member_set(exc, "message", arg(exc, 0)) < 0 || member_set(exc, "exceptions", excs) < 0)
        GC_RETURN(-1);
    GC_RETURN(0);
}

static const struct init_def {
    w_type **type;
    int (*init)(w_object *exc, bool strict);
} init_defs[] = {
    {&w_exc_StopIteration, stopiteration_init}, {&w_exc_SystemExit, systemexit_init},
    {&w_exc_ImportError, importerror_init},     {&w_exc_OSError, oserror_init},
    {&w_exc_SyntaxError, syntaxerror_init},     {&w_exc_UnicodeError, unicode_init},
    {&w_exc_BaseExceptionGroup, group_init},
};

static int run_init(w_object *exc, bool strict)
{
    for (size_t i = 0; i < sizeof init_defs / sizeof init_defs[0]; i++)
        if (W_TYPE_CHECK(exc, *init_defs[i].type))
            return init_defs[i].init(exc, strict);
    return 0;
}

static w_object *exc_alloc(w_type *type, w_object *args)
{
    GC_ENTER();
    GC_ROOT(args);
    if (!args && !(args = w_tuple_new(0)))
        GC_RETURN(NULL);
    w_exc *e = (w_exc *)w_alloc(type, W_TID_EXC, sizeof(w_exc));
    e->args = args;
    GC_RETURN(&e->ob);
}

w_object *w_exc_new(w_type *type, w_object *args)
{
    GC_ENTER();
    w_object *e = exc_alloc(type, args);
    GC_ROOT(e);
    if (!e || run_init(e, false) < 0)
        GC_RETURN(NULL);
    GC_RETURN(e);
}

w_type *w_exc_by_name(const char *name)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (!strcmp(exc_defs[i].name, name))
            return *exc_defs[i].slot;
    return NULL;
}

/* ---- construction from Python ------------------------------------------------------------ */

static size_t kw_count(w_object *kwnames)
{
    return kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
}

/* Builds the instance from positional args (strictly checked), without keywords. */
static w_object *construct_positional(w_type *type, w_object **args, size_t nargs)
{
    GC_ENTER();
    w_object *t = NULL, *e = NULL;
    GC_ROOT(t);
    GC_ROOT(e);
    if (!(t = w_tuple_from_array(args, (int64_t)nargs)))
        GC_RETURN(NULL);
    if (!(e = exc_alloc(type, t)) || run_init(e, true) < 0)
        GC_RETURN(NULL);
    GC_RETURN(e);
}

static w_object *exc_construct(w_object *callable, w_object **args, size_t nargs,
                               w_object *kwnames)
{
    w_type *type = (w_type *)callable;
    if (kw_count(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", type->name);
    return construct_positional(type, args, nargs);
}

/* The static spelling of keyword `kw` among `allowed`, or NULL. */
static const char *allowed_key(w_object *kw, const char *const *allowed, size_t nallowed)
{
    for (size_t i = 0; i < nallowed; i++)
        if (w_str_eq_cstr(kw, allowed[i]))
            return allowed[i];
    return NULL;
}

/*
 * ImportError(msg, name=, path=), AttributeError(name=, obj=), NameError(name=): keyword
 * arguments become members; an unknown one is reported against the defining type.
 */
static w_object *construct_with_keywords(w_object *callable, w_object **args, size_t nargs,
                                         w_object *kwnames, const char *owner,
                                         const char *const *allowed, size_t nallowed)
{
    size_t nkw = kw_count(kwnames);
    for (size_t k = 0; k < nkw; k++)
        if (!allowed_key(W_TUPLE_ITEMS(kwnames)[k], allowed, nallowed))
            return w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                               w_str_utf8(W_TUPLE_ITEMS(kwnames)[k]), owner);
    GC_ENTER();
    w_object *e = NULL;
    GC_ROOT_ARRAY(args, nargs + nkw);
    GC_ROOT(kwnames);
    GC_ROOT(e);
    if (!(e = construct_positional((w_type *)callable, args, nargs)))
        GC_RETURN(NULL);
    for (size_t k = 0; k < nkw; k++) {
        const char *key = allowed_key(W_TUPLE_ITEMS(kwnames)[k], allowed, nallowed);
        if (member_set(e, key, args[nargs + k]) < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(e);
}

static w_object *importerror_construct(w_object *callable, w_object **args, size_t nargs,
                                       w_object *kwnames)
{
    static const char *const allowed[] = {"name", "path"};
    return construct_with_keywords(callable, args, nargs, kwnames, "ImportError", allowed, 2);
}

static w_object *attributeerror_construct(w_object *callable, w_object **args, size_t nargs,
                                          w_object *kwnames)
{
    static const char *const allowed[] = {"name", "obj"};
    return construct_with_keywords(callable, args, nargs, kwnames, "AttributeError", allowed, 2);
}

static w_object *nameerror_construct(w_object *callable, w_object **args, size_t nargs,
                                     w_object *kwnames)
{
    static const char *const allowed[] = {"name"};
    return construct_with_keywords(callable, args, nargs, kwnames, "NameError", allowed, 1);
}

/* OSError(errno, ...) itself picks the subclass that the errno stands for. */
static w_type *oserror_subtype(w_object *errnum)
{
    static const struct {
        int code;
        w_type **type;
    } map[] = {
        {EAGAIN, &w_exc_BlockingIOError},       {EALREADY, &w_exc_BlockingIOError},
        {EINPROGRESS, &w_exc_BlockingIOError},  {EWOULDBLOCK, &w_exc_BlockingIOError},
        {ECHILD, &w_exc_ChildProcessError},     {EPIPE, &w_exc_BrokenPipeError},
        {ESHUTDOWN, &w_exc_BrokenPipeError},    {ECONNABORTED, &w_exc_ConnectionAbortedError},
        {ECONNREFUSED, &w_exc_ConnectionRefusedError},
        {ECONNRESET, &w_exc_ConnectionResetError},
        {EEXIST, &w_exc_FileExistsError},       {ENOENT, &w_exc_FileNotFoundError},
        {EISDIR, &w_exc_IsADirectoryError},     {ENOTDIR, &w_exc_NotADirectoryError},
        {EINTR, &w_exc_InterruptedError},       {EACCES, &w_exc_PermissionError},
        {EPERM, &w_exc_PermissionError},        {ESRCH, &w_exc_ProcessLookupError},
        {ETIMEDOUT, &w_exc_TimeoutError},
    };
    if (W_TYPE(errnum) != w_int_type)
        return NULL;
    int64_t code;
    if (w_int_as_i64(errnum, &code) < 0) {
        w_err_clear();
        return NULL;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].code == code)
            return *map[i].type;
    return NULL;
}

static w_object *oserror_construct(w_object *callable, w_object **args, size_t nargs,
                                   w_object *kwnames)
{
    w_type *type = (w_type *)callable;
    if (kw_count(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", type->name);
    if (type == w_exc_OSError && nargs >= 2 && nargs <= 5) {
        w_type *sub = oserror_subtype(args[0]);
        if (sub)
            type = sub;
    }
    return construct_positional(type, args, nargs);
}

static w_object *group_construct(w_object *callable, w_object **args, size_t nargs,
                                 w_object *kwnames)
{
    w_type *type = (w_type *)callable;
    if (kw_count(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", type->name);
    if (nargs != 2)
        return w_raise_fmt(w_exc_TypeError,
                           "BaseExceptionGroup.__new__() takes exactly 2 arguments (%zu given)",
                           nargs);
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError,
                           "BaseExceptionGroup.__new__() argument 1 must be str, not %s",
                           W_TYPE(args[0])->name);
    w_type *st = W_TYPE(args[1]);
    if (!st->getitem || !st->len || W_DICT_CHECK(args[1]))
        return w_raise_fmt(w_exc_TypeError, "second argument (exceptions) must be a sequence");
    GC_ENTER();
    w_object *excs = NULL;
    GC_ROOT_ARRAY(args, 2);
    GC_ROOT(excs);
    if (!(excs = w_tuple_from_iterable(args[1])))
        GC_RETURN(NULL);
    int64_t n = W_TUPLE_SIZE(excs);
    if (n == 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError,
                              "second argument (exceptions) must be a non-empty sequence"));
    bool all_exceptions = true;
    for (int64_t i = 0; i < n; i++) {
        w_object *x = W_TUPLE_ITEMS(excs)[i];
        if (!W_EXC_CHECK(x))
            GC_RETURN(w_raise_fmt(w_exc_ValueError,
                                  "Item %lld of second argument (exceptions) is not an exception",
                                  (long long)i));
        if (!W_TYPE_CHECK(x, w_exc_Exception))
            all_exceptions = false;
    }
    if (type == w_exc_BaseExceptionGroup && all_exceptions)
        type = w_exc_ExceptionGroup;
    else if (w_type_is_subtype(type, w_exc_ExceptionGroup) && !all_exceptions)
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup"));
    GC_RETURN(construct_positional(type, args, 2));
}

/* ---- str and repr ------------------------------------------------------------------------ */

static w_object *base_str(w_object *self)
{
    int64_t n = nargs_of(self);
    if (n == 0)
        return w_str_intern("");
    if (n == 1)
        return space_str(arg(self, 0));
    return space_str(EXC(self)->args);
}

static w_object *keyerror_str(w_object *self)
{
    if (nargs_of(self) == 1)
        return space_repr(arg(self, 0));
    return base_str(self);
}

static w_object *importerror_str(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    w_object *msg = member_get(self, "msg");
    if (msg && W_TYPE(msg) == w_str_type)
        GC_RETURN(msg);
    GC_RETURN(base_str(self));
}

/* Appends str(o) (repr(o) when `repr`) to `b`. The object must be rooted by the caller. */
static int add_text(w_strbuf *b, w_object *o, bool repr)
{
    w_object *s = repr ? space_repr(o) : space_str(o);
    if (!s)
        return -1;
    w_strbuf_add_str(b, s);
    return 0;
}

static w_object *oserror_str(w_object *self)
{
    GC_ENTER();
    w_object *no = NULL, *strerror = NULL, *fn = NULL, *fn2 = NULL;
    GC_ROOT(self);
    GC_ROOT(no);
    GC_ROOT(strerror);
    GC_ROOT(fn);
    GC_ROOT(fn2);
    no = member_get(self, "errno");
    strerror = member_get(self, "strerror");
    fn = member_get(self, "filename");
    fn2 = member_get(self, "filename2");
    if (!fn && !(no && strerror))
        GC_RETURN(base_str(self));
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, "[Errno ");
    if (add_text(&b, no ? no : w_None, false) < 0)
        goto fail;
    w_strbuf_addc(&b, "] ");
    if (add_text(&b, strerror ? strerror : w_None, false) < 0)
        goto fail;
    if (fn) {
        w_strbuf_addc(&b, ": ");
        if (add_text(&b, fn, true) < 0)
            goto fail;
        if (fn2) {
            w_strbuf_addc(&b, " -> ");
            if (add_text(&b, fn2, true) < 0)
                goto fail;
        }
    }
    GC_RETURN(w_strbuf_finish(&b));
fail:
    w_strbuf_free(&b);
    GC_RETURN(NULL);
}

static w_object *syntaxerror_str(w_object *self)
{
    GC_ENTER();
    w_object *msg = NULL, *fn = NULL, *lineno = NULL;
    GC_ROOT(self);
    GC_ROOT(msg);
    GC_ROOT(fn);
    GC_ROOT(lineno);
    msg = member_get(self, "msg");
    fn = member_get(self, "filename");
    lineno = member_get(self, "lineno");
    if (fn && !W_STR_CHECK(fn))
        fn = NULL;
    int64_t line = 0;
    bool have_line = lineno && W_TYPE(lineno) == w_int_type && w_int_as_i64(lineno, &line) == 0;
    if (lineno && !have_line)
        w_err_clear();
    if (!fn && !have_line)
        GC_RETURN(space_str(msg ? msg : w_None));
    w_strbuf b;
    w_strbuf_init(&b);
    if (add_text(&b, msg ? msg : w_None, false) < 0) {
        w_strbuf_free(&b);
        GC_RETURN(NULL);
    }
    w_strbuf_addc(&b, " (");
    if (fn) {
        const char *path = w_str_utf8(fn), *slash = strrchr(path, '/');
        w_strbuf_addc(&b, slash ? slash + 1 : path);
        if (have_line)
            w_strbuf_addc(&b, ", ");
    }
    if (have_line)
        w_strbuf_printf(&b, "line %lld", (long long)line);
    w_strbuf_addc(&b, ")");
    GC_RETURN(w_strbuf_finish(&b));
}

/* The code point at index `i` of a str (0 <= i < length). */
static uint32_t str_codepoint_at(w_object *s, int64_t i)
{
    const unsigned char *p = (const unsigned char *)w_str_utf8(s);
    while (i > 0) {
        p++;
        if ((*p & 0xC0) != 0x80)
            i--;
    }
    uint32_t c = *p;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    while (extra--)
        c = (c << 6) | (*++p & 0x3F);
    return c;
}

static void add_escaped_codepoint(w_strbuf *b, uint32_t c)
{
    if (c <= 0xFF)
        w_strbuf_printf(b, "\\x%02x", c);
    else if (c <= 0xFFFF)
        w_strbuf_printf(b, "\\u%04x", c);
    else
        w_strbuf_printf(b, "\\U%08x", c);
}

static w_object *unicode_str(w_object *self)
{
    GC_ENTER();
    w_object *enc = NULL, *obj = NULL, *reason = NULL, *so = NULL, *eo = NULL;
    GC_ROOT(self);
    GC_ROOT(enc);
    GC_ROOT(obj);
    GC_ROOT(reason);
    GC_ROOT(so);
    GC_ROOT(eo);
    bool decode = W_TYPE_CHECK(self, w_exc_UnicodeDecodeError);
    bool translate = W_TYPE_CHECK(self, w_exc_UnicodeTranslateError);
    enc = member_get(self, "encoding");
    obj = member_get(self, "object");
    reason = member_get(self, "reason");
    so = member_get(self, "start");
    eo = member_get(self, "end");
    int64_t start, end;
    if (!obj || !reason || !so || !eo || (!translate && !enc) || !W_INT_CHECK(so) ||
        !W_INT_CHECK(eo) || w_int_as_i64(so, &start) < 0 || w_int_as_i64(eo, &end) < 0) {
        w_err_clear();
        GC_RETURN(base_str(self));
    }
    w_strbuf b;
    w_strbuf_init(&b);
    if (!translate) {
        w_strbuf_addc(&b, "'");
        if (add_text(&b, enc, false) < 0)
            goto fail;
        w_strbuf_addc(&b, "' codec ");
    }
    const char *verb = decode ? "decode" : translate ? "translate" : "encode";
    int64_t size = decode ? w_bytes_size(obj) : W_STR_CHECK(obj) ? w_str_length(obj) : 0;
    if (start >= 0 && start < size && end == start + 1) {
        if (decode) {
            w_strbuf_printf(&b, "can't decode byte 0x%02x",
                            (unsigned char)w_bytes_data(obj)[start]);
        } else {
            w_strbuf_printf(&b, "can't %s character '", verb);
            add_escaped_codepoint(&b, str_codepoint_at(obj, start));
            w_strbuf_addc(&b, "'");
        }
        w_strbuf_printf(&b, " in position %lld: ", (long long)start);
    } else {
        w_strbuf_printf(&b, "can't %s %s in position %lld-%lld: ", verb,
                        decode ? "bytes" : "characters", (long long)start, (long long)(end - 1));
    }
    if (add_text(&b, reason, false) < 0)
        goto fail;
    GC_RETURN(w_strbuf_finish(&b));
fail:
    w_strbuf_free(&b);
    GC_RETURN(NULL);
}

static w_object *group_str(w_object *self)
{
    GC_ENTER();
    w_object *msg = NULL, *excs = NULL;
    GC_ROOT(self);
    GC_ROOT(msg);
    GC_ROOT(excs);
    msg = member_get(self, "message");
    excs = member_get(self, "exceptions");
    if (!msg || !excs || !W_TUPLE_CHECK(excs))
        GC_RETURN(base_str(self));
    int64_t n = W_TUPLE_SIZE(excs);
    w_strbuf b;
    w_strbuf_init(&b);
    if (add_text(&b, msg, false) < 0) {
        w_strbuf_free(&b);
        GC_RETURN(NULL);
    }
    w_strbuf_printf(&b, " (%lld sub-exception%s)", (long long)n, n == 1 ? "" : "s");
    GC_RETURN(w_strbuf_finish(&b));
}

w_object *w_exc_str(w_object *exc)
{
    w_object *(*str)(w_object *) = W_TYPE(exc)->str;
    return str ? str(exc) : base_str(exc);
}

/* ValueError('x'), ValueError(), ValueError(1, 2) */
static w_object *exc_repr(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_addc(&b, w_type_qualname(W_TYPE(self)));
    int64_t n = nargs_of(self);
    if (n == 1) {
        w_strbuf_addc(&b, "(");
        if (add_text(&b, arg(self, 0), true) < 0)
            goto fail;
        w_strbuf_addc(&b, ")");
    } else if (add_text(&b, EXC(self)->args, true) < 0) {
        goto fail;
    }
    GC_RETURN(w_strbuf_finish(&b));
fail:
    w_strbuf_free(&b);
    GC_RETURN(NULL);
}

/* ---- attributes -------------------------------------------------------------------------- */

static w_object *exc_get_args(w_object *self)
{
    return EXC(self)->args;
}

static w_object *exc_get_cause(w_object *self)
{
    return EXC(self)->cause ? EXC(self)->cause : w_None;
}

static w_object *exc_get_context(w_object *self)
{
    return EXC(self)->context ? EXC(self)->context : w_None;
}

w_type *w_traceback_type;

static w_object *exc_get_traceback(w_object *self)
{
    w_object *tb = member_get(self, "__traceback__");
    return tb ? tb : w_None;
}

int w_exc_set_traceback(w_object *exc, w_object *tb)
{
    if (tb != w_None && !(w_traceback_type && W_TYPE_CHECK(tb, w_traceback_type))) {
        w_raise_fmt(w_exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    if (tb == w_None && !member_get(exc, "__traceback__"))
        return 0;
    return member_set(exc, "__traceback__", tb);
}

static w_object *exc_get_suppress_context(w_object *self)
{
    return W_BOOL(EXC(self)->suppress_context);
}

static w_object *exc_get_dict(w_object *self)
{
    if (EXC(self)->dict)
        return EXC(self)->dict;
    GC_ENTER();
    GC_ROOT(self);
    w_object *d = w_dict_new();
    if (d)
        W_STORE(EXC(self), dict, d);
    GC_RETURN(d);
}

/* Data descriptors of the type first, then the instance dict, then methods. */
static w_object *exc_getattr(w_object *self, w_object *name)
{
    w_object *t = w_type_lookup(W_TYPE(self), name);
    if (t && W_TYPE(t) == w_getset_type)
        return ((w_getset *)t)->get(self);
    if (EXC(self)->dict) {
        GC_ENTER();
        GC_ROOT(self);
        GC_ROOT(name);
        w_object *v = w_dict_get(EXC(self)->dict, name);
        if (v || w_err_occurred())
            GC_RETURN(v);
        GC_LEAVE();
    }
    return space_generic_getattr(self, name);
}

static int set_chained(w_object *self, w_object *value, bool cause)
{
    const char *what = cause ? "cause" : "context";
    if (!value) {
        w_raise_fmt(w_exc_TypeError, "__%s__ may not be deleted", what);
        return -1;
    }
    if (value != w_None && !W_EXC_CHECK(value)) {
        w_raise_fmt(w_exc_TypeError, "exception %s must be None or derive from BaseException",
                    what);
        return -1;
    }
    w_object *v = value == w_None ? NULL : value;
    if (cause) {
        W_STORE(EXC(self), cause, v);
        EXC(self)->suppress_context = 1;
    } else {
        W_STORE(EXC(self), context, v);
    }
    return 0;
}

static int set_args(w_object *self, w_object *value)
{
    if (!value) {
        w_raise_fmt(w_exc_TypeError, "args may not be deleted");
        return -1;
    }
    GC_ENTER();
    GC_ROOT(self);
    w_object *t = w_tuple_from_iterable(value);
    if (!t)
        GC_RETURN(-1);
    W_STORE(EXC(self), args, t);
    GC_RETURN(0);
}

static int set_special(w_object *self, w_object *name, w_object *value)
{
    if (w_str_eq_cstr(name, "args"))
        return set_args(self, value);
    if (w_str_eq_cstr(name, "__cause__"))
        return set_chained(self, value, true);
    if (w_str_eq_cstr(name, "__context__"))
        return set_chained(self, value, false);
    if (w_str_eq_cstr(name, "__traceback__")) {
        if (value)
            return w_exc_set_traceback(self, value);
        w_raise_fmt(w_exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (w_str_eq_cstr(name, "__suppress_context__")) {
        if (!value || W_TYPE(value) != w_bool_type) {
            w_raise_fmt(w_exc_TypeError, value ? "attribute value type must be bool"
                                               : "can't delete numeric/char attribute");
            return -1;
        }
        EXC(self)->suppress_context = value == w_True;
        return 0;
    }
    if (w_str_eq_cstr(name, "__dict__")) {
        if (!value || !W_DICT_CHECK(value)) {
            if (value)
                w_raise_fmt(w_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                            W_TYPE(value)->name);
            else
                w_raise_fmt(w_exc_TypeError, "cannot delete __dict__");
            return -1;
        }
        W_STORE(EXC(self), dict, value);
        return 0;
    }
    return 1;
}

static int exc_setattr(w_object *self, w_object *name, w_object *value)
{
    int r = set_special(self, name, value);
    if (r <= 0)
        return r;
    const struct member_def *m = find_member(self, name);
    if (m)
        return value ? member_set(self, m->name, value) : member_del(self, name);
    w_object *t = w_type_lookup(W_TYPE(self), name);
    if (t && W_TYPE(t) == w_getset_type) {
        w_raise_fmt(w_exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                    w_str_utf8(name), W_TYPE(self)->name);
        return -1;
    }
    GC_ENTER();
    GC_ROOT(name);
    GC_ROOT(value);
    w_object *d = exc_get_dict(self);
    if (!d)
        GC_RETURN(-1);
    if (value)
        GC_RETURN(w_dict_set(d, name, value));
    if (w_dict_del(d, name) < 0) {
        if (w_err_matches(w_exc_KeyError)) {
            w_err_clear();
            w_raise_fmt(w_exc_AttributeError, "'%s' object has no attribute '%s'",
                        W_TYPE(self)->name, w_str_utf8(name));
        }
        GC_RETURN(-1);
    }
    GC_RETURN(0);
}

/* ---- methods ----------------------------------------------------------------------------- */

static w_object *exc_with_traceback(w_object *self, w_object **args, size_t nargs,
                                    w_object *kwnames)
{
    if (w_args_positional("BaseException.with_traceback", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return w_exc_set_traceback(self, args[0]) < 0 ? NULL : self;
}

static w_object *exc_add_note(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("BaseException.add_note", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "note must be a str, not '%s'", W_TYPE(args[0])->name);
    GC_ENTER();
    w_object *d = NULL, *notes = NULL;
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, 1);
    GC_ROOT(d);
    GC_ROOT(notes);
    if (!(d = exc_get_dict(self)))
        GC_RETURN(NULL);
    notes = w_dict_get_cstr(d, "__notes__");
    if (!notes) {
        if (w_err_occurred() || !(notes = w_list_new(0)) ||
            w_dict_set_cstr(d, "__notes__", notes) < 0)
            GC_RETURN(NULL);
    } else if (!W_LIST_CHECK(notes)) {
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "Cannot add note: __notes__ is not a list"));
    }
    if (w_list_append(notes, args[0]) < 0)
        GC_RETURN(NULL);
    GC_RETURN(w_None);
}

/* BaseException.__init__(self, *args): args becomes the positional arguments (what a
   class's __init__ reaches through super()). */
static w_object *exc_init(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (kwnames && W_TUPLE_SIZE(kwnames))
        return w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", W_TYPE(self)->name);
    GC_ENTER();
    GC_ROOT(self);
    w_object *t = w_tuple_from_array(args, (int64_t)nargs);
    if (!t)
        GC_RETURN(NULL);
    W_STORE(EXC(self), args, t);
    GC_RETURN(w_None);
}

/* ---- start-up ---------------------------------------------------------------------------- */

static w_callfn construct_for(const struct exc_def *d)
{
    if (d->slot == &w_exc_OSError)
        return oserror_construct;
    if (d->slot == &w_exc_ImportError)
        return importerror_construct;
    if (d->slot == &w_exc_AttributeError)
        return attributeerror_construct;
    if (d->slot == &w_exc_NameError)
        return nameerror_construct;
    if (d->slot == &w_exc_BaseExceptionGroup)
        return group_construct;
    return d->base ? (*d->base)->construct : exc_construct;
}

static w_object *(*str_for(const struct exc_def *d))(w_object *)
{
    if (d->slot == &w_exc_KeyError)
        return keyerror_str;
    if (d->slot == &w_exc_OSError)
        return oserror_str;
    if (d->slot == &w_exc_ImportError)
        return importerror_str;
    if (d->slot == &w_exc_SyntaxError)
        return syntaxerror_str;
    if (d->slot == &w_exc_UnicodeError)
        return unicode_str;
    if (d->slot == &w_exc_BaseExceptionGroup)
        return group_str;
    return d->base ? NULL : base_str;
}

static int add_base_attributes(w_type *t)
{
    static const struct {
        const char *name;
        w_object *(*get)(w_object *);
    } getters[] = {
        {"args", exc_get_args},
        {"__cause__", exc_get_cause},
        {"__context__", exc_get_context},
        {"__traceback__", exc_get_traceback},
        {"__suppress_context__", exc_get_suppress_context},
        {"__dict__", exc_get_dict},
    };
    for (size_t i = 0; i < sizeof getters / sizeof getters[0]; i++) {
        w_object *g = w_getset_new(t, getters[i].name, getters[i].get);
        if (!g || w_type_add_attr(t, getters[i].name, g) < 0)
            return -1;
    }
    if (w_type_add_method(t, "with_traceback", exc_with_traceback) < 0 ||
        w_type_add_method(t, "add_note", exc_add_note) < 0 ||
        w_type_add_method(t, "__init__", exc_init) < 0)
        return -1;
    return 0;
}

static int add_members(void)
{
    for (size_t i = 0; i < NMEMBERS; i++) {
        w_type *owner = *member_defs[i].owner;
        w_object *g = w_getset_new(owner, member_defs[i].name, member_defs[i].get);
        if (!g || w_type_add_attr(owner, member_defs[i].name, g) < 0)
            return -1;
    }
    return 0;
}

/* The types are readied with every other builtin type by w_objects_init, once object's
   own slots are in place, so that BaseException inherits them. */
int w_exceptions_init(void)
{
    for (size_t i = 0; i < NDEFS; i++) {
        const struct exc_def *d = &exc_defs[i];
        w_type *base = d->base ? *d->base : w_object_type;
        w_type *t = w_type_new_static(d->name, base, W_TID_EXC);
        if (!t)
            return -1;
        t->flags |= W_TF_EXCEPTION | W_TF_BASETYPE;
        *d->slot = t;
        gc_add_root((void **)d->slot);
        t->construct = construct_for(d);
        t->str = str_for(d);
        if (!d->base) {
            t->repr = exc_repr;
            t->hash = space_hash_identity;
            t->getattr = exc_getattr;
            t->setattr = exc_setattr;
        }
        if (!d->base && add_base_attributes(t) < 0)
            return -1;
    }
    return add_members();
}

int w_exceptions_export(w_object *module)
{
    GC_ENTER();
    GC_ROOT(module);
    for (size_t i = 0; i < NDEFS; i++)
        if (w_module_add(module, exc_defs[i].name, &(*exc_defs[i].slot)->ob) < 0)
            GC_RETURN(-1);
    if (w_module_add(module, "EnvironmentError", &w_exc_OSError->ob) < 0 ||
        w_module_add(module, "IOError", &w_exc_OSError->ob) < 0)
        GC_RETURN(-1);
    GC_RETURN(0);
}

/* pyerrors.h — the error indicator (PyErr_*), the builtin exception types, warnings. */
#ifndef FERRY_PYERRORS_H
#define FERRY_PYERRORS_H

/* The struct of exception instances, for extension types that extend it. Ferry keeps the
   exception's state in the runtime: these fields stay NULL (use PyException_GetTraceback,
   PyObject_GetAttrString(e, "args") ...). */
#define PyException_HEAD                                                                  \
    PyObject_HEAD PyObject *dict;                                                         \
    PyObject *args;                                                                       \
    PyObject *notes;                                                                      \
    PyObject *traceback;                                                                  \
    PyObject *context;                                                                    \
    PyObject *cause;                                                                      \
    char suppress_context;
typedef struct {
    PyException_HEAD
} PyBaseExceptionObject;
/* A StopIteration's proxy: `value` (borrowed) is the exception's value when the proxy
   was made; the other fields stay NULL. */
typedef struct {
    PyException_HEAD
    PyObject *value;
} PyStopIterationObject;

#include <stdarg.h>

/*
 * One error indicator, shared with the runtime: an exception set here is the runtime's
 * pending exception, and vice versa. The runtime holds an instance at once, but C sees
 * what CPython 3.11 shows: after PyErr_SetObject(type, value) (SetString, Format ...),
 * PyErr_Occurred and PyErr_Fetch give that type, and Fetch that value, unnormalized.
 */
PyAPI_FUNC(void) PyErr_SetNone(PyObject *type);
PyAPI_FUNC(void) PyErr_SetObject(PyObject *type, PyObject *value);
PyAPI_FUNC(void) PyErr_SetString(PyObject *type, const char *message);
PyAPI_FUNC(PyObject *) PyErr_Format(PyObject *type, const char *format, ...);
PyAPI_FUNC(PyObject *) PyErr_FormatV(PyObject *type, const char *format, va_list vargs);
PyAPI_FUNC(PyObject *) PyErr_Occurred(void);
PyAPI_FUNC(void) PyErr_Clear(void);
PyAPI_FUNC(void) PyErr_Fetch(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback);
PyAPI_FUNC(void) PyErr_Restore(PyObject *type, PyObject *value, PyObject *traceback);
PyAPI_FUNC(void) PyErr_NormalizeException(PyObject **ptype, PyObject **pvalue, PyObject **ptb);
/* The exception being handled (the thread state's, set by C's except clauses, as
   Cython's): new references, NULL when none; SetExcInfo steals its arguments and keeps
   only the value, as CPython 3.11 does. */
/* Raises StopIteration for a generator returning `value` (wrapped when it is a tuple or
   an exception, which would otherwise be taken for the arguments): 0, or -1. */
PyAPI_FUNC(int) _PyGen_SetStopIterationValue(PyObject *value);
PyAPI_FUNC(void) PyErr_GetExcInfo(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback);
PyAPI_FUNC(void) PyErr_SetExcInfo(PyObject *type, PyObject *value, PyObject *traceback);
PyAPI_FUNC(int) PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc);
PyAPI_FUNC(int) PyErr_ExceptionMatches(PyObject *exc);
PyAPI_FUNC(int) PyErr_BadArgument(void);
PyAPI_FUNC(PyObject *) PyErr_NoMemory(void);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrno(PyObject *type);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilename(PyObject *type, const char *filename);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilenameObject(PyObject *type, PyObject *filename);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilenameObjects(PyObject *type, PyObject *f1,
                                                              PyObject *f2);
PyAPI_FUNC(void) _PyErr_BadInternalCall(const char *filename, int lineno);
#define PyErr_BadInternalCall() _PyErr_BadInternalCall(__FILE__, __LINE__)
PyAPI_FUNC(PyObject *) PyErr_NewException(const char *name, PyObject *base, PyObject *dict);
PyAPI_FUNC(PyObject *) PyErr_NewExceptionWithDoc(const char *name, const char *doc,
                                                 PyObject *base, PyObject *dict);
/* Writes CPython's "Exception ignored in: <repr of obj>" report of the pending exception
   to stderr and clears it (Ferry keeps no tracebacks: the report ends with the
   "Type: message" line). */
PyAPI_FUNC(void) PyErr_WriteUnraisable(PyObject *obj);
/* Prints the pending exception to stderr as "Type: message" (what CPython prints for an
   exception without a traceback) and clears it; PyErr_Print and PyErr_PrintEx(1) also
   set sys.last_type, sys.last_value and sys.last_traceback. */
PyAPI_FUNC(void) PyErr_PrintEx(int set_sys_last_vars);
PyAPI_FUNC(void) PyErr_Print(void);
/* Signals are not delivered to Ferry's runtime: always 0. */
PyAPI_FUNC(int) PyErr_CheckSignals(void);

/*
 * Warnings (capi/warnings.c). Ferry has no warnings module or filter list: a warning is
 * shown as CPython 3.11's default filters show it, on stderr as
 * "<file>:<line>: Category: message" — from C called by the REPL "<stdin>:1", the
 * location CPython's interactive loop reports — once per location and message (the
 * "default" action), while DeprecationWarning outside __main__, PendingDeprecationWarning,
 * ImportWarning and ResourceWarning are ignored. `-W error` (warnings raised as
 * exceptions) is not supported: these return 0 unless their arguments are bad.
 */
PyAPI_FUNC(int) PyErr_WarnEx(PyObject *category, const char *message, Py_ssize_t stack_level);
PyAPI_FUNC(int) PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format,
                                 ...);
PyAPI_FUNC(int) PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level,
                                      const char *format, ...);
PyAPI_FUNC(int) PyErr_WarnExplicit(PyObject *category, const char *message, const char *filename,
                                   int lineno, const char *module, PyObject *registry);
PyAPI_FUNC(int) PyErr_WarnExplicitObject(PyObject *category, PyObject *message,
                                         PyObject *filename, int lineno, PyObject *module,
                                         PyObject *registry);
#define PyErr_Warn(category, msg) PyErr_WarnEx((category), (msg), 1)

/* Exception objects. */
#define PyExceptionClass_Check(x)                                                         \
    (PyType_Check((x)) &&                                                                 \
     PyType_FastSubclass((PyTypeObject *)(x), Py_TPFLAGS_BASE_EXC_SUBCLASS))
#define PyExceptionInstance_Check(x)                                                      \
    PyType_FastSubclass(Py_TYPE(x), Py_TPFLAGS_BASE_EXC_SUBCLASS)
#define PyExceptionInstance_Class(x) _PyObject_CAST(Py_TYPE(x))
PyAPI_FUNC(const char *) PyExceptionClass_Name(PyObject *);
PyAPI_FUNC(PyObject *) PyException_GetTraceback(PyObject *);
PyAPI_FUNC(int) PyException_SetTraceback(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyException_GetCause(PyObject *);
PyAPI_FUNC(void) PyException_SetCause(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyException_GetContext(PyObject *);
PyAPI_FUNC(void) PyException_SetContext(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyException_GetArgs(PyObject *);
PyAPI_FUNC(void) PyException_SetArgs(PyObject *, PyObject *);

/* The builtin exception types, valid from start-up. */
#define FERRY_EXC(name) PyAPI_DATA(PyObject *) PyExc_##name;
#include "ferry/exceptions.def"
#undef FERRY_EXC
PyAPI_DATA(PyObject *) PyExc_EnvironmentError;
PyAPI_DATA(PyObject *) PyExc_IOError;

#endif

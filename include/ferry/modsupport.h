/* modsupport.h — argument parsing (PyArg_*) and building values (Py_BuildValue). */
#ifndef FERRY_MODSUPPORT_H
#define FERRY_MODSUPPORT_H

#include <stdarg.h>

/*
 * CPython 3.11's format languages, every unit included. As in 3.11, a '#' length is a
 * Py_ssize_t and needs PY_SSIZE_T_CLEAN: without it the plain functions raise SystemError
 * "PY_SSIZE_T_CLEAN macro must be defined for '#' formats". Differences, all because
 * Ferry has no complex type: PyArg 'D' accepts what CPython accepts other than a complex
 * (a number is the real part; an object whose __complex__ returns something is refused as
 * CPython refuses a non-complex result), and Py_BuildValue 'D' raises SystemError.
 */
#ifdef PY_SSIZE_T_CLEAN
#define PyArg_Parse _PyArg_Parse_SizeT
#define PyArg_ParseTuple _PyArg_ParseTuple_SizeT
#define PyArg_ParseTupleAndKeywords _PyArg_ParseTupleAndKeywords_SizeT
#define PyArg_VaParse _PyArg_VaParse_SizeT
#define PyArg_VaParseTupleAndKeywords _PyArg_VaParseTupleAndKeywords_SizeT
#define Py_BuildValue _Py_BuildValue_SizeT
#define Py_VaBuildValue _Py_VaBuildValue_SizeT
#define _Py_VaBuildStack _Py_VaBuildStack_SizeT
#else
PyAPI_FUNC(int) _PyArg_Parse_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTuple_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywords_SizeT(PyObject *, PyObject *, const char *,
                                                   char **, ...);
PyAPI_FUNC(int) _PyArg_VaParse_SizeT(PyObject *, const char *, va_list);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *, PyObject *, const char *,
                                                     char **, va_list);
PyAPI_FUNC(PyObject *) _Py_VaBuildValue_SizeT(const char *, va_list);
PyAPI_FUNC(PyObject **) _Py_VaBuildStack_SizeT(PyObject **small_stack,
                                               Py_ssize_t small_stack_len, const char *format,
                                               va_list va, Py_ssize_t *p_nargs);
#endif

PyAPI_FUNC(int) PyArg_Parse(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, ...);
PyAPI_FUNC(int) PyArg_VaParse(PyObject *, const char *, va_list);
PyAPI_FUNC(int) PyArg_VaParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **,
                                              va_list);
PyAPI_FUNC(int) PyArg_ValidateKeywordArguments(PyObject *);
PyAPI_FUNC(int) PyArg_UnpackTuple(PyObject *, const char *, Py_ssize_t, Py_ssize_t, ...);
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);
PyAPI_FUNC(PyObject *) _Py_BuildValue_SizeT(const char *, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *, va_list);
/* The values of `format` as an array of new references: small_stack if it has room, else
   a PyMem block the caller frees (call arguments, as PyObject_CallFunction builds them). */
PyAPI_FUNC(PyObject **) _Py_VaBuildStack(PyObject **small_stack, Py_ssize_t small_stack_len,
                                         const char *format, va_list va, Py_ssize_t *p_nargs);

/* An O& converter returning this is called again with NULL if the parse fails later. */
#define Py_CLEANUP_SUPPORTED 0x20000

#define ANY_VARARGS(n) ((n) == PY_SSIZE_T_MAX)

/* The private helpers that extensions use (Argument Clinic's are in argclinic.h). */
PyAPI_FUNC(int) _PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs, const char *name,
                                   Py_ssize_t min, Py_ssize_t max, ...);

#endif

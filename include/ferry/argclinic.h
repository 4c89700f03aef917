/* argclinic.h — the private argument helpers that Argument Clinic's generated code (Modules/clinic/NAME.c.h) calls. */
#ifndef FERRY_ARGCLINIC_H
#define FERRY_ARGCLINIC_H

/*
 * CPython 3.11's names, signatures and error messages (capi/argclinic.c). Generated code
 * fills the parser statically with positional initialisers, so the field order is
 * CPython's: { format, keywords, fname, ... }. Ferry reads `keywords` (positional-only
 * parameters first, named ""), `fname`, or the name after ':' in `format` when `fname` is
 * NULL; the first call fills `pos` and `kwtuple` (a tuple of the keyword names, kept until
 * the runtime shuts down) and chains the parser through `next`. `min` and `max` are
 * CPython's bookkeeping, unused.
 */
typedef struct _PyArg_Parser {
    const char *format;
    const char *const *keywords;
    const char *fname;
    const char *custom_msg;
    int pos;           /* number of positional-only parameters */
    int min;           /* minimal number of arguments */
    int max;           /* maximal number of positional arguments */
    PyObject *kwtuple; /* the keyword parameters' names */
    struct _PyArg_Parser *next;
} _PyArg_Parser;

/*
 * The arguments of a METH_FASTCALL|METH_KEYWORDS call (args[0..nargs) then the values of
 * the names in `kwnames`) or of a tuple-and-dict call (kwargs, with kwnames NULL), laid out
 * in parameter order: `buf` gets one slot per parameter, NULL where an optional one was not
 * given. `minpos`/`maxpos` bound the positional arguments, `minkw` counts the required
 * keyword-only ones. Returns `buf` (or `args` itself when no keyword was given and the count
 * fits), NULL with TypeError as CPython words it otherwise.
 */
PyAPI_FUNC(PyObject *const *)
    _PyArg_UnpackKeywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwargs,
                          PyObject *kwnames, struct _PyArg_Parser *parser, int minpos, int maxpos,
                          int minkw, PyObject **buf);
#define _PyArg_UnpackKeywords(args, nargs, kwargs, kwnames, parser, minpos, maxpos, minkw, buf) \
    (((minkw) == 0 && (kwargs) == NULL && (kwnames) == NULL && (minpos) <= (nargs) &&          \
      (nargs) <= (maxpos) && (args) != NULL)                                                   \
         ? (args)                                                                              \
         : _PyArg_UnpackKeywords((args), (nargs), (kwargs), (kwnames), (parser), (minpos),     \
                                 (maxpos), (minkw), (buf)))

/* TypeError "NAME expected at least/at most/exactly N argument(s), got M" unless
   min <= nargs <= max (the macro decides the common case inline). */
PyAPI_FUNC(int) _PyArg_CheckPositional(const char *, Py_ssize_t, Py_ssize_t, Py_ssize_t);
#define _PyArg_CheckPositional(funcname, nargs, min, max)                                 \
    ((!ANY_VARARGS(max) && (min) <= (nargs) && (nargs) <= (max)) ||                       \
     _PyArg_CheckPositional((funcname), (nargs), (min), (max)))

/* TypeError "f() takes no keyword (positional) arguments" when some were given. */
PyAPI_FUNC(int) _PyArg_NoKeywords(const char *funcname, PyObject *kwargs);
PyAPI_FUNC(int) _PyArg_NoKwnames(const char *funcname, PyObject *kwnames);
PyAPI_FUNC(int) _PyArg_NoPositional(const char *funcname, PyObject *args);
#define _PyArg_NoKeywords(funcname, kwargs)                                               \
    ((kwargs) == NULL || _PyArg_NoKeywords((funcname), (kwargs)))
#define _PyArg_NoKwnames(funcname, kwnames)                                               \
    ((kwnames) == NULL || _PyArg_NoKwnames((funcname), (kwnames)))
#define _PyArg_NoPositional(funcname, args)                                               \
    ((args) == NULL || _PyArg_NoPositional((funcname), (args)))

/* TypeError "FNAME() DISPLAYNAME must be EXPECTED, not TYPE". */
PyAPI_FUNC(void) _PyArg_BadArgument(const char *fname, const char *displayname,
                                    const char *expected, PyObject *arg);

/* An O& converter: None leaves *(Py_ssize_t *)result as it is, an index is stored in it
   (OverflowError when it does not fit), anything else is a TypeError. */
PyAPI_FUNC(int) _Py_convert_optional_to_ssize_t(PyObject *obj, void *result);

#endif

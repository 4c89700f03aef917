/* cython.h — the CYTHON_* switches Ferry pre-defines for the C that Cython generates (tests/cython/README.md says why each). */
#ifndef FERRY_CYTHON_H
#define FERRY_CYTHON_H

/*
 * Cython's generated C takes CPython's branch on Ferry (PYPY_VERSION and PYSTON_VERSION
 * stay undefined: Ferry is neither, and other extensions test them too), and that branch
 * lets a header decide each switch below with #ifndef. Only switches that reach into
 * CPython's private object layouts are turned off; a build can still override any of them
 * with -D. Cython 0.29 already turns off CYTHON_FAST_THREAD_STATE,
 * CYTHON_USE_EXC_INFO_STACK, CYTHON_USE_UNICODE_WRITER and CYTHON_FAST_PYCALL for 3.11.
 */

/* int proxies have no ob_digit array (longobject.h): read ints through PyLong_As*. */
#ifndef CYTHON_USE_PYLONG_INTERNALS
#define CYTHON_USE_PYLONG_INTERNALS 0
#endif

/* Registering Cython's generator type with collections.abc and inspect runs Python
   source (PyRun_String), which Ferry's library cannot compile. */
#ifndef CYTHON_REGISTER_ABCS
#define CYTHON_REGISTER_ABCS 0
#endif
#ifndef CYTHON_PATCH_INSPECT
#define CYTHON_PATCH_INSPECT 0
#endif

/* A list proxy keeps ob_item and ob_size (listobject.h) but no spare capacity: Cython's
   fast pop shrinks ob_size, then reads the item past the new size with PyList_GET_ITEM,
   which the API bounds-checks. Slicing a typed list and `a, *b, c = ...` use ob_item and
   ob_size regardless of this switch: tests/cython/README.md. */
#ifndef CYTHON_USE_PYLIST_INTERNALS
#define CYTHON_USE_PYLIST_INTERNALS 0
#endif

/* Dicts have no ma_version_tag to cache global lookups against. */
#ifndef CYTHON_USE_DICT_VERSIONS
#define CYTHON_USE_DICT_VERSIONS 0
#endif

/* Attribute lookup is the runtime's (the object space's getattr): Cython's own generic
   getattr walks the MRO with _PyType_Lookup and calls descriptors' C slots itself. */
#ifndef CYTHON_USE_PYTYPE_LOOKUP
#define CYTHON_USE_PYTYPE_LOOKUP 0
#endif

#endif

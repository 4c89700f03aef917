/* pymem.h — memory: PyMem_*, PyMem_Raw* and PyObject_Malloc and friends. */
#ifndef FERRY_PYMEM_H
#define FERRY_PYMEM_H

/*
 * All three domains are the C library's allocator (there is no pymalloc arena): a block
 * from one family must still be freed by the same family, as CPython requires. As in
 * CPython, a request for 0 bytes returns a unique non-NULL pointer, a request above
 * PY_SSIZE_T_MAX fails, and a failure returns NULL without setting an exception.
 */
PyAPI_FUNC(void *) PyMem_Malloc(size_t size);
PyAPI_FUNC(void *) PyMem_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_Free(void *ptr);

PyAPI_FUNC(void *) PyMem_RawMalloc(size_t size);
PyAPI_FUNC(void *) PyMem_RawCalloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_RawRealloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_RawFree(void *ptr);

PyAPI_FUNC(void *) PyObject_Malloc(size_t size);
PyAPI_FUNC(void *) PyObject_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyObject_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyObject_Free(void *ptr);

/* Copies of a C string in the PyMem and PyMem_Raw domains. */
PyAPI_FUNC(char *) _PyMem_Strdup(const char *str);
PyAPI_FUNC(char *) _PyMem_RawStrdup(const char *str);

/* Arrays of n `type`: NULL (no exception) when n * sizeof(type) would overflow. */
#define PyMem_New(type, n)                                                                \
    ((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type) ? NULL                                   \
                                                 : ((type *)PyMem_Malloc((n) * sizeof(type))))
#define PyMem_Resize(p, type, n)                                                          \
    ((p) = ((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type))                                  \
               ? NULL                                                                     \
               : (type *)PyMem_Realloc((p), (n) * sizeof(type)))
#define PyMem_MALLOC(n) PyMem_Malloc(n)
#define PyMem_NEW(type, n) PyMem_New(type, n)
#define PyMem_REALLOC(p, n) PyMem_Realloc(p, n)
#define PyMem_RESIZE(p, type, n) PyMem_Resize(p, type, n)
#define PyMem_FREE(p) PyMem_Free(p)
#define PyMem_Del PyMem_Free
#define PyMem_DEL PyMem_Free

#define PyObject_MALLOC PyObject_Malloc
#define PyObject_REALLOC PyObject_Realloc
#define PyObject_FREE PyObject_Free
#define PyObject_Del PyObject_Free
#define PyObject_DEL PyObject_Free

#endif

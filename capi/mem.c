/* mem.c — PyMem_*, PyMem_Raw* and PyObject_Malloc: the C library's allocator, CPython's rules. */
#include <stdlib.h>

#include "capi/capi.h"

/*
 * CPython's contract, kept by all three families: 0 bytes gives a unique pointer (so the
 * request is made for 1 byte), more than PY_SSIZE_T_MAX bytes fails, and failures
 * return NULL without setting an exception.
 */
static void *mem_malloc(size_t size)
{
    if (size > (size_t)PY_SSIZE_T_MAX)
        return NULL;
    return malloc(size ? size : 1);
}

static void *mem_calloc(size_t nelem, size_t elsize)
{
    if (elsize && nelem > (size_t)PY_SSIZE_T_MAX / elsize)
        return NULL;
    if (!nelem || !elsize)
        nelem = elsize = 1;
    return calloc(nelem, elsize);
}

static void *mem_realloc(void *ptr, size_t size)
{
    if (size > (size_t)PY_SSIZE_T_MAX)
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void *PyMem_Malloc(size_t size)
{
    return mem_malloc(size);
}

void *PyMem_Calloc(size_t nelem, size_t elsize)
{
    return mem_calloc(nelem, elsize);
}

void *PyMem_Realloc(void *ptr, size_t new_size)
{
    return mem_realloc(ptr, new_size);
}

void PyMem_Free(void *ptr)
{
    free(ptr);
}

void *PyMem_RawMalloc(size_t size)
{
    return mem_malloc(size);
}

void *PyMem_RawCalloc(size_t nelem, size_t elsize)
{
    return mem_calloc(nelem, elsize);
}

void *PyMem_RawRealloc(void *ptr, size_t new_size)
{
    return mem_realloc(ptr, new_size);
}

void PyMem_RawFree(void *ptr)
{
    free(ptr);
}

void *PyObject_Malloc(size_t size)
{
    return mem_malloc(size);
}

void *PyObject_Calloc(size_t nelem, size_t elsize)
{
    return mem_calloc(nelem, elsize);
}

void *PyObject_Realloc(void *ptr, size_t new_size)
{
    return mem_realloc(ptr, new_size);
}

void PyObject_Free(void *ptr)
{
    free(ptr);
}

static char *mem_strdup(const char *str)
{
    size_t n = strlen(str) + 1;
    char *copy = mem_malloc(n);
    if (copy)
        memcpy(copy, str, n);
    return copy;
}

char *_PyMem_Strdup(const char *str)
{
    return mem_strdup(str);
}

char *_PyMem_RawStrdup(const char *str)
{
    return mem_strdup(str);
}

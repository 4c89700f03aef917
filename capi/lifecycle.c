/* lifecycle.c — Py_IsInitialized, Py_GetVersion, Py_FatalError, PyOS_snprintf. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

int Py_OptimizeFlag = 0;

static int initialized;

void capi_set_initialized(int on)
{
    initialized = on;
}

int Py_IsInitialized(void)
{
    return initialized;
}

const char *Py_GetVersion(void)
{
    return PY_VERSION " (Ferry " FERRY_VERSION ")";
}

void _Py_FatalErrorFunc(const char *func, const char *message)
{
    fflush(stdout);
    if (func)
        fprintf(stderr, "Fatal Python error: %s: %s\n", func, message);
    else
        fprintf(stderr, "Fatal Python error: %s\n", message);
    fflush(stderr);
    abort();
}

int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
{
    if (size == 0)
        return -1;
    int n = vsnprintf(str, size, format, va);
    str[size - 1] = '\0';
    return n;
}

int PyOS_snprintf(char *str, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int n = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return n;
}

/* pylifecycle.h — the interpreter's life as extensions see it: version, fatal errors, os helpers. */
#ifndef FERRY_PYLIFECYCLE_H
#define FERRY_PYLIFECYCLE_H

/* 1 while Ferry's runtime is running. */
PyAPI_FUNC(int) Py_IsInitialized(void);
/* "3.11.2 (Ferry 0.1.0)": the API version first, as CPython's starts with its own. */
PyAPI_FUNC(const char *) Py_GetVersion(void);
/* python -O's level: Ferry always runs `assert` statements, so 0. */
PyAPI_DATA(int) Py_OptimizeFlag;
/* Prints "Fatal Python error: <func>: <message>" to stderr and aborts. */
PyAPI_FUNC(void) _Py_NO_RETURN _Py_FatalErrorFunc(const char *func, const char *message);
#define Py_FatalError(message) _Py_FatalErrorFunc(__func__, (message))

/* snprintf that always NUL-terminates (CPython's PyOS_snprintf). */
PyAPI_FUNC(int) PyOS_snprintf(char *str, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
PyAPI_FUNC(int) PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va);

#endif

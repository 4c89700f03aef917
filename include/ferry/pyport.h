/* pyport.h — basic types, export macros and version numbers of Ferry's C-API. */
#ifndef FERRY_PYPORT_H
#define FERRY_PYPORT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* CPython 3.11.2, the API these headers follow. */
#define PY_RELEASE_LEVEL_ALPHA 0xA
#define PY_RELEASE_LEVEL_BETA 0xB
#define PY_RELEASE_LEVEL_GAMMA 0xC
#define PY_RELEASE_LEVEL_FINAL 0xF
#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 11
#define PY_MICRO_VERSION 2
#define PY_RELEASE_LEVEL PY_RELEASE_LEVEL_FINAL
#define PY_RELEASE_SERIAL 0
#define PY_VERSION "3.11.2"
#define PY_VERSION_HEX                                                                    \
    ((PY_MAJOR_VERSION << 24) | (PY_MINOR_VERSION << 16) | (PY_MICRO_VERSION << 8) |      \
     (PY_RELEASE_LEVEL << 4) | (PY_RELEASE_SERIAL << 0))

/* Identifies Ferry to code that needs to know (0xMMmmpp00: 0.1.0). */
#define FERRY_VERSION "0.1.0"
#define FERRY_VERSION_HEX 0x00010000

typedef ssize_t Py_ssize_t;
typedef Py_ssize_t Py_hash_t;
typedef size_t Py_uhash_t;
typedef Py_ssize_t Py_ssize_clean_t;
typedef uintptr_t Py_uintptr_t;
typedef intptr_t Py_intptr_t;

#define PY_SSIZE_T_MAX ((Py_ssize_t)(((size_t)-1) >> 1))
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)
#define SIZEOF_VOID_P 8
#define SIZEOF_SIZE_T 8
#define SIZEOF_LONG 8
#define SIZEOF_LONG_LONG 8
#define SIZEOF_INT 4
#define SIZEOF_SHORT 2
#define SIZEOF_DOUBLE 8
#define SIZEOF_FLOAT 4
#define SIZEOF_WCHAR_T 4
#define SIZEOF_PY_HASH_T 8
#define SIZEOF_PY_UHASH_T 8
#define HAVE_LONG_LONG 1
/* pyconfig.h's word for what the C library has (extensions test it) */
#define HAVE_CLOCK 1
#define PY_LONG_LONG long long
#define PY_LLONG_MIN LLONG_MIN
#define PY_LLONG_MAX LLONG_MAX
#define PY_ULLONG_MAX ULLONG_MAX
#define PY_FORMAT_SIZE_T "z"
#define PY_INT32_T int32_t
#define PY_UINT32_T uint32_t
#define PY_INT64_T int64_t
#define PY_UINT64_T uint64_t
#define PY_LITTLE_ENDIAN 1
#define WITH_THREAD 1

#ifdef __cplusplus
#define PyMODINIT_FUNC extern "C" __attribute__((visibility("default"))) PyObject *
#define PyAPI_FUNC(RTYPE) extern "C" __attribute__((visibility("default"))) RTYPE
#define PyAPI_DATA(RTYPE) extern "C" __attribute__((visibility("default"))) RTYPE
#define Py_FERRY_EXTERN_C extern "C"
#else
#define PyMODINIT_FUNC __attribute__((visibility("default"))) PyObject *
#define PyAPI_FUNC(RTYPE) extern __attribute__((visibility("default"))) RTYPE
#define PyAPI_DATA(RTYPE) extern __attribute__((visibility("default"))) RTYPE
#define Py_FERRY_EXTERN_C
#endif

#define Py_LOCAL(type) static type
#define Py_LOCAL_INLINE(type) static inline type
#define Py_ALWAYS_INLINE __attribute__((always_inline))
#define Py_NO_INLINE __attribute__((noinline))
#define _Py_NO_RETURN __attribute__((__noreturn__))
#define Py_GCC_ATTRIBUTE(x) __attribute__(x)
#define Py_DEPRECATED(VERSION) __attribute__((__deprecated__))
#define Py_UNUSED(name) _unused_##name __attribute__((unused))
#define _Py_COMP_DIAG_PUSH _Pragma("GCC diagnostic push")
#define _Py_COMP_DIAG_IGNORE_DEPR_DECLS _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define _Py_COMP_DIAG_POP _Pragma("GCC diagnostic pop")
#define Py_ARITHMETIC_RIGHT_SHIFT(TYPE, I, J) ((I) >> (J))
#define Py_SAFE_DOWNCAST(VALUE, WIDE, NARROW) ((NARROW)(VALUE))
#define _Py_HOT_FUNCTION __attribute__((hot))

/* pymacro.h */
#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x) ((x) < 0 ? -(x) : (x))
#define _Py_STRINGIFY(x) #x
#define Py_STRINGIFY(x) _Py_STRINGIFY(x)
#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))
#define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#define Py_BUILD_ASSERT_EXPR(cond) (sizeof(char[1 - 2 * !(cond)]) - 1)
#define Py_BUILD_ASSERT(cond) _Static_assert((cond), #cond)
#define _Py_SIZE_ROUND_DOWN(n, a) ((size_t)(n) & ~(size_t)((a)-1))
#define _Py_SIZE_ROUND_UP(n, a) (((size_t)(n) + (size_t)((a)-1)) & ~(size_t)((a)-1))
#define _Py_ALIGN_DOWN(p, a) ((void *)((uintptr_t)(p) & ~(uintptr_t)((a)-1)))
#define _Py_ALIGN_UP(p, a) ((void *)(((uintptr_t)(p) + (uintptr_t)((a)-1)) & ~(uintptr_t)((a)-1)))
#define _Py_IS_ALIGNED(p, a) (!((uintptr_t)(p) & (uintptr_t)((a)-1)))
#define Py_UNREACHABLE() __builtin_unreachable()
#define PyDoc_VAR(name) static const char name[]
#define PyDoc_STRVAR(name, str) PyDoc_VAR(name) = PyDoc_STR(str)
#define PyDoc_STR(str) str
#define _Py_RVALUE(EXPR) ((void)0, (EXPR))

#endif

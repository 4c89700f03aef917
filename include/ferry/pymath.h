/* pymath.h — the float constants and predicates CPython's headers give extensions. */
#ifndef FERRY_PYMATH_H
#define FERRY_PYMATH_H

#define Py_MATH_PIl 3.1415926535897932384626433832795029L
#define Py_MATH_PI 3.14159265358979323846
#define Py_MATH_El 2.7182818284590452353602874713526625L
#define Py_MATH_E 2.7182818284590452354
#define Py_MATH_TAU 6.2831853071795864769252867665590057683943L
#define Py_HUGE_VAL HUGE_VAL
/* pyfpe.h's guards around float code: empty, as in CPython 3.11. */
#define PyFPE_START_PROTECT(err_string, leave_stmt)
#define PyFPE_END_PROTECT(v)
#define Py_INFINITY ((double)INFINITY)
#define Py_NAN ((double)NAN)
#define Py_IS_NAN(X) isnan(X)
#define Py_IS_INFINITY(X) isinf(X)
#define Py_IS_FINITE(X) isfinite(X)
#define Py_OVERFLOWED(X) ((X) != 0.0 && (errno == ERANGE || (X) == Py_HUGE_VAL || (X) == -Py_HUGE_VAL))

#endif

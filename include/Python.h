/* Python.h — Ferry's CPython 3.11 C-API: what extensions compile against. */
#ifndef Py_PYTHON_H
#define Py_PYTHON_H

/* What CPython's Python.h brings in, which extensions rely on without including it. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ferry/pyport.h"
#include "ferry/pymath.h"
#include "ferry/object.h"
#include "ferry/typeslots.h"
#include "ferry/pymem.h"
#include "ferry/objimpl.h"
#include "ferry/longobject.h"
#include "ferry/boolobject.h"
#include "ferry/floatobject.h"
#include "ferry/unicodeobject.h"
#include "ferry/bytesobject.h"
#include "ferry/bytearrayobject.h"
#include "ferry/tupleobject.h"
#include "ferry/listobject.h"
#include "ferry/dictobject.h"
#include "ferry/setobject.h"
#include "ferry/sliceobject.h"
#include "ferry/methodobject.h"
#include "ferry/moduleobject.h"
#include "ferry/descrobject.h"
#include "ferry/weakrefobject.h"
#include "ferry/pyerrors.h"
#include "ferry/modsupport.h"
#include "ferry/argclinic.h"
#include "ferry/abstract.h"
#include "ferry/pycapsule.h"
#include "ferry/pybuffer.h"
#include "ferry/import.h"
#include "ferry/pylifecycle.h"
#include "ferry/pystate.h"
#include "ferry/pythread.h"
#include "ferry/ceval.h"
#include "ferry/classobject.h"
#include "ferry/funcobject.h"
#include "ferry/code.h"
#include "ferry/frameobject.h"
#include "ferry/traceback.h"
#include "ferry/genobject.h"
#include "ferry/pythonrun.h"
#include "ferry/cython.h"

/*
 * Marks every shared object compiled with these headers, so that the loader can tell a
 * Ferry extension from one built for CPython (whose PyObject layout differs) before it
 * runs any of its code. Weak: each translation unit may define it.
 */
Py_FERRY_EXTERN_C __attribute__((weak, used, visibility("default"))) const int _ferry_abi_311 = 1;

#endif

/* pythonrun.c — running Python source from C (PyRun_String), which Ferry's library cannot: it has no compiler. */
#include "capi/capi.h"

/* Ferry has no Python compiler (no parser or bytecode: the `ferry` command's line
   evaluator is its own, outside the library), so this raises NotImplementedError saying
   so, naming what was asked. */
PyObject *PyRun_String(const char *str, int start, PyObject *globals, PyObject *locals)
{
    (void)globals;
    (void)locals;
    if (!str) {
        capi_bad_internal_call();
        return NULL;
    }
    PyErr_Format(PyExc_NotImplementedError,
                 "PyRun_String: Ferry has no Python compiler, so it cannot run Python source "
                 "(start symbol %d)",
                 start);
    return NULL;
}

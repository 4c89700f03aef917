/* recursion.c — Py_EnterRecursiveCall: a per-thread depth budget for C that recurses through Python objects. */
#include "capi/capi.h"

int Py_EnterRecursiveCall(const char *where)
{
    PyThreadState *ts = PyThreadState_Get();
    if (ts->recursion_remaining <= 0) {
        PyErr_Format(PyExc_RecursionError, "maximum recursion depth exceeded%s", where);
        return -1;
    }
    ts->recursion_remaining--;
    return 0;
}

void Py_LeaveRecursiveCall(void)
{
    PyThreadState_Get()->recursion_remaining++;
}

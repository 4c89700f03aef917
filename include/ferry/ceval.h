/* ceval.h — what extensions use of CPython's evaluation loop: the recursion guard. */
#ifndef FERRY_CEVAL_H
#define FERRY_CEVAL_H

/* Counts one level of C recursion on the calling thread; past the limit (1000, CPython's
   default) raises RecursionError "maximum recursion depth exceeded<where>" and returns -1
   without counting. Each 0 is paired with a Py_LeaveRecursiveCall. */
PyAPI_FUNC(int) Py_EnterRecursiveCall(const char *where);
PyAPI_FUNC(void) Py_LeaveRecursiveCall(void);

#endif

/* frameobject.h — frame objects: the function (code), globals and line a traceback entry names. */
#ifndef FERRY_FRAMEOBJECT_H
#define FERRY_FRAMEOBJECT_H

/*
 * Ferry runs no bytecode, so it keeps no frame per call: a frame is made by the C that
 * wants one in a traceback (PyFrame_New, then PyTraceBack_Here), and only describes. Its
 * data is this C struct (capi/frame.c); C may set f_lineno directly, as Cython does.
 */
typedef struct _frame {
    PyObject_HEAD
    struct _frame *f_back;
    PyCodeObject *f_code;
    PyObject *f_globals;
    PyObject *f_locals;
    PyObject *f_builtins;
    PyObject *f_trace;
    int f_lineno;
} PyFrameObject;

PyAPI_DATA(PyTypeObject) PyFrame_Type;
#define PyFrame_Check(op) Py_IS_TYPE((op), &PyFrame_Type)

/* A frame of `code` over `globals` (a dict; its __builtins__, else the builtins module)
   and `locals` (NULL: none); `tstate` must be the calling thread's. */
PyAPI_FUNC(PyFrameObject *) PyFrame_New(PyThreadState *tstate, PyCodeObject *code,
                                        PyObject *globals, PyObject *locals);
PyAPI_FUNC(int) PyFrame_GetLineNumber(PyFrameObject *frame);
/* New references; GetBack gives NULL for a frame with none, without an error. */
PyAPI_FUNC(PyCodeObject *) PyFrame_GetCode(PyFrameObject *frame);
PyAPI_FUNC(PyFrameObject *) PyFrame_GetBack(PyFrameObject *frame);
/* The frame the thread is running: always NULL, as no thread runs bytecode. */
PyAPI_FUNC(PyFrameObject *) PyThreadState_GetFrame(PyThreadState *tstate);

#endif

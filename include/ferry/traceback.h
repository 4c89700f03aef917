/* traceback.h — traceback objects: the frames an exception passed through, newest first from tb_next's end. */
#ifndef FERRY_TRACEBACK_H
#define FERRY_TRACEBACK_H

/*
 * An exception keeps its traceback itself (`__traceback__`, PyException_GetTraceback);
 * the error indicator's traceback is that of the exception set. The runtime adds no
 * entries of its own (it keeps no frames): the entries are those C added with
 * PyTraceBack_Here, as Cython does for each of its functions an error leaves.
 */
typedef struct _traceback {
    PyObject_HEAD
    struct _traceback *tb_next;
    PyFrameObject *tb_frame;
    int tb_lasti;
    int tb_lineno;
} PyTracebackObject;

PyAPI_DATA(PyTypeObject) PyTraceBack_Type;
#define PyTraceBack_Check(op) Py_IS_TYPE((op), &PyTraceBack_Type)

/* Adds an entry for `frame` (at its f_lineno) to the traceback of the error set: 0, or -1
   with an error (none set: SystemError). */
PyAPI_FUNC(int) PyTraceBack_Here(PyFrameObject *frame);

#endif

/* traceback.c — traceback objects (PyTraceBack_Type) and PyTraceBack_Here, which adds an entry to the raised exception's. */
#include <stddef.h>

#include "capi/capi.h"
#include "structmember.h"

static void tb_dealloc(PyObject *o)
{
    PyTracebackObject *tb = (PyTracebackObject *)o;
    PyObject_GC_UnTrack(tb);
    Py_XDECREF(tb->tb_next);
    Py_XDECREF(tb->tb_frame);
    PyObject_GC_Del(tb);
}

static int tb_traverse(PyObject *o, visitproc visit, void *arg)
{
    PyTracebackObject *tb = (PyTracebackObject *)o;
    Py_VISIT(tb->tb_next);
    Py_VISIT(tb->tb_frame);
    return 0;
}

static PyMemberDef tb_members[] = {
    {"tb_next", T_OBJECT, offsetof(PyTracebackObject, tb_next), READONLY, NULL},
    {"tb_frame", T_OBJECT, offsetof(PyTracebackObject, tb_frame), READONLY, NULL},
    {"tb_lasti", T_INT, offsetof(PyTracebackObject, tb_lasti), READONLY, NULL},
    {"tb_lineno", T_INT, offsetof(PyTracebackObject, tb_lineno), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyTraceBack_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "traceback",
    .tp_basicsize = sizeof(PyTracebackObject),
    .tp_dealloc = tb_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = tb_traverse,
    .tp_members = tb_members,
};

/* Readied on first use; the runtime then checks what __traceback__ may be set to against
   it (before, nothing can be a traceback). */
static int ready(void)
{
    if (PyTraceBack_Type.tp_flags & Py_TPFLAGS_READY)
        return 0;
    if (PyType_Ready(&PyTraceBack_Type) < 0)
        return -1;
    w_traceback_type = capi_w_type(&PyTraceBack_Type);
    return 0;
}

int PyTraceBack_Here(PyFrameObject *frame)
{
    if (!frame || !PyFrame_Check(frame)) {
        capi_bad_internal_call();
        return -1;
    }
    PyObject *type, *value, *next;
    PyErr_Fetch(&type, &value, &next);
    if (!type) {
        PyErr_SetString(PyExc_SystemError, "PyTraceBack_Here called without an exception set");
        return -1;
    }
    PyTracebackObject *tb = ready() < 0 ? NULL : PyObject_GC_New(PyTracebackObject, &PyTraceBack_Type);
    if (!tb) {
        Py_DECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(next);
        return -1;
    }
    tb->tb_next = (PyTracebackObject *)next;
    tb->tb_frame = (PyFrameObject *)Py_NewRef(frame);
    tb->tb_lasti = -1;
    tb->tb_lineno = frame->f_lineno;
    PyObject_GC_Track(tb);
    PyErr_Restore(type, value, (PyObject *)tb);
    return 0;
}

/* A new runtime has no traceback type until the first traceback is made. */
int capi_traceback_init(void)
{
    w_traceback_type = NULL;
    return 0;
}

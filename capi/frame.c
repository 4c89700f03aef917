/* frame.c — frame objects (PyFrame_Type): made by C for the traceback entries it adds; Ferry keeps no frame per call. */
#include <stddef.h>

#include "capi/capi.h"
#include "structmember.h"

static int ready(void)
{
    return PyFrame_Type.tp_flags & Py_TPFLAGS_READY ? 0 : PyType_Ready(&PyFrame_Type);
}

PyFrameObject *PyFrame_New(PyThreadState *tstate, PyCodeObject *code, PyObject *globals,
                           PyObject *locals)
{
    if (!tstate || !code || !PyCode_Check(code) || !globals || !PyDict_Check(globals)) {
        capi_bad_internal_call();
        return NULL;
    }
    if (ready() < 0)
        return NULL;
    PyObject *builtins = _PyDict_GetItemStringWithError(globals, "__builtins__");
    if (!builtins && PyErr_Occurred())
        return NULL;
    if (builtins && PyModule_Check(builtins))
        builtins = PyModule_GetDict(builtins);
    if (!builtins) {
        PyObject *m = PyImport_AddModule("builtins");
        if (!m)
            return NULL;
        builtins = PyModule_GetDict(m);
    }
    PyFrameObject *f = PyObject_GC_New(PyFrameObject, &PyFrame_Type);
    if (!f)
        return NULL;
    f->f_back = NULL;
    f->f_code = (PyCodeObject *)Py_NewRef(code);
    f->f_globals = Py_NewRef(globals);
    f->f_locals = Py_XNewRef(locals);
    f->f_builtins = Py_NewRef(builtins);
    f->f_trace = NULL;
    f->f_lineno = code->co_firstlineno;
    PyObject_GC_Track(f);
    return f;
}

int PyFrame_GetLineNumber(PyFrameObject *frame)
{
    return frame->f_lineno;
}

PyCodeObject *PyFrame_GetCode(PyFrameObject *frame)
{
    return (PyCodeObject *)Py_NewRef(frame->f_code);
}

PyFrameObject *PyFrame_GetBack(PyFrameObject *frame)
{
    return (PyFrameObject *)Py_XNewRef(frame->f_back);
}

/* No thread is ever running a frame: there is no bytecode to run. */
PyFrameObject *PyThreadState_GetFrame(PyThreadState *tstate)
{
    (void)tstate;
    return NULL;
}

static void frame_dealloc(PyObject *o)
{
    PyFrameObject *f = (PyFrameObject *)o;
    PyObject_GC_UnTrack(f);
    Py_XDECREF(f->f_back);
    Py_XDECREF(f->f_code);
    Py_XDECREF(f->f_globals);
    Py_XDECREF(f->f_locals);
    Py_XDECREF(f->f_builtins);
    Py_XDECREF(f->f_trace);
    PyObject_GC_Del(f);
}

static int frame_traverse(PyObject *o, visitproc visit, void *arg)
{
    PyFrameObject *f = (PyFrameObject *)o;
    Py_VISIT(f->f_back);
    Py_VISIT(f->f_code);
    Py_VISIT(f->f_globals);
    Py_VISIT(f->f_locals);
    Py_VISIT(f->f_builtins);
    Py_VISIT(f->f_trace);
    return 0;
}

/* f_locals: the locals given to PyFrame_New, else (as CPython gives for a frame of
   module level code) its globals. */
static PyObject *frame_get_locals(PyObject *o, void *closure)
{
    (void)closure;
    PyFrameObject *f = (PyFrameObject *)o;
    return Py_NewRef(f->f_locals ? f->f_locals : f->f_globals);
}

static PyObject *frame_repr(PyObject *o)
{
    PyFrameObject *f = (PyFrameObject *)o;
    return PyUnicode_FromFormat("<frame at %p, file %R, line %d, code %U>", o,
                                f->f_code->co_filename, f->f_lineno, f->f_code->co_name);
}

static PyMemberDef frame_members[] = {
    {"f_back", T_OBJECT, offsetof(PyFrameObject, f_back), READONLY, NULL},
    {"f_code", T_OBJECT, offsetof(PyFrameObject, f_code), READONLY, NULL},
    {"f_globals", T_OBJECT, offsetof(PyFrameObject, f_globals), READONLY, NULL},
    {"f_builtins", T_OBJECT, offsetof(PyFrameObject, f_builtins), READONLY, NULL},
    {"f_lineno", T_INT, offsetof(PyFrameObject, f_lineno), READONLY, NULL},
    {"f_trace", T_OBJECT, offsetof(PyFrameObject, f_trace), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef frame_getset[] = {
    {"f_locals", frame_get_locals, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyFrame_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "frame",
    .tp_basicsize = sizeof(PyFrameObject),
    .tp_dealloc = frame_dealloc,
    .tp_repr = frame_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = frame_traverse,
    .tp_members = frame_members,
    .tp_getset = frame_getset,
};

/* funcobject.c — classmethod objects (PyClassMethod_Type) and PyStaticMethod_New over the runtime's staticmethod. */
#include "capi/capi.h"
#include "structmember.h"

/* classmethod(callable): a C type, readied on first use; getting it binds the callable
   to the class (the instance's type when got from an instance). */
typedef struct {
    PyObject_HEAD
    PyObject *cm_callable;
    PyObject *cm_dict;
} classmethod_object;

PyObject *PyClassMethod_New(PyObject *callable)
{
    if (!callable) {
        capi_bad_internal_call();
        return NULL;
    }
    if (!(PyClassMethod_Type.tp_flags & Py_TPFLAGS_READY) && PyType_Ready(&PyClassMethod_Type) < 0)
        return NULL;
    classmethod_object *cm = PyObject_GC_New(classmethod_object, &PyClassMethod_Type);
    if (!cm)
        return NULL;
    cm->cm_callable = Py_NewRef(callable);
    cm->cm_dict = NULL;
    PyObject_GC_Track(cm);
    return (PyObject *)cm;
}

static void cm_dealloc(PyObject *o)
{
    classmethod_object *cm = (classmethod_object *)o;
    PyObject_GC_UnTrack(cm);
    Py_XDECREF(cm->cm_callable);
    Py_XDECREF(cm->cm_dict);
    PyObject_GC_Del(cm);
}

static int cm_traverse(PyObject *o, visitproc visit, void *arg)
{
    classmethod_object *cm = (classmethod_object *)o;
    Py_VISIT(cm->cm_callable);
    Py_VISIT(cm->cm_dict);
    return 0;
}

static PyObject *cm_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    classmethod_object *cm = (classmethod_object *)self;
    if (!type)
        type = (PyObject *)Py_TYPE(obj);
    return PyMethod_New(cm->cm_callable, type);
}

static PyObject *cm_repr(PyObject *o)
{
    return PyUnicode_FromFormat("<classmethod(%R)>", ((classmethod_object *)o)->cm_callable);
}

static PyMemberDef cm_members[] = {
    {"__func__", T_OBJECT, offsetof(classmethod_object, cm_callable), READONLY, NULL},
    {"__wrapped__", T_OBJECT, offsetof(classmethod_object, cm_callable), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyClassMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "classmethod",
    .tp_basicsize = sizeof(classmethod_object),
    .tp_dealloc = cm_dealloc,
    .tp_repr = cm_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "classmethod(function) -> method",
    .tp_traverse = cm_traverse,
    .tp_members = cm_members,
    .tp_descr_get = cm_descr_get,
    .tp_dictoffset = offsetof(classmethod_object, cm_dict),
};

PyObject *PyStaticMethod_New(PyObject *callable)
{
    GC_ENTER();
    w_object *f = NULL;
    GC_ROOT(f);
    if (!(f = capi_w(callable)))
        GC_RETURN(NULL);
    GC_RETURN(capi_new_ref(space_call(&w_staticmethod_type->ob, &f, 1, NULL)));
}

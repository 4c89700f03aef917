/* descrobject.h — descriptors: PyMemberDef and PyGetSetDef, as tp_members and tp_getset list them. */
#ifndef FERRY_DESCROBJECT_H
#define FERRY_DESCROBJECT_H

typedef PyObject *(*getter)(PyObject *, void *);
typedef int (*setter)(PyObject *, PyObject *, void *);

/* A computed attribute: get(self, closure), set(self, value, closure) (value NULL:
   delete); a NULL `set` makes it read-only. CPython 3.11's layout. */
struct PyGetSetDef {
    const char *name;
    getter get;
    setter set;
    const char *doc;
    void *closure;
};

/* An attribute stored at `offset` in the object's C struct, of kind `type` (T_INT ...,
   structmember.h) with `flags` (READONLY). CPython 3.11 declares it in structmember.h;
   here it is visible to every extension, so that structmember.h only adds constants. */
struct PyMemberDef {
    const char *name;
    int type;
    Py_ssize_t offset;
    int flags;
    const char *doc;
};

/* Descriptors of C methods for a type's dict: calling one checks that the first argument
   is an instance (a subtype, for a class method) of `type`; getting it from an instance
   binds it. (PyType_Ready makes these from tp_methods.) */
PyAPI_FUNC(PyObject *) PyDescr_NewMethod(PyTypeObject *type, PyMethodDef *method);
PyAPI_FUNC(PyObject *) PyDescr_NewClassMethod(PyTypeObject *type, PyMethodDef *method);
/* Descriptors of members and getsets (PyType_Ready makes these from tp_members, tp_getset). */
PyAPI_FUNC(PyObject *) PyDescr_NewMember(PyTypeObject *type, PyMemberDef *member);
PyAPI_FUNC(PyObject *) PyDescr_NewGetSet(PyTypeObject *type, PyGetSetDef *getset);
/*
 * A method descriptor's proxy has CPython 3.11's layout (capi/methoddescr.c): d_method is
 * the PyMethodDef of a C method, or for a method the runtime itself provides (list.append)
 * one with its name and doc and a NULL ml_meth and 0 flags, as there is no C function to
 * call directly. d_name and d_qualname are NULL: read __name__ and __qualname__.
 */
typedef struct {
    PyObject_HEAD
    PyTypeObject *d_type;
    PyObject *d_name;
    PyObject *d_qualname;
} PyDescrObject;
#define PyDescr_COMMON PyDescrObject d_common
typedef struct {
    PyDescr_COMMON;
    PyMethodDef *d_method;
    vectorcallfunc vectorcall;
} PyMethodDescrObject;
PyAPI_DATA(PyTypeObject) PyMethodDescr_Type;
PyAPI_DATA(PyTypeObject) PyClassMethodDescr_Type;
/* 1 if `descr`'s type defines __set__ (or __delete__): a data descriptor. */
PyAPI_FUNC(int) PyDescr_IsData(PyObject *descr);
PyAPI_DATA(PyTypeObject) PyMemberDescr_Type;
PyAPI_DATA(PyTypeObject) PyGetSetDescr_Type;
/* A member's value read from, or stored into, the object at `obj_addr`. */
PyAPI_FUNC(PyObject *) PyMember_GetOne(const char *obj_addr, PyMemberDef *m);
PyAPI_FUNC(int) PyMember_SetOne(char *obj_addr, PyMemberDef *m, PyObject *v);

#endif

/* funcobject.h — functions written in Python (Ferry has none), and classmethod/staticmethod wrappers. */
#ifndef FERRY_FUNCOBJECT_H
#define FERRY_FUNCOBJECT_H

/* Ferry's runtime runs no Python bytecode: every function is a builtin or an extension's
   own callable type, so no object is a Python function. */
#define PyFunction_Check(op) ((void)(op), 0)

/* classmethod(callable): getting it from a class or an instance binds the callable to the
   class (capi/funcobject.c). */
PyAPI_DATA(PyTypeObject) PyClassMethod_Type;
PyAPI_FUNC(PyObject *) PyClassMethod_New(PyObject *callable);
/* staticmethod(callable): the runtime's staticmethod. */
PyAPI_FUNC(PyObject *) PyStaticMethod_New(PyObject *callable);

#endif

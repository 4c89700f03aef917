/* pycapsule.h — capsules: C pointers wrapped as objects. */
#ifndef FERRY_PYCAPSULE_H
#define FERRY_PYCAPSULE_H

/*
 * A capsule is made by C and lives in its proxy (pointer, name, context, destructor); its
 * runtime object, of the runtime type "PyCapsule", is made the first time it crosses
 * into the runtime and only stands for it. The destructor runs when the last reference
 * goes: at once if the capsule never crossed, else when the runtime object has died, at
 * the next crossing between the runtime and C (never inside a garbage collection). It
 * may read the capsule with the getters below; it must not pass it to the runtime.
 */
PyAPI_DATA(PyTypeObject) PyCapsule_Type;
typedef void (*PyCapsule_Destructor)(PyObject *);
#define PyCapsule_CheckExact(op) Py_IS_TYPE((op), &PyCapsule_Type)

PyAPI_FUNC(PyObject *) PyCapsule_New(void *pointer, const char *name,
                                     PyCapsule_Destructor destructor);
PyAPI_FUNC(void *) PyCapsule_GetPointer(PyObject *capsule, const char *name);
PyAPI_FUNC(PyCapsule_Destructor) PyCapsule_GetDestructor(PyObject *capsule);
PyAPI_FUNC(const char *) PyCapsule_GetName(PyObject *capsule);
PyAPI_FUNC(void *) PyCapsule_GetContext(PyObject *capsule);
PyAPI_FUNC(int) PyCapsule_IsValid(PyObject *capsule, const char *name);
PyAPI_FUNC(int) PyCapsule_SetPointer(PyObject *capsule, void *pointer);
PyAPI_FUNC(int) PyCapsule_SetDestructor(PyObject *capsule, PyCapsule_Destructor destructor);
/* The name is not copied: it must outlive the capsule, as in CPython. */
PyAPI_FUNC(int) PyCapsule_SetName(PyObject *capsule, const char *name);
PyAPI_FUNC(int) PyCapsule_SetContext(PyObject *capsule, void *context);
/* The pointer of the capsule at the dotted path `name` ("module.attr"), imported. */
PyAPI_FUNC(void *) PyCapsule_Import(const char *name, int no_block);

#endif

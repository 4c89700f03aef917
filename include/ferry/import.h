/* import.h — importing modules from C: extension modules, host modules, sys.modules. */
#ifndef FERRY_IMPORT_H
#define FERRY_IMPORT_H

PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);
/* sys.modules (borrowed). */
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
/* The module `name` from sys.modules, made empty and registered if absent (borrowed). */
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *name);

#endif

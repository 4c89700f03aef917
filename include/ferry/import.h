/* import.h — importing modules from C: extension modules, host modules, sys.modules. */
#ifndef FERRY_IMPORT_H
#define FERRY_IMPORT_H

PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);
/* `import name` (level 0) or a relative import from the package `globals` name (level > 0);
   with a non-empty `fromlist` the module itself, else the top-level package. */
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevelObject(PyObject *name, PyObject *globals,
                                                        PyObject *locals, PyObject *fromlist,
                                                        int level);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevel(const char *name, PyObject *globals,
                                                  PyObject *locals, PyObject *fromlist,
                                                  int level);
/* sys.modules (borrowed). */
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
/* The module `name` from sys.modules, made empty and registered if absent (borrowed). */
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *name);

#endif

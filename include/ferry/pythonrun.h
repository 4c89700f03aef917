/* pythonrun.h — running Python source from C, which Ferry's library cannot (capi/pythonrun.c). */
#ifndef FERRY_PYTHONRUN_H
#define FERRY_PYTHONRUN_H

/* The start symbols of CPython's grammar. */
#define Py_single_input 256
#define Py_file_input 257
#define Py_eval_input 258
#define Py_func_type_input 345

/* Raises NotImplementedError: the library has no compiler for Python source. */
PyAPI_FUNC(PyObject *) PyRun_String(const char *str, int start, PyObject *globals,
                                    PyObject *locals);

#endif

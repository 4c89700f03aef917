/* code.h — code objects: what names a function and its source position (Ferry runs no bytecode). */
#ifndef FERRY_CODE_H
#define FERRY_CODE_H

/*
 * Ferry executes no bytecode, so a code object only describes: the names and counts
 * Python's introspection reads (co_name, co_filename, co_firstlineno, co_varnames ...),
 * kept as given. Extensions make them for their functions' __code__ and for the frames
 * of the tracebacks they add (PyCode_NewEmpty, then code.replace(...), as Cython does).
 * The fields are the C struct's own (capi/code.c), with CPython 3.11's names.
 */
typedef struct {
    PyObject_HEAD
    PyObject *co_consts;
    PyObject *co_names;
    PyObject *co_exceptiontable;
    int co_flags;
    int co_argcount;
    int co_posonlyargcount;
    int co_kwonlyargcount;
    int co_stacksize;
    int co_firstlineno;
    int co_nlocals;
    int co_nplaincellvars;
    int co_ncellvars;
    int co_nfreevars;
    PyObject *co_varnames;
    PyObject *co_cellvars;
    PyObject *co_freevars;
    PyObject *co_filename;
    PyObject *co_name;
    PyObject *co_qualname;
    PyObject *co_linetable;
    PyObject *co_code;
    PyObject *co_weakreflist;
} PyCodeObject;

PyAPI_DATA(PyTypeObject) PyCode_Type;
#define PyCode_Check(op) Py_IS_TYPE((op), &PyCode_Type)

/* co_flags */
#define CO_OPTIMIZED 0x0001
#define CO_NEWLOCALS 0x0002
#define CO_VARARGS 0x0004
#define CO_VARKEYWORDS 0x0008
#define CO_NESTED 0x0010
#define CO_GENERATOR 0x0020
#define CO_NOFREE 0x0040
#define CO_COROUTINE 0x0080
#define CO_ITERABLE_COROUTINE 0x0100
#define CO_ASYNC_GENERATOR 0x0200

/* A code object with no arguments and no code: the name and position of a function, for
   a traceback entry. */
PyAPI_FUNC(PyCodeObject *) PyCode_NewEmpty(const char *filename, const char *funcname,
                                           int firstlineno);
static inline Py_ssize_t PyCode_GetNumFree(PyCodeObject *op)
{
    return op->co_nfreevars;
}

#endif

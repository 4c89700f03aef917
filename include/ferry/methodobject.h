/* methodobject.h — PyMethodDef, the METH_* calling conventions, builtin function objects. */
#ifndef FERRY_METHODOBJECT_H
#define FERRY_METHODOBJECT_H

typedef PyObject *(*PyCFunction)(PyObject *, PyObject *);
typedef PyObject *(*_PyCFunctionFast)(PyObject *, PyObject *const *, Py_ssize_t);
typedef PyObject *(*PyCFunctionWithKeywords)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*_PyCFunctionFastWithKeywords)(PyObject *, PyObject *const *, Py_ssize_t,
                                                  PyObject *);
typedef PyObject *(*PyCMethod)(PyObject *, PyTypeObject *, PyObject *const *, size_t,
                               PyObject *);
typedef _PyCFunctionFast PyCFunctionFast;
typedef _PyCFunctionFastWithKeywords PyCFunctionFastWithKeywords;

struct PyMethodDef {
    const char *ml_name;
    PyCFunction ml_meth;
    int ml_flags;
    const char *ml_doc;
};

#define _PyCFunction_CAST(func) ((PyCFunction)(void (*)(void))(func))

#define METH_VARARGS 0x0001
#define METH_KEYWORDS 0x0002
#define METH_NOARGS 0x0004
#define METH_O 0x0008
#define METH_CLASS 0x0010
#define METH_STATIC 0x0020
#define METH_COEXIST 0x0040
#define METH_FASTCALL 0x0080
#define METH_STACKLESS 0x0000
#define METH_METHOD 0x0200

PyAPI_DATA(PyTypeObject) PyCFunction_Type;
#define PyCFunction_CheckExact(op) Py_IS_TYPE((op), &PyCFunction_Type)
#define PyCFunction_Check(op) PyObject_TypeCheck((op), &PyCFunction_Type)

/* A builtin function from a PyMethodDef; `self` is what it receives first (a module, or
   NULL), `module` its __module__ (a str or NULL). */
PyAPI_FUNC(PyObject *) PyCFunction_NewEx(PyMethodDef *ml, PyObject *self, PyObject *module);
PyAPI_FUNC(PyObject *) PyCMethod_New(PyMethodDef *ml, PyObject *self, PyObject *module,
                                     PyTypeObject *cls);
#define PyCFunction_New(ML, SELF) PyCFunction_NewEx((ML), (SELF), NULL)
PyAPI_FUNC(PyCFunction) PyCFunction_GetFunction(PyObject *);
PyAPI_FUNC(PyObject *) PyCFunction_GetSelf(PyObject *);
PyAPI_FUNC(int) PyCFunction_GetFlags(PyObject *);

/*
 * CPython 3.11's layout of a builtin function, for types that extend it (Cython's
 * cyfunction starts with one). Ferry's own builtin functions (PyCFunction_Type) are not
 * laid out this way: read them with the accessors below.
 */
typedef struct {
    PyObject_HEAD
    PyMethodDef *m_ml;
    PyObject *m_self;
    PyObject *m_module;
    PyObject *m_weakreflist;
    vectorcallfunc vectorcall;
} PyCFunctionObject;

/* The PyMethodDef of a builtin function made from one (PyCFunction_NewEx, a type's
   tp_methods); NULL for a builtin the runtime itself provides (len, a bound list.append),
   which has no C function to call directly. */
PyAPI_FUNC(PyMethodDef *) _Ferry_CFunction_Def(PyObject *op);
/* What a builtin function receives first (its module, or the receiver it is bound to),
   borrowed; NULL for none, or for a METH_STATIC function. */
PyAPI_FUNC(PyObject *) _Ferry_CFunction_Self(PyObject *op);

/*
 * CPython's unchecked accessors. On a builtin without a PyMethodDef the flags read 0, a
 * convention no METH_* test matches, and the function NULL, so code that calls a C
 * function directly when its flags allow (Cython's) calls the object instead. An object
 * of another type is read as a PyCFunctionObject, as CPython does.
 */
static inline PyMethodDef *_Ferry_CFunction_ML(PyObject *func)
{
    return Py_IS_TYPE(func, &PyCFunction_Type) ? _Ferry_CFunction_Def(func)
                                               : ((PyCFunctionObject *)func)->m_ml;
}
static inline PyCFunction PyCFunction_GET_FUNCTION(PyObject *func)
{
    PyMethodDef *ml = _Ferry_CFunction_ML(func);
    return ml ? ml->ml_meth : NULL;
}
#define PyCFunction_GET_FUNCTION(func) PyCFunction_GET_FUNCTION(_PyObject_CAST(func))
static inline int PyCFunction_GET_FLAGS(PyObject *func)
{
    PyMethodDef *ml = _Ferry_CFunction_ML(func);
    return ml ? ml->ml_flags : 0;
}
#define PyCFunction_GET_FLAGS(func) PyCFunction_GET_FLAGS(_PyObject_CAST(func))
/* Borrowed; NULL for a function given no `self` or flagged METH_STATIC. */
static inline PyObject *PyCFunction_GET_SELF(PyObject *func)
{
    if (!Py_IS_TYPE(func, &PyCFunction_Type))
        return PyCFunction_GET_FLAGS(func) & METH_STATIC ? NULL
                                                         : ((PyCFunctionObject *)func)->m_self;
    return _Ferry_CFunction_Self(func);
}
#define PyCFunction_GET_SELF(func) PyCFunction_GET_SELF(_PyObject_CAST(func))

#endif

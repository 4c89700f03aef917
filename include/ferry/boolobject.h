/* boolobject.h — True and False. */
#ifndef FERRY_BOOLOBJECT_H
#define FERRY_BOOLOBJECT_H

PyAPI_DATA(PyTypeObject) PyBool_Type;
PyAPI_DATA(PyLongObject) _Py_FalseStruct;
PyAPI_DATA(PyLongObject) _Py_TrueStruct;
#define Py_False ((PyObject *)&_Py_FalseStruct)
#define Py_True ((PyObject *)&_Py_TrueStruct)
#define PyBool_Check(x) Py_IS_TYPE((x), &PyBool_Type)
PyAPI_FUNC(int) Py_IsTrue(PyObject *x);
#define Py_IsTrue(x) Py_Is((x), Py_True)
PyAPI_FUNC(int) Py_IsFalse(PyObject *x);
#define Py_IsFalse(x) Py_Is((x), Py_False)
#define Py_RETURN_TRUE return Py_NewRef(Py_True)
#define Py_RETURN_FALSE return Py_NewRef(Py_False)
/* A new reference to True or False. */
PyAPI_FUNC(PyObject *) PyBool_FromLong(long);

#endif

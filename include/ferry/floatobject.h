/* floatobject.h — float objects: the proxy carries the value (PyFloat_AS_DOUBLE reads it). */
#ifndef FERRY_FLOATOBJECT_H
#define FERRY_FLOATOBJECT_H

typedef struct {
    PyObject_HEAD
    double ob_fval;
} PyFloatObject;

PyAPI_DATA(PyTypeObject) PyFloat_Type;
#define PyFloat_Check(op) PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)
#define PyFloat_AS_DOUBLE(op) (((PyFloatObject *)(op))->ob_fval)

#define Py_RETURN_NAN return PyFloat_FromDouble((double)NAN)
#define Py_RETURN_INF(sign)                                                                \
    do {                                                                                  \
        if (copysign(1., (sign)) == 1.)                                                   \
            return PyFloat_FromDouble(HUGE_VAL);                                          \
        return PyFloat_FromDouble(-HUGE_VAL);                                             \
    } while (0)

PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double);
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *);
/* float(v) for a str, bytes or bytearray; TypeError for anything else. */
PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *);
PyAPI_FUNC(double) PyFloat_GetMax(void);
PyAPI_FUNC(double) PyFloat_GetMin(void);
/* sys.float_info. Ferry's runtime has no such attribute yet: this raises
   NotImplementedError until it does. */
PyAPI_FUNC(PyObject *) PyFloat_GetInfo(void);

/* IEEE 754 binary16/32/64 in 2, 4 or 8 bytes, little-endian when `le`. Pack2 and Pack4
   raise OverflowError when the value does not fit ("float too large to pack with e/f
   format"); Pack2 rounds half to even. */
PyAPI_FUNC(int) PyFloat_Pack2(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack4(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack8(double x, char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack2(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack4(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack8(const char *p, int le);

#endif

/* abstract.h — the abstract object, number, sequence, mapping, iterator and call protocols. */
#ifndef FERRY_ABSTRACT_H
#define FERRY_ABSTRACT_H

/* ---- the object protocol (capi/object.c) -------------------------------------------------
 * Each is one operation of the runtime's object space on the objects' runtime
 * counterparts, with CPython's errors. A NULL argument gives what CPython gives where it
 * checks ("<NULL>" from PyObject_Repr, SystemError "null argument to internal routine"
 * from PyObject_GetItem ...) and SystemError where CPython would crash. */
PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *o);
/* Writes repr(o), or str(o) with Py_PRINT_RAW, to `fp` ("<nil>" for NULL); 0 or -1. */
#define Py_PRINT_RAW 1
PyAPI_FUNC(int) PyObject_Print(PyObject *o, FILE *fp, int flags);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Bytes(PyObject *o);
PyAPI_FUNC(Py_hash_t) PyObject_Hash(PyObject *o);
PyAPI_FUNC(Py_hash_t) PyObject_HashNotImplemented(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_RichCompare(PyObject *a, PyObject *b, int op);
/* Identity implies equality for Py_EQ and Py_NE, as in CPython. */
PyAPI_FUNC(int) PyObject_RichCompareBool(PyObject *a, PyObject *b, int op);
PyAPI_FUNC(int) PyObject_IsTrue(PyObject *o);
PyAPI_FUNC(int) PyObject_Not(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Type(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyObject_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyObject_Length(PyObject *o);
#define PyObject_Length PyObject_Size
PyAPI_FUNC(Py_ssize_t) PyObject_LengthHint(PyObject *o, Py_ssize_t defaultvalue);
PyAPI_FUNC(PyObject *) PyObject_GetItem(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyObject_SetItem(PyObject *o, PyObject *key, PyObject *v);
PyAPI_FUNC(int) PyObject_DelItem(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyObject_DelItemString(PyObject *o, const char *key);
PyAPI_FUNC(PyObject *) PyObject_GetAttr(PyObject *o, PyObject *name);
PyAPI_FUNC(PyObject *) PyObject_GetAttrString(PyObject *o, const char *name);
PyAPI_FUNC(int) PyObject_SetAttr(PyObject *o, PyObject *name, PyObject *v);
PyAPI_FUNC(int) PyObject_SetAttrString(PyObject *o, const char *name, PyObject *v);
#define PyObject_DelAttr(O, A) PyObject_SetAttr((O), (A), NULL)
#define PyObject_DelAttrString(O, A) PyObject_SetAttrString((O), (A), NULL)
/* 1 or 0; any error raised by the lookup is swallowed (CPython 3.11). */
PyAPI_FUNC(int) PyObject_HasAttr(PyObject *o, PyObject *name);
PyAPI_FUNC(int) PyObject_HasAttrString(PyObject *o, const char *name);
/* 1 with *result set, 0 (no error) when the attribute is missing, -1 on another error. */
PyAPI_FUNC(int) _PyObject_LookupAttr(PyObject *o, PyObject *name, PyObject **result);
PyAPI_FUNC(PyObject *) PyObject_GenericGetAttr(PyObject *o, PyObject *name);
/* PyObject_GenericGetAttr looking in `dict` instead of the instance's own dict when `dict`
   is not NULL; with `suppress`, a missing attribute is NULL without an error. */
PyAPI_FUNC(PyObject *) _PyObject_GenericGetAttrWithDict(PyObject *o, PyObject *name,
                                                        PyObject *dict, int suppress);
/* tp_iternext of objects that are not iterators: raises TypeError. */
PyAPI_FUNC(PyObject *) _PyObject_NextNotImplemented(PyObject *self);
PyAPI_FUNC(int) PyObject_GenericSetAttr(PyObject *o, PyObject *name, PyObject *value);
/* dir(o). PyObject_Dir(NULL), the names of the current frame, raises NotImplementedError:
   Ferry's runtime has no frames. */
PyAPI_FUNC(PyObject *) PyObject_Dir(PyObject *o);
PyAPI_FUNC(int) PyObject_IsInstance(PyObject *o, PyObject *cls);
PyAPI_FUNC(int) PyObject_IsSubclass(PyObject *derived, PyObject *cls);
PyAPI_FUNC(PyObject *) PyObject_GetIter(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_SelfIter(PyObject *o);
PyAPI_FUNC(int) PyCallable_Check(PyObject *o);
/* format(obj, spec). Ferry's runtime has no __format__ protocol yet: an empty or NULL
   spec gives str(obj), as every builtin __format__ does; another spec raises
   object.__format__'s TypeError for types that inherit it, and NotImplementedError for
   int, float and str, whose format mini-language Ferry lacks. */
PyAPI_FUNC(PyObject *) PyObject_Format(PyObject *obj, PyObject *format_spec);
/* The runtime's guard against cycles in repr(): every Py_ReprEnter that returned 0 is
   paired with a Py_ReprLeave, innermost first. */
PyAPI_FUNC(int) Py_ReprEnter(PyObject *o);
PyAPI_FUNC(void) Py_ReprLeave(PyObject *o);

/* ---- the call protocol (capi/abstract_call.c) ------------------------------------------------
 * Arguments are converted to runtime objects and the runtime's call operation runs; the
 * vectorcall forms build no tuple for the positional arguments. */
#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
static inline Py_ssize_t PyVectorcall_NARGS(size_t n)
{
    return (Py_ssize_t)(n & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}

#ifdef PY_SSIZE_T_CLEAN
#define PyObject_CallFunction _PyObject_CallFunction_SizeT
#define PyObject_CallMethod _PyObject_CallMethod_SizeT
#endif

PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs);
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *callable, PyObject *args);
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *callable);
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *callable, PyObject *arg);
/* The format is Py_BuildValue's; a result that is not a tuple is the one argument. */
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *callable, const char *format, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *obj, const char *name, const char *format,
                                           ...);
PyAPI_FUNC(PyObject *) _PyObject_CallFunction_SizeT(PyObject *callable, const char *format,
                                                    ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod_SizeT(PyObject *obj, const char *name,
                                                  const char *format, ...);
/* The method named by a str object; '#' lengths are Py_ssize_t (capi/callmethod.c). */
PyAPI_FUNC(PyObject *) _PyObject_CallMethod(PyObject *obj, PyObject *name, const char *format,
                                            ...);
/* NULL-terminated lists of arguments. */
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *callable, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...);
PyAPI_FUNC(PyObject *) PyObject_Vectorcall(PyObject *callable, PyObject *const *args,
                                           size_t nargsf, PyObject *kwnames);
PyAPI_FUNC(PyObject *) PyObject_VectorcallDict(PyObject *callable, PyObject *const *args,
                                               size_t nargsf, PyObject *kwargs);
/* args[0] is the object whose method `name` is called with args[1:]. */
PyAPI_FUNC(PyObject *) PyObject_VectorcallMethod(PyObject *name, PyObject *const *args,
                                                 size_t nargsf, PyObject *kwnames);
PyAPI_FUNC(PyObject *) PyVectorcall_Call(PyObject *callable, PyObject *tuple, PyObject *dict);
/* Ferry's objects have no per-object vectorcall slot: always NULL (call through
   PyObject_Vectorcall, which is the fast path). */
PyAPI_FUNC(vectorcallfunc) PyVectorcall_Function(PyObject *callable);
PyAPI_FUNC(PyObject *) _PyObject_FastCall(PyObject *callable, PyObject *const *args,
                                          Py_ssize_t nargs);
static inline PyObject *PyObject_CallMethodNoArgs(PyObject *self, PyObject *name)
{
    return PyObject_VectorcallMethod(name, &self, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
static inline PyObject *PyObject_CallMethodOneArg(PyObject *self, PyObject *name, PyObject *arg)
{
    PyObject *args[2] = {self, arg};
    return PyObject_VectorcallMethod(name, args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
#define _PyObject_Vectorcall PyObject_Vectorcall
#define _PyObject_VectorcallMethod PyObject_VectorcallMethod
#define _PyObject_FastCallDict PyObject_VectorcallDict
#define _PyVectorcall_Function PyVectorcall_Function
#define _PyObject_CallOneArg PyObject_CallOneArg
#define _PyObject_CallMethodNoArgs PyObject_CallMethodNoArgs
#define _PyObject_CallMethodOneArg PyObject_CallMethodOneArg
#define _PyObject_CallNoArg PyObject_CallNoArgs

/* ---- number protocol ---- */
/* capi/number.c. Each operation is the runtime's (the object space's binary and unary
 * operators, int(), float(), operator.index()); errors are CPython's. A NULL argument is
 * SystemError "null argument to internal routine". */
PyAPI_FUNC(int) PyNumber_Check(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Add(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Subtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Multiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_MatrixMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_FloorDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_TrueDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Remainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Divmod(PyObject *o1, PyObject *o2);
/* o3 is Py_None for pow(o1, o2); otherwise all three must be ints (builtin pow()'s
   three-argument form; Ferry's runtime has no ternary slot for other types). */
PyAPI_FUNC(PyObject *) PyNumber_Power(PyObject *o1, PyObject *o2, PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_Negative(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Positive(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Absolute(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Invert(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Lshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Rshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_And(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Xor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Or(PyObject *o1, PyObject *o2);
/*
 * In-place forms. The runtime has no in-place slots, so: a C type's nb_inplace_* slot
 * when o1's type has one, else o1's `__iadd__`-style method if its type defines one,
 * else the mutable builtins update o1 and return it (list +=, *=; bytearray +=, *=;
 * set |=, &=, -=, ^=; dict |=), else the binary operation. Errors name the in-place
 * operator ("unsupported operand type(s) for +=: ...") as CPython's do.
 */
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAdd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceSubtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMatrixMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceFloorDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceTrueDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRemainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlacePower(PyObject *o1, PyObject *o2, PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceLshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAnd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceXor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceOr(PyObject *o1, PyObject *o2);
PyAPI_FUNC(int) PyIndex_Check(PyObject *o);
/* operator.index(o): an exact int. _PyNumber_Index may return an int subclass. */
PyAPI_FUNC(PyObject *) PyNumber_Index(PyObject *o);
PyAPI_FUNC(PyObject *) _PyNumber_Index(PyObject *o);
/* The index value of o; on overflow, clamped to PY_SSIZE_T_MIN/MAX if exc is NULL, else
   exc "cannot fit 'T' into an index-sized integer" is raised. */
PyAPI_FUNC(Py_ssize_t) PyNumber_AsSsize_t(PyObject *o, PyObject *exc);
PyAPI_FUNC(PyObject *) PyNumber_Long(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Float(PyObject *o);
/* bin(), oct(), str() or hex() of operator.index(n): base is 2, 8, 10 or 16. */
PyAPI_FUNC(PyObject *) PyNumber_ToBase(PyObject *n, int base);

/* ---- sequence protocol ---- */
/* capi/sequence.c. CPython 3.11's semantics over the runtime's objects: a builtin type's
 * CPython slots are read off the runtime type (a getitem slot on anything but a dict is
 * sq_item, and so on); a type with C slot tables (an extension's) is served by its own
 * slots. A NULL argument is SystemError "null argument to internal routine". Lists go
 * through PyList_*, so C's borrowed items stay consistent. */
PyAPI_FUNC(int) PySequence_Check(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PySequence_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PySequence_Length(PyObject *o);
#define PySequence_Length PySequence_Size
PyAPI_FUNC(PyObject *) PySequence_Concat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_Repeat(PyObject *o, Py_ssize_t count);
PyAPI_FUNC(PyObject *) PySequence_InPlaceConcat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_InPlaceRepeat(PyObject *o, Py_ssize_t count);
PyAPI_FUNC(PyObject *) PySequence_GetItem(PyObject *o, Py_ssize_t i);
#define PySequence_ITEM(o, i) PySequence_GetItem((o), (i))
PyAPI_FUNC(PyObject *) PySequence_GetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
PyAPI_FUNC(int) PySequence_SetItem(PyObject *o, Py_ssize_t i, PyObject *v);
PyAPI_FUNC(int) PySequence_DelItem(PyObject *o, Py_ssize_t i);
PyAPI_FUNC(int) PySequence_SetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2, PyObject *v);
PyAPI_FUNC(int) PySequence_DelSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
PyAPI_FUNC(PyObject *) PySequence_Tuple(PyObject *o);
PyAPI_FUNC(PyObject *) PySequence_List(PyObject *o);
/* An exact list or tuple: `o` itself, else a new list of its items (TypeError `m` when
   it cannot be iterated). The macros read the result: a list's items through the calls
   of listobject.h, a tuple's from its ob_item. */
PyAPI_FUNC(PyObject *) PySequence_Fast(PyObject *o, const char *m);
#define PySequence_Fast_GET_SIZE(o) (PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o))
#define PySequence_Fast_GET_ITEM(o, i)                                                    \
    (PyList_Check(o) ? PyList_GET_ITEM((o), (i)) : PyTuple_GET_ITEM((o), (i)))
#define PySequence_Fast_ITEMS(o)                                                          \
    (PyList_Check(o) ? _Ferry_List_ITEMS(_PyObject_CAST(o)) : ((PyTupleObject *)(o))->ob_item)
PyAPI_FUNC(Py_ssize_t) PySequence_Count(PyObject *o, PyObject *value);
PyAPI_FUNC(int) PySequence_Contains(PyObject *seq, PyObject *ob);
PyAPI_FUNC(int) PySequence_In(PyObject *o, PyObject *value);
#define PySequence_In PySequence_Contains
PyAPI_FUNC(Py_ssize_t) PySequence_Index(PyObject *o, PyObject *value);
#define PY_ITERSEARCH_COUNT 1
#define PY_ITERSEARCH_INDEX 2
#define PY_ITERSEARCH_CONTAINS 3
PyAPI_FUNC(Py_ssize_t) _PySequence_IterSearch(PyObject *seq, PyObject *obj, int operation);

/* ---- mapping protocol ---- */
/* capi/mapping.c, on the same terms as the sequence protocol. */
PyAPI_FUNC(int) PyMapping_Check(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyMapping_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyMapping_Length(PyObject *o);
#define PyMapping_Length PyMapping_Size
#define PyMapping_DelItem(o, key) PyObject_DelItem((o), (key))
#define PyMapping_DelItemString(o, key) PyObject_DelItemString((o), (key))
/* 1 or 0: any error of the lookup is swallowed. */
PyAPI_FUNC(int) PyMapping_HasKey(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyMapping_HasKeyString(PyObject *o, const char *key);
/* New lists: o.keys(), o.values(), o.items() made into lists. */
PyAPI_FUNC(PyObject *) PyMapping_Keys(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Values(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Items(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_GetItemString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyMapping_SetItemString(PyObject *o, const char *key, PyObject *v);

/* ---- iterator protocol ---- */
/* capi/iter.c. PyObject_GetIter is the object protocol's (above). */
PyAPI_FUNC(int) PyIter_Check(PyObject *o);
/* The next item (new reference); NULL without an error when the iterator is exhausted
   (a StopIteration is cleared), NULL with one on failure. */
PyAPI_FUNC(PyObject *) PyIter_Next(PyObject *iter);
/* Resumes `iter` with `arg`: next(iter) for None, else iter.send(arg). PYGEN_NEXT with the
   value yielded, PYGEN_RETURN with the value returned (StopIteration's), or PYGEN_ERROR
   with an error (PySendResult, object.h); *presult is a new reference, NULL on error. */
PyAPI_FUNC(PySendResult) PyIter_Send(PyObject *iter, PyObject *arg, PyObject **presult);
/* iter(seq) for an object with only __getitem__: items 0, 1, ... until IndexError. */
PyAPI_FUNC(PyObject *) PySeqIter_New(PyObject *seq);
/* iter(callable, sentinel). */
PyAPI_FUNC(PyObject *) PyCallIter_New(PyObject *callable, PyObject *sentinel);

#endif

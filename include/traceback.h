/* traceback.h — CPython's header of that name, which extensions include for tracebacks: everything is in Python.h. */
#include "Python.h"

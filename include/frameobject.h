/* frameobject.h — CPython's header of that name, which extensions include for frames: everything is in Python.h. */
#include "Python.h"

/* compile.h — CPython's header of that name, which extensions include for code objects: everything is in Python.h. */
#include "Python.h"

/* descrobject.h — CPython's header of that name, which extensions include for descriptors: everything is in Python.h. */
#include "Python.h"

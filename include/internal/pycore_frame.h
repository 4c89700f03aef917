/* pycore_frame.h — CPython's internal frame header, which Cython includes for 3.11: Ferry's frames are in Python.h (ferry/frameobject.h). */
#include "Python.h"

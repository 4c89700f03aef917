/* pybuffer.h — the buffer protocol: Py_buffer, PyObject_GetBuffer, memoryview. */
#ifndef FERRY_PYBUFFER_H
#define FERRY_PYBUFFER_H

#endif

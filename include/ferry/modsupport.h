/* modsupport.h — argument parsing (PyArg_*) and building values (Py_BuildValue). */
#ifndef FERRY_MODSUPPORT_H
#define FERRY_MODSUPPORT_H

#endif

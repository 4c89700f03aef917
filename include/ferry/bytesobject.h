/* bytesobject.h — bytes objects: the proxy keeps the bytes (PyBytes_AS_STRING is stable). */
#ifndef FERRY_BYTESOBJECT_H
#define FERRY_BYTESOBJECT_H

#endif

/* bytearrayobject.h — bytearray objects. */
#ifndef FERRY_BYTEARRAYOBJECT_H
#define FERRY_BYTEARRAYOBJECT_H

#endif

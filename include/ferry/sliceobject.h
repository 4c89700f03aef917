/* sliceobject.h — slices. */
#ifndef FERRY_SLICEOBJECT_H
#define FERRY_SLICEOBJECT_H

#endif

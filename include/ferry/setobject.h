/* setobject.h — sets and frozensets. */
#ifndef FERRY_SETOBJECT_H
#define FERRY_SETOBJECT_H

#endif

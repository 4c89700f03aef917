/* listobject.h — lists: borrowed items over the runtime's strategy lists. */
#ifndef FERRY_LISTOBJECT_H
#define FERRY_LISTOBJECT_H

#endif

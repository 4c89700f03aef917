/* dictobject.h — dicts. */
#ifndef FERRY_DICTOBJECT_H
#define FERRY_DICTOBJECT_H

#endif

/* descrobject.h — descriptors: PyMemberDef and PyGetSetDef. */
#ifndef FERRY_DESCROBJECT_H
#define FERRY_DESCROBJECT_H

#endif

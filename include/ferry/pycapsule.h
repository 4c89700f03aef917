/* pycapsule.h — capsules: C pointers wrapped as objects. */
#ifndef FERRY_PYCAPSULE_H
#define FERRY_PYCAPSULE_H

#endif

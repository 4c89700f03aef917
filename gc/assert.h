/* assert.h — FERRY_ASSERT: checked in --enable-debug builds, nothing in release builds. */
#ifndef FERRY_ASSERT_H
#define FERRY_ASSERT_H

#ifdef FERRY_DEBUG
#include <stdio.h>
#include <stdlib.h>
#define FERRY_ASSERT(c)                                                                   \
    ((c) ? (void)0                                                                        \
         : (fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #c),     \
            abort()))
#else
#define FERRY_ASSERT(c) ((void)0)
#endif

#endif

/* gil.h — the global interpreter lock (gil.c); only threads.c includes it. */
#ifndef FERRY_CAPI_GIL_H
#define FERRY_CAPI_GIL_H

/* Makes the GIL anew (start-up), held by the caller. */
void capi_gil_create(void);
/* Waits for the GIL and takes it. */
void capi_gil_take(void);
/* Lets go of the GIL, or hands it to the thread that has waited a switch interval. */
void capi_gil_drop(void);

#endif

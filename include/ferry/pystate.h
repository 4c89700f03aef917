/* pystate.h — thread states and the GIL as extensions use them. */
#ifndef FERRY_PYSTATE_H
#define FERRY_PYSTATE_H

/*
 * Ferry's runtime runs on one thread for now (the real GIL and threads are coming): these
 * functions are exact on that thread — releasing the GIL around C work and taking it back
 * change nothing another thread could see — and a call from any other thread is a fatal
 * error naming the function, never a silent race.
 */
typedef struct _ts PyThreadState;
typedef struct _is PyInterpreterState;

PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
#define PyThreadState_GET() PyThreadState_Get()
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);

PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *);
Py_DEPRECATED(3.9) PyAPI_FUNC(void) PyEval_InitThreads(void);
Py_DEPRECATED(3.9) PyAPI_FUNC(int) PyEval_ThreadsInitialized(void);

#define Py_BEGIN_ALLOW_THREADS                                                            \
    {                                                                                     \
        PyThreadState *_save;                                                             \
        _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS                                                              \
    PyEval_RestoreThread(_save);                                                          \
    }

typedef enum { PyGILState_LOCKED, PyGILState_UNLOCKED } PyGILState_STATE;
PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE);
/* 1 if the calling thread holds the GIL. */
PyAPI_FUNC(int) PyGILState_Check(void);
PyAPI_FUNC(PyThreadState *) PyGILState_GetThisThreadState(void);

#endif

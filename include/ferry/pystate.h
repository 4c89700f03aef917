/* pystate.h — thread states and the GIL as extensions use them. */
#ifndef FERRY_PYSTATE_H
#define FERRY_PYSTATE_H

/*
 * Any number of threads may use the runtime, one at a time: a thread touches runtime
 * objects only while it holds the GIL, with its thread state attached. Each thread state
 * has its own error indicator and the runtime's per-thread state (capi/threads.c). The
 * thread that started the runtime holds the GIL with the main thread state attached; a C
 * thread enters with PyGILState_Ensure. As in CPython, a function that needs the GIL
 * called without it is a fatal error naming the function.
 */
typedef struct _ts PyThreadState;
typedef struct _is PyInterpreterState;

/*
 * A thread state, with CPython 3.11's names for the fields extensions read. The error
 * indicator is not here: it is the runtime's, per thread (`gc`).
 *   prev, next, interp  the interpreter's thread states (capi/threads.c);
 *   recursion_remaining, recursion_limit  Py_EnterRecursiveCall's depth budget;
 *   exc_value          the exception being handled (PyErr_GetExcInfo/SetExcInfo), or NULL;
 *   curexc_traceback   a traceback C stores directly for the error it just set (as
 *                      CPython allows): the next PyErr_Fetch gives it to that error's
 *                      exception; PyErr_Clear and PyErr_Restore drop it.
 * The rest is Ferry's own.
 */
struct gc_thread;
struct _ts {
    struct _ts *prev, *next;
    PyInterpreterState *interp;
    int recursion_remaining;
    int recursion_limit;
    PyObject *exc_value;
    PyObject *curexc_traceback;
    struct gc_thread *gc;    /* the runtime's state of this thread */
    uint64_t id;
    unsigned long thread_id; /* the thread that made it */
    int gilstate_counter;    /* PyGILState_Ensure nesting; at 0 Release deletes the state */
    PyObject *dict;          /* PyThreadState_GetDict's, made on first use */
};

PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
#define PyThreadState_GET() PyThreadState_Get()
/* The attached thread state, or NULL when the caller does not hold the GIL. */
PyAPI_FUNC(PyThreadState *) _PyThreadState_UncheckedGet(void);
PyAPI_FUNC(PyThreadState *) PyThreadState_Swap(PyThreadState *);
PyAPI_FUNC(PyThreadState *) PyThreadState_New(PyInterpreterState *);
PyAPI_FUNC(void) PyThreadState_Clear(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_Delete(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_DeleteCurrent(void);
PyAPI_FUNC(PyObject *) PyThreadState_GetDict(void);
PyAPI_FUNC(PyInterpreterState *) PyThreadState_GetInterpreter(PyThreadState *);
PyAPI_FUNC(uint64_t) PyThreadState_GetID(PyThreadState *);

PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Main(void);
PyAPI_FUNC(int64_t) PyInterpreterState_GetID(PyInterpreterState *);

PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *);
PyAPI_FUNC(void) PyEval_AcquireThread(PyThreadState *);
PyAPI_FUNC(void) PyEval_ReleaseThread(PyThreadState *);
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
/* Takes the GIL with the calling thread's own thread state (made on its first call),
   unless it holds it already; nestable, each paired with a PyGILState_Release. */
PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE);
/* 1 if the calling thread holds the GIL with its own thread state attached. */
PyAPI_FUNC(int) PyGILState_Check(void);
PyAPI_FUNC(PyThreadState *) PyGILState_GetThisThreadState(void);

#endif

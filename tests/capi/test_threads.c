/* test_threads.c — thread states and the GIL from several threads: attaching, per-thread state, misuse. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tests/capi/fixture.h"

TestSuite(threads, .init = cx_setup, .fini = cx_teardown);

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, fn, arg), 0);
    return t;
}

Test(threads, the_starting_thread_holds_the_gil)
{
    cr_assert_eq(PyGILState_Check(), 1);
    PyThreadState *ts = PyThreadState_Get();
    cr_assert_eq(PyGILState_GetThisThreadState(), ts);
    cr_assert_eq(_PyThreadState_UncheckedGet(), ts);
    cr_assert_eq(PyThreadState_GetInterpreter(ts), PyInterpreterState_Get());
    cr_assert_eq(PyInterpreterState_Get(), PyInterpreterState_Main());
}

struct seen {
    int check;
    PyThreadState *own, *unchecked;
    PyObject *dict;
};

static void *look_from_elsewhere(void *out)
{
    struct seen *s = out;
    s->check = PyGILState_Check();
    s->own = PyGILState_GetThisThreadState();
    s->unchecked = _PyThreadState_UncheckedGet();
    s->dict = PyThreadState_GetDict();
    return NULL;
}

Test(threads, another_thread_does_not_hold_the_gil)
{
    struct seen s = {-1, (void *)1, (void *)1, (void *)1};
    pthread_join(spawn(look_from_elsewhere, &s), NULL);
    cr_assert_eq(s.check, 0);
    cr_assert_null(s.own);
    cr_assert_null(s.unchecked);
    cr_assert_null(s.dict);
    cr_assert_eq(PyGILState_Check(), 1);
}

Test(threads, save_restore_round_trip)
{
    PyThreadState *ts = PyThreadState_Get();
    PyThreadState *saved = PyEval_SaveThread();
    cr_assert_eq(saved, ts);
    cr_assert_eq(PyGILState_Check(), 0);
    cr_assert_null(_PyThreadState_UncheckedGet());
    cr_assert_eq(PyGILState_Ensure(), PyGILState_UNLOCKED);
    cr_assert_eq(PyGILState_Check(), 1);
    cr_assert_eq(PyThreadState_Get(), ts);
    PyGILState_Release(PyGILState_UNLOCKED);
    PyEval_RestoreThread(saved);
    cr_assert_eq(PyGILState_Check(), 1);
}

/* A C thread enters with PyGILState_Ensure, gets a state of its own, works with objects,
   nests, and leaves: its state is deleted by the outermost Release. */
struct entered {
    PyThreadState *main, *own, *after;
    PyGILState_STATE outer, inner;
    long value;
    char repr[32];
};

static void *enter_and_work(void *p)
{
    struct entered *e = p;
    e->outer = PyGILState_Ensure();
    e->own = PyThreadState_Get();
    e->inner = PyGILState_Ensure();
    PyObject *l = Py_BuildValue("[iii]", 1, 2, 39);
    PyObject *sum = l ? PyNumber_Add(PyList_GET_ITEM(l, 0), PyList_GET_ITEM(l, 2)) : NULL;
    e->value = sum ? PyLong_AsLong(sum) : -1;
    PyObject *r = l ? PyObject_Repr(l) : NULL;
    snprintf(e->repr, sizeof e->repr, "%s", r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
    Py_XDECREF(sum);
    Py_XDECREF(l);
    PyGILState_Release(e->inner);
    PyGILState_Release(e->outer);
    e->after = PyGILState_GetThisThreadState();
    return NULL;
}

Test(threads, ensure_from_a_new_thread)
{
    struct entered e = {.main = PyThreadState_Get(), .after = (void *)1};
    PyThreadState *saved = PyEval_SaveThread();
    pthread_join(spawn(enter_and_work, &e), NULL);
    PyEval_RestoreThread(saved);
    cr_assert_eq(e.outer, PyGILState_UNLOCKED);
    cr_assert_eq(e.inner, PyGILState_LOCKED);
    cr_assert_neq(e.own, e.main);
    cr_assert_eq(e.value, 40);
    cr_assert_str_eq(e.repr, "[1, 2, 39]");
    cr_assert_null(e.after);
    cr_assert_eq(PyThreadState_Get(), e.main);
}

static sem_t started;
static volatile int entered_flag;

static void *ensure_and_flag(void *unused)
{
    sem_post(&started);
    PyGILState_STATE s = PyGILState_Ensure();
    entered_flag = 1; /* written and read under the GIL */
    PyGILState_Release(s);
    return NULL;
}

Test(threads, ensure_waits_while_another_thread_holds_the_gil)
{
    sem_init(&started, 0, 0);
    entered_flag = 0;
    pthread_t t = spawn(ensure_and_flag, NULL);
    sem_wait(&started);
    usleep(50 * 1000);
    cr_assert_eq(entered_flag, 0);
    Py_BEGIN_ALLOW_THREADS
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    cr_assert_eq(entered_flag, 1);
    sem_destroy(&started);
}

/* Thread A raises, lets go of the GIL; thread B raises another error and clears it; A
   still has its own. */
static sem_t a_raised, b_done;

static void *thread_a(void *out)
{
    PyGILState_STATE s = PyGILState_Ensure();
    PyErr_SetString(PyExc_KeyError, "from A");
    Py_BEGIN_ALLOW_THREADS
    sem_post(&a_raised);
    sem_wait(&b_done);
    Py_END_ALLOW_THREADS
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *r = value ? PyObject_Str(value) : NULL;
    snprintf(out, 64, "%s %s", type == PyExc_KeyError ? "KeyError" : "other",
             r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
    Py_XDECREF(type);
    Py_XDECREF(value);
    PyGILState_Release(s);
    return NULL;
}

static void *thread_b(void *out)
{
    sem_wait(&a_raised);
    PyGILState_STATE s = PyGILState_Ensure();
    int clean = PyErr_Occurred() == NULL;
    PyErr_SetString(PyExc_ValueError, "from B");
    int own = PyErr_ExceptionMatches(PyExc_ValueError);
    PyErr_Clear();
    *(int *)out = clean && own && !PyErr_Occurred();
    PyGILState_Release(s);
    sem_post(&b_done);
    return NULL;
}

Test(threads, each_thread_has_its_own_error_indicator)
{
    char a_saw[64] = "";
    int b_ok = 0;
    sem_init(&a_raised, 0, 0);
    sem_init(&b_done, 0, 0);
    PyErr_SetString(PyExc_TypeError, "from main");
    PyThreadState *saved = PyEval_SaveThread();
    pthread_t a = spawn(thread_a, a_saw), b = spawn(thread_b, &b_ok);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    PyEval_RestoreThread(saved);
    cr_assert_str_eq(a_saw, "KeyError from A"); /* the value as raised: unnormalized */
    cr_assert(b_ok);
    cr_assert(PyErr_ExceptionMatches(PyExc_TypeError));
    PyErr_Clear();
    sem_destroy(&a_raised);
    sem_destroy(&b_done);
}

/* A parked thread's shadow stack is a root: a young object it roots before letting go of
   the GIL survives (and moves) while another thread collects. */
struct parked {
    sem_t parked, collected;
    char repr[64];
};

static void *root_and_park(void *p)
{
    struct parked *k = p;
    PyGILState_STATE s = PyGILState_Ensure();
    GC_ENTER();
    w_object *t = w_tuple_pack(2, w_int_from_i64(7), w_str_from_cstr("seven"));
    GC_ROOT(t);
    w_object *before = t;
    Py_BEGIN_ALLOW_THREADS
    sem_post(&k->parked);
    sem_wait(&k->collected);
    Py_END_ALLOW_THREADS
    snprintf(k->repr, sizeof k->repr, "%s %s", fx_repr(t),
             t != before || !gc_is_young(t) ? "moved" : "stayed");
    GC_LEAVE();
    PyGILState_Release(s);
    return NULL;
}

TestSuite(threads_young, .init = cx_setup_without_stress, .fini = cx_teardown);

Test(threads_young, a_parked_thread_keeps_its_roots)
{
    struct parked k;
    sem_init(&k.parked, 0, 0);
    sem_init(&k.collected, 0, 0);
    PyThreadState *saved = PyEval_SaveThread();
    pthread_t t = spawn(root_and_park, &k);
    sem_wait(&k.parked);
    PyEval_RestoreThread(saved);
    gc_collect_minor();
    gc_collect_major();
    w_tuple_pack(2, w_None, w_None); /* reuse the nursery */
    saved = PyEval_SaveThread();
    sem_post(&k.collected);
    pthread_join(t, NULL);
    PyEval_RestoreThread(saved);
    cr_assert_str_eq(k.repr, "(7, 'seven') moved");
}

/* PyThreadState_New for another thread, which attaches it with PyEval_AcquireThread. */
static void *acquire_given(void *p)
{
    PyThreadState *ts = p;
    PyEval_AcquireThread(ts);
    int ok = PyThreadState_Get() == ts && PyGILState_GetThisThreadState() == NULL;
    PyObject *d = PyThreadState_GetDict();
    ok = ok && d && PyDict_SetItemString(d, "k", Py_None) == 0;
    PyEval_ReleaseThread(ts);
    return (void *)(intptr_t)ok;
}

Test(threads, new_state_acquired_by_another_thread)
{
    PyThreadState *ts = PyThreadState_New(PyInterpreterState_Get());
    cr_assert_not_null(ts);
    cr_assert_neq(PyThreadState_GetID(ts), PyThreadState_GetID(PyThreadState_Get()));
    void *ok;
    PyThreadState *saved = PyEval_SaveThread();
    pthread_join(spawn(acquire_given, ts), &ok);
    PyEval_RestoreThread(saved);
    cr_assert(ok);
    cr_assert_eq(PyDict_Size(PyThreadState_GetDict()), 0, "each state has its own dict");
    PyThreadState_Clear(ts);
    PyThreadState_Delete(ts);
}

Test(threads, swap_moves_the_error_indicator_with_the_state)
{
    PyThreadState *main = PyThreadState_Get(), *other = PyThreadState_New(PyInterpreterState_Get());
    PyErr_SetString(PyExc_KeyError, "main's");
    cr_assert_eq(PyThreadState_Swap(other), main);
    cr_assert_null(PyErr_Occurred());
    PyErr_SetString(PyExc_ValueError, "other's");
    cr_assert_eq(PyThreadState_Swap(main), other);
    cr_assert_eq(PyErr_Occurred(), PyExc_KeyError);
    PyErr_Clear();
    cr_assert_eq(PyThreadState_Swap(NULL), main);
    cr_assert_null(_PyThreadState_UncheckedGet());
    cr_assert_null(PyThreadState_Swap(main));
    PyThreadState_Clear(other);
    PyThreadState_Delete(other);
}

static void *release_without_state(void *unused)
{
    PyGILState_Release(PyGILState_LOCKED); /* no state for this thread: fatal */
    return NULL;
}

Test(threads, release_on_a_thread_without_state_is_fatal, .signal = SIGABRT)
{
    PyThreadState *saved = PyEval_SaveThread();
    pthread_join(spawn(release_without_state, NULL), NULL);
    PyEval_RestoreThread(saved);
}

Test(threads, releasing_twice_is_refused, .signal = SIGABRT)
{
    PyEval_SaveThread();
    PyEval_SaveThread();
}

Test(threads, thread_state_get_without_the_gil_is_fatal, .signal = SIGABRT)
{
    PyEval_SaveThread();
    PyThreadState_Get();
}

Test(threads, taking_the_gil_twice_is_fatal, .signal = SIGABRT)
{
    PyEval_RestoreThread(PyThreadState_Get());
}

Test(threads, deleting_the_current_state_is_fatal, .signal = SIGABRT)
{
    PyThreadState_Delete(PyThreadState_Get());
}

/* ---- PyThread_*: locks, TSS, identity ---------------------------------------------------- */

static void *release_lock(void *lock)
{
    usleep(20 * 1000);
    PyThread_release_lock(lock);
    return NULL;
}

Test(threads, locks)
{
    PyThread_type_lock l = PyThread_allocate_lock();
    cr_assert_not_null(l);
    cr_assert_eq(PyThread_acquire_lock(l, WAIT_LOCK), 1);
    cr_assert_eq(PyThread_acquire_lock(l, NOWAIT_LOCK), 0);
    cr_assert_eq(PyThread_acquire_lock_timed(l, 1000, 0), PY_LOCK_FAILURE);
    /* any thread may release it */
    pthread_t t = spawn(release_lock, l);
    cr_assert_eq(PyThread_acquire_lock_timed(l, 10 * 1000 * 1000, 0), PY_LOCK_ACQUIRED);
    pthread_join(t, NULL);
    PyThread_release_lock(l);
    PyThread_free_lock(l);
}

static void *tss_elsewhere(void *key)
{
    void *before = PyThread_tss_get(key);
    PyThread_tss_set(key, (void *)2);
    return before ? (void *)1 : PyThread_tss_get(key);
}

Test(threads, thread_specific_storage)
{
    static Py_tss_t key = Py_tss_NEEDS_INIT;
    cr_assert_eq(PyThread_tss_is_created(&key), 0);
    cr_assert_eq(PyThread_tss_create(&key), 0);
    cr_assert_eq(PyThread_tss_create(&key), 0, "creating twice is harmless");
    cr_assert_eq(PyThread_tss_set(&key, (void *)1), 0);
    void *there;
    pthread_join(spawn(tss_elsewhere, &key), &there);
    cr_assert_eq(there, (void *)2);
    cr_assert_eq(PyThread_tss_get(&key), (void *)1);
    PyThread_tss_delete(&key);
    cr_assert_eq(PyThread_tss_is_created(&key), 0);
    Py_tss_t *k = PyThread_tss_alloc();
    cr_assert_eq(PyThread_tss_is_created(k), 0);
    PyThread_tss_free(k);
}

static void *ident_elsewhere(void *out)
{
    *(unsigned long *)out = PyThread_get_thread_ident();
    return NULL;
}

Test(threads, thread_identity)
{
    unsigned long other = 0;
    pthread_join(spawn(ident_elsewhere, &other), NULL);
    cr_assert_neq(other, 0);
    cr_assert_neq(other, PyThread_get_thread_ident());
    cr_assert_eq(PyThread_get_thread_ident(), (unsigned long)pthread_self());
    cr_assert_eq(PyThread_get_thread_native_id(), (unsigned long)syscall(SYS_gettid));
}

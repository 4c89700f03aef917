/* bench_link.c — the cost of the C-API's links: proxies of young and old objects, results by value, calls into C. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "capi/capi.h"
#include "freelists/freelists.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define REPEAT 5

/* Iterations per run: BENCH_N in the environment (callgrind wants fewer). */
static long N = 2000000L;

static void *volatile sink;

/* Each benchmark runs `body` N times per repeat and reports the best ns per iteration.
   Collections happen inside the loop as they would in a program, so their share of the
   work (sweeping the young table, the map) is in the numbers. */
#define BENCH(label, setup, body)                                                         \
    do {                                                                                  \
        double best = 1e30;                                                               \
        for (int r = 0; r < REPEAT; r++) {                                                \
            setup;                                                                        \
            double t0 = now();                                                            \
            for (long i = 0; i < N; i++) {                                                \
                body;                                                                     \
            }                                                                             \
            double t = (now() - t0) / (double)N * 1e9;                                    \
            best = t < best ? t : best;                                                   \
        }                                                                                 \
        printf("  %-58s %7.1f ns\n", label, best);                                        \
    } while (0)

static PyObject *meth_noargs(PyObject *self, PyObject *unused)
{
    Py_RETURN_NONE;
}

static PyObject *meth_o(PyObject *self, PyObject *arg)
{
    return Py_NewRef(arg);
}

static PyObject *meth_new_int(PyObject *self, PyObject *arg)
{
    return PyLong_FromLong(PyLong_AsLong(arg) + 1000);
}

static PyObject *meth_varargs(PyObject *self, PyObject *args)
{
    return Py_NewRef(PyTuple_GET_ITEM(args, 2));
}

static PyObject *meth_fast(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    return Py_NewRef(args[2]);
}

static PyMethodDef defs[] = {
    {"noargs", meth_noargs, METH_NOARGS, NULL},
    {"o", meth_o, METH_O, NULL},
    {"new_int", meth_new_int, METH_O, NULL},
    {"varargs", meth_varargs, METH_VARARGS, NULL},
    {"fast", (PyCFunction)(void (*)(void))meth_fast, METH_FASTCALL, NULL},
};

static w_object *fn[5];

/* An extension type with a method and the sequence slots len() and [] use. */
static Py_ssize_t obj_len(PyObject *self)
{
    return 3;
}

static PyObject *obj_item(PyObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(i);
}

static PySequenceMethods obj_seq = {.sq_length = obj_len, .sq_item = obj_item};
static PyMethodDef obj_methods[] = {{"m", meth_noargs, METH_NOARGS, NULL}, {NULL}};
static PyTypeObject obj_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bench.Obj",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_as_sequence = &obj_seq,
    .tp_methods = obj_methods,
};

int main(void)
{
    const char *n = getenv("BENCH_N");
    if (n && atol(n) > 0)
        N = atol(n);
    gc_config cfg = {0, 0, 0};
    if (gc_init(&cfg) < 0 || w_objects_init() < 0 || capi_init() < 0) {
        fprintf(stderr, "bench_link: start-up failed\n");
        return 1;
    }
    for (int k = 0; k < 5; k++) {
        gc_add_root((void **)&fn[k]);
        fn[k] = capi_function_new(&defs[k], NULL);
    }
    printf("C-API links (best of %d runs of %ld iterations)\n", REPEAT, N);

    BENCH("baseline: allocate a fresh int", , sink = w_int_from_i64(i + 100000));
    BENCH("proxy of a fresh (young) int: young table", ,
          sink = capi_proxy(w_int_from_i64(i + 100000)));
    BENCH("baseline: allocate a fresh old int", , {
        w_int *o = (w_int *)w_alloc_old(w_int_type, W_TID_INT, sizeof(w_int));
        o->value = i + 100000;
        sink = o;
    });
    gc_collect_major();
    BENCH("proxy of a fresh old int: the map (the all-map design)", ,
          {
              w_int *o = (w_int *)w_alloc_old(w_int_type, W_TID_INT, sizeof(w_int));
              o->value = i + 100000;
              sink = capi_proxy(&o->ob);
          });
    gc_collect_major();

    GC_ENTER();
    w_object *held = NULL;
    GC_ROOT(held);
    held = w_int_from_i64(123456);
    gc_collect_minor();
    capi_proxy(held);
    BENCH("proxy of an old int that has one: map lookup", , sink = capi_proxy(held));
    BENCH("C result handed over: PyLong_FromLong -> runtime int by value", ,
          sink = capi_w_steal(PyLong_FromLong(i + 100000)));
    BENCH("C result handed over: 2-tuple of new ints by value", , {
        PyObject *t = PyTuple_New(2);
        PyTuple_SET_ITEM(t, 0, PyLong_FromLong(i + 100000));
        PyTuple_SET_ITEM(t, 1, PyLong_FromLong(i + 200000));
        sink = capi_w_steal(t);
    });

    w_object *args[3] = {w_None, w_None, w_None};
    GC_ROOT_ARRAY(args, 3);
    BENCH("call METH_NOARGS -> None", , sink = space_call(fn[0], args, 0, NULL));
    BENCH("call METH_O (None) -> arg", , sink = space_call(fn[1], args, 1, NULL));
    BENCH("call METH_O (fresh int) -> new int", , {
        args[0] = w_int_from_i64(i + 100000);
        sink = space_call(fn[2], args, 1, NULL);
    });
    args[0] = w_None;
    BENCH("call METH_VARARGS, 3 args", , sink = space_call(fn[3], args, 3, NULL));
    BENCH("call METH_FASTCALL, 3 args", , sink = space_call(fn[4], args, 3, NULL));

    if (PyType_Ready(&obj_type) < 0) {
        fprintf(stderr, "bench_link: PyType_Ready failed\n");
        return 1;
    }
    w_object *type = capi_link((PyObject *)&obj_type), *obj = NULL, *zero = NULL;
    GC_ROOT(obj);
    GC_ROOT(zero);
    obj = space_call(type, NULL, 0, NULL);
    zero = w_int_from_i64(0);
    BENCH("extension type: make an instance (tp_new, then crossing)", ,
          sink = space_call(type, NULL, 0, NULL));
    BENCH("extension type: obj.m() (METH_NOARGS method)", ,
          sink = space_call_method(obj, "m", NULL, 0));
    BENCH("extension type: len(obj) (sq_length)", , sink = (void *)(intptr_t)space_len(obj));
    BENCH("extension type: obj[0] (sq_item)", , sink = space_getitem(obj, zero));
    GC_LEAVE();

    freelist_counts c;
    freelist_int_counts(&c);
    printf("  int free list: %llu hits, %llu misses\n", (unsigned long long)c.hits,
           (unsigned long long)c.misses);
    capi_fini();
    gc_shutdown();
    return 0;
}

/* ferry_loop.c — the Ferry column: each operation in a C loop through the embedding API. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "ferry.h"
#include "harness.h"

/* Usage: ferry_loop DIR [harness options]; DIR holds benchmod built against Ferry. */

static ferry_handle mod, obj, fn_ffi;
static ferry_handle f_noargs, f_onearg, f_varargs, f_kwargs, f_fastcall, f_allocate_int,
    f_allocate_tuple, f_list_sum, f_parse_ii, f_float_roundtrip, f_str_roundtrip;
static ferry_handle one, two, three, zero, none, list100, a_float, a_str;
static ferry_handle n_noargs, n_onearg, n_varargs; /* method names, interned */
static ferry_handle kwnames_b;                      /* ("b",) */
static long (*volatile floor_fn)(long);
static volatile long sink;

static void fail(const char *op)
{
    char *msg = ferry_err_message();
    bench_die(op, msg);
}

/* A persistent handle to mod.NAME. */
static ferry_handle attr(ferry_handle o, const char *name)
{
    ferry_handle h = ferry_getattr(o, name);
    if (!h)
        fail(name);
    return ferry_persist(h);
}

static ferry_handle keep(ferry_handle h, const char *what)
{
    if (!h)
        fail(what);
    return ferry_persist(h);
}

/* Each iteration opens a scope for its handles and closes it, as an embedder's loop
   would: the result (and any argument made in the iteration) is released each time. */
#define CALL_LOOP(label, body)                                                            \
    for (long i = 0; i < n; i++) {                                                        \
        ferry_scope s = ferry_scope_open();                                               \
        if (!(body))                                                                      \
            fail(label);                                                                  \
        ferry_scope_close(s);                                                             \
    }

static void noargs(long n) { CALL_LOOP("noargs", ferry_call(f_noargs, 0, NULL, 0, NULL, NULL)) }
static void onearg_none(long n)
{
    CALL_LOOP("onearg_none", ferry_call(f_onearg, 1, &none, 0, NULL, NULL))
}
static void onearg_int(long n)
{
    CALL_LOOP("onearg_int", ({
                  ferry_handle x = ferry_int(i);
                  x ? ferry_call(f_onearg, 1, &x, 0, NULL, NULL) : NULL;
              }))
}
static void varargs(long n)
{
    ferry_handle a[3] = {one, two, three};
    CALL_LOOP("varargs", ferry_call(f_varargs, 3, a, 0, NULL, NULL))
}
/* As CPython's C loop does (PyObject_Vectorcall), the keyword names are a tuple made once. */
static void kwargs(long n)
{
    ferry_handle a[2] = {one, two};
    CALL_LOOP("kwargs", ferry_vectorcall(f_kwargs, a, 1, kwnames_b))
}
static void fastcall(long n)
{
    ferry_handle a[3] = {one, two, three};
    CALL_LOOP("fastcall", ferry_call(f_fastcall, 3, a, 0, NULL, NULL))
}
static void allocate_int(long n)
{
    CALL_LOOP("allocate_int", ferry_call(f_allocate_int, 0, NULL, 0, NULL, NULL))
}
static void allocate_tuple(long n)
{
    CALL_LOOP("allocate_tuple", ferry_call(f_allocate_tuple, 0, NULL, 0, NULL, NULL))
}
static void method_noargs(long n)
{
    CALL_LOOP("method_noargs", ferry_call_method_name(obj, n_noargs, 0, NULL))
}
static void method_onearg(long n)
{
    CALL_LOOP("method_onearg", ferry_call_method_name(obj, n_onearg, 1, &none))
}
static void method_varargs(long n)
{
    ferry_handle a[3] = {one, two, three};
    CALL_LOOP("method_varargs", ferry_call_method_name(obj, n_varargs, 3, a))
}
static void len(long n)
{
    for (long i = 0; i < n; i++)
        if ((sink = (long)ferry_len(obj)) < 0)
            fail("len");
}
static void getitem(long n) { CALL_LOOP("getitem", ferry_getitem(obj, zero)) }
static void list_sum(long n) { CALL_LOOP("list_sum", ferry_call(f_list_sum, 1, &list100, 0, NULL, NULL)) }
static void parse_ii(long n)
{
    ferry_handle a[2] = {one, two};
    CALL_LOOP("parse_ii", ferry_call(f_parse_ii, 2, a, 0, NULL, NULL))
}
static void float_roundtrip(long n)
{
    CALL_LOOP("float_roundtrip", ferry_call(f_float_roundtrip, 1, &a_float, 0, NULL, NULL))
}
static void str_roundtrip(long n)
{
    CALL_LOOP("str_roundtrip", ferry_call(f_str_roundtrip, 1, &a_str, 0, NULL, NULL))
}
static void ffi_floor(long n)
{
    CALL_LOOP("ffi_floor", ({
                  ferry_handle x = ferry_int(i);
                  x ? ferry_ffi_call(fn_ffi, 1, &x) : NULL;
              }))
}
/* The physical floor: the same C function through a plain (volatile) function pointer. */
static void floor_(long n)
{
    for (long i = 0; i < n; i++)
        sink = floor_fn(i);
}

static const bench_op ops[] = {
    {"noargs", 10000000, noargs},
    {"onearg_none", 10000000, onearg_none},
    {"onearg_int", 5000000, onearg_int},
    {"varargs", 5000000, varargs},
    {"kwargs", 2000000, kwargs},
    {"fastcall", 5000000, fastcall},
    {"allocate_int", 5000000, allocate_int},
    {"allocate_tuple", 5000000, allocate_tuple},
    {"method_noargs", 5000000, method_noargs},
    {"method_onearg", 5000000, method_onearg},
    {"method_varargs", 5000000, method_varargs},
    {"len", 10000000, len},
    {"getitem", 10000000, getitem},
    {"list_sum", 1000000, list_sum},
    {"parse_ii", 5000000, parse_ii},
    {"float_roundtrip", 5000000, float_roundtrip},
    {"str_roundtrip", 5000000, str_roundtrip},
    {"ffi_floor", 5000000, ffi_floor},
    {"floor", 10000000, floor_},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [--only NAME] [--callgrind]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    if (ferry_init(NULL) < 0 || ferry_add_search_path(dir) < 0) {
        fprintf(stderr, "ferry_loop: start-up failed\n");
        return 2;
    }
    mod = keep(ferry_import("benchmod"), "import benchmod");
    f_noargs = attr(mod, "noargs");
    f_onearg = attr(mod, "onearg");
    f_varargs = attr(mod, "varargs");
    f_kwargs = attr(mod, "kwargs");
    f_fastcall = attr(mod, "fastcall");
    f_allocate_int = attr(mod, "allocate_int");
    f_allocate_tuple = attr(mod, "allocate_tuple");
    f_list_sum = attr(mod, "list_sum");
    f_parse_ii = attr(mod, "parse_ii");
    f_float_roundtrip = attr(mod, "float_roundtrip");
    f_str_roundtrip = attr(mod, "str_roundtrip");
    ferry_handle type = attr(mod, "Obj");
    obj = keep(ferry_call(type, 0, NULL, 0, NULL, NULL), "Obj()");
    zero = keep(ferry_int(0), "0");
    one = keep(ferry_int(1), "1");
    two = keep(ferry_int(2), "2");
    three = keep(ferry_int(3), "3");
    none = keep(ferry_none(), "None");
    a_float = keep(ferry_float(1.5), "1.5");
    a_str = keep(ferry_str("abcdefghij", (size_t)-1), "str");
    n_noargs = keep(ferry_intern("noargs"), "intern");
    n_onearg = keep(ferry_intern("onearg"), "intern");
    n_varargs = keep(ferry_intern("varargs"), "intern");
    ferry_handle b = ferry_intern("b");
    kwnames_b = keep(b ? ferry_tuple(1, &b) : NULL, "kwnames");
    ferry_handle items[100];
    ferry_scope s = ferry_scope_open();
    for (int i = 0; i < 100; i++)
        items[i] = ferry_int(i);
    list100 = keep(ferry_list(100, items), "list");
    ferry_scope_close(s);

    ferry_handle file = attr(mod, "__file__");
    char *path = ferry_str_utf8(file, NULL);
    ferry_handle lib = ferry_ffi_open(path);
    if (!lib)
        fail("ffi.open");
    fn_ffi = keep(ferry_ffi_func(lib, "long benchmod_floor(long)"), "ffi func");
    void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    floor_fn = h ? (long (*)(long))dlsym(h, "benchmod_floor") : NULL;
    free(path);
    if (!floor_fn)
        bench_die("floor", "benchmod_floor not found");

    int rc = bench_main(argc - 1, argv + 1, ops, sizeof ops / sizeof ops[0]);
    ferry_fini();
    return rc;
}

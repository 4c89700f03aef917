"""pyloop.py — the Python-loop columns: each operation in a Python loop, under python3 or pypy3.

Usage: INTERPRETER pyloop.py DIR [--only NAME]; DIR holds benchmod built for that
interpreter. Prints the rows as the C drivers do (bench/harness.h):
NAME <tab> N <tab> MEDIAN_NS <tab> MIN_NS <tab> MAX_NS. BENCH_SCALE and BENCH_REPEAT
as there. The loop's own cost is part of each number: it is what Python code pays.
ffi_floor calls the floor function through the interpreter's fastest FFI: cffi's ABI
mode where it is built in (PyPy), ctypes otherwise (CPython).
"""
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
import benchmod  # noqa: E402

obj = benchmod.Obj()
lst = list(range(100))


def floor_function():
    try:
        import cffi
    except ImportError:
        import ctypes
        f = ctypes.CDLL(benchmod.__file__).benchmod_floor
        f.argtypes = [ctypes.c_long]
        f.restype = ctypes.c_long
        return f
    ffi = cffi.FFI()
    ffi.cdef("long benchmod_floor(long);")
    return ffi.dlopen(benchmod.__file__).benchmod_floor


def noargs(n, f=benchmod.noargs):
    for i in range(n):
        f()


def onearg_none(n, f=benchmod.onearg):
    for i in range(n):
        f(None)


def onearg_int(n, f=benchmod.onearg):
    for i in range(n):
        f(i)


def varargs(n, f=benchmod.varargs):
    for i in range(n):
        f(1, 2, 3)


def kwargs(n, f=benchmod.kwargs):
    for i in range(n):
        f(1, b=2)


def fastcall(n, f=benchmod.fastcall):
    for i in range(n):
        f(1, 2, 3)


def allocate_int(n, f=benchmod.allocate_int):
    for i in range(n):
        f()


def allocate_tuple(n, f=benchmod.allocate_tuple):
    for i in range(n):
        f()


def method_noargs(n, o=obj):
    for i in range(n):
        o.noargs()


def method_onearg(n, o=obj):
    for i in range(n):
        o.onearg(None)


def method_varargs(n, o=obj):
    for i in range(n):
        o.varargs(1, 2, 3)


def len_(n, o=obj):
    for i in range(n):
        len(o)


def getitem(n, o=obj):
    for i in range(n):
        o[0]


def list_sum(n, f=benchmod.list_sum, lst=lst):
    for i in range(n):
        f(lst)


def parse_ii(n, f=benchmod.parse_ii):
    for i in range(n):
        f(1, 2)


def float_roundtrip(n, f=benchmod.float_roundtrip):
    for i in range(n):
        f(1.5)


def str_roundtrip(n, f=benchmod.str_roundtrip):
    for i in range(n):
        f("abcdefghij")


def ffi_floor(n, f=floor_function()):
    for i in range(n):
        f(i)


# The rows and iteration counts of the C drivers, a tenth of them: a Python loop is slower.
OPS = [
    ("noargs", 1000000, noargs),
    ("onearg_none", 1000000, onearg_none),
    ("onearg_int", 500000, onearg_int),
    ("varargs", 500000, varargs),
    ("kwargs", 200000, kwargs),
    ("fastcall", 500000, fastcall),
    ("allocate_int", 500000, allocate_int),
    ("allocate_tuple", 500000, allocate_tuple),
    ("method_noargs", 500000, method_noargs),
    ("method_onearg", 500000, method_onearg),
    ("method_varargs", 500000, method_varargs),
    ("len", 1000000, len_),
    ("getitem", 1000000, getitem),
    ("list_sum", 100000, list_sum),
    ("parse_ii", 500000, parse_ii),
    ("float_roundtrip", 500000, float_roundtrip),
    ("str_roundtrip", 500000, str_roundtrip),
    ("ffi_floor", 500000, ffi_floor),
]


def main():
    only = None
    args = sys.argv[2:]
    if args[:1] == ["--only"] and len(args) == 2:
        only = args[1]
    elif args:
        sys.exit("usage: pyloop.py DIR [--only NAME]")
    scale = float(os.environ.get("BENCH_SCALE") or 1) or 1.0
    repeat = int(os.environ.get("BENCH_REPEAT") or 7)
    for name, n, loop in OPS:
        if only and name != only:
            continue
        n = max(1, int(n * scale))
        loop(n // 5 + 1)  # warm-up (PyPy's JIT compiles the loop here)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter_ns()
            loop(n)
            times.append((time.perf_counter_ns() - t0) / n)
        times.sort()
        print("%s\t%d\t%.2f\t%.2f\t%.2f" % (name, n, times[repeat // 2], times[0], times[-1]))
        sys.stdout.flush()


main()

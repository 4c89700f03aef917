# cyloops.pyx — typed loops over C ints, doubles and Py_ssize_t; C arrays; C structs, unions and enums; malloc'd memory.

from libc.stdlib cimport malloc, free, qsort
from libc.string cimport memset, strlen, memcpy
from libc.math cimport sqrt, floor


cdef struct Point:
    int x
    int y


cdef struct Rect:
    Point lo
    Point hi
    double weight


cdef union Bits:
    unsigned int u
    float f


cdef enum Color:
    RED = 1
    GREEN = 2
    BLUE = 4


def sum_ints(int n):
    cdef int i
    cdef long total = 0
    for i in range(n):
        total += i
    return total


def sum_step(int start, int stop, int step):
    cdef int i
    cdef long total = 0
    for i in range(start, stop, step):
        total += i
    return total


def harmonic(int n):
    cdef double s = 0.0
    cdef int k
    for k in range(1, n + 1):
        s += 1.0 / k
    return s


def while_loop(unsigned int x):
    cdef int steps = 0
    while x != 1:
        if x % 2:
            x = 3 * x + 1
        else:
            x //= 2
        steps += 1
    return steps


def index_sum(list xs):
    cdef Py_ssize_t i, n = len(xs)
    cdef double s = 0
    for i in range(n):
        s += xs[i]
    return s


def primes(int limit):
    cdef int sieve[1000]
    cdef int i, j
    if limit > 1000:
        raise ValueError("limit must be <= 1000")
    memset(sieve, 0, sizeof(sieve))
    out = []
    for i in range(2, limit):
        if not sieve[i]:
            out.append(i)
            j = i * i
            while j < limit:
                sieve[j] = 1
                j += i
    return out


def c_array_roundtrip(values):
    cdef double arr[16]
    cdef int n = len(values), i
    if n > 16:
        raise ValueError("too many values")
    for i in range(n):
        arr[i] = values[i]
    for i in range(n):
        arr[i] = arr[i] * 2 + 0.5
    return [arr[i] for i in range(n)]


def literal_array():
    cdef int a[5]
    a[:] = [5, 3, 9, 1, 7]
    return a, sorted(a)


cdef int cmp_int(const void *a, const void *b) noexcept nogil:
    return (<int *>a)[0] - (<int *>b)[0]


def malloc_sort(values):
    cdef int n = len(values), i
    cdef int *buf = <int *>malloc(n * sizeof(int))
    if buf == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            buf[i] = values[i]
        qsort(buf, n, sizeof(int), cmp_int)
        return [buf[i] for i in range(n)]
    finally:
        free(buf)


def struct_point(int x, int y):
    cdef Point p
    p.x = x
    p.y = y
    return p


def struct_from_dict(Point p):
    return p.x * 10 + p.y


def rect_area(Rect r):
    return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y) * r.weight


def make_rect(int w, int h):
    cdef Rect r
    r.lo = Point(0, 0)
    r.hi = Point(w, h)
    r.weight = 1.5
    return r


def struct_array(int n):
    cdef Point *pts = <Point *>malloc(n * sizeof(Point))
    cdef int i
    cdef long acc = 0
    try:
        for i in range(n):
            pts[i].x = i
            pts[i].y = i * i
        for i in range(n):
            acc += pts[i].x * pts[i].y
        return acc
    finally:
        free(pts)


def float_bits(float f):
    cdef Bits b
    b.f = f
    return hex(b.u)


def colors():
    cdef Color c = GREEN
    return (RED, c, RED | BLUE, <int>BLUE)


def char_ops(bytes b):
    cdef const char *s = b
    cdef size_t n = strlen(s)
    cdef char buf[32]
    cdef int i
    if n >= 32:
        n = 31
    memcpy(buf, s, n)
    buf[n] = 0
    for i in range(n):
        if 97 <= buf[i] <= 122:
            buf[i] -= 32
    return buf[:n], n


def int_conversions(long long a, unsigned char b, short c):
    return a, b, c, <unsigned char>(b + 10), <short>(c * 2)


def float_math(double x):
    return sqrt(x), floor(x), <int>x, x // 1, x % 1.5


def c_division(int a, int b):
    return a / b, a // b, a % b


def nested_loops(int n):
    cdef int i, j
    cdef list rows = []
    for i in range(n):
        row = []
        for j in range(i + 1):
            if j == 3:
                break
            row.append(i * j)
        else:
            row.append("full")
        rows.append(row)
    return rows


def reversed_range(int n):
    cdef int i
    out = []
    for i in range(n - 1, -1, -1):
        out.append(i)
    for i in reversed(range(3)):
        out.append(-i)
    return out


def overflow_arg(int x):
    return x + 1


def ssize_loop(Py_ssize_t n):
    cdef Py_ssize_t i, acc = 0
    for i in range(n):
        acc += i * i
    return acc

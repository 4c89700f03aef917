# cyfuncs.pyx — closures, generators, lambdas, default and keyword arguments, *args and **kwargs.

def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc


def make_adders(int n):
    return [lambda x, i=i: x + i for i in range(n)]


def compose(f, g):
    return lambda *a, **k: f(g(*a, **k))


def apply(f, *args, **kwargs):
    return f(*args, **kwargs)


def defaults(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))


def kwonly(*, key, value=None):
    return {key: value}


def typed_defaults(int a, double b=1.5, str s="s", object o=None):
    return a, b, s, o


def gen_range(int n):
    cdef int i
    for i in range(n):
        yield i * 10


def gen_send():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x


def gen_delegate(n):
    yield "start"
    result = yield from inner_gen(n)
    yield result


def inner_gen(n):
    for i in range(n):
        yield i
    return "inner done %d" % n


def gen_finally(log):
    try:
        yield 1
        yield 2
    finally:
        log.append("closed")


def gen_throw():
    try:
        yield "ready"
    except ValueError as e:
        yield "caught " + str(e)


def genexpr_sum(xs):
    return sum(x * x for x in xs if x > 0)


def sort_by_key(xs):
    return sorted(xs, key=lambda s: (len(s), s))


def closure_list():
    fs = []
    for i in range(3):
        def f(i=i):
            return i * 100
        fs.append(f)
    return [f() for f in fs]


def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]


def nested_closure(a):
    def outer(b):
        def inner(c):
            return a + b + c
        return inner
    return outer


def recursive(int n):
    return 1 if n <= 1 else n * recursive(n - 1)


def star_unpack(*args):
    # Cython takes `last` (and `b`) off the starred list by decrementing its ob_size
    first, *middle, last = args
    return first, middle, last, [*args, *args], {**{"a": 1}, **{"b": 2}}


def star_unpack_middle(seq):
    a, *mid, b, c = seq
    mid.append("tail")
    return a, mid, b, c, len(mid)


def call_with_star(f, args, kwargs):
    return f(*args, **kwargs)


def func_attrs():
    return (defaults.__name__, defaults.__qualname__, defaults.__module__,
            defaults.__doc__, make_counter.__defaults__, kwonly.__kwdefaults__)


def documented(x):
    """Returns x, documented."""
    return x


cpdef int cp_twice(int x):
    return 2 * x


def decorate(f):
    def wrapper(*a, **k):
        return ("wrapped", f(*a, **k))
    wrapper.__name__ = f.__name__
    return wrapper


@decorate
def decorated(x, y=1):
    return x + y


def map_lambda(xs):
    return list(map(lambda v: v * 3, xs)), list(filter(lambda v: v % 2 == 0, xs))


cdef class Accumulator:
    """A cdef class whose methods take *args and **kwargs."""
    cdef public list items

    def __init__(self, *start):
        self.items = list(start)

    def add(self, *xs, **named):
        self.items.extend(xs)
        self.items.extend(sorted(named.values()))
        return self

    def __repr__(self):
        return "Accumulator(%r)" % (self.items,)

    @property
    def size(self):
        return len(self.items)

    @staticmethod
    def static_hi(name="you"):
        return "hi " + name

    @classmethod
    def cls_name(cls):
        return cls.__name__

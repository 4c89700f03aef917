# cyclasses.pyx — cdef classes: typed attributes, methods, properties, special methods, inheritance.

cimport cython

# Vec instances alive, in a C counter.
cdef Py_ssize_t live = 0


cdef class Vec:
    """A 2-vector of doubles with a name."""
    cdef public double x
    cdef public double y
    cdef readonly str name
    cdef int _hits

    def __init__(self, double x=0.0, double y=0.0, name="v"):
        self.x = x
        self.y = y
        self.name = name
        self._hits = 0
        global live
        live += 1

    def __dealloc__(self):
        global live
        live -= 1

    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r}, name={self.name!r})"

    def __str__(self):
        return "<%s %g,%g>" % (self.name, self.x, self.y)

    def __richcmp__(self, other, int op):
        if not isinstance(other, Vec):
            return NotImplemented
        cdef Vec o = other
        if op == 2:
            return self.x == o.x and self.y == o.y
        if op == 3:
            return not (self.x == o.x and self.y == o.y)
        if op == 0:
            return self.norm2() < o.norm2()
        if op == 4:
            return self.norm2() > o.norm2()
        return NotImplemented

    def __hash__(self):
        return hash((self.x, self.y))

    def __add__(self, other):
        if isinstance(self, Vec) and isinstance(other, Vec):
            return Vec((<Vec>self).x + (<Vec>other).x, (<Vec>self).y + (<Vec>other).y, "sum")
        return NotImplemented

    def __mul__(self, k):
        if isinstance(self, Vec) and isinstance(k, (int, float)):
            return Vec((<Vec>self).x * k, (<Vec>self).y * k, "scaled")
        if isinstance(k, Vec) and isinstance(self, (int, float)):
            return Vec((<Vec>k).x * self, (<Vec>k).y * self, "scaled")
        return NotImplemented

    def __neg__(self):
        return Vec(-self.x, -self.y, self.name)

    def __abs__(self):
        return self.norm2() ** 0.5

    def __bool__(self):
        return self.x != 0 or self.y != 0

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i == 0 or i == -2:
            return self.x
        if i == 1 or i == -1:
            return self.y
        raise IndexError("Vec index out of range")

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __iter__(self):
        yield self.x
        yield self.y

    def __call__(self, *args, **kw):
        self._hits += 1
        return (self._hits, args, sorted(kw.items()))

    cpdef double norm2(self):
        return self.x * self.x + self.y * self.y

    def scale(self, double k):
        self.x *= k
        self.y *= k
        return self

    @property
    def hits(self):
        return self._hits

    @property
    def angle_sign(self):
        return (self.y > 0) - (self.y < 0)

    property label:
        def __get__(self):
            return self.name.upper()
        def __set__(self, value):
            if not isinstance(value, str):
                raise TypeError("label must be a str, not %s" % type(value).__name__)
            self.name = value.lower()
        def __del__(self):
            self.name = "v"

    @staticmethod
    def origin():
        return Vec(0, 0, "origin")

    @classmethod
    def from_pair(cls, pair):
        return cls(pair[0], pair[1], cls.__name__.lower())


cdef class Vec3(Vec):
    """A Vec with a third coordinate."""
    cdef public double z

    def __init__(self, x=0.0, y=0.0, z=0.0, name="v3"):
        Vec.__init__(self, x, y, name)
        self.z = z

    def __repr__(self):
        return "Vec3(%r, %r, %r)" % (self.x, self.y, self.z)

    def __len__(self):
        return 3

    cpdef double norm2(self):
        return Vec.norm2(self) + self.z * self.z


cdef class Counter:
    """An iterator counting down, with __next__."""
    cdef long n
    cdef readonly long start

    def __cinit__(self, long n):
        if n < 0:
            raise ValueError("n must be >= 0")
        self.n = n
        self.start = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


cdef class Bag:
    """A mapping-like container over a dict, with __setitem__/__delitem__."""
    cdef dict d
    cdef public object tag

    def __cinit__(self):
        self.d = {}
        self.tag = None

    def __setitem__(self, k, v):
        self.d[k] = v

    def __getitem__(self, k):
        return self.d[k]

    def __delitem__(self, k):
        del self.d[k]

    def __len__(self):
        return len(self.d)

    def keys(self):
        return list(self.d)

    def __eq__(self, other):
        return isinstance(other, Bag) and self.d == (<Bag>other).d



# Without Cython's pickling support, so that object's own __reduce_ex__ answers.
@cython.auto_pickle(False)
cdef class NewArgs:
    """Gives __getnewargs_ex__ whatever it was made with."""
    cdef public object ret

    def __init__(self, ret):
        self.ret = ret

    def __getnewargs_ex__(self):
        return self.ret


@cython.auto_pickle(False)
cdef class Opaque:
    """State in a C field only."""
    cdef int v


def vec_norm(Vec v):
    return v.norm2()


def vec_or_none(Vec v=None):
    return None if v is None else v.name


def make_many(int n):
    return [Vec(i, -i, "m%d" % i) for i in range(n)]


def live_count():
    return live

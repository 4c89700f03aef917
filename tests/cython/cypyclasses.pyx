# cypyclasses.pyx — Python `class` statements in Cython: made at import by calling type(name, bases, dict).

class Point:
    """A point."""
    dims = 2

    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def norm2(self):
        return self.x * self.x + self.y * self.y

    @property
    def sum(self):
        return self.x + self.y

    @property
    def label(self):
        return self._label if hasattr(self, "_label") else "?"

    @label.setter
    def label(self, value):
        if not isinstance(value, str):
            raise TypeError("label must be a str")
        self._label = value

    @label.deleter
    def label(self):
        del self._label

    @classmethod
    def origin(cls):
        return cls(0, 0)

    @staticmethod
    def scale(k, v):
        return k * v


class Point3(Point):
    dims = 3

    def __init__(self, x, y=0, z=0):
        super().__init__(x, y)
        self.z = z

    def __repr__(self):
        return f"Point3({self.x!r}, {self.y!r}, {self.z!r})"

    def norm2(self):
        return super().norm2() + self.z * self.z


class OnlyEq:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, OnlyEq) and self.v == other.v


class Vec:
    def __init__(self, *items):
        self.items = list(items)

    def __repr__(self):
        return "Vec(%s)" % ", ".join(repr(i) for i in self.items)

    def __str__(self):
        return "<" + " ".join(str(i) for i in self.items) + ">"

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __delitem__(self, i):
        del self.items[i]

    def __contains__(self, v):
        return v in self.items

    def __iter__(self):
        return iter(self.items)

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(*[a + b for a, b in zip(self.items, other.items)])
        if isinstance(other, (int, float)):
            return Vec(*[a + other for a in self.items])
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        return Vec(*[a - b for a, b in zip(self.items, other.items)])

    def __mul__(self, k):
        return Vec(*[a * k for a in self.items])

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(*[-a for a in self.items])

    def __abs__(self):
        return sum(a * a for a in self.items) ** 0.5

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __call__(self, k, offset=0):
        return [a * k + offset for a in self.items]

    def __bool__(self):
        return any(self.items)


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class SeqOnly:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10


class Dyn:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        if name.startswith("auto_"):
            return name[5:]
        raise AttributeError(name)


class Logged:
    def __init__(self):
        self.log = []

    def __setattr__(self, name, value):
        if name != "log":
            self.log.append(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self.log.append("-" + name)
        object.__delattr__(self, name)


class Managed:
    def __init__(self):
        self.events = []

    def __enter__(self):
        self.events.append("enter")
        return self

    def __exit__(self, t, v, tb):
        self.events.append("exit " + (t.__name__ if t is not None else "None"))
        return t is KeyError


class Named:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return "%s.%s" % (self.owner, self.name)


class Registry:
    subclasses = []

    @classmethod
    def __init_subclass__(cls, tag="none", **kw):
        super().__init_subclass__(**kw)
        Registry.subclasses.append((cls.__name__, tag))

    @classmethod
    def __class_getitem__(cls, item):
        return "%s[%s]" % (cls.__name__, item.__name__)


class Plugin(Registry, tag="plug"):
    attr = Named()


class Other(Registry):
    pass


# Diamond: D(B, C), B(A), C(A): super() follows D's MRO.
class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


def mro_names(cls):
    return [k.__name__ for k in cls.__mro__]


class MyError(ValueError):
    pass


class CodeError(MyError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code

    def __str__(self):
        return "[%d] %s" % (self.code, self.args[0])


def raise_my(msg):
    raise MyError(msg)


def raise_code(msg, code):
    raise CodeError(msg, code)


def catch(f, *args):
    try:
        f(*args)
    except CodeError as e:
        return ("CodeError", e.code, str(e), e.args)
    except ValueError as e:
        return ("ValueError", type(e).__name__, str(e), e.args)
    return None


cdef class Shape:
    cdef public double w
    cdef public double h

    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def describe(self):
        return "%s %gx%g" % (type(self).__name__, self.w, self.h)


class Square(Shape):
    def __init__(self, side, name="sq"):
        super().__init__(side, side)
        self.name = name

    def describe(self):
        return super().describe() + " named " + self.name


def with_managed(raise_key):
    m = Managed()
    with m:
        if raise_key:
            raise KeyError("k")
    return m.events


class Doubled(int):
    def __new__(cls, v):
        return super().__new__(cls, v * 2)

    def __repr__(self):
        return "Doubled(%d)" % int(self)


class Stack(list):
    def __init__(self, *items):
        super().__init__(items)
        self.pushes = len(items)

    def push(self, v):
        self.append(v)
        self.pushes += 1
        return self


class Tag(str):
    def shout(self):
        return self.upper() + "!"


class Counter(dict):
    def __missing__(self, key):
        return 0

    def add(self, key):
        self[key] = self[key] + 1


class Num:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return "Num(%r)" % self.v

    def __iadd__(self, other):
        self.v += other
        return self

    def __index__(self):
        return self.v

    def __int__(self):
        return self.v * 10

    def __float__(self):
        return self.v / 2

    def __pow__(self, e):
        return Num(self.v ** e)

    def __rpow__(self, b):
        return Num(b ** self.v)

    def __format__(self, spec):
        return "N<" + format(self.v, spec) + ">"

    def __lt__(self, other):
        return self.v < other.v

    def __le__(self, other):
        return self.v <= other.v

    def __floordiv__(self, other):
        return Num(self.v // other)

    def __mod__(self, other):
        return Num(self.v % other)

    def __invert__(self):
        return Num(~self.v)

    def __and__(self, other):
        return Num(self.v & other)


class Slots:
    __slots__ = ("a",)

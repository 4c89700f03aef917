# cycontainers.pyx — functions over list, dict, tuple, set, str and bytes: building, indexing, iteration, slicing, methods, formatting.

def build_list(int n):
    cdef list out = []
    cdef int i
    for i in range(n):
        out.append(i * i)
    out.insert(0, -1)
    out.extend([100, 200])
    return out


def list_ops(list xs):
    cdef object seq = xs
    cdef list ys = xs[:]  # Cython copies a typed list's slice out of its ob_item
    ys.reverse()
    ys.sort()
    popped = ys.pop() if ys else None
    return (ys, popped, len(xs), seq[1:3], seq[::-1], xs[-1] if xs else None)


def list_index(list xs, Py_ssize_t i):
    return xs[i]


def list_set(list xs, Py_ssize_t i, v):
    # a C index: Cython stores by GET_ITEM / SET_ITEM / DECREF(old), CPython's idiom
    xs[i] = v
    return xs


def list_slices(list xs, Py_ssize_t a, Py_ssize_t b):
    cdef list head = xs[:a]
    cdef list mid = xs[a:b]
    xs.append(len(mid))  # the runtime changes the list between two C slices
    cdef list tail = xs[b:]
    mid[0:0] = head
    return head, mid, tail, xs[-3:], xs[a:a]


def list_del_slice(list xs, Py_ssize_t a, Py_ssize_t b):
    del xs[a:b]
    return xs


def comprehensions(xs):
    return ([x * 2 for x in xs if x % 2],
            {x: x * x for x in xs},
            {x % 3 for x in xs},
            sum(x for x in xs))


def tuple_ops(tuple t):
    a, *rest = t
    return (a, rest, t[1:], t + (None,), t * 2, t.count(a), t.index(a), len(t))


def tuple_unpack3(t):
    a, b, c = t
    return c, b, a


def dict_ops(dict d):
    cdef dict e = dict(d)
    e["new"] = 1
    g = e.get("missing", "dflt")
    h = e.get("new")
    s = e.setdefault("sd", [])
    s.append(1)
    popped = e.pop("new")
    keys = sorted(e.keys(), key=str)
    vals = [e[k] for k in keys]
    items = [(k, v) for k, v in e.items() if k != "sd"]
    return (g, h, popped, keys, vals, items, "sd" in e, "new" in e, len(e))


def dict_getitem(dict d, k):
    return d[k]


def dict_iterate(d):
    out = []
    for k in d:
        out.append(k)
    for k, v in d.items():
        out.append(v)
    for v in d.values():
        out.append(v)
    return out


def dict_update(dict d, **kw):
    d.update(kw)
    d.update([("pair", 2)])
    return sorted(d.items())


def set_ops(a, b):
    cdef set s = set(a)
    cdef set t = set(b)
    s.add(99)
    s.discard(-5)
    return (sorted(s | t), sorted(s & t), sorted(s - t), sorted(s ^ t), 99 in s, frozenset(a) == frozenset(a))


def str_ops(str s):
    return (s.upper(), s.lower(), s.split(), s.strip(), s.replace("a", "A"), s[1:4], s[::-1],
            s.startswith("he"), s.endswith("!"), s.find("l"), s.count("l"), len(s),
            "-".join(s.split()), s.title(), s.isdigit(), s.partition(" "))


def str_index(str s, Py_ssize_t i):
    return s[i]


def str_iterate(str s):
    cdef list out = []
    for ch in s:
        out.append(ord(ch))
    return out


def str_chars(str s):
    cdef Py_UCS4 c
    cdef int n = 0
    for c in s:
        if c == u'é' or c > 0xffff:
            n += 1
    return n


def str_concat(a, b):
    cdef str r = a + b
    r += "!"
    return r


def str_format(name, int n, double x):
    return (f"{name}: {n:5d} {x:.3f} {x!r} {name!s:>8} {n:#x} {n!a}",
            "%s=%d (%.2f) %r %5s|%-5s|%x %o %e" % (name, n, x, name, "r", "l", n, n, x),
            "{} and {!r} and {:>6}".format(name, name, n),
            "{0}{1}{0}".format(n, name))


def str_mul(str s, int k):
    return s * k


def str_compare(str a, str b):
    return (a == b, a != b, a < b, a >= b, a in b, hash(a) == hash(b))


def encode(str s, enc="utf-8", errors="strict"):
    return s.encode(enc, errors)


def decode(bytes b, enc="utf-8", errors="strict"):
    return b.decode(enc, errors)


def bytes_ops(bytes b):
    return (b[0], b[-1], b[1:3], b.upper(), b.split(b","), b + b"!", len(b), b.find(b","),
            b.hex(), bytes(reversed(b)), list(b[:3]), b"%s-%d" % (b[:2], len(b)))


def bytes_index(bytes b, Py_ssize_t i):
    return b[i]


def bytes_from_cstring():
    cdef char *s = "C string\x01"
    cdef bytes b = s
    return b, len(b), s[2]


def bytearray_ops(data):
    cdef bytearray ba = bytearray(data)
    ba.append(33)
    ba.extend(b"??")
    ba[0] = 65
    return ba, bytes(ba), len(ba), ba[1:3]


def mixed(obj):
    if isinstance(obj, list):
        return "list of %d" % len(obj)
    elif isinstance(obj, dict):
        return "dict of %d" % len(obj)
    elif isinstance(obj, tuple):
        return "tuple of %d" % len(obj)
    elif isinstance(obj, str):
        return "str of %d" % len(obj)
    elif isinstance(obj, bytes):
        return "bytes of %d" % len(obj)
    return type(obj).__name__


def nested():
    d = {"a": [1, 2, (3, 4)], "b": {"c": b"x"}}
    return d["a"][2][1], d["b"]["c"], [k for k in d], repr(d)


def builtins_use(xs):
    return (min(xs), max(xs), sorted(xs, reverse=True), list(enumerate(xs)), list(zip(xs, xs[1:])),
            any(x > 2 for x in xs), all(x > 0 for x in xs), list(map(abs, xs)),
            list(filter(None, xs)), abs(-3), divmod(17, 5), pow(2, 10), round(2.675, 2))

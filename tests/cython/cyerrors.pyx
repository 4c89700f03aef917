# cyerrors.pyx — exceptions raised and caught: try/except/else/finally, custom exceptions, errors out of cdef functions.

cdef extern from "Python.h":
    object PyErr_NewException(const char *name, object base, void *dict)

# Exception classes made the C-API's way: Ferry's runtime cannot run class statements.
AppError = PyErr_NewException("cyerrors.AppError", Exception, NULL)
SubError = PyErr_NewException("cyerrors.SubError", AppError, NULL)


def make_app(msg, code=0):
    e = AppError(msg)
    e.code = code
    return e


def raise_value(msg):
    raise ValueError(msg)


def raise_app(msg, code):
    raise make_app(msg, code)


def raise_sub():
    e = SubError("sub", 7)
    e.code = 7
    raise e


def raise_type_instance(exc):
    raise exc


def raise_from(msg):
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError(msg) from e


def catch(f, *args):
    try:
        f(*args)
    except AppError as e:
        return ("AppError", str(e), e.code, type(e).__name__)
    except (KeyError, IndexError) as e:
        return ("lookup", type(e).__name__, e.args)
    except Exception as e:
        return ("other", type(e).__name__, str(e))
    else:
        return "no error"
    finally:
        log.append("finally")


log = []

gone = 1
del gone


def get_log():
    out = log[:]
    del log[:]
    return out


def chained():
    try:
        raise_from("outer")
    except RuntimeError as e:
        return (type(e.__cause__).__name__, e.__cause__.args, e.__suppress_context__,
                type(e.__context__).__name__)


def implicit_context():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise ValueError("during")
    except ValueError as e:
        return type(e.__context__).__name__, e.__cause__


def finally_order():
    out = []
    for i in range(3):
        try:
            out.append("try%d" % i)
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            out.append("fin%d" % i)
    return out


def finally_return():
    try:
        return "try"
    finally:
        log.append("ran")


def reraise():
    try:
        [][1]
    except IndexError:
        log.append("reraising")
        raise


def nested_handlers(x):
    try:
        try:
            return 10 // x
        except ZeroDivisionError:
            return int("bad")
    except ValueError as e:
        return "inner failed: " + str(e)


cdef int checked_div(int a, int b) except -1:
    if b == 0:
        raise ZeroDivisionError("checked_div by zero")
    if a < 0:
        raise ValueError("negative numerator %d" % a)
    return a // b


cdef void side_effect(int x) except *:
    if x > 10:
        raise OverflowError("x too large: %d" % x)
    log.append(x)


cdef double half(double x) except? -1.0:
    if x != x:
        raise ValueError("nan")
    return x / 2


def use_checked(int a, int b):
    return checked_div(a, b) + 1


def use_side(int x):
    side_effect(x)
    return "ok"


def use_half(double x):
    return half(x)


def catch_cdef(int a, int b):
    try:
        return checked_div(a, b)
    except (ZeroDivisionError, ValueError) as e:
        return "caught %s: %s" % (type(e).__name__, e)


def exc_attrs():
    e = make_app("m", 3)
    return (e.args, e.code, str(e), repr(e), isinstance(e, Exception), issubclass(SubError, AppError))


def builtin_errors(kind):
    if kind == "key":
        return {}["missing"]
    if kind == "attr":
        return (1).nope
    if kind == "type":
        return 1 + "a"
    if kind == "index":
        return [1][5]
    if kind == "name":
        return gone
    if kind == "zero":
        return 1.0 / 0
    if kind == "overflow":
        cdef_int(2 ** 70)
    if kind == "conv":
        return cdef_int("str")
    if kind == "assert":
        assert kind == "x", "assertion with message"
    if kind == "stop":
        return next(iter([]))
    return None


def cdef_int(int x):
    return x


def exception_in_generator():
    yield 1
    raise LookupError("from generator")


def consume(it):
    out = []
    try:
        for x in it:
            out.append(x)
    except LookupError as e:
        out.append(str(e))
    return out


def with_statement(fail):
    cm = Managed()
    try:
        with cm as v:
            log.append(v)
            if fail:
                raise KeyError("inside with")
    except KeyError:
        log.append("caught")
    return cm.events


cdef class Managed:
    cdef public list events

    def __init__(self):
        self.events = []

    def __enter__(self):
        self.events.append("enter")
        return "value"

    def __exit__(self, t, v, tb):
        self.events.append("exit %s" % (t.__name__ if t else None))
        return False


def suppress():
    cm = Suppressor()
    with cm:
        raise ValueError("suppressed")
    return "after"


cdef class Suppressor:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        return t is ValueError

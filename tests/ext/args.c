/* args.c — test extension `args`: drives PyArg_Parse* and Py_BuildValue with formats from Python. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * The parse drivers take a format and arguments from Python, lay out one output slot per
 * format unit (read from the format the way the parser reads it), pass the slots' addresses
 * to the parser, and return a tuple with the value of each slot afterwards (a slot the
 * parser did not fill shows its preset value). Extra inputs a unit needs come, in order,
 * from the `extra` tuple:
 *   e (es, et, es#, et#)  the encoding: a str, or None for NULL
 *   es#, et#              then the buffer: None (the parser allocates) or a size in bytes
 *   O!                    the type object
 *   O&                    a converter name: "int" (an int, else TypeError), "zero"
 *                         (returns 0 without an exception), "any" (the object),
 *                         "cleanup" (a new reference, Py_CLEANUP_SUPPORTED; a clean-up
 *                         call is counted, see cleanups())
 * A w* buffer gets b'!' written at offset 0, so that the caller sees it was writable.
 */

#define MAX_SLOTS 24

enum kind {
    K_UCHAR, K_SHORT, K_USHORT, K_INT, K_UINT, K_LONG, K_ULONG, K_LLONG, K_ULLONG, K_SSIZE,
    K_CHAR, K_FLOAT, K_DOUBLE, K_COMPLEX, K_PRED, K_STR, K_STRLEN, K_BUFFER, K_WBUFFER,
    K_OBJ, K_ENC, K_ENCLEN, K_CONV, K_WSTR, K_WSTRLEN, K_RAW
};

struct conv_slot {
    const char *how;
    PyObject *result;
};

typedef struct {
    enum kind kind;
    union {
        unsigned char uc;
        char c;
        short h;
        unsigned short uh;
        int i;
        unsigned int ui;
        long l;
        unsigned long ul;
        long long ll;
        unsigned long long ull;
        Py_ssize_t n;
        float f;
        double d;
        double cx[2];
        const char *s;
        char *e;
        const wchar_t *w;
        PyObject *o;
        struct conv_slot conv;
        void *raw[2];
    } v;
    Py_ssize_t len;
    Py_buffer buf;
    char *own; /* es#/et# into a buffer the driver allocated */
} slot;

static long cleanup_calls;

static int conv_int(PyObject *arg, void *addr)
{
    struct conv_slot *c = addr;
    if (!PyLong_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "conv_int wants an int");
        return 0;
    }
    c->result = arg;
    Py_INCREF(arg);
    return 1;
}

static int conv_zero(PyObject *arg, void *addr)
{
    return 0;
}

static int conv_any(PyObject *arg, void *addr)
{
    struct conv_slot *c = addr;
    c->result = arg;
    Py_INCREF(arg);
    return 1;
}

static int conv_cleanup(PyObject *arg, void *addr)
{
    struct conv_slot *c = addr;
    if (!arg) {
        cleanup_calls++;
        Py_CLEAR(c->result);
        return 0;
    }
    c->result = arg;
    Py_INCREF(arg);
    return Py_CLEANUP_SUPPORTED;
}

typedef struct {
    slot s[MAX_SLOTS];
    int n;
    void *p[3 * MAX_SLOTS];
    int np;
    PyObject *extra;
    Py_ssize_t xi;
} layout;

static PyObject *next_extra(layout *L)
{
    if (!L->extra || L->xi >= PyTuple_GET_SIZE(L->extra)) {
        PyErr_SetString(PyExc_ValueError, "driver: not enough extra inputs");
        return NULL;
    }
    return PyTuple_GET_ITEM(L->extra, L->xi++);
}

static int push(layout *L, void *p)
{
    if (L->np >= 3 * MAX_SLOTS) {
        PyErr_SetString(PyExc_ValueError, "driver: format too long");
        return -1;
    }
    L->p[L->np++] = p;
    return 0;
}

static slot *new_slot(layout *L, enum kind k)
{
    if (L->n >= MAX_SLOTS) {
        PyErr_SetString(PyExc_ValueError, "driver: too many format units");
        return NULL;
    }
    slot *s = &L->s[L->n++];
    memset(s, 0x5A, sizeof s->v);
    s->kind = k;
    s->len = -7;
    memset(&s->buf, 0, sizeof s->buf);
    s->own = NULL;
    return s;
}

static enum kind simple_kind(char c)
{
    switch (c) {
    case 'b': case 'B': return K_UCHAR;
    case 'h': return K_SHORT;
    case 'H': return K_USHORT;
    case 'i': case 'C': return K_INT;
    case 'I': return K_UINT;
    case 'l': return K_LONG;
    case 'k': return K_ULONG;
    case 'L': return K_LLONG;
    case 'K': return K_ULLONG;
    case 'n': return K_SSIZE;
    case 'c': return K_CHAR;
    case 'f': return K_FLOAT;
    case 'd': return K_DOUBLE;
    case 'D': return K_COMPLEX;
    case 'p': return K_PRED;
    case 'S': case 'Y': case 'U': case 'O': return K_OBJ;
    default: return K_RAW;
    }
}

/* Lays out the slots and the parser's pointer arguments for `fmt`. */
static int lay_out(layout *L, const char *f)
{
    for (; *f && *f != ':' && *f != ';'; f++) {
        char c = *f;
        slot *s;
        if (c == '(' || c == ')' || c == '|' || c == '$')
            continue;
        if (c == 'e' && (f[1] == 's' || f[1] == 't')) {
            PyObject *enc = next_extra(L);
            if (!enc)
                return -1;
            const char *e = enc == Py_None ? NULL : PyUnicode_AsUTF8(enc);
            if (enc != Py_None && !e)
                return -1;
            f++;
            if (f[1] == '#') {
                f++;
                PyObject *size = next_extra(L);
                if (!size || !(s = new_slot(L, K_ENCLEN)))
                    return -1;
                s->v.e = NULL;
                if (size != Py_None) {
                    s->len = PyLong_AsLong(size);
                    s->own = PyMem_Malloc(s->len > 0 ? (size_t)s->len : 1);
                    s->v.e = s->own;
                }
                if (push(L, (void *)e) || push(L, &s->v.e) || push(L, &s->len))
                    return -1;
            } else {
                if (!(s = new_slot(L, K_ENC)))
                    return -1;
                s->v.e = NULL;
                if (push(L, (void *)e) || push(L, &s->v.e))
                    return -1;
            }
            continue;
        }
        if ((c == 's' || c == 'z' || c == 'y' || c == 'w') && f[1] == '*') {
            f++;
            if (!(s = new_slot(L, c == 'w' ? K_WBUFFER : K_BUFFER)) || push(L, &s->buf))
                return -1;
            continue;
        }
        if (c == 's' || c == 'z' || c == 'y' || c == 'u' || c == 'Z') {
            int wide = c == 'u' || c == 'Z';
            if (f[1] == '#') {
                f++;
                if (!(s = new_slot(L, wide ? K_WSTRLEN : K_STRLEN)) || push(L, &s->v.s) ||
                    push(L, &s->len))
                    return -1;
            } else if (!(s = new_slot(L, wide ? K_WSTR : K_STR)) || push(L, &s->v.s)) {
                return -1;
            }
            s->v.s = NULL;
            continue;
        }
        if (c == 'O' && f[1] == '!') {
            f++;
            PyObject *type = next_extra(L);
            if (!type || !(s = new_slot(L, K_OBJ)) || push(L, type) || push(L, &s->v.o))
                return -1;
            s->v.o = NULL;
            continue;
        }
        if (c == 'O' && f[1] == '&') {
            f++;
            PyObject *how = next_extra(L);
            const char *h = how ? PyUnicode_AsUTF8(how) : NULL;
            if (!h || !(s = new_slot(L, K_CONV)))
                return -1;
            int (*fn)(PyObject *, void *) = !strcmp(h, "int")       ? conv_int
                                            : !strcmp(h, "zero")    ? conv_zero
                                            : !strcmp(h, "cleanup") ? conv_cleanup
                                                                    : conv_any;
            s->v.conv.how = h;
            s->v.conv.result = NULL;
            if (push(L, (void *)fn) || push(L, &s->v.conv))
                return -1;
            continue;
        }
        if (!(s = new_slot(L, simple_kind(c))))
            return -1;
        if (s->kind == K_OBJ)
            s->v.o = NULL;
        if (push(L, &s->v))
            return -1;
    }
    return 0;
}

static PyObject *bytes_or_none(const char *p, Py_ssize_t n)
{
    if (!p)
        Py_RETURN_NONE;
    return Py_BuildValue("y#", p, n);
}

/* The value of a slot after a successful parse; releases what the slot holds. */
static PyObject *slot_value(slot *s)
{
    switch (s->kind) {
    case K_UCHAR: return PyLong_FromLong(s->v.uc);
    case K_SHORT: return PyLong_FromLong(s->v.h);
    case K_USHORT: return PyLong_FromLong(s->v.uh);
    case K_INT: return PyLong_FromLong(s->v.i);
    case K_UINT: return Py_BuildValue("I", s->v.ui);
    case K_LONG: return PyLong_FromLong(s->v.l);
    case K_ULONG: return Py_BuildValue("k", s->v.ul);
    case K_LLONG: return Py_BuildValue("L", s->v.ll);
    case K_ULLONG: return Py_BuildValue("K", s->v.ull);
    case K_SSIZE: return Py_BuildValue("n", s->v.n);
    case K_CHAR: return Py_BuildValue("c", s->v.c);
    case K_FLOAT: return PyFloat_FromDouble(s->v.f);
    case K_DOUBLE: return PyFloat_FromDouble(s->v.d);
    case K_COMPLEX: return Py_BuildValue("(dd)", s->v.cx[0], s->v.cx[1]);
    case K_PRED: return PyLong_FromLong(s->v.i);
    case K_STR: return bytes_or_none(s->v.s, s->v.s ? (Py_ssize_t)strlen(s->v.s) : 0);
    case K_STRLEN:
        if (!s->v.s)
            return Py_BuildValue("(On)", Py_None, s->len);
        return Py_BuildValue("(y#n)", s->v.s, s->len, s->len);
    case K_WSTR: return s->v.w ? Py_BuildValue("u", s->v.w) : Py_NewRef(Py_None);
    case K_WSTRLEN:
        if (!s->v.w)
            return Py_BuildValue("(On)", Py_None, s->len);
        return Py_BuildValue("(u#n)", s->v.w, s->len, s->len);
    case K_BUFFER:
    case K_WBUFFER: {
        if (s->kind == K_WBUFFER && s->buf.len > 0)
            ((char *)s->buf.buf)[0] = '!';
        PyObject *r = Py_BuildValue("(y#ni)", s->buf.buf ? (const char *)s->buf.buf : "",
                                    s->buf.len, s->buf.len, s->buf.readonly);
        PyBuffer_Release(&s->buf);
        return r;
    }
    case K_OBJ: return Py_NewRef(s->v.o ? s->v.o : Py_None);
    case K_ENC: {
        PyObject *r = bytes_or_none(s->v.e, s->v.e ? (Py_ssize_t)strlen(s->v.e) : 0);
        PyMem_Free(s->v.e);
        return r;
    }
    case K_ENCLEN: {
        PyObject *r = s->v.e ? Py_BuildValue("(y#n)", s->v.e, s->len, s->len)
                             : Py_BuildValue("(On)", Py_None, s->len);
        if (s->v.e != s->own)
            PyMem_Free(s->v.e);
        return r;
    }
    case K_CONV: {
        PyObject *r = s->v.conv.result ? s->v.conv.result : Py_NewRef(Py_None);
        s->v.conv.result = NULL;
        return r;
    }
    case K_RAW: return Py_NewRef(Py_None);
    }
    return NULL;
}

/* What a failed parse leaves to the driver: converter results and its own buffers. */
static void layout_drop(layout *L)
{
    for (int i = 0; i < L->n; i++) {
        slot *s = &L->s[i];
        if (s->kind == K_CONV)
            Py_CLEAR(s->v.conv.result);
        PyMem_Free(s->own);
        s->own = NULL;
    }
}

static PyObject *layout_result(layout *L, int ok)
{
    if (!ok) {
        layout_drop(L);
        if (!PyErr_Occurred())
            return PyUnicode_FromString("failed without an exception");
        return NULL;
    }
    if (PyErr_Occurred()) {
        layout_drop(L);
        PyErr_Clear();
        return PyUnicode_FromString("succeeded with an exception set");
    }
    PyObject *r = PyTuple_New(L->n);
    for (int i = 0; i < L->n; i++) {
        PyObject *v = r ? slot_value(&L->s[i]) : NULL;
        if (!v) {
            Py_XDECREF(r);
            r = NULL;
            continue;
        }
        PyTuple_SET_ITEM(r, i, v);
    }
    layout_drop(L);
    return r;
}

#define P32(p)                                                                            \
    p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], \
        p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], \
        p[26], p[27], p[28], p[29], p[30], p[31]

/* The positional arguments of a driver: fmt, then `min`..`max` more. */
static int driver_args(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max,
                       const char **fmt)
{
    if (!PyTuple_Check(args) || PyTuple_GET_SIZE(args) < min + 1 ||
        PyTuple_GET_SIZE(args) > max + 1) {
        PyErr_Format(PyExc_TypeError, "driver %s: wrong number of arguments", name);
        return -1;
    }
    *fmt = PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0));
    return *fmt ? 0 : -1;
}

static PyObject *extra_arg(PyObject *args, Py_ssize_t i)
{
    if (PyTuple_GET_SIZE(args) <= i || PyTuple_GET_ITEM(args, i) == Py_None)
        return NULL;
    return PyTuple_GET_ITEM(args, i);
}

/* parse(fmt, args[, extra]): PyArg_ParseTuple(args, fmt, ...). */
static PyObject *drv_parse(PyObject *self, PyObject *args)
{
    const char *fmt;
    layout L = {0};
    if (driver_args(args, "parse", 1, 2, &fmt) < 0)
        return NULL;
    L.extra = extra_arg(args, 2);
    if (lay_out(&L, fmt) < 0) {
        layout_drop(&L);
        return NULL;
    }
    int ok = PyArg_ParseTuple(PyTuple_GET_ITEM(args, 1), fmt, P32(L.p));
    return layout_result(&L, ok);
}

/* parse_old(fmt, arg[, extra]): PyArg_Parse(arg, fmt, ...). */
static PyObject *drv_parse_old(PyObject *self, PyObject *args)
{
    const char *fmt;
    layout L = {0};
    if (driver_args(args, "parse_old", 1, 2, &fmt) < 0)
        return NULL;
    L.extra = extra_arg(args, 2);
    if (lay_out(&L, fmt) < 0) {
        layout_drop(&L);
        return NULL;
    }
    int ok = PyArg_Parse(PyTuple_GET_ITEM(args, 1), fmt, P32(L.p));
    return layout_result(&L, ok);
}

static int vparse(PyObject *args, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    int ok = PyArg_VaParse(args, fmt, va);
    va_end(va);
    return ok;
}

/* parse_va(fmt, args[, extra]): PyArg_VaParse. */
static PyObject *drv_parse_va(PyObject *self, PyObject *args)
{
    const char *fmt;
    layout L = {0};
    if (driver_args(args, "parse_va", 1, 2, &fmt) < 0)
        return NULL;
    L.extra = extra_arg(args, 2);
    if (lay_out(&L, fmt) < 0) {
        layout_drop(&L);
        return NULL;
    }
    int ok = vparse(PyTuple_GET_ITEM(args, 1), fmt, P32(L.p));
    return layout_result(&L, ok);
}

#define MAX_KW 16

/* A NULL-terminated kwlist from a tuple of str. */
static int make_kwlist(PyObject *names, char **kwlist)
{
    if (!PyTuple_Check(names) || PyTuple_GET_SIZE(names) > MAX_KW) {
        PyErr_SetString(PyExc_TypeError, "driver: kwlist must be a tuple of str");
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(names);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(kwlist[i] = (char *)PyUnicode_AsUTF8(PyTuple_GET_ITEM(names, i))))
            return -1;
    kwlist[n] = NULL;
    return 0;
}

static int vparse_kw(PyObject *args, PyObject *kw, const char *fmt, char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int ok = PyArg_VaParseTupleAndKeywords(args, kw, fmt, kwlist, va);
    va_end(va);
    return ok;
}

/* parse_kw(fmt, args, kwargs, kwlist[, extra[, va]]): PyArg_ParseTupleAndKeywords
   (or its va_list form when `va` is true). kwargs None passes NULL. */
static PyObject *drv_parse_kw(PyObject *self, PyObject *args)
{
    const char *fmt;
    char *kwlist[MAX_KW + 1];
    layout L = {0};
    if (driver_args(args, "parse_kw", 3, 5, &fmt) < 0 ||
        make_kwlist(PyTuple_GET_ITEM(args, 3), kwlist) < 0)
        return NULL;
    L.extra = extra_arg(args, 4);
    if (lay_out(&L, fmt) < 0) {
        layout_drop(&L);
        return NULL;
    }
    PyObject *a = PyTuple_GET_ITEM(args, 1), *kw = PyTuple_GET_ITEM(args, 2);
    if (kw == Py_None)
        kw = NULL;
    int ok;
    if (extra_arg(args, 5))
        ok = vparse_kw(a, kw, fmt, kwlist, P32(L.p));
    else
        ok = PyArg_ParseTupleAndKeywords(a, kw, fmt, kwlist, P32(L.p));
    return layout_result(&L, ok);
}

/* unpack(args, name, min, max): PyArg_UnpackTuple into up to 6 outputs. */
static PyObject *drv_unpack(PyObject *self, PyObject *args)
{
    if (PyTuple_GET_SIZE(args) != 4) {
        PyErr_SetString(PyExc_TypeError, "driver unpack: 4 arguments");
        return NULL;
    }
    PyObject *name = PyTuple_GET_ITEM(args, 1);
    const char *n = name == Py_None ? NULL : PyUnicode_AsUTF8(name);
    if (name != Py_None && !n)
        return NULL;
    Py_ssize_t min = PyLong_AsLong(PyTuple_GET_ITEM(args, 2));
    Py_ssize_t max = PyLong_AsLong(PyTuple_GET_ITEM(args, 3));
    PyObject *o[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    if (!PyArg_UnpackTuple(PyTuple_GET_ITEM(args, 0), n, min, max, &o[0], &o[1], &o[2], &o[3],
                           &o[4], &o[5]))
        return NULL;
    PyObject *r = PyTuple_New(6);
    for (int i = 0; i < 6; i++)
        PyTuple_SET_ITEM(r, i, Py_NewRef(o[i] ? o[i] : Py_Ellipsis));
    return r;
}

/* nokw(name, kwargs): _PyArg_NoKeywords; nopos(name, args): _PyArg_NoPositional.
   None passes NULL. */
static PyObject *drv_nokw(PyObject *self, PyObject *args)
{
    const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0));
    PyObject *kw = PyTuple_GET_ITEM(args, 1);
    if (!name)
        return NULL;
    if (!_PyArg_NoKeywords(name, kw == Py_None ? NULL : kw))
        return NULL;
    Py_RETURN_TRUE;
}

static PyObject *drv_nopos(PyObject *self, PyObject *args)
{
    const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0));
    PyObject *a = PyTuple_GET_ITEM(args, 1);
    if (!name)
        return NULL;
    if (!_PyArg_NoPositional(name, a == Py_None ? NULL : a))
        return NULL;
    Py_RETURN_TRUE;
}

static PyObject *drv_cleanups(PyObject *self, PyObject *unused)
{
    long n = cleanup_calls;
    cleanup_calls = 0;
    return PyLong_FromLong(n);
}

/* A METH_VARARGS|METH_KEYWORDS function as an extension writes one: kw(a, b=2, *, c=3.5). */
static PyObject *drv_kwfunc(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"a", "b", "c", NULL};
    int a, b = 2;
    double c = 3.5;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|i$d:kwfunc", kwlist, &a, &b, &c))
        return NULL;
    return Py_BuildValue("(iid)", a, b, c);
}

/* A METH_VARARGS function parsing two ints: the benchmarked case. */
static PyObject *drv_ii(PyObject *self, PyObject *args)
{
    int a, b;
    if (!PyArg_ParseTuple(args, "ii", &a, &b))
        return NULL;
    return PyLong_FromLong((long)a + b);
}

/* ---- Py_BuildValue ---------------------------------------------------------------------- */

/*
 * build(fmt, *inputs): Py_BuildValue with every argument passed as one pointer-sized
 * integer (all of Py_BuildValue's non-floating arguments fit one slot on the 64-bit ABIs
 * Ferry supports). Each input becomes the argument its format unit reads:
 *   O S N          the object (N gets a new reference to steal); args.NULL passes NULL
 *   s z y U (#)    bytes: a pointer to its data (None: NULL); the # length is its own input
 *   u (#)          str: a wchar_t copy (None: NULL)
 *   O&             an int n: the converter makes int n, or fails with ValueError if n < 0
 *   other codes    an int, passed as a C long
 * Floating codes (f d) are in build_d.
 */
static PyObject *build_null;
static PyObject *o_and_conv(void *p)
{
    long n = (long)(intptr_t)p;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "converter failed");
        return NULL;
    }
    return PyLong_FromLong(n);
}

#define MAX_BUILD 16

typedef struct {
    intptr_t a[MAX_BUILD];
    wchar_t *wide[MAX_BUILD];
    int n;
} build_args;

static void build_args_free(build_args *B)
{
    for (int i = 0; i < MAX_BUILD; i++)
        PyMem_Free(B->wide[i]);
}

static int build_push(build_args *B, intptr_t v)
{
    if (B->n >= MAX_BUILD) {
        PyErr_SetString(PyExc_ValueError, "driver build: too many arguments");
        return -1;
    }
    B->a[B->n++] = v;
    return 0;
}

static int build_input(build_args *B, char code, PyObject *in)
{
    if (code == 'O' || code == 'S' || code == 'N') {
        if (in == build_null)
            return build_push(B, 0);
        if (code == 'N')
            Py_INCREF(in);
        return build_push(B, (intptr_t)in);
    }
    if (code == 's' || code == 'z' || code == 'y' || code == 'U') {
        if (in == Py_None)
            return build_push(B, 0);
        char *p;
        Py_ssize_t n;
        if (PyBytes_AsStringAndSize(in, &p, &n) < 0)
            return -1;
        return build_push(B, (intptr_t)p);
    }
    if (code == 'u') {
        if (in == Py_None)
            return build_push(B, 0);
        Py_ssize_t n;
        wchar_t *w = PyUnicode_AsWideCharString(in, &n);
        if (!w)
            return -1;
        B->wide[B->n] = w;
        return build_push(B, (intptr_t)w);
    }
    long v = PyLong_AsLong(in);
    if (v == -1 && PyErr_Occurred())
        return -1;
    return build_push(B, (intptr_t)v);
}

static int build_lay_out(build_args *B, const char *f, PyObject *args, Py_ssize_t first)
{
    Py_ssize_t k = first;
    for (; *f; f++) {
        char c = *f;
        if (strchr("()[]{}:, \t#&", c))
            continue;
        if (k >= PyTuple_GET_SIZE(args)) {
            PyErr_SetString(PyExc_ValueError, "driver build: not enough inputs");
            return -1;
        }
        if (c == 'O' && f[1] == '&') {
            if (build_push(B, (intptr_t)o_and_conv) < 0)
                return -1;
            long n = PyLong_AsLong(PyTuple_GET_ITEM(args, k++));
            if (n == -1 && PyErr_Occurred())
                return -1;
            if (build_push(B, (intptr_t)n) < 0)
                return -1;
            continue;
        }
        if (build_input(B, c, PyTuple_GET_ITEM(args, k++)) < 0)
            return -1;
        if (f[1] == '#' && strchr("szyUu", c)) {
            if (k >= PyTuple_GET_SIZE(args)) {
                PyErr_SetString(PyExc_ValueError, "driver build: no length");
                return -1;
            }
            long n = PyLong_AsLong(PyTuple_GET_ITEM(args, k++));
            if ((n == -1 && PyErr_Occurred()) || build_push(B, (intptr_t)n) < 0)
                return -1;
        }
    }
    return 0;
}

#define B16(a)                                                                            \
    a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], \
        a[14], a[15]

static PyObject *build_result(PyObject *r)
{
    if (r && PyErr_Occurred()) {
        Py_DECREF(r);
        PyErr_Clear();
        return PyUnicode_FromString("built with an exception set");
    }
    if (!r && !PyErr_Occurred())
        return PyUnicode_FromString("NULL without an exception");
    return r;
}

static PyObject *drv_build(PyObject *self, PyObject *args)
{
    const char *fmt;
    build_args B = {{0}, {0}, 0};
    if (driver_args(args, "build", 0, MAX_BUILD, &fmt) < 0)
        return NULL;
    if (build_lay_out(&B, fmt, args, 1) < 0) {
        build_args_free(&B);
        return NULL;
    }
    PyObject *r = Py_BuildValue(fmt, B16(B.a));
    build_args_free(&B);
    return build_result(r);
}

/* build_err(fmt, *inputs): the same with an exception (KeyError('pending')) set first, so
   that a NULL object argument propagates it. */
static PyObject *drv_build_err(PyObject *self, PyObject *args)
{
    const char *fmt;
    build_args B = {{0}, {0}, 0};
    if (driver_args(args, "build_err", 0, MAX_BUILD, &fmt) < 0)
        return NULL;
    if (build_lay_out(&B, fmt, args, 1) < 0) {
        build_args_free(&B);
        return NULL;
    }
    PyErr_SetString(PyExc_KeyError, "pending");
    PyObject *r = Py_BuildValue(fmt, B16(B.a));
    build_args_free(&B);
    if (r) {
        PyErr_Clear();
        return r;
    }
    return NULL;
}

static PyObject *vbuild(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = Py_VaBuildValue(fmt, va);
    va_end(va);
    return r;
}

/* build_va(fmt, *inputs): Py_VaBuildValue. */
static PyObject *drv_build_va(PyObject *self, PyObject *args)
{
    const char *fmt;
    build_args B = {{0}, {0}, 0};
    if (driver_args(args, "build_va", 0, MAX_BUILD, &fmt) < 0)
        return NULL;
    if (build_lay_out(&B, fmt, args, 1) < 0) {
        build_args_free(&B);
        return NULL;
    }
    PyObject *r = vbuild(fmt, B16(B.a));
    build_args_free(&B);
    return build_result(r);
}

/* build_d(fmt, x, y): Py_BuildValue with two doubles (codes f and d). */
static PyObject *drv_build_d(PyObject *self, PyObject *args)
{
    const char *fmt;
    if (driver_args(args, "build_d", 2, 2, &fmt) < 0)
        return NULL;
    double x = PyFloat_AsDouble(PyTuple_GET_ITEM(args, 1));
    double y = PyFloat_AsDouble(PyTuple_GET_ITEM(args, 2));
    if (PyErr_Occurred())
        return NULL;
    return build_result(Py_BuildValue(fmt, x, y));
}

/* build_case(k): formats mixing doubles with other codes. */
static PyObject *drv_build_case(PyObject *self, PyObject *arg)
{
    long k = PyLong_AsLong(arg);
    switch (k) {
    case 0: return Py_BuildValue("(idsd)", 1, 2.5, "x", -0.0);
    case 1: return Py_BuildValue("{s:d,s:[i,f]}", "a", 1e300, "b", 7, 0.1f);
    case 2: return Py_BuildValue("[(ii)(dd)]", 1, 2, 3.0, 4.0);
    case 3: return Py_BuildValue("d", 1.0 / 3);
    case 4: return Py_BuildValue("(fi)", 1.5f, 9);
    default: Py_RETURN_NONE;
    }
}

/* ---- without PY_SSIZE_T_CLEAN: the functions the plain names stand for ----------------- */
#undef PyArg_ParseTuple
#undef Py_BuildValue
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);

/* parse_nc(fmt, args[, extra]): PyArg_ParseTuple as a module without PY_SSIZE_T_CLEAN
   calls it. */
static PyObject *drv_parse_nc(PyObject *self, PyObject *args)
{
    const char *fmt;
    layout L = {0};
    if (driver_args(args, "parse_nc", 1, 2, &fmt) < 0)
        return NULL;
    L.extra = extra_arg(args, 2);
    if (lay_out(&L, fmt) < 0) {
        layout_drop(&L);
        return NULL;
    }
    int ok = PyArg_ParseTuple(PyTuple_GET_ITEM(args, 1), fmt, P32(L.p));
    return layout_result(&L, ok);
}

/* build_nc(fmt, *inputs): Py_BuildValue as a module without PY_SSIZE_T_CLEAN calls it. */
static PyObject *drv_build_nc(PyObject *self, PyObject *args)
{
    const char *fmt;
    build_args B = {{0}, {0}, 0};
    if (driver_args(args, "build_nc", 0, MAX_BUILD, &fmt) < 0)
        return NULL;
    if (build_lay_out(&B, fmt, args, 1) < 0) {
        build_args_free(&B);
        return NULL;
    }
    PyObject *r = Py_BuildValue(fmt, B16(B.a));
    build_args_free(&B);
    return build_result(r);
}

static PyMethodDef args_methods[] = {
    {"parse_nc", drv_parse_nc, METH_VARARGS,
     "parse_nc(fmt, args[, extra]): without PY_SSIZE_T_CLEAN"},
    {"build_nc", drv_build_nc, METH_VARARGS, "build_nc(fmt, *inputs): without PY_SSIZE_T_CLEAN"},
    {"parse", drv_parse, METH_VARARGS, "parse(fmt, args[, extra]): PyArg_ParseTuple"},
    {"parse_old", drv_parse_old, METH_VARARGS, "parse_old(fmt, arg[, extra]): PyArg_Parse"},
    {"parse_va", drv_parse_va, METH_VARARGS, "parse_va(fmt, args[, extra]): PyArg_VaParse"},
    {"parse_kw", drv_parse_kw, METH_VARARGS,
     "parse_kw(fmt, args, kwargs, kwlist[, extra[, va]]): PyArg_ParseTupleAndKeywords"},
    {"unpack", drv_unpack, METH_VARARGS, "unpack(args, name, min, max): PyArg_UnpackTuple"},
    {"nokw", drv_nokw, METH_VARARGS, "nokw(name, kwargs): _PyArg_NoKeywords"},
    {"nopos", drv_nopos, METH_VARARGS, "nopos(name, args): _PyArg_NoPositional"},
    {"cleanups", drv_cleanups, METH_NOARGS, "cleanups(): O& clean-up calls since the last call"},
    {"kwfunc", (PyCFunction)(void (*)(void))drv_kwfunc, METH_VARARGS | METH_KEYWORDS,
     "kwfunc(a, b=2, *, c=3.5)"},
    {"ii", drv_ii, METH_VARARGS, "ii(a, b) -> a + b"},
    {"build", drv_build, METH_VARARGS, "build(fmt, *inputs): Py_BuildValue"},
    {"build_err", drv_build_err, METH_VARARGS, "build_err(fmt, *inputs): with an error set"},
    {"build_va", drv_build_va, METH_VARARGS, "build_va(fmt, *inputs): Py_VaBuildValue"},
    {"build_d", drv_build_d, METH_VARARGS, "build_d(fmt, x, y): two doubles"},
    {"build_case", drv_build_case, METH_O, "build_case(k): canned mixed formats"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef args_module = {
    PyModuleDef_HEAD_INIT,
    "args",
    "Drives PyArg_Parse* and Py_BuildValue with formats given from Python.",
    -1,
    args_methods,
};

PyMODINIT_FUNC PyInit_args(void)
{
    PyObject *m = PyModule_Create(&args_module);
    if (!m)
        return NULL;
    build_null = PyUnicode_FromString("<NULL>");
    if (!build_null || PyModule_AddObjectRef(m, "NULL", build_null) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

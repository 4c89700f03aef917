/* text.c — test extension `text`: str, bytes and bytearray C-API calls for tests/diff/capi_text.lines. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * Every function takes its arguments positionally (METH_VARARGS, read with the tuple
 * API only). Conventions: a C string argument is a bytes object or None (NULL); a
 * function whose C result is a number returns it as an int, or raises what the call
 * raised.
 */
#define ARG(i) PyTuple_GET_ITEM(args, (i))
#define NARGS PyTuple_GET_SIZE(args)
#define LONG(i) PyLong_AsLong(ARG(i))

static const char *cstr(PyObject *o)
{
    return o == Py_None ? NULL : PyBytes_AsString(o);
}

/* CPython says "FILE:LINE: bad argument to internal function" where Ferry has no file:
   keep the words both say. */
static PyObject *done(PyObject *r)
{
    if (r || !PyErr_ExceptionMatches(PyExc_SystemError))
        return r;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *s = v ? PyUnicode_FromFormat("%S", v) : NULL;
    const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
    if (m && strstr(m, "bad argument to internal function")) {
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        PyErr_SetString(PyExc_SystemError, "bad argument to internal function");
    } else {
        PyErr_Clear();
        PyErr_Restore(t, v, tb);
    }
    Py_XDECREF(s);
    return NULL;
}

static PyObject *num(Py_ssize_t v)
{
    if (PyErr_Occurred())
        return done(NULL);
    return PyLong_FromLong((long)v);
}

static PyObject *boolean(int v)
{
    return Py_NewRef(v ? Py_True : Py_False);
}

static PyObject *pair(PyObject *a, PyObject *b)
{
    if (!a || !b) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return done(NULL);
    }
    PyObject *t = PyTuple_New(2);
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, b);
    return t;
}

/* ---- creating str ------------------------------------------------------------------ */

static PyObject *t_fromstring(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromString(cstr(ARG(0))));
}

static PyObject *t_fromstringandsize(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromStringAndSize(cstr(ARG(0)), LONG(1)));
}

/* PyUnicode_New(len(cps), maxchar), filled through PyUnicode_WRITE. */
static PyObject *t_new(PyObject *m, PyObject *args)
{
    PyObject *cps = ARG(0);
    PyObject *s = PyUnicode_New(PyTuple_GET_SIZE(cps), (Py_UCS4)LONG(1));
    if (!s)
        return done(NULL);
    int kind = PyUnicode_KIND(s);
    void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cps); i++)
        PyUnicode_WRITE(kind, data, i, (Py_UCS4)PyLong_AsLong(PyTuple_GET_ITEM(cps, i)));
    return s;
}

static PyObject *t_fromkind(PyObject *m, PyObject *args)
{
    int kind = (int)LONG(0);
    PyObject *cps = ARG(1);
    Py_ssize_t n = PyTuple_GET_SIZE(cps);
    Py_UCS4 buf[64];
    for (Py_ssize_t i = 0; i < n && i < 64; i++) {
        Py_UCS4 c = (Py_UCS4)PyLong_AsLong(PyTuple_GET_ITEM(cps, i));
        if (kind == 1)
            ((Py_UCS1 *)buf)[i] = (Py_UCS1)c;
        else if (kind == 2)
            ((Py_UCS2 *)buf)[i] = (Py_UCS2)c;
        else
            buf[i] = c;
    }
    return done(PyUnicode_FromKindAndData(kind, buf, NARGS > 2 ? LONG(2) : n));
}

static PyObject *t_fromordinal(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromOrdinal((int)LONG(0)));
}

static PyObject *t_fromwide(PyObject *m, PyObject *args)
{
    PyObject *cps = ARG(0);
    wchar_t buf[64] = {0};
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cps) && i < 63; i++)
        buf[i] = (wchar_t)PyLong_AsLong(PyTuple_GET_ITEM(cps, i));
    return done(PyUnicode_FromWideChar(buf, LONG(1)));
}

static PyObject *t_fromobject(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromObject(ARG(0)));
}

static PyObject *t_fromencoded(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromEncodedObject(ARG(0), cstr(ARG(1)), cstr(ARG(2))));
}

static PyObject *t_substring(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Substring(ARG(0), LONG(1), LONG(2)));
}

/* ---- codecs ------------------------------------------------------------------------- */

static PyObject *t_decode(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Decode(PyBytes_AS_STRING(ARG(0)), PyBytes_GET_SIZE(ARG(0)),
                                 cstr(ARG(1)), cstr(ARG(2))));
}

static PyObject *t_decodeutf8(PyObject *m, PyObject *args)
{
    return done(PyUnicode_DecodeUTF8(PyBytes_AS_STRING(ARG(0)), PyBytes_GET_SIZE(ARG(0)),
                                     cstr(ARG(1))));
}

static PyObject *t_decodeutf8stateful(PyObject *m, PyObject *args)
{
    Py_ssize_t consumed = -1;
    PyObject *s = PyUnicode_DecodeUTF8Stateful(PyBytes_AS_STRING(ARG(0)),
                                               PyBytes_GET_SIZE(ARG(0)), cstr(ARG(1)), &consumed);
    return pair(s, s ? PyLong_FromLong(consumed) : NULL);
}

static PyObject *t_decodeascii(PyObject *m, PyObject *args)
{
    return done(PyUnicode_DecodeASCII(PyBytes_AS_STRING(ARG(0)), PyBytes_GET_SIZE(ARG(0)),
                                      cstr(ARG(1))));
}

static PyObject *t_decodelatin1(PyObject *m, PyObject *args)
{
    return done(PyUnicode_DecodeLatin1(PyBytes_AS_STRING(ARG(0)), PyBytes_GET_SIZE(ARG(0)),
                                       cstr(ARG(1))));
}

static PyObject *t_decodefs(PyObject *m, PyObject *args)
{
    return done(PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(ARG(0)),
                                                 PyBytes_GET_SIZE(ARG(0))));
}

static PyObject *t_encodefs(PyObject *m, PyObject *args)
{
    return done(PyUnicode_EncodeFSDefault(ARG(0)));
}

static PyObject *t_fsconverter(PyObject *m, PyObject *args)
{
    PyObject *out = NULL;
    int r = PyUnicode_FSConverter(ARG(0), &out);
    return r ? out : done(NULL);
}

static PyObject *t_fsdecoder(PyObject *m, PyObject *args)
{
    PyObject *out = NULL;
    int r = PyUnicode_FSDecoder(ARG(0), &out);
    return r ? out : done(NULL);
}

/* (the UTF-8 as bytes, its size, whether a second call returns the same pointer) */
static PyObject *t_asutf8(PyObject *m, PyObject *args)
{
    Py_ssize_t n = -1;
    const char *p = PyUnicode_AsUTF8AndSize(ARG(0), &n);
    if (!p)
        return done(NULL);
    PyObject *t = PyTuple_New(3);
    PyTuple_SET_ITEM(t, 0, PyBytes_FromStringAndSize(p, n));
    PyTuple_SET_ITEM(t, 1, PyLong_FromLong(n));
    PyTuple_SET_ITEM(t, 2, boolean(PyUnicode_AsUTF8(ARG(0)) == p && p[n] == 0));
    return t;
}

static PyObject *t_asutf8string(PyObject *m, PyObject *args)
{
    return done(PyUnicode_AsUTF8String(ARG(0)));
}

static PyObject *t_asasciistring(PyObject *m, PyObject *args)
{
    return done(PyUnicode_AsASCIIString(ARG(0)));
}

static PyObject *t_aslatin1string(PyObject *m, PyObject *args)
{
    return done(PyUnicode_AsLatin1String(ARG(0)));
}

static PyObject *t_asencodedstring(PyObject *m, PyObject *args)
{
    return done(PyUnicode_AsEncodedString(ARG(0), cstr(ARG(1)), cstr(ARG(2))));
}

/* ---- PEP 393 -------------------------------------------------------------------------- */

/* (kind, max char, length, is ascii, the code points read with PyUnicode_READ_CHAR) */
static PyObject *t_pep393(PyObject *m, PyObject *args)
{
    PyObject *s = ARG(0);
    if (PyUnicode_READY(s) < 0)
        return done(NULL);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    PyObject *cps = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(cps, i, PyLong_FromLong((long)PyUnicode_READ_CHAR(s, i)));
    PyObject *t = PyTuple_New(5);
    PyTuple_SET_ITEM(t, 0, PyLong_FromLong(PyUnicode_KIND(s)));
    PyTuple_SET_ITEM(t, 1, PyLong_FromLong((long)PyUnicode_MAX_CHAR_VALUE(s)));
    PyTuple_SET_ITEM(t, 2, PyLong_FromLong(n));
    PyTuple_SET_ITEM(t, 3, boolean(PyUnicode_IS_ASCII(s)));
    PyTuple_SET_ITEM(t, 4, cps);
    return t;
}

/* A copy made through the PEP 393 macros (New, KIND, DATA, READ, WRITE). */
static PyObject *t_pepcopy(PyObject *m, PyObject *args)
{
    PyObject *s = ARG(0);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    PyObject *r = PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(s));
    if (!r)
        return done(NULL);
    int kind = PyUnicode_KIND(s), rkind = PyUnicode_KIND(r);
    const void *data = PyUnicode_DATA(s);
    void *rdata = PyUnicode_DATA(r);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(rkind, rdata, i, PyUnicode_READ(kind, data, i));
    return r;
}

static PyObject *t_getlength(PyObject *m, PyObject *args)
{
    return num(PyUnicode_GetLength(ARG(0)));
}

static PyObject *t_readchar(PyObject *m, PyObject *args)
{
    Py_UCS4 c = PyUnicode_ReadChar(ARG(0), LONG(1));
    return c == (Py_UCS4)-1 && PyErr_Occurred() ? done(NULL) : PyLong_FromLong((long)c);
}

/* A fresh str of `n` 'a's under `maxchar`, then WriteChar(index, ch). */
static PyObject *t_writechar(PyObject *m, PyObject *args)
{
    Py_ssize_t n = LONG(0);
    PyObject *s = PyUnicode_New(n, (Py_UCS4)LONG(1));
    if (!s)
        return done(NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i, 'a');
    if (PyUnicode_WriteChar(s, LONG(2), (Py_UCS4)LONG(3)) < 0) {
        Py_DECREF(s);
        return done(NULL);
    }
    return s;
}

/* WriteChar on a str the caller passed (in use: refused). */
static PyObject *t_writechar_arg(PyObject *m, PyObject *args)
{
    if (PyUnicode_WriteChar(ARG(0), LONG(1), (Py_UCS4)LONG(2)) < 0)
        return done(NULL);
    Py_RETURN_NONE;
}

static PyObject *t_ucs4(PyObject *m, PyObject *args)
{
    PyObject *s = ARG(0);
    Py_UCS4 *u = PyUnicode_AsUCS4Copy(s);
    if (!u)
        return done(NULL);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s) + 1;
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromLong((long)u[i]));
    PyMem_Free(u);
    return t;
}

/* AsUCS4 into a buffer of `buflen` (filled with 7 first); the whole buffer back. */
static PyObject *t_ucs4buf(PyObject *m, PyObject *args)
{
    Py_UCS4 buf[16];
    Py_ssize_t buflen = LONG(1);
    for (int i = 0; i < 16; i++)
        buf[i] = 7;
    if (!PyUnicode_AsUCS4(ARG(0), buf, buflen, (int)LONG(2)))
        return done(NULL);
    PyObject *t = PyTuple_New(buflen);
    for (Py_ssize_t i = 0; i < buflen; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromLong((long)buf[i]));
    return t;
}

/* (the result of AsWideChar into a buffer of `size` filled with 7, the buffer) */
static PyObject *t_aswidechar(PyObject *m, PyObject *args)
{
    wchar_t buf[16];
    Py_ssize_t size = LONG(1);
    for (int i = 0; i < 16; i++)
        buf[i] = 7;
    Py_ssize_t r = PyUnicode_AsWideChar(ARG(0), size ? buf : NULL, size);
    if (r < 0)
        return done(NULL);
    PyObject *t = PyTuple_New(size);
    for (Py_ssize_t i = 0; i < size; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromLong((long)buf[i]));
    return pair(PyLong_FromLong(r), t);
}

static PyObject *t_aswidecharstring(PyObject *m, PyObject *args)
{
    Py_ssize_t size = -1;
    wchar_t *w = PyUnicode_AsWideCharString(ARG(0), LONG(1) ? &size : NULL);
    if (!w)
        return done(NULL);
    PyObject *r = PyUnicode_FromWideChar(w, LONG(1) ? size : -1);
    PyMem_Free(w);
    return pair(r, PyLong_FromLong(size));
}

/* A fresh str of the given code points, resized to `newlen`, then the new tail filled
   with 'z' through PyUnicode_Fill. */
static PyObject *t_resize(PyObject *m, PyObject *args)
{
    PyObject *cps = ARG(0);
    Py_ssize_t n = PyTuple_GET_SIZE(cps), newlen = LONG(2);
    PyObject *s = PyUnicode_New(n, (Py_UCS4)LONG(1));
    if (!s)
        return done(NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i,
                        (Py_UCS4)PyLong_AsLong(PyTuple_GET_ITEM(cps, i)));
    if (PyUnicode_Resize(&s, newlen) < 0) {
        Py_DECREF(s);
        return done(NULL);
    }
    if (newlen > n && PyUnicode_Fill(s, n, newlen - n, 'z') < 0) {
        Py_DECREF(s);
        return done(NULL);
    }
    return s;
}

/* A fresh str of `n` dots under `maxchar`, with Fill(start, length, ch): (result, str). */
static PyObject *t_fill(PyObject *m, PyObject *args)
{
    Py_ssize_t n = LONG(0);
    PyObject *s = PyUnicode_New(n, (Py_UCS4)LONG(1));
    if (!s)
        return done(NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i, '.');
    Py_ssize_t r = PyUnicode_Fill(s, LONG(2), LONG(3), (Py_UCS4)LONG(4));
    if (r < 0) {
        Py_DECREF(s);
        return done(NULL);
    }
    return pair(PyLong_FromLong(r), s);
}

/* A fresh str of `n` dots under `maxchar`; CopyCharacters(to_start, from, from_start,
   how_many): (result, str). */
static PyObject *t_copychars(PyObject *m, PyObject *args)
{
    Py_ssize_t n = LONG(0);
    PyObject *s = PyUnicode_New(n, (Py_UCS4)LONG(1));
    if (!s)
        return done(NULL);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i, '.');
    Py_ssize_t r = PyUnicode_CopyCharacters(s, LONG(2), ARG(3), LONG(4), LONG(5));
    if (r < 0) {
        Py_DECREF(s);
        return done(NULL);
    }
    return pair(PyLong_FromLong(r), s);
}

/* ---- operations ----------------------------------------------------------------------- */

static PyObject *t_compare(PyObject *m, PyObject *args)
{
    return num(PyUnicode_Compare(ARG(0), ARG(1)));
}

static PyObject *t_compareascii(PyObject *m, PyObject *args)
{
    return num(PyUnicode_CompareWithASCIIString(ARG(0), cstr(ARG(1))));
}

static PyObject *t_eqascii(PyObject *m, PyObject *args)
{
    return boolean(_PyUnicode_EqualToASCIIString(ARG(0), cstr(ARG(1))));
}

static PyObject *t_richcompare(PyObject *m, PyObject *args)
{
    return done(PyUnicode_RichCompare(ARG(0), ARG(1), (int)LONG(2)));
}

static PyObject *t_concat(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Concat(ARG(0), ARG(1)));
}

static PyObject *t_append(PyObject *m, PyObject *args)
{
    PyObject *s = Py_NewRef(ARG(0));
    PyUnicode_Append(&s, ARG(1));
    return done(s);
}

static PyObject *t_appendanddel(PyObject *m, PyObject *args)
{
    PyObject *s = Py_NewRef(ARG(0));
    PyUnicode_AppendAndDel(&s, Py_NewRef(ARG(1)));
    return done(s);
}

static PyObject *t_join(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Join(ARG(0) == Py_None ? NULL : ARG(0), ARG(1)));
}

static PyObject *t_split(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Split(ARG(0), ARG(1) == Py_None ? NULL : ARG(1), LONG(2)));
}

static PyObject *t_rsplit(PyObject *m, PyObject *args)
{
    return done(PyUnicode_RSplit(ARG(0), ARG(1) == Py_None ? NULL : ARG(1), LONG(2)));
}

static PyObject *t_splitlines(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Splitlines(ARG(0), (int)LONG(1)));
}

static PyObject *t_partition(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Partition(ARG(0), ARG(1)));
}

static PyObject *t_rpartition(PyObject *m, PyObject *args)
{
    return done(PyUnicode_RPartition(ARG(0), ARG(1)));
}

static PyObject *t_contains(PyObject *m, PyObject *args)
{
    return num(PyUnicode_Contains(ARG(0), ARG(1)));
}

static PyObject *t_find(PyObject *m, PyObject *args)
{
    Py_ssize_t r = PyUnicode_Find(ARG(0), ARG(1), LONG(2), LONG(3), (int)LONG(4));
    return r == -2 ? done(NULL) : PyLong_FromLong(r);
}

static PyObject *t_findchar(PyObject *m, PyObject *args)
{
    Py_ssize_t r = PyUnicode_FindChar(ARG(0), (Py_UCS4)LONG(1), LONG(2), LONG(3), (int)LONG(4));
    return r == -2 ? done(NULL) : PyLong_FromLong(r);
}

static PyObject *t_count(PyObject *m, PyObject *args)
{
    return num(PyUnicode_Count(ARG(0), ARG(1), LONG(2), LONG(3)));
}

static PyObject *t_replace(PyObject *m, PyObject *args)
{
    return done(PyUnicode_Replace(ARG(0), ARG(1), ARG(2), LONG(3)));
}

static PyObject *t_tailmatch(PyObject *m, PyObject *args)
{
    return num(PyUnicode_Tailmatch(ARG(0), ARG(1), LONG(2), LONG(3), (int)LONG(4)));
}

static PyObject *t_isidentifier(PyObject *m, PyObject *args)
{
    return num(PyUnicode_IsIdentifier(ARG(0)));
}

/* (interned state, the result) after InternInPlace on a fresh str from bytes. */
static PyObject *t_intern(PyObject *m, PyObject *args)
{
    PyObject *s = PyUnicode_FromString(cstr(ARG(0)));
    if (!s)
        return done(NULL);
    PyUnicode_InternInPlace(&s);
    return pair(PyLong_FromLong(PyUnicode_CHECK_INTERNED(s) != 0), s);
}

static PyObject *t_internfromstring(PyObject *m, PyObject *args)
{
    return done(PyUnicode_InternFromString(cstr(ARG(0))));
}

/* ---- PyUnicode_FromFormat ---------------------------------------------------------------- */

/* fmt % one C integer whose type is named by a letter: i int, l long, q long long,
   z Py_ssize_t, u unsigned, U unsigned long, Q unsigned long long, Z size_t. */
static PyObject *t_fmt_int(PyObject *m, PyObject *args)
{
    const char *fmt = cstr(ARG(0));
    const char *type = PyUnicode_AsUTF8(ARG(1));
    long v = LONG(2);
    switch (type[0]) {
    case 'l': return done(PyUnicode_FromFormat(fmt, v));
    case 'q': return done(PyUnicode_FromFormat(fmt, (long long)v));
    case 'z': return done(PyUnicode_FromFormat(fmt, (Py_ssize_t)v));
    case 'u': return done(PyUnicode_FromFormat(fmt, (unsigned)v));
    case 'U': return done(PyUnicode_FromFormat(fmt, (unsigned long)v));
    case 'Q': return done(PyUnicode_FromFormat(fmt, (unsigned long long)v));
    case 'Z': return done(PyUnicode_FromFormat(fmt, (size_t)v));
    default: return done(PyUnicode_FromFormat(fmt, (int)v));
    }
}

static PyObject *t_fmt_obj(PyObject *m, PyObject *args)
{
    if (NARGS == 3)
        return done(PyUnicode_FromFormat(cstr(ARG(0)), ARG(1), ARG(2)));
    return done(PyUnicode_FromFormat(cstr(ARG(0)), ARG(1)));
}

static PyObject *t_fmt_str(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromFormat(cstr(ARG(0)), cstr(ARG(1))));
}

static PyObject *t_fmt_v(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromFormat(cstr(ARG(0)), ARG(1) == Py_None ? NULL : ARG(1),
                                     cstr(ARG(2))));
}

static PyObject *t_fmt_ptr(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromFormat(cstr(ARG(0)), (void *)(intptr_t)LONG(1)));
}

static PyObject *t_fmt_none(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromFormat(cstr(ARG(0))));
}

/* A mix: "%s=%d (%R) %c%%" with the given pieces. */
static PyObject *t_fmt_mix(PyObject *m, PyObject *args)
{
    return done(PyUnicode_FromFormat("%s=%d (%R) %c%%", cstr(ARG(0)), (int)LONG(1), ARG(2),
                                     (int)LONG(3)));
}

/* ---- character classes ------------------------------------------------------------------ */

static PyObject *t_chartype(PyObject *m, PyObject *args)
{
    Py_UCS4 c = (Py_UCS4)LONG(0);
    long v[] = {
        Py_UNICODE_ISSPACE(c),     Py_UNICODE_ISALPHA(c),     Py_UNICODE_ISDECIMAL(c),
        Py_UNICODE_ISDIGIT(c),     Py_UNICODE_ISNUMERIC(c),   Py_UNICODE_ISALNUM(c),
        Py_UNICODE_ISLOWER(c),     Py_UNICODE_ISUPPER(c),     Py_UNICODE_ISTITLE(c),
        Py_UNICODE_ISLINEBREAK(c), Py_UNICODE_ISPRINTABLE(c), (long)Py_UNICODE_TOLOWER(c),
        (long)Py_UNICODE_TOUPPER(c), Py_UNICODE_TODECIMAL(c), Py_UNICODE_TODIGIT(c),
    };
    size_t n = sizeof v / sizeof v[0];
    PyObject *t = PyTuple_New((Py_ssize_t)n + 1);
    for (size_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, (Py_ssize_t)i, PyLong_FromLong(v[i]));
    PyTuple_SET_ITEM(t, (Py_ssize_t)n, PyFloat_FromDouble(Py_UNICODE_TONUMERIC(c)));
    return t;
}

/* ---- bytes ------------------------------------------------------------------------------- */

static PyObject *b_fromstringandsize(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromStringAndSize(cstr(ARG(0)), LONG(1)));
}

static PyObject *b_fromstring(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromString(cstr(ARG(0))));
}

/* (AsString's bytes, up to the first NUL; whether AS_STRING is the same pointer) */
static PyObject *b_asstring(PyObject *m, PyObject *args)
{
    char *p = PyBytes_AsString(ARG(0));
    if (!p)
        return done(NULL);
    return pair(PyBytes_FromString(p), boolean(p == PyBytes_AS_STRING(ARG(0))));
}

static PyObject *b_size(PyObject *m, PyObject *args)
{
    return num(PyBytes_Size(ARG(0)));
}

static PyObject *b_asstringandsize(PyObject *m, PyObject *args)
{
    char *p = NULL;
    Py_ssize_t n = -1;
    if (PyBytes_AsStringAndSize(ARG(0), &p, LONG(1) ? &n : NULL) < 0)
        return done(NULL);
    return pair(PyBytes_FromStringAndSize(p, LONG(1) ? n : (Py_ssize_t)strlen(p)),
                PyLong_FromLong(n));
}

static PyObject *b_asstringandsize_null(PyObject *m, PyObject *args)
{
    if (PyBytes_AsStringAndSize(ARG(0), NULL, NULL) < 0)
        return done(NULL);
    Py_RETURN_NONE;
}

static PyObject *b_concat(PyObject *m, PyObject *args)
{
    PyObject *v = Py_NewRef(ARG(0));
    PyBytes_Concat(&v, ARG(1));
    return done(v);
}

static PyObject *b_concatanddel(PyObject *m, PyObject *args)
{
    PyObject *v = Py_NewRef(ARG(0));
    PyBytes_ConcatAndDel(&v, Py_NewRef(ARG(1)));
    return done(v);
}

/* A fresh bytes of `n` 'x's written in place, concatenated with `w`. */
static PyObject *b_concatfresh(PyObject *m, PyObject *args)
{
    PyObject *v = PyBytes_FromStringAndSize(NULL, LONG(0));
    if (!v)
        return done(NULL);
    memset(PyBytes_AS_STRING(v), 'x', (size_t)PyBytes_GET_SIZE(v));
    PyBytes_Concat(&v, ARG(1));
    return done(v);
}

static PyObject *b_join(PyObject *m, PyObject *args)
{
    return done(_PyBytes_Join(ARG(0), ARG(1)));
}

static PyObject *b_fromobject(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromObject(ARG(0)));
}

static PyObject *b_repr(PyObject *m, PyObject *args)
{
    return done(PyBytes_Repr(ARG(0), (int)LONG(1)));
}

/* A fresh bytes of `n` 'x's, _PyBytes_Resize'd to `newsize`, the new tail 'y's. */
static PyObject *b_resize(PyObject *m, PyObject *args)
{
    Py_ssize_t n = LONG(0), newsize = LONG(1);
    PyObject *v = PyBytes_FromStringAndSize(NULL, n);
    if (!v)
        return done(NULL);
    memset(PyBytes_AS_STRING(v), 'x', (size_t)n);
    if (_PyBytes_Resize(&v, newsize) < 0)
        return done(NULL);
    if (newsize > n)
        memset(PyBytes_AS_STRING(v) + n, 'y', (size_t)(newsize - n));
    return v;
}

/* _PyBytes_Resize of a bytes the caller also holds: refused. */
static PyObject *b_resize_shared(PyObject *m, PyObject *args)
{
    PyObject *v = Py_NewRef(ARG(0));
    if (_PyBytes_Resize(&v, LONG(1)) < 0)
        return pair(PyUnicode_FromString(v ? "not cleared" : "cleared"), done(NULL));
    return v;
}

static PyObject *b_fmt_int(PyObject *m, PyObject *args)
{
    const char *fmt = cstr(ARG(0));
    const char *type = PyUnicode_AsUTF8(ARG(1));
    long v = LONG(2);
    switch (type[0]) {
    case 'l': return done(PyBytes_FromFormat(fmt, v));
    case 'z': return done(PyBytes_FromFormat(fmt, (Py_ssize_t)v));
    case 'u': return done(PyBytes_FromFormat(fmt, (unsigned)v));
    case 'U': return done(PyBytes_FromFormat(fmt, (unsigned long)v));
    case 'Z': return done(PyBytes_FromFormat(fmt, (size_t)v));
    default: return done(PyBytes_FromFormat(fmt, (int)v));
    }
}

static PyObject *b_fmt_str(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromFormat(cstr(ARG(0)), cstr(ARG(1))));
}

static PyObject *b_fmt_ptr(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromFormat(cstr(ARG(0)), (void *)(intptr_t)LONG(1)));
}

static PyObject *b_fmt_none(PyObject *m, PyObject *args)
{
    return done(PyBytes_FromFormat(cstr(ARG(0))));
}

static PyObject *b_decodeescape(PyObject *m, PyObject *args)
{
    return done(PyBytes_DecodeEscape(PyBytes_AS_STRING(ARG(0)), PyBytes_GET_SIZE(ARG(0)),
                                     cstr(ARG(1)), 0, NULL));
}

/* ---- bytearray --------------------------------------------------------------------------- */

static PyObject *ba_fromstringandsize(PyObject *m, PyObject *args)
{
    return done(PyByteArray_FromStringAndSize(cstr(ARG(0)), LONG(1)));
}

static PyObject *ba_fromobject(PyObject *m, PyObject *args)
{
    return done(PyByteArray_FromObject(ARG(0)));
}

/* (AS_STRING's GET_SIZE bytes as bytes, the NUL after them is there, AsString agrees) */
static PyObject *ba_asstring(PyObject *m, PyObject *args)
{
    PyObject *o = ARG(0);
    char *p = PyByteArray_AS_STRING(o);
    if (!p)
        return done(NULL);
    Py_ssize_t n = PyByteArray_GET_SIZE(o);
    PyObject *t = PyTuple_New(3);
    PyTuple_SET_ITEM(t, 0, PyBytes_FromStringAndSize(p, n));
    PyTuple_SET_ITEM(t, 1, boolean(p[n] == 0));
    PyTuple_SET_ITEM(t, 2, boolean(PyByteArray_AsString(o) == p));
    return t;
}

static PyObject *ba_size(PyObject *m, PyObject *args)
{
    return num(PyByteArray_Size(ARG(0)));
}

/* Resize(o, n) then fill the bytes with 'a', 'b', ... through AS_STRING: returns o. */
static PyObject *ba_resize(PyObject *m, PyObject *args)
{
    PyObject *o = ARG(0);
    if (PyByteArray_Resize(o, LONG(1)) < 0)
        return done(NULL);
    char *p = PyByteArray_AS_STRING(o);
    for (Py_ssize_t i = 0; i < PyByteArray_GET_SIZE(o); i++)
        p[i] = (char)('a' + i % 26);
    return Py_NewRef(o);
}

/* Writes byte `v` at `i` through AS_STRING, with the runtime allocating in between. */
static PyObject *ba_poke(PyObject *m, PyObject *args)
{
    PyObject *o = ARG(0);
    char *p = PyByteArray_AS_STRING(o);
    for (int i = 0; i < 100; i++)
        Py_DECREF(PyUnicode_FromFormat("garbage %d", i));
    p[LONG(1)] = (char)LONG(2);
    return Py_NewRef(o);
}

static PyObject *ba_concat(PyObject *m, PyObject *args)
{
    return done(PyByteArray_Concat(ARG(0), ARG(1)));
}

static PyMethodDef text_methods[] = {
    {"fromstring", t_fromstring, METH_VARARGS, NULL},
    {"fromstringandsize", t_fromstringandsize, METH_VARARGS, NULL},
    {"new", t_new, METH_VARARGS, NULL},
    {"fromkind", t_fromkind, METH_VARARGS, NULL},
    {"fromordinal", t_fromordinal, METH_VARARGS, NULL},
    {"fromwide", t_fromwide, METH_VARARGS, NULL},
    {"fromobject", t_fromobject, METH_VARARGS, NULL},
    {"fromencoded", t_fromencoded, METH_VARARGS, NULL},
    {"substring", t_substring, METH_VARARGS, NULL},
    {"decode", t_decode, METH_VARARGS, NULL},
    {"decodeutf8", t_decodeutf8, METH_VARARGS, NULL},
    {"decodeutf8stateful", t_decodeutf8stateful, METH_VARARGS, NULL},
    {"decodeascii", t_decodeascii, METH_VARARGS, NULL},
    {"decodelatin1", t_decodelatin1, METH_VARARGS, NULL},
    {"decodefs", t_decodefs, METH_VARARGS, NULL},
    {"encodefs", t_encodefs, METH_VARARGS, NULL},
    {"fsconverter", t_fsconverter, METH_VARARGS, NULL},
    {"fsdecoder", t_fsdecoder, METH_VARARGS, NULL},
    {"asutf8", t_asutf8, METH_VARARGS, NULL},
    {"asutf8string", t_asutf8string, METH_VARARGS, NULL},
    {"asasciistring", t_asasciistring, METH_VARARGS, NULL},
    {"aslatin1string", t_aslatin1string, METH_VARARGS, NULL},
    {"asencodedstring", t_asencodedstring, METH_VARARGS, NULL},
    {"pep393", t_pep393, METH_VARARGS, NULL},
    {"pepcopy", t_pepcopy, METH_VARARGS, NULL},
    {"getlength", t_getlength, METH_VARARGS, NULL},
    {"readchar", t_readchar, METH_VARARGS, NULL},
    {"writechar", t_writechar, METH_VARARGS, NULL},
    {"writechar_arg", t_writechar_arg, METH_VARARGS, NULL},
    {"ucs4", t_ucs4, METH_VARARGS, NULL},
    {"ucs4buf", t_ucs4buf, METH_VARARGS, NULL},
    {"aswidechar", t_aswidechar, METH_VARARGS, NULL},
    {"aswidecharstring", t_aswidecharstring, METH_VARARGS, NULL},
    {"resize", t_resize, METH_VARARGS, NULL},
    {"fill", t_fill, METH_VARARGS, NULL},
    {"copychars", t_copychars, METH_VARARGS, NULL},
    {"compare", t_compare, METH_VARARGS, NULL},
    {"compareascii", t_compareascii, METH_VARARGS, NULL},
    {"eqascii", t_eqascii, METH_VARARGS, NULL},
    {"richcompare", t_richcompare, METH_VARARGS, NULL},
    {"concat", t_concat, METH_VARARGS, NULL},
    {"append", t_append, METH_VARARGS, NULL},
    {"appendanddel", t_appendanddel, METH_VARARGS, NULL},
    {"join", t_join, METH_VARARGS, NULL},
    {"split", t_split, METH_VARARGS, NULL},
    {"rsplit", t_rsplit, METH_VARARGS, NULL},
    {"splitlines", t_splitlines, METH_VARARGS, NULL},
    {"partition", t_partition, METH_VARARGS, NULL},
    {"rpartition", t_rpartition, METH_VARARGS, NULL},
    {"contains", t_contains, METH_VARARGS, NULL},
    {"find", t_find, METH_VARARGS, NULL},
    {"findchar", t_findchar, METH_VARARGS, NULL},
    {"count", t_count, METH_VARARGS, NULL},
    {"replace", t_replace, METH_VARARGS, NULL},
    {"tailmatch", t_tailmatch, METH_VARARGS, NULL},
    {"isidentifier", t_isidentifier, METH_VARARGS, NULL},
    {"intern", t_intern, METH_VARARGS, NULL},
    {"internfromstring", t_internfromstring, METH_VARARGS, NULL},
    {"fmt_int", t_fmt_int, METH_VARARGS, NULL},
    {"fmt_obj", t_fmt_obj, METH_VARARGS, NULL},
    {"fmt_str", t_fmt_str, METH_VARARGS, NULL},
    {"fmt_v", t_fmt_v, METH_VARARGS, NULL},
    {"fmt_ptr", t_fmt_ptr, METH_VARARGS, NULL},
    {"fmt_none", t_fmt_none, METH_VARARGS, NULL},
    {"fmt_mix", t_fmt_mix, METH_VARARGS, NULL},
    {"chartype", t_chartype, METH_VARARGS, NULL},
    {"b_fromstringandsize", b_fromstringandsize, METH_VARARGS, NULL},
    {"b_fromstring", b_fromstring, METH_VARARGS, NULL},
    {"b_asstring", b_asstring, METH_VARARGS, NULL},
    {"b_size", b_size, METH_VARARGS, NULL},
    {"b_asstringandsize", b_asstringandsize, METH_VARARGS, NULL},
    {"b_asstringandsize_null", b_asstringandsize_null, METH_VARARGS, NULL},
    {"b_concat", b_concat, METH_VARARGS, NULL},
    {"b_concatanddel", b_concatanddel, METH_VARARGS, NULL},
    {"b_concatfresh", b_concatfresh, METH_VARARGS, NULL},
    {"b_join", b_join, METH_VARARGS, NULL},
    {"b_fromobject", b_fromobject, METH_VARARGS, NULL},
    {"b_repr", b_repr, METH_VARARGS, NULL},
    {"b_resize", b_resize, METH_VARARGS, NULL},
    {"b_resize_shared", b_resize_shared, METH_VARARGS, NULL},
    {"b_fmt_int", b_fmt_int, METH_VARARGS, NULL},
    {"b_fmt_str", b_fmt_str, METH_VARARGS, NULL},
    {"b_fmt_ptr", b_fmt_ptr, METH_VARARGS, NULL},
    {"b_fmt_none", b_fmt_none, METH_VARARGS, NULL},
    {"b_decodeescape", b_decodeescape, METH_VARARGS, NULL},
    {"ba_fromstringandsize", ba_fromstringandsize, METH_VARARGS, NULL},
    {"ba_fromobject", ba_fromobject, METH_VARARGS, NULL},
    {"ba_asstring", ba_asstring, METH_VARARGS, NULL},
    {"ba_size", ba_size, METH_VARARGS, NULL},
    {"ba_resize", ba_resize, METH_VARARGS, NULL},
    {"ba_poke", ba_poke, METH_VARARGS, NULL},
    {"ba_concat", ba_concat, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef text_module = {
    PyModuleDef_HEAD_INIT, "text", "str, bytes and bytearray C-API calls.", -1, text_methods,
};

PyMODINIT_FUNC PyInit_text(void)
{
    return PyModule_Create(&text_module);
}

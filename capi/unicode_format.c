/* unicode_format.c — PyUnicode_FromFormat[V]: CPython 3.11's format language, %S/%R/%A through the runtime. */
#include <stdio.h>

#include "capi/capi.h"

/* Appends the first code points of runtime str `s` as CPython's %U does with a width
   (right-aligned in spaces) and a precision (at most that many code points). */
static void format_add_str(w_strbuf *b, w_object *s, Py_ssize_t width, Py_ssize_t precision)
{
    Py_ssize_t length = w_str_length(s);
    if (precision != -1 && precision < length)
        length = precision;
    for (Py_ssize_t i = length; i < width; i++)
        w_strbuf_add_byte(b, ' ');
    w_strbuf_add(b, w_str_utf8(s), (size_t)w_str_offset(s, length));
}

/* %s: `precision` bytes at most, decoded as UTF-8 with "replace". */
static int format_add_cstr(w_strbuf *b, const char *s, Py_ssize_t width, Py_ssize_t precision)
{
    size_t n = 0;
    if (precision == -1)
        n = strlen(s);
    else
        while ((Py_ssize_t)n < precision && s[n])
            n++;
    w_object *u = w_str_decode_utf8(s, n, "replace");
    if (!u)
        return -1;
    format_add_str(b, u, width, -1);
    return 0;
}

/* ascii(o), through the builtin itself. */
static w_object *w_ascii(w_object *o)
{
    GC_ENTER();
    GC_ROOT(o);
    w_object *fn = space_getattr_cstr(w_builtins_module(), "ascii");
    GC_RETURN(fn ? space_call(fn, &o, 1, NULL) : NULL);
}

/* %S, %R, %A: str(), repr() or ascii() of a proxy. */
static int format_add_object(w_strbuf *b, char conv, PyObject *obj, Py_ssize_t width,
                             Py_ssize_t precision)
{
    w_object *w = capi_w(obj);
    if (w)
        w = conv == 'S' ? space_str(w) : conv == 'R' ? space_repr(w) : w_ascii(w);
    if (!w)
        return -1;
    format_add_str(b, w, width, precision);
    return 0;
}

/* %d %i %u %x with the modifiers l, ll, z: CPython 3.11 pads to the precision with
   zeros, then to the width with zeros (flag 0) or spaces, in front of any sign. */
static void format_add_number(w_strbuf *b, char conv, char size, bool zeropad, Py_ssize_t width,
                              Py_ssize_t precision, va_list *ap)
{
    char num[64];
    int len;
    if (conv == 'u')
        len = size == 'l'   ? snprintf(num, sizeof num, "%lu", va_arg(*ap, unsigned long))
              : size == 'q' ? snprintf(num, sizeof num, "%llu", va_arg(*ap, unsigned long long))
              : size == 'z' ? snprintf(num, sizeof num, "%zu", va_arg(*ap, size_t))
                            : snprintf(num, sizeof num, "%u", va_arg(*ap, unsigned int));
    else if (conv == 'x')
        len = snprintf(num, sizeof num, "%x", va_arg(*ap, int));
    else
        len = size == 'l'   ? snprintf(num, sizeof num, "%ld", va_arg(*ap, long))
              : size == 'q' ? snprintf(num, sizeof num, "%lld", va_arg(*ap, long long))
              : size == 'z' ? snprintf(num, sizeof num, "%zd", va_arg(*ap, Py_ssize_t))
                            : snprintf(num, sizeof num, "%d", va_arg(*ap, int));
    if (precision < len)
        precision = len;
    for (Py_ssize_t i = precision; i < width; i++)
        w_strbuf_add_byte(b, zeropad ? '0' : ' ');
    for (Py_ssize_t i = len; i < precision; i++)
        w_strbuf_add_byte(b, '0');
    w_strbuf_add(b, num, (size_t)len);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads a width or precision; false with ValueError "<what> too big" on overflow. */
static bool format_parse_num(const char **f, Py_ssize_t *out, const char *what)
{
    Py_ssize_t v = 0;
    for (; is_digit(**f); (*f)++) {
        if (v > (PY_SSIZE_T_MAX - (**f - '0')) / 10) {
            w_raise_fmt(w_exc_ValueError, "%s too big", what);
            return false;
        }
        v = v * 10 + (**f - '0');
    }
    *out = v;
    return true;
}

/* One conversion, `p` at its '%': appends it and returns where the format goes on, or
   NULL with an error. An unknown conversion copies the rest of the format as it is
   (the arguments can no longer be told apart), as CPython does. */
static const char *format_arg(w_strbuf *b, const char *p, va_list *ap)
{
    const char *f = p + 1;
    bool zeropad = *f == '0';
    f += zeropad;
    Py_ssize_t width = -1, precision = -1;
    if (is_digit(*f) && !format_parse_num(&f, &width, "width"))
        return NULL;
    if (*f == '.') {
        f++;
        if (is_digit(*f) && !format_parse_num(&f, &precision, "precision"))
            return NULL;
        if (*f == '%')
            f--; /* "%.3%s": the '3' is an unknown conversion */
    }
    if (*f == '\0')
        f--; /* "%.12" at the end: so is the '2' */
    char size = 0;
    if (*f == 'l' && (f[1] == 'd' || f[1] == 'u' || f[1] == 'i')) {
        size = 'l';
        f++;
    } else if (*f == 'l' && f[1] == 'l' && (f[2] == 'd' || f[2] == 'u' || f[2] == 'i')) {
        size = 'q';
        f += 2;
    } else if (*f == 'z' && (f[1] == 'd' || f[1] == 'u' || f[1] == 'i')) {
        size = 'z';
        f++;
    }
    switch (*f) {
    case 'c': {
        int c = va_arg(*ap, int);
        if (c < 0 || c > 0x10FFFF) {
            w_raise_fmt(w_exc_OverflowError, "character argument not in range(0x110000)");
            return NULL;
        }
        w_strbuf_add_codepoint(b, (uint32_t)c);
        break;
    }
    case 'i':
    case 'd':
    case 'u':
    case 'x':
        format_add_number(b, *f, size, zeropad, width, precision, ap);
        break;
    case 'p': {
        char num[64];
        int len = snprintf(num, sizeof num, "%p", va_arg(*ap, void *));
        if (num[1] == 'X') {
            num[1] = 'x';
        } else if (num[1] != 'x') { /* "%p" is ill-defined: make it 0x... */
            memmove(num + 2, num, (size_t)len + 1);
            num[0] = '0';
            num[1] = 'x';
        }
        w_strbuf_addc(b, num);
        break;
    }
    case 's':
        if (format_add_cstr(b, va_arg(*ap, const char *), width, precision) < 0)
            return NULL;
        break;
    case 'U': {
        w_object *w = capi_w(va_arg(*ap, PyObject *));
        if (!w)
            return NULL;
        format_add_str(b, w, width, precision);
        break;
    }
    case 'V': {
        PyObject *obj = va_arg(*ap, PyObject *);
        const char *s = va_arg(*ap, const char *);
        if (obj) {
            w_object *w = capi_w(obj);
            if (!w)
                return NULL;
            format_add_str(b, w, width, precision);
        } else if (format_add_cstr(b, s, width, precision) < 0) {
            return NULL;
        }
        break;
    }
    case 'S':
    case 'R':
    case 'A':
        if (format_add_object(b, *f, va_arg(*ap, PyObject *), width, precision) < 0)
            return NULL;
        break;
    case '%':
        w_strbuf_add_byte(b, '%');
        break;
    default:
        w_strbuf_addc(b, p);
        return p + strlen(p);
    }
    return f + 1;
}

PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs)
{
    w_strbuf b;
    w_strbuf_init(&b);
    va_list ap;
    va_copy(ap, vargs);
    const char *f = format;
    while (f && *f) {
        if (*f == '%') {
            f = format_arg(&b, f, &ap);
            continue;
        }
        const char *p = f;
        for (; *p && *p != '%'; p++)
            if ((unsigned char)*p > 127) {
                w_raise_fmt(w_exc_ValueError,
                            "PyUnicode_FromFormatV() expects an ASCII-encoded format string, "
                            "got a non-ASCII byte: 0x%02x", (unsigned char)*p);
                p = NULL;
                break;
            }
        if (p)
            w_strbuf_add(&b, f, (size_t)(p - f));
        f = p;
    }
    va_end(ap);
    if (!f) {
        w_strbuf_free(&b);
        return NULL;
    }
    return capi_new_ref(w_strbuf_finish(&b));
}

PyObject *PyUnicode_FromFormat(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    PyObject *r = PyUnicode_FromFormatV(format, ap);
    va_end(ap);
    return r;
}

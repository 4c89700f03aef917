/* strformat.c — printf-style formatting: `str % args` and `bytes % args` (CPython 3.11's rules and messages). */
#include "objects/objects.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    F_LJUST = 1 << 0, /* '-' */
    F_SIGN = 1 << 1,  /* '+' */
    F_BLANK = 1 << 2, /* ' ' */
    F_ALT = 1 << 3,   /* '#' */
    F_ZERO = 1 << 4,  /* '0' */
};

/*
 * One formatting run. The format's text is copied out of its object first, so that the
 * collections the conversions cause cannot move it under the parser; the output is a
 * malloc'd buffer. `args` is what `%` got; `cur` the object the next conversion takes its
 * arguments from (`args`, or the value of the last `%(key)`), with CPython's indices:
 * `arglen` -1 and `argidx` -2 for a single (not yet taken) argument.
 */
typedef struct fmt_run {
    bool bytes;          /* bytes/bytearray formatting: %b, %c of a byte, no str out */
    const char *fmt;     /* the format's text (UTF-8 for str) */
    int64_t n;           /* its size in bytes */
    int64_t pos;         /* the parser's position in it */
    w_object *args;      /* rooted by w_text_format */
    w_object *cur;       /* rooted by w_text_format */
    w_object *dict;      /* `args` when it is a mapping, else NULL; rooted */
    int64_t arglen, argidx;
    w_strbuf out;
} fmt_run;

/* A conversion specification: flags, width and precision (-1 when absent), character. */
typedef struct fmt_spec {
    int flags;
    int64_t width;
    int prec;
    uint32_t ch;
} fmt_spec;

/* The index CPython reports in errors: in code points for str, bytes for bytes. */
static int64_t char_index(const fmt_run *r, int64_t byte_pos)
{
    if (r->bytes)
        return byte_pos;
    int64_t k = 0;
    for (int64_t i = 0; i < byte_pos; i++)
        if (((unsigned char)r->fmt[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* The next argument (CPython's getnextarg), or NULL with "not enough arguments". */
static w_object *next_arg(fmt_run *r)
{
    if (r->arglen < 0) {
        if (r->argidx == -2) {
            r->argidx = -1;
            return r->cur;
        }
    } else if (r->argidx < r->arglen) {
        return W_TUPLE_ITEMS(r->cur)[r->argidx++];
    }
    return w_raise_fmt(w_exc_TypeError, "not enough arguments for format string");
}

/* Appends `fill` n times. */
static void add_fill(w_strbuf *b, char fill, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        w_strbuf_add_byte(b, fill);
}

/* Appends text of `len` characters padded with spaces to the width. */
static void add_padded(fmt_run *r, const fmt_spec *s, const char *text, int64_t nbytes,
                       int64_t len)
{
    int64_t pad = s->width > len ? s->width - len : 0;
    if (!(s->flags & F_LJUST))
        add_fill(&r->out, ' ', pad);
    w_strbuf_add(&r->out, text, (size_t)nbytes);
    if (s->flags & F_LJUST)
        add_fill(&r->out, ' ', pad);
}

/*
 * Appends a number made of a sign, a prefix ("0x") and ASCII digits: padded with spaces
 * before the sign, or with '0' flag between prefix and digits, or after with '-'.
 */
static void add_number(fmt_run *r, const fmt_spec *s, const char *sign, const char *prefix,
                       const char *digits, size_t ndigits)
{
    size_t head = strlen(sign) + strlen(prefix);
    int64_t len = (int64_t)(head + ndigits);
    int64_t pad = s->width > len ? s->width - len : 0;
    if (!(s->flags & (F_LJUST | F_ZERO)))
        add_fill(&r->out, ' ', pad);
    w_strbuf_addc(&r->out, sign);
    w_strbuf_addc(&r->out, prefix);
    if ((s->flags & (F_LJUST | F_ZERO)) == F_ZERO)
        add_fill(&r->out, '0', pad);
    w_strbuf_add(&r->out, digits, ndigits);
    if (s->flags & F_LJUST)
        add_fill(&r->out, ' ', pad);
}

static const char *sign_of(const fmt_spec *s, bool negative)
{
    return negative ? "-" : (s->flags & F_SIGN) ? "+" : (s->flags & F_BLANK) ? " " : "";
}

/* Whether `o` converts to a number (CPython's PyNumber_Check). */
static bool is_number(w_object *o)
{
    const w_number_slots *ns = W_TYPE(o)->number;
    return W_INT_CHECK(o) || W_FLOAT_CHECK(o) ||
           (ns && (ns->index || ns->to_int || ns->to_float));
}

/* %d %i %u %x %X %o. */
static int format_int(fmt_run *r, const fmt_spec *s, w_object *v)
{
    GC_ENTER();
    w_object *iv = v;
    GC_ROOT(v);
    GC_ROOT(iv);
    char c = (char)s->ch;
    bool want_index = c == 'x' || c == 'X' || c == 'o';
    if (!W_INT_CHECK(v)) {
        if (!is_number(v))
            goto wrongtype;
        iv = want_index ? space_index(v) : space_call((w_object *)w_int_type, &v, 1, NULL);
        if (!iv) {
            if (w_err_matches(w_exc_TypeError))
                goto wrongtype;
            GC_RETURN(-1);
        }
    }
    w_object *text = w_int_format(iv, c == 'x' || c == 'X' ? 16 : c == 'o' ? 8 : 10);
    if (!text)
        GC_RETURN(-1);
    /* w_int_format writes "-0x1f": take the sign and the prefix off the digits */
    const char *d = w_str_utf8(text);
    bool negative = *d == '-';
    if (negative)
        d++;
    if (c != 'd' && c != 'i' && c != 'u')
        d += 2;
    size_t nd = strlen(d);
    size_t prec = s->prec > 0 ? (size_t)s->prec : 0;
    size_t width = prec > nd ? prec : nd;
    char *digits = malloc(width + 1);
    if (!digits) {
        w_raise(w_exc_MemoryError, NULL);
        GC_RETURN(-1);
    }
    memset(digits, '0', width - nd);
    memcpy(digits + width - nd, d, nd);
    if (c == 'X')
        for (size_t i = 0; i < width; i++)
            if (digits[i] >= 'a' && digits[i] <= 'f')
                digits[i] = (char)(digits[i] - 'a' + 'A');
    const char *prefix = !(s->flags & F_ALT) ? ""
                         : c == 'x'          ? "0x"
                         : c == 'X'          ? "0X"
                         : c == 'o'          ? "0o"
                                             : "";
    add_number(r, s, sign_of(s, negative), prefix, digits, width);
    free(digits);
    GC_RETURN(0);
wrongtype:
    w_err_clear();
    w_raise_fmt(w_exc_TypeError, "%%%c format: %s is required, not %s", c,
                want_index ? "an integer" : "a real number", W_TYPE(v)->name);
    GC_RETURN(-1);
}

/* %e %E %f %F %g %G. */
static int format_float(fmt_run *r, const fmt_spec *s, w_object *v)
{
    double x;
    w_type *vtype = W_TYPE(v); /* types never move */
    if (w_float_as_double(v, &x) < 0) {
        /* bytes formatting words every failure its own way */
        if (r->bytes) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "float argument required, not %s", vtype->name);
        }
        return -1;
    }
    char c = (char)s->ch;
    bool upper = c == 'E' || c == 'F' || c == 'G';
    if (!isfinite(x)) {
        /* CPython writes no sign for a nan, whatever its sign bit */
        const char *t = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        add_number(r, s, sign_of(s, !isnan(x) && x < 0), "", t, 3);
        return 0;
    }
    char spec[16];
    snprintf(spec, sizeof spec, "%%%s.*%c", (s->flags & F_ALT) ? "#" : "", c);
    int prec = s->prec < 0 ? 6 : s->prec;
    int n = snprintf(NULL, 0, spec, prec, fabs(x));
    char *digits = malloc((size_t)n + 1);
    if (!digits)
        return w_raise(w_exc_MemoryError, NULL), -1;
    snprintf(digits, (size_t)n + 1, spec, prec, fabs(x));
    add_number(r, s, sign_of(s, signbit(x)), "", digits, (size_t)n);
    free(digits);
    return 0;
}

/* %c of str formatting: an int code point or a str of one character. */
static int format_char(fmt_run *r, const fmt_spec *s, w_object *v)
{
    char enc[4];
    if (W_STR_CHECK(v)) {
        if (w_str_length(v) != 1)
            return w_raise_fmt(w_exc_TypeError, "%%c requires int or char"), -1;
        add_padded(r, s, w_str_utf8(v), w_str_nbytes(v), 1);
        return 0;
    }
    GC_ENTER();
    w_object *iv = W_INT_CHECK(v) ? v : space_index(v);
    if (!iv) {
        w_err_clear();
        w_raise_fmt(w_exc_TypeError, "%%c requires int or char");
        GC_RETURN(-1);
    }
    int64_t cp;
    if (w_int_as_i64(iv, &cp) < 0 || cp < 0 || cp > 0x10FFFF) {
        w_err_clear();
        w_raise_fmt(w_exc_OverflowError, "%%c arg not in range(0x110000)");
        GC_RETURN(-1);
    }
    int k = w_utf8_encode((uint32_t)cp, enc);
    add_padded(r, s, enc, k, 1);
    GC_RETURN(0);
}

/* %c of bytes formatting: an int byte value or a bytes-like object of one byte. */
static int format_byte(fmt_run *r, const fmt_spec *s, w_object *v)
{
    char byte;
    if (W_BYTES_CHECK(v) || W_BYTEARRAY_CHECK(v)) {
        if (w_bytes_size(v) != 1)
            goto wrongtype;
        byte = w_bytes_data(v)[0];
    } else {
        GC_ENTER();
        w_object *iv = W_INT_CHECK(v) ? v : space_index(v);
        GC_LEAVE();
        if (!iv)
            goto wrongtype;
        int64_t b;
        if (w_int_as_i64(iv, &b) < 0 || b < 0 || b > 255) {
            w_err_clear();
            return w_raise_fmt(w_exc_OverflowError, "%%c arg not in range(256)"), -1;
        }
        byte = (char)b;
    }
    add_padded(r, s, &byte, 1, 1);
    return 0;
wrongtype:
    w_err_clear();
    w_raise_fmt(w_exc_TypeError, "%%c requires an integer in range(256) or a single byte");
    return -1;
}

/* The bytes %b and %s of bytes formatting take: bytes-like objects, or __bytes__. */
static w_object *bytes_of(w_object *v)
{
    if (W_BYTES_CHECK(v) || W_BYTEARRAY_CHECK(v))
        return v;
    if (W_TYPE(v)->buffer)
        return W_TYPE(v)->buffer(v);
    w_object *meth = w_type_lookup_cstr(W_TYPE(v), "__bytes__");
    if (!meth)
        return w_raise_fmt(w_exc_TypeError,
                           "%%b requires a bytes-like object, or an object that implements "
                           "__bytes__, not '%s'",
                           W_TYPE(v)->name);
    w_object *b = space_call_method(v, "__bytes__", NULL, 0);
    if (b && !W_BYTES_CHECK(b))
        return w_raise_fmt(w_exc_TypeError, "__bytes__ returned non-bytes (type %s)",
                           W_TYPE(b)->name);
    return b;
}

/* %s %r %a (and %b of bytes): the text of the object, cut to the precision. */
static int format_text(fmt_run *r, const fmt_spec *s, w_object *v)
{
    char c = (char)s->ch;
    w_object *t;
    if (r->bytes && (c == 's' || c == 'b'))
        t = bytes_of(v);
    else
        t = c == 's'                ? space_str(v)
            : c == 'r' && !r->bytes ? space_repr(v)
                                    : w_builtin_ascii(v); /* bytes' %r is %a */
    if (!t)
        return -1;
    if (r->bytes && !W_BYTES_CHECK(t) && !W_BYTEARRAY_CHECK(t)) {
        /* %r and %a of bytes formatting: ascii(), which is ASCII */
        int64_t n = w_str_nbytes(t);
        if (s->prec >= 0 && s->prec < n)
            n = s->prec;
        add_padded(r, s, w_str_utf8(t), n, n);
        return 0;
    }
    if (r->bytes) {
        int64_t n = w_bytes_size(t);
        if (s->prec >= 0 && s->prec < n)
            n = s->prec;
        add_padded(r, s, w_bytes_data(t), n, n);
        return 0;
    }
    int64_t len = w_str_length(t);
    if (s->prec >= 0 && s->prec < len)
        len = s->prec;
    add_padded(r, s, w_str_utf8(t), w_str_offset(t, len), len);
    return 0;
}

/* Reads an int for `*`: TypeError "* wants int"; OverflowError beyond `max`. */
static int star_arg(fmt_run *r, int64_t max, const char *ctype, int64_t *out)
{
    w_object *v = next_arg(r);
    if (!v)
        return -1;
    if (!W_INT_CHECK(v))
        return w_raise_fmt(w_exc_TypeError, "* wants int"), -1;
    if (w_int_as_i64(v, out) < 0 || *out > max || *out < -max - 1) {
        w_err_clear();
        return w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C %s",
                           ctype),
               -1;
    }
    return 0;
}

/* Reads decimal digits into *out; ValueError "`what` too big" beyond `max`. */
static int read_digits(fmt_run *r, int64_t max, const char *what, int64_t *out)
{
    int64_t v = 0;
    while (r->pos < r->n && r->fmt[r->pos] >= '0' && r->fmt[r->pos] <= '9') {
        int d = r->fmt[r->pos++] - '0';
        if (v > (max - d) / 10)
            return w_raise_fmt(w_exc_ValueError, "%s too big", what), -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int incomplete(void)
{
    w_raise_fmt(w_exc_ValueError, "incomplete format");
    return -1;
}

/* The `%(key)` of a conversion at r->pos (just past its '('): looks it up in the mapping. */
static int take_key(fmt_run *r)
{
    int64_t start = r->pos, depth = 1;
    while (r->pos < r->n && depth > 0) {
        char c = r->fmt[r->pos++];
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    if (depth > 0)
        return w_raise_fmt(w_exc_ValueError, "incomplete format key"), -1;
    if (!r->dict)
        return w_raise_fmt(w_exc_TypeError, "format requires a mapping"), -1;
    size_t klen = (size_t)(r->pos - 1 - start);
    w_object *key = r->bytes ? w_bytes_from(r->fmt + start, klen)
                             : w_str_from_utf8(r->fmt + start, klen);
    if (!key)
        return -1;
    w_object *v = space_getitem(r->dict, key);
    if (!v)
        return -1;
    r->cur = v;
    r->arglen = -1;
    r->argidx = -2;
    return 0;
}

/* Parses one conversion (r->pos just past its '%') and writes its output. */
static int convert(fmt_run *r)
{
    fmt_spec s = {.flags = 0, .width = -1, .prec = -1};
    if (r->pos < r->n && r->fmt[r->pos] == '(') {
        r->pos++;
        if (take_key(r) < 0)
            return -1;
    }
    for (; r->pos < r->n; r->pos++) {
        char c = r->fmt[r->pos];
        int f = c == '-' ? F_LJUST : c == '+' ? F_SIGN : c == ' ' ? F_BLANK
                : c == '#' ? F_ALT : c == '0' ? F_ZERO : 0;
        if (!f)
            break;
        s.flags |= f;
    }
    if (r->pos < r->n && r->fmt[r->pos] == '*') {
        r->pos++;
        if (star_arg(r, INT64_MAX, "ssize_t", &s.width) < 0)
            return -1;
        if (s.width < 0) {
            s.flags |= F_LJUST;
            s.width = -s.width;
        }
    } else if (read_digits(r, INT64_MAX, "width", &s.width) < 0) {
        return -1;
    }
    if (r->pos < r->n && r->fmt[r->pos] == '.') {
        int64_t p;
        r->pos++;
        if (r->pos < r->n && r->fmt[r->pos] == '*') {
            r->pos++;
            if (star_arg(r, INT_MAX, "int", &p) < 0)
                return -1;
        } else if (read_digits(r, INT_MAX, "precision", &p) < 0) {
            return -1;
        }
        s.prec = p < 0 ? 0 : (int)p;
    }
    /* length modifiers are accepted and ignored, as C's printf has them */
    while (r->pos < r->n && (r->fmt[r->pos] == 'h' || r->fmt[r->pos] == 'l' ||
                             r->fmt[r->pos] == 'L'))
        r->pos++;
    if (r->pos >= r->n)
        return incomplete();
    int64_t at = r->pos;
    const char *p = r->fmt + r->pos;
    s.ch = r->bytes ? (unsigned char)*p++ : w_utf8_next(&p);
    r->pos = p - r->fmt;
    GC_ENTER();
    w_object *v = next_arg(r);
    if (!v)
        GC_RETURN(-1);
    GC_ROOT(v);
    int rc;
    switch (s.ch) {
    case 's': case 'r': case 'a':
        rc = format_text(r, &s, v);
        break;
    case 'b':
        if (!r->bytes)
            goto unsupported;
        rc = format_text(r, &s, v);
        break;
    case 'c':
        rc = r->bytes ? format_byte(r, &s, v) : format_char(r, &s, v);
        break;
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        rc = format_int(r, &s, v);
        break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        rc = format_float(r, &s, v);
        break;
    default:
    unsupported:
        w_raise_fmt(w_exc_ValueError, "unsupported format character '%c' (0x%x) at index %" PRId64,
                    s.ch >= 32 && s.ch < 127 ? (char)s.ch : '?', (unsigned)s.ch,
                    char_index(r, at));
        rc = -1;
    }
    GC_RETURN(rc);
}

w_object *w_text_format(w_object *fmt, w_object *args)
{
    GC_ENTER();
    fmt_run r = {.bytes = !W_STR_CHECK(fmt), .args = args, .cur = args};
    GC_ROOT(fmt);
    GC_ROOT(r.args);
    GC_ROOT(r.cur);
    GC_ROOT(r.dict);
    r.n = r.bytes ? w_bytes_size(fmt) : w_str_nbytes(fmt);
    char *text = malloc((size_t)r.n + 1);
    if (!text) {
        w_raise(w_exc_MemoryError, NULL);
        GC_RETURN(NULL);
    }
    memcpy(text, r.bytes ? w_bytes_data(fmt) : w_str_utf8(fmt), (size_t)r.n);
    r.fmt = text;
    bool tuple = W_TUPLE_CHECK(args);
    r.arglen = tuple ? W_TUPLE_SIZE(args) : -1;
    r.argidx = tuple ? 0 : -2;
    /* any other subscriptable object is a mapping for `%(key)`, and silences "not all
       arguments converted" (so `'abc' % []` is 'abc', as in CPython) */
    bool text_arg = r.bytes ? W_BYTES_CHECK(args) || W_BYTEARRAY_CHECK(args) : W_STR_CHECK(args);
    if (!tuple && !text_arg && W_TYPE(args)->getitem)
        r.dict = args;
    w_strbuf_init(&r.out);
    while (r.pos < r.n) {
        const char *pct = memchr(r.fmt + r.pos, '%', (size_t)(r.n - r.pos));
        int64_t end = pct ? pct - r.fmt : r.n;
        w_strbuf_add(&r.out, r.fmt + r.pos, (size_t)(end - r.pos));
        r.pos = end;
        if (!pct)
            break;
        r.pos++;
        if (r.pos < r.n && r.fmt[r.pos] == '%') {
            w_strbuf_add_byte(&r.out, '%');
            r.pos++;
            continue;
        }
        if (convert(&r) < 0)
            goto fail;
    }
    if (r.argidx < r.arglen && !r.dict) {
        w_raise_fmt(w_exc_TypeError, "not all arguments converted during %s formatting",
                    r.bytes ? "bytes" : "string");
        goto fail;
    }
    free(text);
    GC_RETURN(r.bytes ? w_strbuf_finish_bytes(&r.out, W_TYPE(fmt) == w_bytearray_type
                                                          ? w_bytearray_type
                                                          : w_bytes_type)
                      : w_strbuf_finish(&r.out));
fail:
    free(text);
    w_strbuf_free(&r.out);
    GC_RETURN(NULL);
}

/* The `%` operator of str, bytes and bytearray: the format on the left. */
static w_object *text_mod(w_object *a, w_object *b)
{
    bool fmt = W_STR_CHECK(a) || W_BYTES_CHECK(a) || W_BYTEARRAY_CHECK(a);
    return fmt ? w_text_format(a, b) : w_NotImplemented;
}

static const w_number_slots text_number = {.binop[W_OP_MOD] = text_mod};

void w_strformat_init(void)
{
    w_str_type->number = &text_number;
    w_bytes_type->number = &text_number;
    w_bytearray_type->number = &text_number;
}

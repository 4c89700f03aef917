/* formatspec.c — format(value, spec): the format mini-language of int, float and str (CPython 3.11's rules and messages). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>

#include "objects/objects.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A parsed spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]. */
typedef struct fspec {
    uint32_t fill;
    uint32_t align;     /* '<' '>' '^' '=' */
    uint32_t sign;      /* '+' '-' ' ' or 0 */
    bool no_neg_0, alt;
    int64_t width;      /* -1: none */
    char grouping;      /* ',' or '_' or 0 */
    int interval;       /* digits between separators: 3, or 4 for '_' in b/o/x/X */
    int64_t prec;       /* -1: none */
    uint32_t type;      /* 0: none */
} fspec;

static bool is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '^' || c == '=';
}

/* Decimal digits at cp[*pos]: 0 if none; ValueError past int64. */
static int read_int(const uint32_t *cp, int64_t n, int64_t *pos, int64_t *out, bool *any)
{
    int64_t v = 0;
    *any = false;
    while (*pos < n && cp[*pos] >= '0' && cp[*pos] <= '9') {
        int d = (int)(cp[(*pos)++] - '0');
        if (v > (INT64_MAX - d) / 10)
            return w_raise_fmt(w_exc_ValueError, "Too many decimal digits in format string"),
                   -1;
        v = v * 10 + d;
        *any = true;
    }
    *out = v;
    return 0;
}

/* "Unknown format code 'x' ..." and its kin name a code point as CPython does. */
static void code_text(uint32_t c, char *out, size_t n)
{
    if (c > 32 && c < 128)
        snprintf(out, n, "%c", (char)c);
    else
        snprintf(out, n, "\\x%" PRIx32, c);
}

static int parse(w_object *spec, uint32_t default_align, uint32_t default_type,
                 const char *tname, fspec *f)
{
    *f = (fspec){.fill = ' ', .align = default_align, .width = -1, .interval = 3,
                 .prec = -1, .type = default_type};
    int64_t n = w_str_length(spec), pos = 0;
    uint32_t *cp = malloc(((size_t)n + 1) * sizeof *cp);
    if (!cp)
        return w_raise(w_exc_MemoryError, NULL), -1;
    const char *p = w_str_utf8(spec);
    for (int64_t i = 0; i < n; i++)
        cp[i] = w_utf8_next(&p);
    bool fill_given = false, align_given = false, any;
    int rc = -1;
    if (n >= 2 && is_align(cp[1])) {
        f->fill = cp[0];
        f->align = cp[1];
        fill_given = align_given = true;
        pos = 2;
    } else if (n >= 1 && is_align(cp[0])) {
        f->align = cp[0];
        align_given = true;
        pos = 1;
    }
    if (pos < n && (cp[pos] == '+' || cp[pos] == '-' || cp[pos] == ' '))
        f->sign = cp[pos++];
    if (pos < n && cp[pos] == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (pos < n && cp[pos] == '#') {
        f->alt = true;
        pos++;
    }
    if (!fill_given && pos < n && cp[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        pos++;
    }
    if (read_int(cp, n, &pos, &f->width, &any) < 0)
        goto out;
    if (!any)
        f->width = -1;
    if (pos < n && cp[pos] == ',') {
        f->grouping = ',';
        pos++;
    }
    if (pos < n && cp[pos] == '_') {
        if (f->grouping) {
            w_raise_fmt(w_exc_ValueError, "Cannot specify both ',' and '_'.");
            goto out;
        }
        f->grouping = '_';
        pos++;
    }
    if (pos < n && cp[pos] == ',' && f->grouping == '_') {
        w_raise_fmt(w_exc_ValueError, "Cannot specify both ',' and '_'.");
        goto out;
    }
    if (pos < n && cp[pos] == '.') {
        pos++;
        if (read_int(cp, n, &pos, &f->prec, &any) < 0)
            goto out;
        if (!any) {
            w_raise_fmt(w_exc_ValueError, "Format specifier missing precision");
            goto out;
        }
    }
    if (n - pos > 1) {
        w_raise_fmt(w_exc_ValueError, "Invalid format specifier '%s' for object of type '%s'",
                    w_str_utf8(spec), tname);
        goto out;
    }
    if (n - pos == 1)
        f->type = cp[pos];
    if (f->grouping) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->grouping == '_') {
                f->interval = 4;
                break;
            }
            /* fall through */
        default: {
            char t[16];
            code_text(f->type, t, sizeof t);
            w_raise_fmt(w_exc_ValueError, "Cannot specify '%c' with '%s'.", f->grouping, t);
            goto out;
        }
        }
    }
    rc = 0;
out:
    free(cp);
    return rc;
}

static int unknown_code(const fspec *f, const char *tname)
{
    char t[16];
    code_text(f->type, t, sizeof t);
    w_raise_fmt(w_exc_ValueError, "Unknown format code '%s' for object of type '%s'", t, tname);
    return -1;
}

static void add_fill(w_strbuf *b, uint32_t fill, int64_t n)
{
    char enc[4];
    int k = w_utf8_encode(fill, enc);
    for (int64_t i = 0; i < n; i++)
        w_strbuf_add(b, enc, (size_t)k);
}

/* Appends text of `len` code points aligned in the width with the fill. */
static void add_aligned(w_strbuf *b, const fspec *f, const char *text, size_t nbytes,
                        int64_t len)
{
    int64_t pad = f->width > len ? f->width - len : 0;
    int64_t left = f->align == '>' ? pad : f->align == '^' ? pad / 2 : 0;
    add_fill(b, f->fill, left);
    w_strbuf_add(b, text, nbytes);
    add_fill(b, f->fill, pad - left);
}

/*
 * Appends a number: sign, prefix ("0x"), integer digits (grouped by the spec, and
 * zero-padded to the width with '=' alignment and a '0' fill, the zeros grouped too),
 * then `rest` (fraction, exponent, '%', or a %c character) of `rest_len` code points.
 */
static void add_number(w_strbuf *out, const fspec *f, const char *sign, const char *prefix,
                       const char *digits, size_t nd, const char *rest, size_t rest_bytes,
                       int64_t rest_len)
{
    int64_t head = (int64_t)(strlen(sign) + strlen(prefix));
    int64_t min_digits = 0;
    if (f->fill == '0' && f->align == '=' && f->width > head + rest_len)
        min_digits = f->width - head - rest_len;
    /* the digits, zero-extended until they (with separators) fill min_digits */
    w_strbuf g;
    w_strbuf_init(&g);
    size_t total = nd;
    for (;;) {
        size_t seps = f->grouping && total ? (total - 1) / (size_t)f->interval : 0;
        if ((int64_t)(total + seps) >= min_digits)
            break;
        total++;
    }
    for (size_t i = 0; i < total; i++) {
        size_t from_right = total - i;
        if (f->grouping && i > 0 && from_right % (size_t)f->interval == 0)
            w_strbuf_add_byte(&g, f->grouping);
        w_strbuf_add_byte(&g, i < total - nd ? '0' : digits[i - (total - nd)]);
    }
    int64_t len = head + (int64_t)g.len + rest_len;
    int64_t pad = f->width > len ? f->width - len : 0;
    int64_t left = f->align == '>' ? pad : f->align == '^' ? pad / 2 : 0;
    if (f->align != '=')
        add_fill(out, f->fill, left);
    w_strbuf_addc(out, sign);
    w_strbuf_addc(out, prefix);
    if (f->align == '=')
        add_fill(out, f->fill, pad);
    w_strbuf_add(out, g.data ? g.data : "", g.len);
    w_strbuf_add(out, rest, rest_bytes);
    if (f->align != '=')
        add_fill(out, f->fill, pad - left);
    w_strbuf_free(&g);
}

static const char *sign_text(const fspec *f, bool negative)
{
    return negative ? "-" : f->sign == '+' ? "+" : f->sign == ' ' ? " " : "";
}

/* ---- str --------------------------------------------------------------------------------- */

static w_object *format_str(w_object *s, w_object *spec)
{
    fspec f;
    if (parse(spec, '<', 's', "str", &f) < 0)
        return NULL;
    if (f.type != 's')
        return unknown_code(&f, "str"), NULL;
    const char *err = f.sign == ' '  ? "Space not allowed in string format specifier"
                      : f.sign       ? "Sign not allowed in string format specifier"
                      : f.no_neg_0   ? "Negative zero coercion (z) not allowed in string format "
                                       "specifier"
                      : f.alt        ? "Alternate form (#) not allowed in string format specifier"
                      : f.align == '=' ? "'=' alignment not allowed in string format specifier"
                                       : NULL;
    if (err)
        return w_raise_fmt(w_exc_ValueError, "%s", err);
    int64_t len = w_str_length(s);
    if (f.prec >= 0 && f.prec < len)
        len = f.prec;
    w_strbuf b;
    w_strbuf_init(&b);
    add_aligned(&b, &f, w_str_utf8(s), (size_t)w_str_offset(s, len), len);
    return w_strbuf_finish(&b);
}

/* ---- float ------------------------------------------------------------------------------- */

/* Drops trailing zeros of the fraction in a %e or %f text (and the point if bare). */
static void strip_zeros(char *t)
{
    char *dot = strchr(t, '.');
    if (!dot)
        return;
    char *exp = strpbrk(t, "eE");
    char *end = exp ? exp : t + strlen(t);
    char *q = end;
    while (q > dot + 1 && q[-1] == '0')
        q--;
    if (q == dot + 1)
        q = dot;
    memmove(q, end, strlen(end) + 1);
}

/*
 * The text of |x| (finite) for `type` (e E f F g G, or 'r' for repr) at `prec`, as
 * CPython's PyOS_double_to_string: `add_dot_0` is the presentation without a type, which
 * switches to exponent notation one digit earlier than 'g' and keeps a ".0". malloc'd.
 */
static char *float_text(double x, char type, int prec, bool alt, bool add_dot_0)
{
    char *t = NULL;
    if (type == 'r') {
        t = malloc(32);
        if (t)
            w_float_format_repr(x, t);
        return t;
    }
    if (type == 'g' || type == 'G') {
        int p = prec == 0 ? 1 : prec;
        if (!add_dot_0) {
            char fmtb[8];
            snprintf(fmtb, sizeof fmtb, "%%%s.*%c", alt ? "#" : "", type);
            if (asprintf(&t, fmtb, p, x) < 0)
                return NULL;
            return t;
        }
        /* the decimal exponent after rounding to p digits */
        char *probe = NULL;
        if (asprintf(&probe, "%.*e", p - 1, x) < 0)
            return NULL;
        int exp = atoi(strchr(probe, 'e') + 1);
        free(probe);
        bool use_exp = exp < -4 || exp >= p - 1;
        int k = use_exp ? asprintf(&t, alt ? "%#.*e" : "%.*e", p - 1, x)
                        : asprintf(&t, alt ? "%#.*f" : "%.*f", p - 1 - exp, x);
        if (k < 0)
            return NULL;
        if (!alt)
            strip_zeros(t);
        if (!use_exp && !strchr(t, '.')) {
            char *u = NULL;
            if (asprintf(&u, "%s.0", t) < 0)
                u = NULL;
            free(t);
            t = u;
        }
        if (t && type == 'G')
            for (char *q = t; *q; q++)
                if (*q == 'e')
                    *q = 'E';
        return t;
    }
    char fmtb[8];
    snprintf(fmtb, sizeof fmtb, "%%%s.*%c", alt ? "#" : "", type);
    if (asprintf(&t, fmtb, prec, x) < 0)
        return NULL;
    return t;
}

/* Formats the double `x` by a parsed spec (float's, or int's for e f g %). */
static w_object *format_double(double x, fspec *f)
{
    uint32_t type = f->type;
    bool add_dot_0 = false, pct = false;
    int default_prec = 6;
    if (f->prec > INT_MAX)
        return w_raise_fmt(w_exc_ValueError, "precision too big");
    if (type == 0) {
        add_dot_0 = true;
        type = 'r';
        default_prec = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        x *= 100;
        pct = true;
    }
    int prec = (int)f->prec;
    if (prec < 0)
        prec = default_prec;
    else if (type == 'r')
        type = 'g';
    bool negative = signbit(x) && !isnan(x);
    char *t;
    if (!isfinite(x)) {
        bool upper = type == 'E' || type == 'F' || type == 'G';
        t = strdup(isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    } else {
        t = float_text(fabs(x), (char)type, prec, f->alt, add_dot_0);
    }
    if (!t)
        return w_raise(w_exc_MemoryError, NULL);
    if (negative && f->no_neg_0 && !strpbrk(t, "123456789"))
        negative = false;
    size_t nd = strspn(t, "0123456789");
    w_strbuf rest;
    w_strbuf_init(&rest);
    w_strbuf_addc(&rest, t + nd);
    if (pct)
        w_strbuf_add_byte(&rest, '%');
    w_strbuf out;
    w_strbuf_init(&out);
    add_number(&out, f, sign_text(f, negative), "", t, nd, rest.data ? rest.data : "",
               rest.len, (int64_t)rest.len);
    free(t);
    w_strbuf_free(&rest);
    return w_strbuf_finish(&out);
}

static w_object *format_float(w_object *v, w_object *spec)
{
    fspec f;
    if (parse(spec, '>', 0, "float", &f) < 0)
        return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        break;
    default:
        return unknown_code(&f, "float"), NULL;
    }
    return format_double(((w_float *)v)->value, &f);
}

/* ---- int --------------------------------------------------------------------------------- */

static w_object *format_int(w_object *v, w_object *spec)
{
    fspec f;
    if (parse(spec, '>', 'd', W_TYPE(v)->name, &f) < 0)
        return NULL;
    int base = 10;
    switch (f.type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double x = w_int_as_double(v);
        if (x == -1.0 && w_err_occurred())
            return NULL;
        return format_double(x, &f);
    }
    case 'b': base = 2; break;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'd': case 'n': case 'c': break;
    default:
        return unknown_code(&f, W_TYPE(v)->name), NULL;
    }
    if (f.prec != -1)
        return w_raise_fmt(w_exc_ValueError, "Precision not allowed in integer format specifier");
    if (f.no_neg_0)
        return w_raise_fmt(w_exc_ValueError,
                           "Negative zero coercion (z) not allowed in integer format specifier");
    w_strbuf out;
    if (f.type == 'c') {
        if (f.sign)
            return w_raise_fmt(w_exc_ValueError,
                               "Sign not allowed with integer format specifier 'c'");
        if (f.alt)
            return w_raise_fmt(w_exc_ValueError,
                               "Alternate form (#) not allowed with integer format specifier 'c'");
        int64_t c;
        if (w_int_as_i64(v, &c) < 0) {
            w_err_clear();
            return w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C long");
        }
        if (c < 0 || c > 0x10FFFF)
            return w_raise_fmt(w_exc_OverflowError, "%%c arg not in range(0x110000)");
        char enc[4];
        int k = w_utf8_encode((uint32_t)c, enc);
        w_strbuf_init(&out);
        add_number(&out, &f, "", "", "", 0, enc, (size_t)k, 1);
        return w_strbuf_finish(&out);
    }
    w_object *text = w_int_format(v, base);
    if (!text)
        return NULL;
    /* w_int_format writes "-0x1f": the sign and prefix come off */
    const char *d = w_str_utf8(text);
    bool negative = *d == '-';
    if (negative)
        d++;
    if (base != 10)
        d += 2;
    char *digits = strdup(d);
    if (!digits)
        return w_raise(w_exc_MemoryError, NULL);
    if (f.type == 'X')
        for (char *q = digits; *q; q++)
            if (*q >= 'a' && *q <= 'f')
                *q = (char)(*q - 'a' + 'A');
    const char *prefix = !f.alt      ? ""
                         : base == 2  ? "0b"
                         : base == 8  ? "0o"
                         : base == 16 ? (f.type == 'X' ? "0X" : "0x")
                                      : "";
    w_strbuf_init(&out);
    add_number(&out, &f, sign_text(&f, negative), prefix, digits, strlen(digits), "", 0, 0);
    free(digits);
    return w_strbuf_finish(&out);
}

/* ---- format() -------------------------------------------------------------------------- */

w_object *w_format(w_object *value, w_object *spec)
{
    GC_ENTER();
    GC_ROOT(value);
    GC_ROOT(spec);
    w_type *t = W_TYPE(value);
    w_object *meth = w_type_lookup_cstr(t, "__format__");
    if (meth) {
        w_object *r = space_call_method(value, "__format__", &spec, 1);
        if (r && !W_STR_CHECK(r))
            r = w_raise_fmt(w_exc_TypeError, "__format__ must return a str, not %s",
                            W_TYPE(r)->name);
        GC_RETURN(r);
    }
    bool empty = w_str_nbytes(spec) == 0;
    if (W_STR_CHECK(value))
        GC_RETURN(empty ? space_str(value) : format_str(value, spec));
    if (W_INT_CHECK(value))
        GC_RETURN(empty ? space_str(value) : format_int(value, spec));
    if (W_FLOAT_CHECK(value))
        GC_RETURN(empty ? space_str(value) : format_float(value, spec));
    if (!empty)
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "unsupported format string passed to %s.__format__",
                              t->name));
    GC_RETURN(space_str(value));
}

/* float_repr.c — float as text: repr (shortest round-trip digits), float(str), hex() and fromhex(). */
#define _GNU_SOURCE /* strtod_l, newlocale: parsing must not depend on the host's locale */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

static double c_strtod(const char *s)
{
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return strtod_l(s, NULL, c_locale);
}

/* ---- repr ------------------------------------------------------------------------------- */

/* A decimal d[0].d[1]…d[nd-1] × 10^exp10 with d[0] != '0'. */
typedef struct decimal {
    char d[24];
    int nd;
    int exp10;
} decimal;

static bool reads_back(const decimal *c, double v)
{
    char buf[48];
    int n = 0;
    buf[n++] = c->d[0];
    buf[n++] = '.';
    memcpy(buf + n, c->d + 1, (size_t)c->nd - 1);
    n += c->nd - 1;
    snprintf(buf + n, sizeof buf - (size_t)n, "e%d", c->exp10);
    return c_strtod(buf) == v;
}

/* The prec-digit decimal nearest to v > 0 (printf rounds exactly). Only the digits and
   the exponent of printf's output are read, so its decimal point may be anything. */
static void nearest_decimal(double v, int prec, decimal *c)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
    const char *p = tmp;
    c->nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            c->d[c->nd++] = *p;
    c->exp10 = atoi(p + 1);
}

/* The next decimal with as many digits above (dir > 0) or below c. */
static void neighbour(const decimal *c, int dir, decimal *out)
{
    *out = *c;
    int i = out->nd - 1;
    if (dir > 0) {
        while (i >= 0 && out->d[i] == '9')
            out->d[i--] = '0';
        if (i < 0) {
            out->d[0] = '1';
            out->exp10++;
        } else {
            out->d[i]++;
        }
    } else {
        while (out->d[i] == '0')
            out->d[i--] = '9';
        out->d[i]--;
        if (out->d[0] == '0') {
            memmove(out->d, out->d + 1, (size_t)out->nd - 1);
            out->d[out->nd - 1] = '9';
            out->exp10--;
        }
    }
}

/*
 * The shortest digits that read back as v > 0 and, among those, the nearest to v. The
 * nearest decimal of a given length is the answer if any is, except next to a power of
 * two, where the gap below v is half the gap above: there a neighbour may read back
 * when the nearest does not.
 */
static void shortest_decimal(double v, decimal *out)
{
    for (int prec = 1; prec <= 17; prec++) {
        nearest_decimal(v, prec, out);
        if (reads_back(out, v))
            break;
        decimal alt;
        neighbour(out, 1, &alt);
        if (reads_back(&alt, v)) {
            *out = alt;
            break;
        }
        neighbour(out, -1, &alt);
        if (reads_back(&alt, v)) {
            *out = alt;
            break;
        }
    }
    while (out->nd > 1 && out->d[out->nd - 1] == '0')
        out->nd--;
}

void w_float_format_repr(double v, char *buf)
{
    if (isnan(v)) {
        strcpy(buf, "nan");
        return;
    }
    if (isinf(v)) {
        strcpy(buf, v > 0 ? "inf" : "-inf");
        return;
    }
    if (v == 0) {
        strcpy(buf, signbit(v) ? "-0.0" : "0.0");
        return;
    }
    char *p = buf;
    if (v < 0) {
        *p++ = '-';
        v = -v;
    }
    decimal c;
    shortest_decimal(v, &c);
    int decpt = c.exp10 + 1; /* digits before the decimal point */
    if (c.exp10 < -4 || c.exp10 >= 16) {
        *p++ = c.d[0];
        if (c.nd > 1) {
            *p++ = '.';
            memcpy(p, c.d + 1, (size_t)c.nd - 1);
            p += c.nd - 1;
        }
        sprintf(p, "e%c%02d", c.exp10 < 0 ? '-' : '+', abs(c.exp10));
    } else if (decpt <= 0) {
        *p++ = '0';
        *p++ = '.';
        memset(p, '0', (size_t)-decpt);
        p += -decpt;
        memcpy(p, c.d, (size_t)c.nd);
        p[c.nd] = 0;
    } else if (decpt >= c.nd) {
        memcpy(p, c.d, (size_t)c.nd);
        p += c.nd;
        memset(p, '0', (size_t)(decpt - c.nd));
        p += decpt - c.nd;
        strcpy(p, ".0");
    } else {
        memcpy(p, c.d, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, c.d + decpt, (size_t)(c.nd - decpt));
        p[c.nd - decpt] = 0;
    }
}

static w_object *float_repr(w_object *o)
{
    char buf[32];
    w_float_format_repr(((w_float *)o)->value, buf);
    return w_str_from_utf8(buf, strlen(buf));
}

/* ---- parsing ------------------------------------------------------------------------------ */

static bool ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether s[i..end) is `word`, ignoring ASCII case. */
static bool equals_word(const char *s, size_t i, size_t end, const char *word)
{
    size_t n = strlen(word);
    if (end - i != n)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((s[i + k] | 0x20) != word[k])
            return false;
    return true;
}

/* Copies decimal digits with single underscores between them from s[*i..end) to buf;
   returns how many digits. Stops before anything else, including a misplaced '_'. */
static size_t copy_digits(const char *s, size_t *i, size_t end, char *buf, size_t *o)
{
    size_t count = 0;
    while (*i < end) {
        if (is_digit(s[*i])) {
            buf[(*o)++] = s[(*i)++];
            count++;
        } else if (s[*i] == '_' && count > 0 && *i + 1 < end && is_digit(s[*i + 1])) {
            (*i)++;
        } else {
            break;
        }
    }
    return count;
}

/* float() of ASCII text: whitespace, sign, inf/infinity/nan, or a decimal literal with
   PEP 515 underscores. Returns 0 or -1 if the text is not a float. */
static int parse_float_ascii(const char *s, size_t n, double *out)
{
    size_t i = 0, end = n;
    while (i < end && ascii_space(s[i]))
        i++;
    while (end > i && ascii_space(s[end - 1]))
        end--;
    bool neg = false;
    if (i < end && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    double v;
    if (equals_word(s, i, end, "inf") || equals_word(s, i, end, "infinity")) {
        v = INFINITY;
    } else if (equals_word(s, i, end, "nan")) {
        v = NAN;
    } else {
        char *buf = malloc(end - i + 2);
        if (!buf)
            abort();
        size_t o = 0, digits = copy_digits(s, &i, end, buf, &o);
        if (i < end && s[i] == '.') {
            buf[o++] = s[i++];
            digits += copy_digits(s, &i, end, buf, &o);
        }
        bool ok = digits > 0;
        if (ok && i < end && (s[i] == 'e' || s[i] == 'E')) {
            buf[o++] = s[i++];
            if (i < end && (s[i] == '+' || s[i] == '-'))
                buf[o++] = s[i++];
            ok = copy_digits(s, &i, end, buf, &o) > 0;
        }
        buf[o] = 0;
        ok = ok && i == end;
        v = ok ? c_strtod(buf) : 0;
        free(buf);
        if (!ok)
            return -1;
    }
    *out = neg ? -v : v;
    return 0;
}

/* ValueError "could not convert string to float: <repr of o>". */
static void *float_literal_error(w_object *o)
{
    w_object *r = space_repr(o);
    if (!r)
        return NULL;
    char *text = strdup(w_str_utf8(r));
    if (!text)
        abort();
    w_raise_fmt(w_exc_ValueError, "could not convert string to float: %s", text);
    free(text);
    return NULL;
}

w_object *w_float_from_textobj(w_object *o)
{
    size_t n;
    char *buf;
    if (W_STR_CHECK(o)) {
        buf = w_number_ascii_text(w_str_utf8(o), (size_t)w_str_nbytes(o), &n);
    } else {
        n = (size_t)w_bytes_size(o);
        buf = malloc(n + 1);
        if (!buf)
            abort();
        memcpy(buf, w_bytes_data(o), n);
        buf[n] = 0;
    }
    double v;
    int rc = parse_float_ascii(buf, n, &v);
    free(buf);
    return rc < 0 ? float_literal_error(o) : w_float_new(v);
}

w_object *w_float_from_text(const char *s, size_t len)
{
    size_t n;
    char *buf = w_number_ascii_text(s, len, &n);
    double v;
    int rc = parse_float_ascii(buf, n, &v);
    free(buf);
    if (rc == 0)
        return w_float_new(v);
    char *copy = strndup(s, len); /* s may point into an object that the next line moves */
    if (!copy)
        abort();
    w_object *str = w_str_from_utf8(copy, len);
    free(copy);
    return str ? float_literal_error(str) : NULL;
}

/* ---- hex() and fromhex() -------------------------------------------------------------------- */

static w_object *float_hex(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("float.hex", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double v = ((w_float *)self)->value;
    char buf[40];
    if (isnan(v) || isinf(v) || v == 0) {
        w_float_format_repr(v, buf);
        if (v == 0)
            strcpy(buf, signbit(v) ? "-0x0.0p+0" : "0x0.0p+0");
    } else {
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        int biased = (int)((bits >> 52) & 0x7ff);
        unsigned long long fraction = bits & ((UINT64_C(1) << 52) - 1);
        snprintf(buf, sizeof buf, "%s0x%d.%013llxp%+d", v < 0 ? "-" : "", biased != 0, fraction,
                 biased ? biased - 1023 : -1022);
    }
    return w_str_from_utf8(buf, strlen(buf));
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses float.fromhex() text. 0 with *out set; -1 invalid; -2 too large. */
static int parse_hex_float(const char *s, size_t n, double *out)
{
    size_t i = 0, end = n;
    while (i < end && ascii_space(s[i]))
        i++;
    while (end > i && ascii_space(s[end - 1]))
        end--;
    bool neg = false;
    if (i < end && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (equals_word(s, i, end, "inf") || equals_word(s, i, end, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return 0;
    }
    if (equals_word(s, i, end, "nan")) {
        *out = NAN;
        return 0;
    }
    if (i + 1 < end && s[i] == '0' && (s[i + 1] | 0x20) == 'x')
        i += 2;
    char *digits = malloc(end - i + 1);
    if (!digits)
        abort();
    size_t nd = 0, nfrac = 0;
    while (i < end && hex_value(s[i]) >= 0)
        digits[nd++] = s[i++];
    if (i < end && s[i] == '.') {
        i++;
        while (i < end && hex_value(s[i]) >= 0) {
            digits[nd++] = s[i++];
            nfrac++;
        }
    }
    digits[nd] = 0;
    int64_t exp = 0;
    bool ok = nd > 0;
    if (ok && i < end && (s[i] | 0x20) == 'p') {
        i++;
        bool eneg = false;
        if (i < end && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        ok = i < end && is_digit(s[i]);
        for (; i < end && is_digit(s[i]); i++)
            if (exp < (INT64_C(1) << 50)) /* far past any double; saturate */
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    if (!ok || i != end) {
        free(digits);
        return -1;
    }
    mpz_t m;
    mpz_init_set_str(m, digits, 16);
    free(digits);
    int64_t e2 = exp - 4 * (int64_t)nfrac; /* value = m · 2^e2 */
    int rc = 0;
    double v = 0;
    int64_t top = mpz_sgn(m) ? (int64_t)mpz_sizeinbase(m, 2) + e2 : 0;
    if (mpz_sgn(m) == 0 || top < -1100) {
        v = 0;
    } else if (top > 1025) {
        rc = -2;
    } else if (e2 >= 0) {
        mpz_mul_2exp(m, m, (mp_bitcnt_t)e2);
        rc = w_int_ratio_to_double(m, NULL, &v) < 0 ? -2 : 0;
    } else {
        mpz_t den;
        mpz_init_set_ui(den, 1);
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e2);
        rc = w_int_ratio_to_double(m, den, &v) < 0 ? -2 : 0;
        mpz_clear(den);
    }
    mpz_clear(m);
    *out = neg ? -v : v;
    return rc;
}

/* float.fromhex(string), a classmethod. */
static w_object *float_fromhex(w_object *cls, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("fromhex", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!W_STR_CHECK(args[0]))
        return w_raise_fmt(w_exc_TypeError, "bad argument type for built-in operation");
    double v;
    int rc = parse_hex_float(w_str_utf8(args[0]), (size_t)w_str_nbytes(args[0]), &v);
    if (rc == -1)
        return w_raise_fmt(w_exc_ValueError, "invalid hexadecimal floating-point string");
    if (rc == -2)
        return w_raise_fmt(w_exc_OverflowError, "hexadecimal value too large to represent as a float");
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(cls);
    GC_ROOT(r);
    r = w_float_new(v);
    if (r && cls != (w_object *)w_float_type)
        r = space_call(cls, &r, 1, NULL);
    GC_RETURN(r);
}

int w_float_repr_init(void)
{
    w_float_type->repr = float_repr;
    if (w_type_add_method(w_float_type, "hex", float_hex) < 0 ||
        w_type_add_classmethod(w_float_type, "fromhex", float_fromhex) < 0)
        return -1;
    return 0;
}

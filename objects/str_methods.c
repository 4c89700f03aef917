/* str_methods.c — str's methods, the Unicode classes behind them, and helpers shared with bytes. */
#define _GNU_SOURCE /* memmem, memrchr */
#include <inttypes.h>
#include <stdlib.h>
#include <unicase.h>
#include <unictype.h>

#include "objects/objects.h"

/* ---- Unicode character classes ------------------------------------------------------
 * Each predicate is CPython's definition (Objects/unicodectype.c) expressed through
 * libunistring's tables, which carry the same Unicode version as CPython 3.11 (14.0). */

bool w_unicode_isspace(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    int bidi = uc_bidi_category(c);
    return bidi == UC_BIDI_WS || bidi == UC_BIDI_B || bidi == UC_BIDI_S ||
           uc_is_general_category(c, UC_CATEGORY_Zs);
}

/* Printable: not in Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs, except the space itself. */
bool w_unicode_isprintable(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c < 0x7F;
    static uc_general_category_t nonprint;
    static bool ready;
    if (!ready) {
        nonprint = uc_general_category_or(
            uc_general_category_or(UC_CATEGORY_C, UC_CATEGORY_Zl),
            uc_general_category_or(UC_CATEGORY_Zp, UC_CATEGORY_Zs));
        ready = true;
    }
    return !uc_is_general_category(c, nonprint);
}

int w_unicode_decimal_value(uint32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9' ? (int)(c - '0') : -1;
    return uc_decimal_value(c);
}

bool w_unicode_isdecimal(uint32_t c)
{
    return w_unicode_decimal_value(c) >= 0;
}

static bool u_isdigit(uint32_t c)
{
    return c < 0x80 ? (c >= '0' && c <= '9') : uc_digit_value(c) >= 0;
}

/*
 * CPython counts the CJK ideographs that Unihan gives a numeric value (kPrimaryNumeric,
 * kAccountingNumeric, kOtherNumeric) as numeric; libunistring's numeric data comes from
 * UnicodeData.txt alone and lacks them, so they are listed here (Unicode 14.0).
 */
static const uint32_t unihan_numeric[] = {
    0x3405, 0x3483, 0x382A, 0x3B4D, 0x4E00, 0x4E03, 0x4E07, 0x4E09, 0x4E5D, 0x4E8C, 0x4E94,
    0x4E96, 0x4EBF, 0x4EC0, 0x4EDF, 0x4EE8, 0x4F0D, 0x4F70, 0x5104, 0x5146, 0x5169, 0x516B,
    0x516D, 0x5341, 0x5343, 0x5344, 0x5345, 0x534C, 0x53C1, 0x53C2, 0x53C3, 0x53C4, 0x56DB,
    0x58F1, 0x58F9, 0x5E7A, 0x5EFE, 0x5EFF, 0x5F0C, 0x5F0D, 0x5F0E, 0x5F10, 0x62FE, 0x634C,
    0x67D2, 0x6F06, 0x7396, 0x767E, 0x8086, 0x842C, 0x8CAE, 0x8CB3, 0x8D30, 0x9621, 0x9646,
    0x964C, 0x9678, 0x96F6, 0x20001, 0x20064, 0x200E2, 0x20121, 0x2092A, 0x20983, 0x2098C,
    0x2099C, 0x20AEA, 0x20AFD, 0x20B19, 0x22390, 0x22998, 0x23B1B, 0x2626D};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static bool u_isnumeric(uint32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    if (uc_numeric_value(c).denominator != 0)
        return true;
    return bsearch(&c, unihan_numeric, sizeof unihan_numeric / sizeof unihan_numeric[0],
                   sizeof unihan_numeric[0], cmp_u32) != NULL;
}

static bool u_isalpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return uc_is_general_category(c, UC_CATEGORY_L);
}

/* Decimal and digit characters all have a numeric value, so isnumeric covers them. */
static bool u_isalnum(uint32_t c)
{
    return u_isalpha(c) || u_isnumeric(c);
}

static bool u_isupper(uint32_t c)
{
    return c < 0x80 ? (c >= 'A' && c <= 'Z') : uc_is_property_uppercase(c);
}

static bool u_islower(uint32_t c)
{
    return c < 0x80 ? (c >= 'a' && c <= 'z') : uc_is_property_lowercase(c);
}

static bool u_istitle(uint32_t c)
{
    return c >= 0x80 && uc_is_general_category(c, UC_CATEGORY_Lt);
}

static bool u_iscased(uint32_t c)
{
    return c < 0x80 ? u_isalpha(c) : uc_is_property_cased(c);
}

static bool u_iscase_ignorable(uint32_t c)
{
    return uc_is_property_case_ignorable(c);
}

/* ---- argument helpers shared with bytes ----------------------------------------------- */

static bool has_keywords(w_object *kwnames)
{
    return kwnames && W_TUPLE_SIZE(kwnames) > 0;
}

/* "str.find" -> "find": CPython's count messages use the bare name for some methods. */
static const char *bare_name(const char *qual)
{
    const char *dot = strchr(qual, '.');
    return dot ? dot + 1 : qual;
}

static int no_keywords(const char *qual, w_object *kwnames)
{
    if (!has_keywords(kwnames))
        return 0;
    w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", qual);
    return -1;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

int w_text_noargs(const char *qual, size_t nargs, w_object *kwnames)
{
    if (no_keywords(qual, kwnames) < 0)
        return -1;
    if (nargs == 0)
        return 0;
    w_raise_fmt(w_exc_TypeError, "%s() takes no arguments (%zu given)", qual, nargs);
    return -1;
}

int w_text_onearg(const char *qual, size_t nargs, w_object *kwnames)
{
    if (no_keywords(qual, kwnames) < 0)
        return -1;
    if (nargs == 1)
        return 0;
    w_raise_fmt(w_exc_TypeError, "%s() takes exactly one argument (%zu given)", qual, nargs);
    return -1;
}

int w_text_varargs(const char *qual, size_t nargs, w_object *kwnames, size_t min, size_t max)
{
    if (no_keywords(qual, kwnames) < 0)
        return -1;
    if (nargs < min) {
        w_raise_fmt(w_exc_TypeError, "%s() takes at least %zu argument%s (%zu given)",
                    bare_name(qual), min, plural(min), nargs);
        return -1;
    }
    if (nargs > max) {
        w_raise_fmt(w_exc_TypeError, "%s() takes at most %zu argument%s (%zu given)",
                    bare_name(qual), max, plural(max), nargs);
        return -1;
    }
    return 0;
}

int w_text_clinic(const char *qual, size_t nargs, w_object *kwnames, size_t min, size_t max)
{
    if (no_keywords(qual, kwnames) < 0)
        return -1;
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max)
        w_raise_fmt(w_exc_TypeError, "%s expected %zu argument%s, got %zu", bare_name(qual),
                    min, plural(min), nargs);
    else if (nargs < min)
        w_raise_fmt(w_exc_TypeError, "%s expected at least %zu argument%s, got %zu",
                    bare_name(qual), min, plural(min), nargs);
    else
        w_raise_fmt(w_exc_TypeError, "%s expected at most %zu argument%s, got %zu",
                    bare_name(qual), max, plural(max), nargs);
    return -1;
}

static bool has_index(w_object *o)
{
    return W_INT_CHECK(o) || (W_TYPE(o)->number && W_TYPE(o)->number->index);
}

/* The value of an int, saturated to int64 (CPython clamps slice indices likewise). */
static int64_t int_saturate(w_object *v)
{
    int64_t x;
    if (w_int_fits_i64(v) && w_int_as_i64(v, &x) == 0)
        return x;
    return w_int_sign(v) > 0 ? INT64_MAX : INT64_MIN;
}

int w_text_slice_index(w_object *o, int64_t *out)
{
    if (o == w_None)
        return 0;
    if (!has_index(o)) {
        w_raise_fmt(w_exc_TypeError,
                    "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    w_object *v = W_INT_CHECK(o) ? o : space_index(o);
    if (!v)
        return -1;
    *out = int_saturate(v);
    return 0;
}

void w_text_adjust_indices(int64_t *start, int64_t *end, int64_t len)
{
    if (*end > len)
        *end = len;
    else if (*end < 0 && (*end += len) < 0)
        *end = 0;
    if (*start < 0 && (*start += len) < 0)
        *start = 0;
}

int w_text_ssize_arg(w_object *o, int64_t *out)
{
    if (!has_index(o)) {
        w_raise_fmt(w_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                    W_TYPE(o)->name);
        return -1;
    }
    w_object *v = W_INT_CHECK(o) ? o : space_index(o);
    if (!v)
        return -1;
    if (!w_int_fits_i64(v)) {
        w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return w_int_as_i64(v, out);
}

int w_text_int_arg(w_object *o, int *out)
{
    int64_t v;
    if (!has_index(o)) {
        w_raise_fmt(w_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                    W_TYPE(o)->name);
        return -1;
    }
    w_object *x = W_INT_CHECK(o) ? o : space_index(o);
    if (!x)
        return -1;
    v = int_saturate(x);
    if (v < INT32_MIN || v > INT32_MAX) {
        w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *w_text_argtype_name(w_object *o)
{
    return o == w_None ? "None" : W_TYPE(o)->name;
}

/* ---- searching raw bytes ---------------------------------------------------------------- */

int64_t w_text_find(const char *h, int64_t hn, const char *n, int64_t nn)
{
    if (nn == 0)
        return 0;
    if (nn > hn)
        return -1;
    if (nn == 1) {
        const char *p = memchr(h, n[0], (size_t)hn);
        return p ? p - h : -1;
    }
    const char *p = memmem(h, (size_t)hn, n, (size_t)nn);
    return p ? p - h : -1;
}

int64_t w_text_rfind(const char *h, int64_t hn, const char *n, int64_t nn)
{
    if (nn > hn)
        return -1;
    if (nn == 1) {
        const char *p = memrchr(h, n[0], (size_t)hn);
        return p ? p - h : -1;
    }
    for (int64_t i = hn - nn; i >= 0; i--)
        if (h[i] == n[0] && memcmp(h + i, n, (size_t)nn) == 0)
            return i;
    return -1;
}

int64_t w_text_count(const char *h, int64_t hn, const char *n, int64_t nn, int64_t max)
{
    int64_t count = 0, i = 0;
    while (max < 0 || count < max) {
        int64_t off = w_text_find(h + i, hn - i, n, nn);
        if (off < 0)
            break;
        count++;
        i += off + nn;
    }
    return count;
}

/* ---- splitting into byte ranges (shared with bytes) --------------------------------------
 * The splitting methods first collect the byte ranges of their pieces, left to right, and
 * only then allocate the pieces: the scan never holds a pointer across an allocation. In
 * `utf8` mode whitespace and line breaks are Unicode's; otherwise ASCII's, as for bytes. */

void w_ranges_add(w_ranges *r, int64_t a, int64_t b)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v)
            abort();
    }
    r->v[r->n].a = a;
    r->v[r->n].b = b;
    r->n++;
}

void w_ranges_free(w_ranges *r)
{
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

static void ranges_reverse(w_ranges *r)
{
    for (size_t i = 0, j = r->n ? r->n - 1 : 0; i < j; i++, j--) {
        w_text_range t = r->v[i];
        r->v[i] = r->v[j];
        r->v[j] = t;
    }
}

static bool ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

/* Length of the whitespace character at d[i], or 0 if it is not whitespace. */
static int space_at(const char *d, int64_t i, bool utf8)
{
    unsigned char c = (unsigned char)d[i];
    if (c < 0x80 || !utf8)
        return utf8 ? (w_unicode_isspace(c) ? 1 : 0) : (ascii_space(c) ? 1 : 0);
    const char *p = d + i;
    uint32_t cp = w_utf8_next(&p);
    return w_unicode_isspace(cp) ? (int)(p - (d + i)) : 0;
}

/* The start of the character that ends just before d[i] (i > 0). */
static int64_t char_before(const char *d, int64_t i, bool utf8)
{
    i--;
    if (utf8)
        while (i > 0 && ((unsigned char)d[i] & 0xC0) == 0x80)
            i--;
    return i;
}

static int64_t char_after(const char *d, int64_t i, bool utf8)
{
    if (!utf8)
        return i + 1;
    i++;
    while (((unsigned char)d[i] & 0xC0) == 0x80)
        i++;
    return i;
}

void w_text_split_ranges(w_ranges *out, const char *d, int64_t n, const char *sep,
                         int64_t sepn, int64_t maxsplit, bool utf8)
{
    if (sep) {
        int64_t i = 0;
        while (maxsplit != 0) {
            int64_t off = w_text_find(d + i, n - i, sep, sepn);
            if (off < 0)
                break;
            w_ranges_add(out, i, i + off);
            i += off + sepn;
            maxsplit--;
        }
        w_ranges_add(out, i, n);
        return;
    }
    int64_t i = 0;
    for (;;) {
        int k;
        while (i < n && (k = space_at(d, i, utf8)) > 0)
            i += k;
        if (i == n)
            return;
        if (maxsplit == 0) {
            w_ranges_add(out, i, n);
            return;
        }
        int64_t j = i;
        while (j < n && space_at(d, j, utf8) == 0)
            j = char_after(d, j, utf8);
        w_ranges_add(out, i, j);
        maxsplit--;
        i = j;
    }
}

void w_text_rsplit_ranges(w_ranges *out, const char *d, int64_t n, const char *sep,
                          int64_t sepn, int64_t maxsplit, bool utf8)
{
    if (sep) {
        int64_t j = n;
        while (maxsplit != 0) {
            int64_t off = w_text_rfind(d, j, sep, sepn);
            if (off < 0)
                break;
            w_ranges_add(out, off + sepn, j);
            j = off;
            maxsplit--;
        }
        w_ranges_add(out, 0, j);
        ranges_reverse(out);
        return;
    }
    int64_t j = n;
    for (;;) {
        int64_t p;
        while (j > 0 && space_at(d, p = char_before(d, j, utf8), utf8) > 0)
            j = p;
        if (j == 0)
            break;
        if (maxsplit == 0) {
            w_ranges_add(out, 0, j);
            break;
        }
        int64_t i = j;
        while (i > 0 && space_at(d, p = char_before(d, i, utf8), utf8) == 0)
            i = p;
        w_ranges_add(out, i, j);
        maxsplit--;
        j = i;
    }
    ranges_reverse(out);
}

/* Length of the line break at d[i] (\r\n counts as one), or 0. */
static int linebreak_at(const char *d, int64_t i, int64_t n, bool utf8)
{
    unsigned char c = (unsigned char)d[i];
    if (c == '\r')
        return i + 1 < n && d[i + 1] == '\n' ? 2 : 1;
    if (c == '\n')
        return 1;
    if (!utf8)
        return 0;
    if (c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E))
        return 1;
    if (c == 0xC2 && (unsigned char)d[i + 1] == 0x85)
        return 2;
    if (c == 0xE2 && (unsigned char)d[i + 1] == 0x80 &&
        ((unsigned char)d[i + 2] == 0xA8 || (unsigned char)d[i + 2] == 0xA9))
        return 3;
    return 0;
}

void w_text_splitlines_ranges(w_ranges *out, const char *d, int64_t n, bool keepends,
                              bool utf8)
{
    int64_t i = 0;
    while (i < n) {
        int64_t j = i;
        int k = 0;
        while (j < n && (k = linebreak_at(d, j, n, utf8)) == 0)
            j++;
        int64_t eol = j;
        if (j < n) {
            j += k;
            if (keepends)
                eol = j;
        }
        w_ranges_add(out, i, eol);
        i = j;
    }
}

/* ---- str pieces ----------------------------------------------------------------------- */

static int64_t count_cp(const char *d, int64_t n)
{
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++)
        c += ((unsigned char)d[i] & 0xC0) != 0x80;
    return c;
}

/* The bytes [a, b) of s as a str (s itself if that is all of an exact str). */
static w_object *substr(w_object *s, int64_t a, int64_t b)
{
    if (a == 0 && b == w_str_nbytes(s) && W_TYPE(s) == w_str_type)
        return s;
    if (b - a == 1)
        return w_str_from_codepoint((unsigned char)w_str_utf8(s)[a]);
    int64_t len = ((w_str *)s)->ascii ? b - a : count_cp(w_str_utf8(s) + a, b - a);
    GC_ENTER();
    GC_ROOT(s);
    w_str *r = w_str_alloc(b - a, len);
    if (r)
        memcpy(r->data, w_str_utf8(s) + a, (size_t)(b - a));
    GC_RETURN((w_object *)r);
}

/* A list of the pieces of s named by `r`; frees `r`. */
static w_object *str_list_from_ranges(w_object *s, w_ranges *r)
{
    GC_ENTER();
    w_object *list = NULL, *piece = NULL;
    GC_ROOT(s);
    GC_ROOT(list);
    GC_ROOT(piece);
    list = w_list_new((int64_t)r->n);
    for (size_t k = 0; list && k < r->n; k++) {
        piece = substr(s, r->v[k].a, r->v[k].b);
        if (!piece || w_list_append(list, piece) < 0)
            list = NULL;
    }
    w_ranges_free(r);
    GC_RETURN(list);
}

static w_object *must_be_str(w_object *o, const char *what)
{
    return w_raise_fmt(w_exc_TypeError, "must be %s, not %s", what, W_TYPE(o)->name);
}

/* ---- find, index, count, startswith, endswith -------------------------------------------- */

/* (sub[, start[, end]]) as find() and its relatives take them; indices adjusted to `len`. */
static int find_args(const char *qual, w_object **args, size_t nargs, w_object *kwnames,
                     int64_t len, int64_t *start, int64_t *end)
{
    if (w_text_varargs(qual, nargs, kwnames, 1, 3) < 0)
        return -1;
    *start = 0;
    *end = INT64_MAX;
    if (nargs > 1 && w_text_slice_index(args[1], start) < 0)
        return -1;
    if (nargs > 2 && w_text_slice_index(args[2], end) < 0)
        return -1;
    w_text_adjust_indices(start, end, len);
    return 0;
}

/* The code point index of sub in self[start:end] (adjusted indices), or -1. */
static int64_t str_find_in(w_object *self, w_object *sub, int64_t start, int64_t end,
                           bool reverse)
{
    int64_t sublen = w_str_length(sub);
    if (end - start < sublen)
        return -1;
    if (sublen == 0)
        return reverse ? end : start;
    int64_t a = w_str_offset(self, start), b = w_str_offset(self, end);
    const char *d = w_str_utf8(self) + a;
    int64_t off = reverse ? w_text_rfind(d, b - a, w_str_utf8(sub), w_str_nbytes(sub))
                          : w_text_find(d, b - a, w_str_utf8(sub), w_str_nbytes(sub));
    if (off < 0)
        return -1;
    return start + (((w_str *)self)->ascii ? off : count_cp(d, off));
}

static w_object *find_common(const char *qual, w_object *self, w_object **args, size_t nargs,
                             w_object *kwnames, bool reverse, bool raise)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t start, end;
    if (find_args(qual, args, nargs, kwnames, w_str_length(self), &start, &end) < 0)
        GC_RETURN(NULL);
    if (!W_STR_CHECK(args[0]))
        GC_RETURN(must_be_str(args[0], "str"));
    int64_t r = str_find_in(self, args[0], start, end, reverse);
    if (r < 0 && raise)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "substring not found"));
    GC_RETURN(w_int_from_i64(r));
}

static w_object *str_find(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("str.find", self, args, nargs, kw, false, false);
}

static w_object *str_rfind(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("str.rfind", self, args, nargs, kw, true, false);
}

static w_object *str_index(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("str.index", self, args, nargs, kw, false, true);
}

static w_object *str_rindex(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return find_common("str.rindex", self, args, nargs, kw, true, true);
}

static w_object *str_count(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t start, end;
    if (find_args("str.count", args, nargs, kwnames, w_str_length(self), &start, &end) < 0)
        GC_RETURN(NULL);
    w_object *sub = args[0];
    if (!W_STR_CHECK(sub))
        GC_RETURN(must_be_str(sub, "str"));
    int64_t n;
    if (end - start < w_str_length(sub)) {
        n = 0;
    } else if (w_str_length(sub) == 0) {
        n = end - start + 1;
    } else {
        int64_t a = w_str_offset(self, start), b = w_str_offset(self, end);
        n = w_text_count(w_str_utf8(self) + a, b - a, w_str_utf8(sub), w_str_nbytes(sub), -1);
    }
    GC_RETURN(w_int_from_i64(n));
}

/* Whether sub matches self[start:end] at its start (or end), CPython's tailmatch. */
static bool str_tailmatch(w_object *self, w_object *sub, int64_t start, int64_t end,
                          bool at_end)
{
    int64_t sublen = w_str_length(sub);
    w_text_adjust_indices(&start, &end, w_str_length(self));
    end -= sublen;
    if (end < start)
        return false;
    if (sublen == 0)
        return true;
    int64_t off = w_str_offset(self, at_end ? end : start);
    int64_t n = w_str_nbytes(sub);
    return off + n <= w_str_nbytes(self) &&
           memcmp(w_str_utf8(self) + off, w_str_utf8(sub), (size_t)n) == 0;
}

static w_object *startsend(const char *qual, w_object *self, w_object **args, size_t nargs,
                           w_object *kwnames, bool at_end)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_text_varargs(qual, nargs, kwnames, 1, 3) < 0)
        GC_RETURN(NULL);
    int64_t start = 0, end = INT64_MAX;
    if ((nargs > 1 && w_text_slice_index(args[1], &start) < 0) ||
        (nargs > 2 && w_text_slice_index(args[2], &end) < 0))
        GC_RETURN(NULL);
    const char *name = bare_name(qual);
    w_object *x = args[0];
    if (W_TUPLE_CHECK(x)) {
        for (int64_t k = 0; k < W_TUPLE_SIZE(x); k++) {
            w_object *sub = W_TUPLE_ITEMS(x)[k];
            if (!W_STR_CHECK(sub))
                GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                      "tuple for %s must only contain str, not %s", name,
                                      W_TYPE(sub)->name));
            if (str_tailmatch(self, sub, start, end, at_end))
                GC_RETURN(w_True);
        }
        GC_RETURN(w_False);
    }
    if (!W_STR_CHECK(x))
        GC_RETURN(w_raise_fmt(w_exc_TypeError,
                              "%s first arg must be str or a tuple of str, not %s", name,
                              W_TYPE(x)->name));
    GC_RETURN(W_BOOL(str_tailmatch(self, x, start, end, at_end)));
}

static w_object *str_startswith(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return startsend("str.startswith", self, args, nargs, kw, false);
}

static w_object *str_endswith(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return startsend("str.endswith", self, args, nargs, kw, true);
}

/* ---- split, rsplit, splitlines, partition ------------------------------------------------- */

static w_object *split_common(const char *fname, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, bool reverse)
{
    static const char *const names[] = {"sep", "maxsplit"};
    w_argspec spec = {fname, names, 2, 2, 0, 0};
    GC_ENTER();
    w_object *a[2] = {NULL, NULL};
    GC_ROOT(self);
    GC_ROOT_ARRAY(a, 2);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    int64_t maxsplit = -1;
    if (a[1] && w_text_ssize_arg(a[1], &maxsplit) < 0)
        GC_RETURN(NULL);
    w_object *sep = a[0] == w_None ? NULL : a[0];
    if (sep && !W_STR_CHECK(sep))
        GC_RETURN(must_be_str(sep, "str or None"));
    if (sep && w_str_nbytes(sep) == 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "empty separator"));
    w_ranges r = {0};
    (reverse ? w_text_rsplit_ranges : w_text_split_ranges)(
        &r, w_str_utf8(self), w_str_nbytes(self), sep ? w_str_utf8(sep) : NULL,
        sep ? w_str_nbytes(sep) : 0, maxsplit, true);
    GC_RETURN(str_list_from_ranges(self, &r));
}

static w_object *str_split(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return split_common("split", self, args, nargs, kw, false);
}

static w_object *str_rsplit(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return split_common("rsplit", self, args, nargs, kw, true);
}

/* One optional int argument that may be given by keyword (splitlines' keepends,
   expandtabs' tabsize), read as an int as CPython's clinic does; `dflt` if absent. */
int w_text_int_kwarg(const char *fname, const char *name, int dflt, w_object **args,
                     size_t nargs, w_object *kwnames, int *out)
{
    const char *const names[] = {name};
    w_argspec spec = {fname, names, 1, 1, 0, 0};
    w_object *a[1] = {NULL};
    *out = dflt;
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return -1;
    return a[0] ? w_text_int_arg(a[0], out) : 0;
}

static w_object *str_splitlines(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    GC_ENTER();
    GC_ROOT(self);
    int keepends;
    if (w_text_int_kwarg("splitlines", "keepends", 0, args, nargs, kw, &keepends) < 0)
        GC_RETURN(NULL);
    w_ranges r = {0};
    w_text_splitlines_ranges(&r, w_str_utf8(self), w_str_nbytes(self), keepends, true);
    GC_RETURN(str_list_from_ranges(self, &r));
}

static w_object *partition_common(const char *qual, w_object *self, w_object **args,
                                  size_t nargs, w_object *kwnames, bool reverse)
{
    GC_ENTER();
    w_object *sep = NULL, *head = NULL, *tail = NULL, *empty = NULL;
    GC_ROOT(self);
    GC_ROOT(sep);
    GC_ROOT(head);
    GC_ROOT(tail);
    GC_ROOT(empty);
    if (w_text_onearg(qual, nargs, kwnames) < 0)
        GC_RETURN(NULL);
    sep = args[0];
    if (!W_STR_CHECK(sep))
        GC_RETURN(must_be_str(sep, "str"));
    if (w_str_nbytes(sep) == 0)
        GC_RETURN(w_raise_fmt(w_exc_ValueError, "empty separator"));
    int64_t n = w_str_nbytes(self), sn = w_str_nbytes(sep);
    int64_t off = reverse ? w_text_rfind(w_str_utf8(self), n, w_str_utf8(sep), sn)
                          : w_text_find(w_str_utf8(self), n, w_str_utf8(sep), sn);
    empty = w_str_from_utf8("", 0);
    if (!empty)
        GC_RETURN(NULL);
    if (off < 0)
        GC_RETURN(reverse ? w_tuple_pack(3, empty, empty, self)
                          : w_tuple_pack(3, self, empty, empty));
    if (!(head = substr(self, 0, off)) || !(tail = substr(self, off + sn, n)))
        GC_RETURN(NULL);
    GC_RETURN(w_tuple_pack(3, head, sep, tail));
}

static w_object *str_partition(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return partition_common("str.partition", self, args, nargs, kw, false);
}

static w_object *str_rpartition(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return partition_common("str.rpartition", self, args, nargs, kw, true);
}

/* ---- join, replace ------------------------------------------------------------------------- */

/* The items of an iterable as a tuple, with join()'s error for a non-iterable. */
w_object *w_text_join_items(w_object *iterable)
{
    if (W_TUPLE_CHECK(iterable))
        return iterable;
    w_object *it = space_iter(iterable);
    if (!it) {
        if (w_err_matches(w_exc_TypeError)) {
            w_err_clear();
            w_raise_fmt(w_exc_TypeError, "can only join an iterable");
        }
        return NULL;
    }
    return w_tuple_from_iterable(it);
}

static w_object *str_join(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    w_object *seq = NULL;
    GC_ROOT(self);
    GC_ROOT(seq);
    if (w_text_onearg("str.join", nargs, kwnames) < 0)
        GC_RETURN(NULL);
    seq = w_text_join_items(args[0]);
    if (!seq)
        GC_RETURN(NULL);
    int64_t n = W_TUPLE_SIZE(seq);
    if (n == 0)
        GC_RETURN(w_str_from_utf8("", 0));
    if (n == 1 && W_TYPE(W_TUPLE_ITEMS(seq)[0]) == w_str_type)
        GC_RETURN(W_TUPLE_ITEMS(seq)[0]);
    int64_t nbytes = 0, len = 0;
    for (int64_t k = 0; k < n; k++) {
        w_object *item = W_TUPLE_ITEMS(seq)[k];
        if (!W_STR_CHECK(item))
            GC_RETURN(w_raise_fmt(w_exc_TypeError,
                                  "sequence item %" PRId64 ": expected str instance, %s found",
                                  k, W_TYPE(item)->name));
        nbytes += w_str_nbytes(item);
        len += w_str_length(item);
    }
    nbytes += (n - 1) * w_str_nbytes(self);
    len += (n - 1) * w_str_length(self);
    w_str *r = w_str_alloc(nbytes, len);
    if (!r)
        GC_RETURN(NULL);
    char *o = r->data;
    for (int64_t k = 0; k < n; k++) {
        if (k) {
            memcpy(o, w_str_utf8(self), (size_t)w_str_nbytes(self));
            o += w_str_nbytes(self);
        }
        w_object *item = W_TUPLE_ITEMS(seq)[k];
        memcpy(o, w_str_utf8(item), (size_t)w_str_nbytes(item));
        o += w_str_nbytes(item);
    }
    GC_RETURN((w_object *)r);
}

/* replace() over raw text: with an empty `old`, `new` goes before each character (as
   `utf8` defines characters) and at the end, up to `count` times (negative: no limit). */
void w_text_replace(w_strbuf *out, const char *d, int64_t n, const char *old, int64_t on,
                    const char *new, int64_t nn, int64_t count, bool utf8)
{
    if (on == 0) {
        int64_t i = 0;
        while (count != 0) {
            w_strbuf_add(out, new, (size_t)nn);
            count--;
            if (i == n)
                break;
            int64_t j = char_after(d, i, utf8);
            w_strbuf_add(out, d + i, (size_t)(j - i));
            i = j;
        }
        w_strbuf_add(out, d + i, (size_t)(n - i));
        return;
    }
    int64_t i = 0;
    while (count != 0) {
        int64_t off = w_text_find(d + i, n - i, old, on);
        if (off < 0)
            break;
        w_strbuf_add(out, d + i, (size_t)off);
        w_strbuf_add(out, new, (size_t)nn);
        i += off + on;
        count--;
    }
    w_strbuf_add(out, d + i, (size_t)(n - i));
}

static w_object *str_replace(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    if (w_text_clinic("str.replace", nargs, kwnames, 2, 3) < 0)
        GC_RETURN(NULL);
    for (int k = 0; k < 2; k++)
        if (!W_STR_CHECK(args[k]))
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "replace() argument %d must be str, not %s",
                                  k + 1, w_text_argtype_name(args[k])));
    int64_t count = -1;
    if (nargs > 2 && w_text_ssize_arg(args[2], &count) < 0)
        GC_RETURN(NULL);
    w_strbuf b;
    w_strbuf_init(&b);
    w_text_replace(&b, w_str_utf8(self), w_str_nbytes(self), w_str_utf8(args[0]),
                   w_str_nbytes(args[0]), w_str_utf8(args[1]), w_str_nbytes(args[1]), count,
                   true);
    GC_RETURN(w_strbuf_finish(&b));
}

/* ---- strip, padding, tabs, prefixes -------------------------------------------------------- */

enum { STRIP_LEFT = 1, STRIP_RIGHT = 2 };

static bool cp_in(uint32_t c, const char *set, int64_t n)
{
    const char *p = set, *end = set + n;
    while (p < end)
        if (w_utf8_next(&p) == c)
            return true;
    return false;
}

static w_object *strip_common(const char *qual, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, int how)
{
    if (w_text_clinic(qual, nargs, kwnames, 0, 1) < 0)
        return NULL;
    w_object *chars = nargs ? args[0] : w_None;
    if (chars != w_None && !W_STR_CHECK(chars))
        return w_raise_fmt(w_exc_TypeError, "%s arg must be None or str", bare_name(qual));
    const char *d = w_str_utf8(self);
    const char *set = chars == w_None ? NULL : w_str_utf8(chars);
    int64_t setn = chars == w_None ? 0 : w_str_nbytes(chars);
    int64_t i = 0, j = w_str_nbytes(self);
    while ((how & STRIP_LEFT) && i < j) {
        const char *p = d + i;
        uint32_t c = w_utf8_next(&p);
        if (set ? !cp_in(c, set, setn) : !w_unicode_isspace(c))
            break;
        i = p - d;
    }
    while ((how & STRIP_RIGHT) && j > i) {
        int64_t k = char_before(d, j, true);
        const char *p = d + k;
        uint32_t c = w_utf8_next(&p);
        if (set ? !cp_in(c, set, setn) : !w_unicode_isspace(c))
            break;
        j = k;
    }
    return substr(self, i, j);
}

static w_object *str_strip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("str.strip", self, args, nargs, kw, STRIP_LEFT | STRIP_RIGHT);
}

static w_object *str_lstrip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("str.lstrip", self, args, nargs, kw, STRIP_LEFT);
}

static w_object *str_rstrip(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return strip_common("str.rstrip", self, args, nargs, kw, STRIP_RIGHT);
}

/* self padded with `left` and `right` copies of the fill character (UTF-8 in fill[0..fn)). */
static w_object *str_pad(w_object *self, int64_t left, int64_t right, const char *fill, int fn)
{
    if (left <= 0 && right <= 0 && W_TYPE(self) == w_str_type)
        return self;
    left = left < 0 ? 0 : left;
    right = right < 0 ? 0 : right;
    GC_ENTER();
    GC_ROOT(self);
    int64_t n = w_str_nbytes(self);
    w_str *r = w_str_alloc(n + (left + right) * fn, w_str_length(self) + left + right);
    if (!r)
        GC_RETURN(NULL);
    char *o = r->data;
    for (int64_t k = 0; k < left; k++, o += fn)
        memcpy(o, fill, (size_t)fn);
    memcpy(o, w_str_utf8(self), (size_t)n);
    o += n;
    for (int64_t k = 0; k < right; k++, o += fn)
        memcpy(o, fill, (size_t)fn);
    GC_RETURN((w_object *)r);
}

/* (width[, fillchar]) of center, ljust, rjust; the fill character is copied to fill. */
static int just_args(const char *qual, w_object **args, size_t nargs, w_object *kwnames,
                     int64_t *width, char fill[4], int *fn)
{
    if (w_text_clinic(qual, nargs, kwnames, 1, 2) < 0)
        return -1;
    if (w_text_ssize_arg(args[0], width) < 0)
        return -1;
    fill[0] = ' ';
    *fn = 1;
    if (nargs < 2)
        return 0;
    w_object *f = args[1];
    if (!W_STR_CHECK(f)) {
        w_raise_fmt(w_exc_TypeError, "The fill character must be a unicode character, not %s",
                    W_TYPE(f)->name);
        return -1;
    }
    if (w_str_length(f) != 1) {
        w_raise_fmt(w_exc_TypeError, "The fill character must be exactly one character long");
        return -1;
    }
    *fn = (int)w_str_nbytes(f);
    memcpy(fill, w_str_utf8(f), (size_t)*fn);
    return 0;
}

enum { JUST_LEFT, JUST_RIGHT, JUST_CENTER };

static w_object *just_common(const char *qual, w_object *self, w_object **args, size_t nargs,
                             w_object *kwnames, int how)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, nargs);
    int64_t width;
    char fill[4];
    int fn;
    if (just_args(qual, args, nargs, kwnames, &width, fill, &fn) < 0)
        GC_RETURN(NULL);
    int64_t marg = width - w_str_length(self);
    if (marg <= 0)
        GC_RETURN(str_pad(self, 0, 0, fill, fn));
    int64_t left = how == JUST_LEFT ? 0 : how == JUST_RIGHT ? marg : marg / 2 + (marg & width & 1);
    GC_RETURN(str_pad(self, left, marg - left, fill, fn));
}

static w_object *str_center(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("str.center", self, args, nargs, kw, JUST_CENTER);
}

static w_object *str_ljust(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("str.ljust", self, args, nargs, kw, JUST_LEFT);
}

static w_object *str_rjust(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return just_common("str.rjust", self, args, nargs, kw, JUST_RIGHT);
}

static w_object *str_zfill(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    GC_ENTER();
    w_object *r = NULL;
    GC_ROOT(self);
    GC_ROOT(r);
    int64_t width;
    if (w_text_onearg("str.zfill", nargs, kwnames) < 0 || w_text_ssize_arg(args[0], &width) < 0)
        GC_RETURN(NULL);
    int64_t fill = width - w_str_length(self);
    r = str_pad(self, fill, 0, "0", 1);
    if (!r || fill <= 0)
        GC_RETURN(r);
    /* A sign moves to the front, ahead of the zeros. */
    char *d = ((w_str *)r)->data;
    if (d[fill] == '+' || d[fill] == '-') {
        d[0] = d[fill];
        d[fill] = '0';
    }
    GC_RETURN(r);
}

/* expandtabs() over raw text: columns count characters as `utf8` defines them. */
void w_text_expandtabs(w_strbuf *out, const char *d, int64_t n, int64_t tabsize, bool utf8)
{
    int64_t col = 0;
    for (int64_t i = 0; i < n;) {
        char c = d[i];
        if (c == '\t') {
            if (tabsize > 0) {
                int64_t k = tabsize - col % tabsize;
                for (int64_t m = 0; m < k; m++)
                    w_strbuf_add_byte(out, ' ');
                col += k;
            }
            i++;
            continue;
        }
        int64_t j = char_after(d, i, utf8);
        w_strbuf_add(out, d + i, (size_t)(j - i));
        col = c == '\n' || c == '\r' ? 0 : col + 1;
        i = j;
    }
}

static w_object *str_expandtabs(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    GC_ENTER();
    GC_ROOT(self);
    int tabsize;
    if (w_text_int_kwarg("expandtabs", "tabsize", 8, args, nargs, kw, &tabsize) < 0)
        GC_RETURN(NULL);
    w_strbuf b;
    w_strbuf_init(&b);
    w_text_expandtabs(&b, w_str_utf8(self), w_str_nbytes(self), tabsize, true);
    GC_RETURN(w_strbuf_finish(&b));
}

static w_object *affix_common(const char *qual, w_object *self, w_object **args, size_t nargs,
                              w_object *kwnames, bool suffix)
{
    if (w_text_onearg(qual, nargs, kwnames) < 0)
        return NULL;
    w_object *x = args[0];
    if (!W_STR_CHECK(x))
        return w_raise_fmt(w_exc_TypeError, "%s() argument must be str, not %s",
                           bare_name(qual), w_text_argtype_name(x));
    int64_t n = w_str_nbytes(self), xn = w_str_nbytes(x);
    if (xn == 0 || xn > n)
        return substr(self, 0, n);
    if (!suffix && memcmp(w_str_utf8(self), w_str_utf8(x), (size_t)xn) == 0)
        return substr(self, xn, n);
    if (suffix && memcmp(w_str_utf8(self) + n - xn, w_str_utf8(x), (size_t)xn) == 0)
        return substr(self, 0, n - xn);
    return substr(self, 0, n);
}

static w_object *str_removeprefix(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return affix_common("str.removeprefix", self, args, nargs, kw, false);
}

static w_object *str_removesuffix(w_object *self, w_object **args, size_t nargs, w_object *kw)
{
    return affix_common("str.removesuffix", self, args, nargs, kw, true);
}

/* ---- encode ---------------------------------------------------------------------------- */

/* (encoding, errors) of encode() and decode(): each must be a str when given. */
int w_text_codec_args(const char *fname, w_object **args, size_t nargs, w_object *kwnames,
                      w_object **encoding, w_object **errors)
{
    static const char *const names[] = {"encoding", "errors"};
    w_argspec spec = {fname, names, 2, 2, 0, 0};
    w_object *a[2] = {NULL, NULL};
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return -1;
    for (int k = 0; k < 2; k++)
        if (a[k] && !W_STR_CHECK(a[k])) {
            w_raise_fmt(w_exc_TypeError, "%s() argument '%s' must be str, not %s", fname,
                        names[k], w_text_argtype_name(a[k]));
            return -1;
        }
    *encoding = a[0];
    *errors = a[1];
    return 0;
}

static w_object *str_encode(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    w_object *encoding, *errors;
    if (w_text_codec_args("encode", args, nargs, kwnames, &encoding, &errors) < 0)
        return NULL;
    return w_str_encode(self, encoding, errors);
}

/* ---- case mapping ------------------------------------------------------------------------
 * Full (one-to-many) mappings per code point from libunistring, applied without context
 * except for the final-sigma rule that CPython implements for lower-casing. */

typedef uint32_t *(*casemap_fn)(const uint32_t *s, size_t n, const char *lang, uninorm_t nf,
                                uint32_t *buf, size_t *len);

static void add_mapped(w_strbuf *b, uint32_t c, casemap_fn f)
{
    /* Lone surrogates have no case; libunistring would turn them into U+FFFD. */
    if (c >= 0xD800 && c < 0xE000) {
        w_strbuf_add_codepoint(b, c);
        return;
    }
    uint32_t buf[8];
    size_t n = sizeof buf / sizeof buf[0];
    uint32_t *r = f(&c, 1, NULL, NULL, buf, &n);
    if (!r) {
        w_strbuf_add_codepoint(b, c);
        return;
    }
    for (size_t i = 0; i < n; i++)
        w_strbuf_add_codepoint(b, r[i]);
    if (r != buf)
        free(r);
}

static uint32_t *casefold_fn(const uint32_t *s, size_t n, const char *lang, uninorm_t nf,
                             uint32_t *buf, size_t *len)
{
    return u32_casefold(s, n, lang, nf, buf, len);
}

/* Capital sigma lower-cases to final sigma when it ends a word: preceded by a cased
   letter and not followed by one, case-ignorable characters skipped both ways. */
static bool final_sigma(const uint32_t *cps, int64_t n, int64_t i)
{
    int64_t j = i - 1;
    while (j >= 0 && u_iscase_ignorable(cps[j]))
        j--;
    if (j < 0 || !u_iscased(cps[j]))
        return false;
    j = i + 1;
    while (j < n && u_iscase_ignorable(cps[j]))
        j++;
    return j == n || !u_iscased(cps[j]);
}

static void add_lower(w_strbuf *b, const uint32_t *cps, int64_t n, int64_t i)
{
    uint32_t c = cps[i];
    if (c < 0x80)
        w_strbuf_add_byte(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    else if (c == 0x3A3)
        w_strbuf_add_codepoint(b, final_sigma(cps, n, i) ? 0x3C2 : 0x3C3);
    else
        add_mapped(b, c, u32_tolower);
}

static void add_upper(w_strbuf *b, uint32_t c)
{
    if (c < 0x80)
        w_strbuf_add_byte(b, (char)(c >= 'a' && c <= 'z' ? c - 32 : c));
    else
        add_mapped(b, c, u32_toupper);
}

static void add_title(w_strbuf *b, uint32_t c)
{
    if (c < 0x80)
        add_upper(b, c);
    else
        add_mapped(b, c, u32_totitle);
}

enum casemap { CASE_LOWER, CASE_UPPER, CASE_FOLD, CASE_SWAP, CASE_CAPITALIZE, CASE_TITLE };

static char ascii_map(enum casemap how, char c, bool first, bool prev_cased)
{
    bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
    switch (how) {
    case CASE_UPPER:
        return lo ? c - 32 : c;
    case CASE_SWAP:
        return lo ? c - 32 : up ? c + 32 : c;
    case CASE_CAPITALIZE:
        return first ? (lo ? c - 32 : c) : (up ? c + 32 : c);
    case CASE_TITLE:
        return prev_cased ? (up ? c + 32 : c) : (lo ? c - 32 : c);
    default:
        return up ? c + 32 : c;
    }
}

static w_object *casemap_ascii(w_object *self, enum casemap how)
{
    GC_ENTER();
    GC_ROOT(self);
    int64_t n = w_str_nbytes(self);
    w_str *r = w_str_alloc(n, n);
    if (!r)
        GC_RETURN(NULL);
    const char *d = w_str_utf8(self);
    bool prev_cased = false;
    for (int64_t i = 0; i < n; i++) {
        r->data[i] = ascii_map(how, d[i], i == 0, prev_cased);
        prev_cased = u_isalpha((unsigned char)d[i]);
    }
    GC_RETURN((w_object *)r);
}

static w_object *casemap(w_object *self, enum casemap how)
{
    if (((w_str *)self)->ascii)
        return casemap_ascii(self, how);
    int64_t n = w_str_length(self);
    uint32_t *cps = malloc((size_t)n * sizeof *cps);
    if (!cps)
        return w_raise(w_exc_MemoryError, NULL);
    const char *p = w_str_utf8(self);
    for (int64_t i = 0; i < n; i++)
        cps[i] = w_utf8_next(&p);
    w_strbuf b;
    w_strbuf_init(&b);
    bool prev_cased = false;
    for (int64_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        switch (how) {
        case CASE_LOWER:
            add_lower(&b, cps, n, i);
            break;
        case CASE_UPPER:
            add_upper(&b, c);
            break;
        case CASE_FOLD:
            if (c < 0x80)
                add_lower(&b, cps, n, i);
            else
                add_mapped(&b, c, casefold_fn);
            break;
        case CASE_SWAP:
            if (u_isupper(c))
                add_lower(&b, cps, n, i);
            else if (u_islower(c))
                add_upper(&b, c);
            else
                w_strbuf_add_codepoint(&b, c);
            break;
        case CASE_CAPITALIZE:
            if (i == 0)
                add_title(&b, c);
            else
                add_lower(&b, cps, n, i);
            break;
        case CASE_TITLE:
            if (prev_cased)
                add_lower(&b, cps, n, i);
            else
                add_title(&b, c);
            prev_cased = u_iscased(c);
            break;
        }
    }
    free(cps);
    return w_strbuf_finish(&b);
}

#define CASE_METHOD(name, how)                                                            \
    static w_object *str_##name(w_object *self, w_object **args, size_t nargs,            \
                                w_object *kwnames)                                        \
    {                                                                                     \
        if (w_text_noargs("str." #name, nargs, kwnames) < 0)                              \
            return NULL;                                                                  \
        return casemap(self, how);                                                        \
    }
CASE_METHOD(lower, CASE_LOWER)
CASE_METHOD(upper, CASE_UPPER)
CASE_METHOD(casefold, CASE_FOLD)
CASE_METHOD(swapcase, CASE_SWAP)
CASE_METHOD(capitalize, CASE_CAPITALIZE)
CASE_METHOD(title, CASE_TITLE)
#undef CASE_METHOD

/* ---- predicates ------------------------------------------------------------------------- */

/* True when s is non-empty and every code point satisfies `pred`. */
static bool all_cp(w_object *s, bool (*pred)(uint32_t))
{
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    if (p == end)
        return false;
    while (p < end)
        if (!pred(w_utf8_next(&p)))
            return false;
    return true;
}

static bool u_isdigit_pred(uint32_t c)
{
    return u_isdigit(c);
}

static bool s_isupper(w_object *s)
{
    bool cased = false;
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    while (p < end) {
        uint32_t c = w_utf8_next(&p);
        if (u_islower(c) || u_istitle(c))
            return false;
        cased = cased || u_isupper(c);
    }
    return cased;
}

static bool s_islower(w_object *s)
{
    bool cased = false;
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    while (p < end) {
        uint32_t c = w_utf8_next(&p);
        if (u_isupper(c) || u_istitle(c))
            return false;
        cased = cased || u_islower(c);
    }
    return cased;
}

/* Upper- and title-case letters only start words; lower-case ones only continue them. */
static bool s_istitle(w_object *s)
{
    bool cased = false, prev_cased = false;
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    while (p < end) {
        uint32_t c = w_utf8_next(&p);
        if (u_isupper(c) || u_istitle(c)) {
            if (prev_cased)
                return false;
            prev_cased = cased = true;
        } else if (u_islower(c)) {
            if (!prev_cased)
                return false;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return cased;
}

static bool s_isidentifier(w_object *s)
{
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    if (p == end)
        return false;
    uint32_t c = w_utf8_next(&p);
    if (c != '_' && !uc_is_property_xid_start(c))
        return false;
    while (p < end)
        if (!uc_is_property_xid_continue(w_utf8_next(&p)))
            return false;
    return true;
}

static bool s_isprintable(w_object *s)
{
    const char *p = w_str_utf8(s), *end = p + w_str_nbytes(s);
    while (p < end)
        if (!w_unicode_isprintable(w_utf8_next(&p)))
            return false;
    return true;
}

static bool s_isascii(w_object *s)
{
    return ((w_str *)s)->ascii;
}

static bool s_isdecimal(w_object *s) { return all_cp(s, w_unicode_isdecimal); }
static bool s_isdigit(w_object *s) { return all_cp(s, u_isdigit_pred); }
static bool s_isnumeric(w_object *s) { return all_cp(s, u_isnumeric); }
static bool s_isalpha(w_object *s) { return all_cp(s, u_isalpha); }
static bool s_isalnum(w_object *s) { return all_cp(s, u_isalnum); }
static bool s_isspace(w_object *s) { return all_cp(s, w_unicode_isspace); }

#define PRED_METHOD(name)                                                                 \
    static w_object *str_##name(w_object *self, w_object **args, size_t nargs,            \
                                w_object *kwnames)                                        \
    {                                                                                     \
        if (w_text_noargs("str." #name, nargs, kwnames) < 0)                              \
            return NULL;                                                                  \
        return W_BOOL(s_##name(self));                                                    \
    }
PRED_METHOD(isupper)
PRED_METHOD(islower)
PRED_METHOD(istitle)
PRED_METHOD(isidentifier)
PRED_METHOD(isprintable)
PRED_METHOD(isascii)
PRED_METHOD(isdecimal)
PRED_METHOD(isdigit)
PRED_METHOD(isnumeric)
PRED_METHOD(isalpha)
PRED_METHOD(isalnum)
PRED_METHOD(isspace)
#undef PRED_METHOD

/* ---- start-up ---------------------------------------------------------------------------- */

int w_str_methods_init(void)
{
    static const struct {
        const char *name;
        w_callfn fn;
    } methods[] = {
        {"find", str_find}, {"rfind", str_rfind}, {"index", str_index},
        {"rindex", str_rindex}, {"count", str_count}, {"startswith", str_startswith},
        {"endswith", str_endswith}, {"split", str_split}, {"rsplit", str_rsplit},
        {"splitlines", str_splitlines}, {"partition", str_partition},
        {"rpartition", str_rpartition}, {"join", str_join}, {"replace", str_replace},
        {"strip", str_strip}, {"lstrip", str_lstrip}, {"rstrip", str_rstrip},
        {"center", str_center}, {"ljust", str_ljust}, {"rjust", str_rjust},
        {"zfill", str_zfill}, {"expandtabs", str_expandtabs},
        {"removeprefix", str_removeprefix}, {"removesuffix", str_removesuffix},
        {"encode", str_encode}, {"lower", str_lower}, {"upper", str_upper},
        {"casefold", str_casefold}, {"swapcase", str_swapcase},
        {"capitalize", str_capitalize}, {"title", str_title}, {"isupper", str_isupper},
        {"islower", str_islower}, {"istitle", str_istitle},
        {"isidentifier", str_isidentifier}, {"isprintable", str_isprintable},
        {"isascii", str_isascii}, {"isdecimal", str_isdecimal}, {"isdigit", str_isdigit},
        {"isnumeric", str_isnumeric}, {"isalpha", str_isalpha}, {"isalnum", str_isalnum},
        {"isspace", str_isspace},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (w_type_add_method(w_str_type, methods[i].name, methods[i].fn) < 0)
            return -1;
    return 0;
}

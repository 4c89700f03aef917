/* formatfields.c — str.format(): literal text and replacement fields `{name.attr[key]!conv:spec}`, each value through format() (CPython 3.11's rules and messages). */
#include "objects/objects.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One str.format call: its arguments (rooted by str_format) and field numbering. */
typedef struct fields {
    w_object **args;
    size_t nargs;
    w_object *kwnames; /* tuple of str or NULL; values follow the positional arguments */
    enum { NUMBERING_UNSET, NUMBERING_AUTO, NUMBERING_MANUAL } numbering;
    int64_t next_auto;
} fields;

/* A decimal index in t[0..n), or -1 if t is not all ASCII digits; -2 with an error past
   int64. */
static int64_t decimal(const char *t, size_t n)
{
    if (n == 0)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] < '0' || t[i] > '9')
            return -1;
        if (v > (INT64_MAX - (t[i] - '0')) / 10) {
            w_raise_fmt(w_exc_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + (t[i] - '0');
    }
    return v;
}

/* The argument the first part of a field name (t[0..n)) names. */
static w_object *first_object(fields *fs, const char *t, size_t n)
{
    int64_t index = decimal(t, n);
    if (index == -2)
        return NULL;
    if (n == 0) {
        if (fs->numbering == NUMBERING_MANUAL)
            return w_raise_fmt(w_exc_ValueError, "cannot switch from manual field specification "
                                                 "to automatic field numbering");
        fs->numbering = NUMBERING_AUTO;
        index = fs->next_auto++;
    } else if (index >= 0) {
        if (fs->numbering == NUMBERING_AUTO)
            return w_raise_fmt(w_exc_ValueError, "cannot switch from automatic field numbering "
                                                 "to manual field specification");
        fs->numbering = NUMBERING_MANUAL;
    }
    if (index >= 0) {
        if ((uint64_t)index >= fs->nargs)
            return w_raise_fmt(w_exc_IndexError,
                               "Replacement index %" PRId64 " out of range for positional args "
                               "tuple",
                               index);
        return fs->args[index];
    }
    int64_t nkw = fs->kwnames ? W_TUPLE_SIZE(fs->kwnames) : 0;
    for (int64_t i = 0; i < nkw; i++) {
        w_object *k = W_TUPLE_ITEMS(fs->kwnames)[i];
        if ((size_t)w_str_nbytes(k) == n && !memcmp(w_str_utf8(k), t, n))
            return fs->args[fs->nargs + (size_t)i];
    }
    w_object *key = w_str_from_utf8(t, n);
    return key ? w_raise(w_exc_KeyError, key) : NULL;
}

/* The object a whole field name (t[0..n)) designates: an argument, then `.attr` and
   `[key]` steps. */
static w_object *field_object(fields *fs, const char *t, size_t n)
{
    size_t first = strcspn(t, ".[");
    if (first > n)
        first = n;
    GC_ENTER();
    w_object *o = first_object(fs, t, first), *k = NULL;
    GC_ROOT(o);
    GC_ROOT(k);
    size_t i = first;
    while (o && i < n) {
        char c = t[i++];
        size_t start = i;
        if (c == '.') {
            while (i < n && t[i] != '.' && t[i] != '[')
                i++;
        } else {
            while (i < n && t[i] != ']')
                i++;
        }
        if (i == start) {
            o = w_raise_fmt(w_exc_ValueError, "Empty attribute in format string");
            break;
        }
        if (c == '.') {
            k = w_str_from_utf8(t + start, i - start);
            o = k ? space_getattr(o, k) : NULL;
            continue;
        }
        int64_t index = decimal(t + start, i - start);
        if (index == -2) {
            o = NULL;
            break;
        }
        k = index >= 0 ? w_int_from_i64(index) : w_str_from_utf8(t + start, i - start);
        o = k ? space_getitem(o, k) : NULL;
        i++; /* the ']' */
        if (o && i < n && t[i] != '.' && t[i] != '[')
            o = w_raise_fmt(w_exc_ValueError,
                            "Only '.' or '[' may follow ']' in format field specifier");
    }
    GC_RETURN(o);
}

static int render(fields *fs, const char *t, size_t n, int depth, w_strbuf *out);

/* Formats one field whose text starts at t[*pos] (past its '{'); *pos ends past its '}'. */
static int field(fields *fs, const char *t, size_t n, size_t *pos, int depth, w_strbuf *out)
{
    size_t i = *pos, name_end;
    for (;; i++) {
        if (i >= n)
            return w_raise_fmt(w_exc_ValueError, "expected '}' before end of string"), -1;
        if (t[i] == '[') {
            while (i < n && t[i] != ']')
                i++;
            if (i >= n)
                return w_raise_fmt(w_exc_ValueError, "expected '}' before end of string"), -1;
        } else if (t[i] == '{') {
            return w_raise_fmt(w_exc_ValueError, "unexpected '{' in field name"), -1;
        } else if (t[i] == '}' || t[i] == ':' || t[i] == '!') {
            break;
        }
    }
    name_end = i;
    uint32_t conv = 0;
    if (t[i] == '!') {
        i++;
        if (i >= n)
            return w_raise_fmt(w_exc_ValueError,
                               "end of string while looking for conversion specifier"),
                   -1;
        const char *p = t + i;
        conv = w_utf8_next(&p);
        i = (size_t)(p - t);
        if (i >= n)
            return w_raise_fmt(w_exc_ValueError, "unmatched '{' in format spec"), -1;
        if (t[i] != ':' && t[i] != '}')
            return w_raise_fmt(w_exc_ValueError, "expected ':' after conversion specifier"), -1;
    }
    size_t spec_start = i + 1, spec_end = i + 1;
    if (t[i] == ':') {
        int count = 1;
        for (i++; i < n; i++) {
            count += t[i] == '{' ? 1 : t[i] == '}' ? -1 : 0;
            if (count == 0)
                break;
        }
        if (i >= n)
            return w_raise_fmt(w_exc_ValueError, "unmatched '{' in format spec"), -1;
        spec_end = i;
    }
    size_t name_start = *pos;
    *pos = i + 1;
    GC_ENTER();
    w_object *o = field_object(fs, t + name_start, name_end - name_start), *spec = NULL;
    GC_ROOT(o);
    GC_ROOT(spec);
    if (o && conv) {
        if (conv == 'r')
            o = space_repr(o);
        else if (conv == 's')
            o = space_str(o);
        else if (conv == 'a')
            o = w_builtin_ascii(o);
        else if (conv > 32 && conv < 128)
            o = w_raise_fmt(w_exc_ValueError, "Unknown conversion specifier %c", (char)conv);
        else
            o = w_raise_fmt(w_exc_ValueError, "Unknown conversion specifier \\x%x",
                            (unsigned)conv);
    }
    if (!o)
        GC_RETURN(-1);
    /* a spec holding fields of its own is formatted first */
    w_strbuf sb;
    w_strbuf_init(&sb);
    size_t sn = spec_end - spec_start;
    if (!memchr(t + spec_start, '{', sn))
        w_strbuf_add(&sb, t + spec_start, sn);
    else if (render(fs, t + spec_start, sn, depth - 1, &sb) < 0) {
        w_strbuf_free(&sb);
        GC_RETURN(-1);
    }
    if (!(spec = w_strbuf_finish(&sb)) || !(o = w_format(o, spec)))
        GC_RETURN(-1);
    w_strbuf_add_str(out, o);
    GC_RETURN(0);
}

/* Appends t[0..n) with its fields replaced; `depth` bounds nested specs. */
static int render(fields *fs, const char *t, size_t n, int depth, w_strbuf *out)
{
    if (depth <= 0)
        return w_raise_fmt(w_exc_ValueError, "Max string recursion exceeded"), -1;
    size_t i = 0;
    while (i < n) {
        size_t run = strcspn(t + i, "{}");
        if (run > n - i)
            run = n - i;
        w_strbuf_add(out, t + i, run);
        i += run;
        if (i >= n)
            break;
        char c = t[i++];
        if (i < n && t[i] == c) { /* "{{" and "}}" */
            w_strbuf_add_byte(out, c);
            i++;
            continue;
        }
        if (c == '}')
            return w_raise_fmt(w_exc_ValueError, "Single '}' encountered in format string"), -1;
        if (i >= n)
            return w_raise_fmt(w_exc_ValueError, "Single '{' encountered in format string"), -1;
        if (field(fs, t, n, &i, depth, out) < 0)
            return -1;
    }
    return 0;
}

/* str.format(*args, **kwargs). */
static w_object *str_format(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(kwnames);
    GC_ROOT_ARRAY(args, nargs + nkw);
    fields fs = {.args = args, .nargs = nargs, .kwnames = kwnames};
    size_t n = (size_t)w_str_nbytes(self);
    char *t = malloc(n + 1); /* the text, out of the object the calls may move */
    if (!t)
        GC_RETURN(w_raise(w_exc_MemoryError, NULL));
    memcpy(t, w_str_utf8(self), n + 1);
    w_strbuf out;
    w_strbuf_init(&out);
    /* CPython allows a field's spec one level of fields (depth 2) */
    int rc = render(&fs, t, n, 2, &out);
    free(t);
    if (rc < 0) {
        w_strbuf_free(&out);
        GC_RETURN(NULL);
    }
    GC_RETURN(w_strbuf_finish(&out));
}

int w_formatfields_init(void)
{
    return w_type_add_method(w_str_type, "format", str_format);
}

/* str.c — the str type: UTF-8 storage, construction, hashing, interning, repr, slots, iterators. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "objects/objects.h"

/* ---- UTF-8 ------------------------------------------------------------------------- */

int w_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * One step of the strict decoder at s[i] (i < n). Returns the length of a well-formed
 * sequence, or 0 for an error whose bad range is s[i .. i + *bad) and whose reason is
 * *why. The ranges are CPython's (the "maximal subpart" rule): a truncated but so far
 * valid sequence at the end is "unexpected end of data" covering all its bytes; a bad
 * continuation covers the valid prefix before it; a bad lead byte covers itself.
 */
enum { U8_START = 1, U8_CONT, U8_END };
static const char *const u8_reasons[] = {
    NULL, "invalid start byte", "invalid continuation byte", "unexpected end of data"};

static int u8_step(const unsigned char *s, size_t i, size_t n, int *bad, int *why,
                   bool surrogatepass)
{
    unsigned c = s[i];
    if (c < 0x80)
        return 1;
    int len;
    unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (c < 0xC2) {
        *bad = 1, *why = U8_START;
        return 0;
    } else if (c < 0xE0) {
        len = 2;
    } else if (c < 0xF0) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED && !surrogatepass)
            hi = 0x9F;
    } else if (c < 0xF5) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1, *why = U8_START;
        return 0;
    }
    for (int k = 1; k < len; k++) {
        if (i + (size_t)k >= n) {
            *bad = k, *why = U8_END;
            return 0;
        }
        unsigned b = s[i + (size_t)k];
        bool ok = k == 1 ? (b >= lo && b <= hi) : (b & 0xC0) == 0x80;
        if (!ok) {
            *bad = k, *why = U8_CONT;
            return 0;
        }
    }
    return len;
}

int64_t w_utf8_validate(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int64_t count = 0;
    size_t i = 0;
    int bad, why;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
        } else {
            int len = u8_step(u, i, n, &bad, &why, false);
            if (!len)
                return -1;
            i += (size_t)len;
        }
        count++;
    }
    return count;
}

static int64_t utf8_count(const char *s, size_t n)
{
    int64_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* ---- construction ------------------------------------------------------------------ */

static w_object *empty_str;
static w_object *char_cache[128];

static size_t str_size_for(int64_t nbytes)
{
    return offsetof(w_str, data) + (size_t)nbytes + 1;
}

w_str *w_str_alloc(int64_t nbytes, int64_t length)
{
    w_str *s = (w_str *)w_alloc(w_str_type, W_TID_STR, str_size_for(nbytes));
    if (!s)
        return NULL;
    s->length = length;
    s->nbytes = nbytes;
    s->hash = -1;
    s->ascii = nbytes == length;
    s->data[nbytes] = 0;
    return s;
}

/* A str of known length holding a copy of s[0..nbytes), which may lie in any object. */
static w_object *str_new(const char *s, size_t nbytes, int64_t length)
{
    if (nbytes == 0 && empty_str)
        return empty_str;
    if (nbytes == 1 && (unsigned char)s[0] < 0x80 && char_cache[(unsigned char)s[0]])
        return char_cache[(unsigned char)s[0]];
    if (w_text_in_nursery(s)) {
        /* The source would move at our allocation: copy it out first. */
        char *tmp = malloc(nbytes);
        if (!tmp)
            return w_raise(w_exc_MemoryError, NULL);
        memcpy(tmp, s, nbytes);
        w_object *r = str_new(tmp, nbytes, length);
        free(tmp);
        return r;
    }
    w_str *r = w_str_alloc((int64_t)nbytes, length);
    if (!r)
        return NULL;
    memcpy(r->data, s, nbytes);
    return &r->ob;
}

w_object *w_str_from_utf8(const char *s, size_t nbytes)
{
    return str_new(s, nbytes, utf8_count(s, nbytes));
}

w_object *w_str_from_cstr(const char *s)
{
    return w_str_from_utf8(s, strlen(s));
}

w_object *w_str_from_fmt(const char *fmt, ...)
{
    w_strbuf b;
    w_strbuf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    w_strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    return w_strbuf_finish(&b);
}

w_object *w_str_from_codepoint(uint32_t cp)
{
    if (cp < 0x80 && char_cache[cp])
        return char_cache[cp];
    char buf[4];
    int n = w_utf8_encode(cp, buf);
    return str_new(buf, (size_t)n, 1);
}

int64_t w_str_offset(w_object *s, int64_t index)
{
    w_str *st = (w_str *)s;
    if (st->ascii)
        return index;
    const unsigned char *d = (const unsigned char *)st->data;
    if (index <= st->length / 2) {
        int64_t off = 0;
        for (int64_t k = 0; k < index; k++) {
            off++;
            while ((d[off] & 0xC0) == 0x80)
                off++;
        }
        return off;
    }
    int64_t off = st->nbytes;
    for (int64_t k = st->length; k > index; k--) {
        off--;
        while ((d[off] & 0xC0) == 0x80)
            off--;
    }
    return off;
}

w_object *w_str_slice(w_object *s, int64_t start, int64_t stop)
{
    GC_ENTER();
    GC_ROOT(s);
    if (start == 0 && stop == w_str_length(s) && W_TYPE(s) == w_str_type)
        GC_RETURN(s);
    int64_t a = w_str_offset(s, start), b = w_str_offset(s, stop);
    if (b - a == 1 && (unsigned char)w_str_utf8(s)[a] < 0x80)
        GC_RETURN(w_str_from_codepoint((unsigned char)w_str_utf8(s)[a]));
    w_str *r = w_str_alloc(b - a, stop - start);
    if (r)
        memcpy(r->data, ((w_str *)s)->data + a, (size_t)(b - a));
    GC_RETURN((w_object *)r);
}

/* ---- decoding ---------------------------------------------------------------------- */

/*
 * The error handlers, by name. `strict` raises; the others substitute something for the
 * bad bytes or characters. An unknown name raises LookupError only once an error actually
 * happens, as in CPython; a handler that does not apply to the direction (decoding has
 * no xmlcharrefreplace) raises TypeError then.
 */
enum errh { EH_STRICT, EH_REPLACE, EH_IGNORE, EH_BACKSLASH, EH_XMLCHAR, EH_NAME,
            EH_SURROGATEESCAPE, EH_SURROGATEPASS, EH_UNKNOWN };

static enum errh errh_lookup(const char *errors)
{
    static const struct { const char *name; enum errh h; } tab[] = {
        {"strict", EH_STRICT}, {"replace", EH_REPLACE}, {"ignore", EH_IGNORE},
        {"backslashreplace", EH_BACKSLASH}, {"xmlcharrefreplace", EH_XMLCHAR},
        {"namereplace", EH_NAME}, {"surrogateescape", EH_SURROGATEESCAPE},
        {"surrogatepass", EH_SURROGATEPASS}};
    if (!errors)
        return EH_STRICT;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(errors, tab[i].name) == 0)
            return tab[i].h;
    return EH_UNKNOWN;
}

/* The error for a handler that cannot deal with this kind of error, or an unknown one.
   `errors` must not point into the GC heap. */
static void *errh_fail(enum errh h, const char *errors, const char *exc_name)
{
    if (h == EH_UNKNOWN)
        return w_raise_fmt(w_exc_LookupError, "unknown error handler name '%s'", errors);
    return w_raise_fmt(w_exc_TypeError, "don't know how to handle %s in error callback",
                       exc_name);
}

static void *decode_error(const char *codec, const unsigned char *s, size_t start,
                          size_t end, const char *reason)
{
    if (end - start == 1)
        return w_raise_fmt(w_exc_UnicodeDecodeError,
                           "'%s' codec can't decode byte 0x%02x in position %zu: %s", codec,
                           s[start], start, reason);
    return w_raise_fmt(w_exc_UnicodeDecodeError,
                       "'%s' codec can't decode bytes in position %zu-%zu: %s", codec, start,
                       end - 1, reason);
}

/* Applies a decoding handler to the bad bytes s[start, end); -1 with an error set. */
static int decode_substitute(w_strbuf *out, enum errh h, const char *errors,
                             const char *codec, const unsigned char *s, size_t start,
                             size_t end, const char *reason)
{
    switch (h) {
    case EH_STRICT:
        decode_error(codec, s, start, end, reason);
        return -1;
    case EH_REPLACE:
        w_strbuf_add_codepoint(out, 0xFFFD);
        return 0;
    case EH_IGNORE:
        return 0;
    case EH_BACKSLASH:
        for (size_t i = start; i < end; i++)
            w_strbuf_printf(out, "\\x%02x", s[i]);
        return 0;
    case EH_SURROGATEESCAPE:
        for (size_t i = start; i < end; i++) {
            if (s[i] < 0x80) {
                decode_error(codec, s, start, end, reason);
                return -1;
            }
            w_strbuf_add_codepoint(out, 0xDC00 + s[i]);
        }
        return 0;
    default:
        errh_fail(h, errors, "UnicodeDecodeError");
        return -1;
    }
}

w_object *w_str_decode_utf8(const char *data, size_t n, const char *errors)
{
    const unsigned char *s = (const unsigned char *)data;
    int64_t count = -1;
    enum errh h = errh_lookup(errors);
    if (h != EH_SURROGATEPASS && (count = w_utf8_validate(data, n)) >= 0)
        return str_new(data, n, count);
    /* Slow path: copy the good runs, substitute the bad ones. */
    w_strbuf out;
    w_strbuf_init(&out);
    size_t i = 0;
    int bad, why;
    while (i < n) {
        int len = u8_step(s, i, n, &bad, &why, h == EH_SURROGATEPASS);
        if (len) {
            w_strbuf_add(&out, data + i, (size_t)len);
            i += (size_t)len;
            continue;
        }
        if (decode_substitute(&out, h, errors, "utf-8", s, i, i + (size_t)bad,
                              u8_reasons[why]) < 0) {
            w_strbuf_free(&out);
            return NULL;
        }
        i += (size_t)bad;
    }
    return w_strbuf_finish(&out);
}

static w_object *decode_latin1(const char *data, size_t n)
{
    w_strbuf out;
    w_strbuf_init(&out);
    for (size_t i = 0; i < n; i++)
        w_strbuf_add_codepoint(&out, (unsigned char)data[i]);
    return w_strbuf_finish(&out);
}

static w_object *decode_ascii(const char *data, size_t n, const char *errors)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    while (i < n && s[i] < 0x80)
        i++;
    if (i == n)
        return str_new(data, n, (int64_t)n);
    enum errh h = errh_lookup(errors);
    w_strbuf out;
    w_strbuf_init(&out);
    w_strbuf_add(&out, data, i);
    for (; i < n; i++) {
        if (s[i] < 0x80) {
            w_strbuf_add_byte(&out, (char)s[i]);
        } else if (decode_substitute(&out, h, errors, "ascii", s, i, i + 1,
                                     "ordinal not in range(128)") < 0) {
            w_strbuf_free(&out);
            return NULL;
        }
    }
    return w_strbuf_finish(&out);
}

/* ---- encoding ---------------------------------------------------------------------- */

enum codec { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1, CODEC_UNKNOWN };
static const char *const codec_names[] = {"utf-8", "ascii", "latin-1"};

/* Python's encoding-name normalisation (lower case, each run of punctuation other than
   '.' becomes one '_', none at the ends), then the aliases of the three codecs. */
static enum codec codec_lookup(const char *name)
{
    static const struct { const char *alias; enum codec c; } tab[] = {
        {"utf_8", CODEC_UTF8}, {"utf8", CODEC_UTF8}, {"u8", CODEC_UTF8},
        {"utf", CODEC_UTF8}, {"utf8_ucs2", CODEC_UTF8}, {"utf8_ucs4", CODEC_UTF8},
        {"cp65001", CODEC_UTF8},
        {"ascii", CODEC_ASCII}, {"us_ascii", CODEC_ASCII}, {"646", CODEC_ASCII},
        {"ansi_x3.4_1968", CODEC_ASCII}, {"ansi_x3_4_1968", CODEC_ASCII},
        {"ansi_x3.4_1986", CODEC_ASCII}, {"cp367", CODEC_ASCII}, {"csascii", CODEC_ASCII},
        {"ibm367", CODEC_ASCII}, {"iso646_us", CODEC_ASCII},
        {"iso_646.irv_1991", CODEC_ASCII}, {"iso_ir_6", CODEC_ASCII}, {"us", CODEC_ASCII},
        {"latin_1", CODEC_LATIN1}, {"latin1", CODEC_LATIN1}, {"latin", CODEC_LATIN1},
        {"l1", CODEC_LATIN1}, {"iso_8859_1", CODEC_LATIN1}, {"iso8859_1", CODEC_LATIN1},
        {"iso8859", CODEC_LATIN1}, {"8859", CODEC_LATIN1}, {"cp819", CODEC_LATIN1},
        {"csisolatin1", CODEC_LATIN1}, {"ibm819", CODEC_LATIN1},
        {"iso_8859_1_1987", CODEC_LATIN1}, {"iso_ir_100", CODEC_LATIN1}};
    if (!name)
        return CODEC_UTF8;
    char norm[64];
    size_t k = 0;
    bool pending = false;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.';
        if (!keep) {
            pending = k > 0;
            continue;
        }
        if (k + 2 >= sizeof norm)
            return CODEC_UNKNOWN;
        if (pending)
            norm[k++] = '_';
        pending = false;
        norm[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    norm[k] = 0;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(norm, tab[i].alias) == 0)
            return tab[i].c;
    return CODEC_UNKNOWN;
}

static void *encode_error(const char *codec, w_object *str, int64_t start, int64_t end,
                          const char *reason)
{
    if (end - start == 1) {
        const char *p = w_str_utf8(str) + w_str_offset(str, start);
        uint32_t c = w_utf8_next(&p);
        char esc[16];
        snprintf(esc, sizeof esc, c <= 0xFF ? "\\x%02x" : c <= 0xFFFF ? "\\u%04x" : "\\U%08x",
                 c);
        return w_raise_fmt(w_exc_UnicodeEncodeError,
                           "'%s' codec can't encode character '%s' in position %" PRId64
                           ": %s",
                           codec, esc, start, reason);
    }
    return w_raise_fmt(w_exc_UnicodeEncodeError,
                       "'%s' codec can't encode characters in position %" PRId64 "-%" PRId64
                       ": %s",
                       codec, start, end - 1, reason);
}

static void add_xmlcharref(w_strbuf *out, uint32_t c)
{
    w_strbuf_printf(out, "&#%u;", c);
}

static void add_backslashed(w_strbuf *out, uint32_t c)
{
    w_strbuf_printf(out, c <= 0xFF ? "\\x%02x" : c <= 0xFFFF ? "\\u%04x" : "\\U%08x", c);
}

/* Character names come from libunistring's uniname (declared here to keep the header's
   macros out of this file's namespace). */
extern char *unicode_character_name(uint32_t uc, char *buf);

static void add_named(w_strbuf *out, uint32_t c)
{
    char name[256];
    if (unicode_character_name(c, name))
        w_strbuf_printf(out, "\\N{%s}", name);
    else
        add_backslashed(out, c);
}

/*
 * Encodes `str` code point by code point; characters the codec cannot encode come in
 * runs (CPython reports and handles a maximal run at once). `limit` is the first code
 * point the codec cannot encode (0x80 ascii, 0x100 latin-1); UTF-8 fails only on
 * surrogates. Returns the bytes or NULL.
 */
static w_object *encode(w_object *str, enum codec codec, const char *errors)
{
    GC_ENTER();
    GC_ROOT(str);
    uint32_t limit = codec == CODEC_ASCII ? 0x80 : codec == CODEC_LATIN1 ? 0x100 : 0x110000;
    const char *reason = codec == CODEC_ASCII    ? "ordinal not in range(128)"
                         : codec == CODEC_LATIN1 ? "ordinal not in range(256)"
                                                 : "surrogates not allowed";
    if (codec == CODEC_UTF8 || ((w_str *)str)->ascii) {
        /* Fast path: valid UTF-8 without surrogates is already its own encoding. */
        if (((w_str *)str)->ascii ||
            w_utf8_validate(w_str_utf8(str), (size_t)w_str_nbytes(str)) >= 0)
            GC_RETURN(w_bytes_from(w_str_utf8(str), (size_t)w_str_nbytes(str)));
    }
    enum errh h = errh_lookup(errors);
    w_strbuf out;
    w_strbuf_init(&out);
    int64_t length = w_str_length(str);
    const char *p = w_str_utf8(str);
    for (int64_t i = 0; i < length;) {
        const char *at = p;
        uint32_t c = w_utf8_next(&p);
        bool bad = codec == CODEC_UTF8 ? (c >= 0xD800 && c < 0xE000) : c >= limit;
        if (!bad) {
            if (codec == CODEC_UTF8)
                w_strbuf_add(&out, at, (size_t)(p - at));
            else
                w_strbuf_add_byte(&out, (char)c);
            i++;
            continue;
        }
        /* The run of unencodable characters [i, j). */
        int64_t j = i + 1;
        const char *q = p;
        while (j < length) {
            const char *r = q;
            uint32_t d = w_utf8_next(&r);
            if (codec == CODEC_UTF8 ? !(d >= 0xD800 && d < 0xE000) : d < limit)
                break;
            q = r;
            j++;
        }
        const char *run = at;
        bool ok = true;
        for (const char *r = run; r < q && ok;) {
            uint32_t d = w_utf8_next(&r);
            switch (h) {
            case EH_STRICT:
                ok = false;
                break;
            case EH_REPLACE:
                w_strbuf_add_byte(&out, '?');
                break;
            case EH_IGNORE:
                break;
            case EH_BACKSLASH:
                add_backslashed(&out, d);
                break;
            case EH_XMLCHAR:
                add_xmlcharref(&out, d);
                break;
            case EH_NAME:
                add_named(&out, d);
                break;
            case EH_SURROGATEESCAPE:
                if (d >= 0xDC80 && d <= 0xDCFF)
                    w_strbuf_add_byte(&out, (char)(d - 0xDC00));
                else
                    ok = false;
                break;
            case EH_SURROGATEPASS:
                if (codec == CODEC_UTF8) {
                    char buf[4];
                    w_strbuf_add(&out, buf, (size_t)w_utf8_encode(d, buf));
                } else {
                    ok = false;
                }
                break;
            case EH_UNKNOWN:
                w_strbuf_free(&out);
                errh_fail(h, errors, "UnicodeEncodeError");
                GC_RETURN(NULL);
            }
        }
        if (!ok) {
            w_strbuf_free(&out);
            encode_error(codec_names[codec], str, i, j, reason);
            GC_RETURN(NULL);
        }
        p = q;
        i = j;
    }
    GC_RETURN(w_strbuf_finish_bytes(&out, w_bytes_type));
}

/* A malloc'd copy of an encoding or error-handler name (NULL stays NULL): the codecs
   quote the names in messages after allocating, when the str may have moved. */
static char *name_copy(w_object *o)
{
    if (!o)
        return NULL;
    char *c = malloc((size_t)w_str_nbytes(o) + 1);
    if (!c)
        abort();
    memcpy(c, w_str_utf8(o), (size_t)w_str_nbytes(o) + 1);
    return c;
}

w_object *w_str_encode(w_object *str, w_object *encoding, w_object *errors)
{
    char *e = name_copy(encoding), *h = name_copy(errors);
    enum codec c = codec_lookup(e);
    w_object *r = c == CODEC_UNKNOWN ? w_raise_fmt(w_exc_LookupError, "unknown encoding: %s", e)
                                     : encode(str, c, h);
    free(e);
    free(h);
    return r;
}

w_object *w_str_decode(const char *data, size_t n, w_object *encoding, w_object *errors)
{
    if (n == 0)
        return w_str_from_utf8("", 0); /* CPython decodes nothing without a codec lookup */
    char *e = name_copy(encoding), *h = name_copy(errors);
    w_object *r;
    switch (codec_lookup(e)) {
    case CODEC_UTF8:
        r = w_str_decode_utf8(data, n, h);
        break;
    case CODEC_ASCII:
        r = decode_ascii(data, n, h);
        break;
    case CODEC_LATIN1:
        r = decode_latin1(data, n);
        break;
    default:
        r = w_raise_fmt(w_exc_LookupError, "unknown encoding: %s", e);
        break;
    }
    free(e);
    free(h);
    return r;
}

/* ---- equality, hashing, interning -------------------------------------------------- */

bool w_str_eq_cstr(w_object *s, const char *c)
{
    size_t n = strlen(c);
    return (size_t)w_str_nbytes(s) == n && memcmp(w_str_utf8(s), c, n) == 0;
}

bool w_str_equal(w_object *a, w_object *b)
{
    if (a == b)
        return true;
    w_str *x = (w_str *)a, *y = (w_str *)b;
    if (x->nbytes != y->nbytes)
        return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return false;
    return memcmp(x->data, y->data, (size_t)x->nbytes) == 0;
}

/* FNV-1a over the bytes, then a 64-bit finaliser (MurmurHash3's) to spread the bits.
   The empty string hashes to 0 as in CPython; -1 is reserved for "not computed". */
int64_t w_text_hash_bytes(const char *data, size_t n)
{
    if (n == 0)
        return 0;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    int64_t r = (int64_t)h;
    return r == -1 ? -2 : r;
}

int w_str_hash(w_object *s, int64_t *out)
{
    w_str *st = (w_str *)s;
    if (st->hash == -1)
        st->hash = w_text_hash_bytes(st->data, (size_t)st->nbytes);
    *out = st->hash;
    return 0;
}

/*
 * The intern table: open addressing over malloc'd slots. Interned strs are allocated in
 * the old space (they never move, so the slots only need visiting for marking) and are
 * kept alive for the life of the runtime by the root hook, which also holds the cached
 * empty and one-character strs.
 */
static struct {
    w_object **slots;
    size_t mask, used;
} interned;

static void visit_caches(gc_visit_fn visit, void *vctx, void *ud)
{
    if (!interned.slots)
        return;
    for (size_t i = 0; i <= interned.mask; i++)
        if (interned.slots[i])
            visit((void **)&interned.slots[i], vctx);
    for (size_t i = 0; i < 128; i++)
        if (char_cache[i])
            visit((void **)&char_cache[i], vctx);
    if (empty_str)
        visit((void **)&empty_str, vctx);
}

/* The names most recently interned, by the address of the caller's text: hosts and
   extensions pass the same literal on every call (ferry_call_method, PyObject_GetAttrString),
   and a hit skips hashing and probing. The text is still compared, since a caller's
   buffer may hold other text by now. Interned strs never move or die, so no root. */
#define RECENT_NAMES 64
static struct {
    const char *text;
    w_object *str;
} recent_names[RECENT_NAMES];

static void interned_reset(void)
{
    memset(recent_names, 0, sizeof recent_names);
    free(interned.slots);
    interned.mask = 255;
    interned.used = 0;
    interned.slots = calloc(interned.mask + 1, sizeof *interned.slots);
    if (!interned.slots)
        abort();
}

static void interned_grow(void)
{
    size_t oldn = interned.mask + 1;
    w_object **old = interned.slots;
    interned.mask = oldn * 2 - 1;
    interned.slots = calloc(oldn * 2, sizeof *interned.slots);
    if (!interned.slots)
        abort();
    for (size_t i = 0; i < oldn; i++) {
        if (!old[i])
            continue;
        size_t j = (size_t)((w_str *)old[i])->hash & interned.mask;
        while (interned.slots[j])
            j = (j + 1) & interned.mask;
        interned.slots[j] = old[i];
    }
    free(old);
}

/* An old-space str that never moves, with its hash computed. */
static w_object *str_new_old(const char *s, size_t n)
{
    w_str *r = (w_str *)w_alloc_old(w_str_type, W_TID_STR, str_size_for((int64_t)n));
    if (!r)
        return NULL;
    r->nbytes = (int64_t)n;
    r->length = utf8_count(s, n);
    r->ascii = r->nbytes == r->length;
    memcpy(r->data, s, n);
    r->data[n] = 0;
    r->hash = w_text_hash_bytes(s, n);
    return &r->ob;
}

/* w_str_intern without the recent-names cache. */
static w_object *intern_lookup(const char *s)
{
    size_t n = strlen(s);
    size_t i = (size_t)w_text_hash_bytes(s, n) & interned.mask;
    for (; interned.slots[i]; i = (i + 1) & interned.mask)
        if (w_str_eq_cstr(interned.slots[i], s))
            return interned.slots[i];
    w_object *r = str_new_old(s, n);
    if (!r)
        return NULL;
    interned.slots[i] = r;
    if (++interned.used * 2 > interned.mask)
        interned_grow();
    return r;
}

w_object *w_str_intern(const char *s)
{
    size_t k = ((uintptr_t)s >> 3) % RECENT_NAMES;
    w_object *hit = recent_names[k].str;
    if (recent_names[k].text == s && strcmp(w_str_utf8(hit), s) == 0)
        return hit;
    w_object *r = intern_lookup(s);
    if (r) {
        recent_names[k].text = s;
        recent_names[k].str = r;
    }
    return r;
}

/* ---- repr -------------------------------------------------------------------------- */

w_object *w_str_repr(w_object *s)
{
    const char *d = w_str_utf8(s), *end = d + w_str_nbytes(s);
    bool squote = memchr(d, '\'', (size_t)w_str_nbytes(s)) != NULL;
    bool dquote = memchr(d, '"', (size_t)w_str_nbytes(s)) != NULL;
    char quote = squote && !dquote ? '"' : '\'';
    w_strbuf b;
    w_strbuf_init(&b);
    w_strbuf_add_byte(&b, quote);
    while (d < end) {
        const char *at = d;
        uint32_t c = w_utf8_next(&d);
        if (c == (uint32_t)quote || c == '\\') {
            w_strbuf_add_byte(&b, '\\');
            w_strbuf_add_byte(&b, (char)c);
        } else if (c == '\t') {
            w_strbuf_addc(&b, "\\t");
        } else if (c == '\n') {
            w_strbuf_addc(&b, "\\n");
        } else if (c == '\r') {
            w_strbuf_addc(&b, "\\r");
        } else if (c < 0x20 || c == 0x7F) {
            w_strbuf_printf(&b, "\\x%02x", c);
        } else if (c < 0x7F || w_unicode_isprintable(c)) {
            w_strbuf_add(&b, at, (size_t)(d - at));
        } else {
            add_backslashed(&b, c);
        }
    }
    w_strbuf_add_byte(&b, quote);
    return w_strbuf_finish(&b);
}

/* ---- slots ------------------------------------------------------------------------- */

static w_object *str_repr(w_object *self)
{
    return w_str_repr(self);
}

/* str(s) of an exact str is s itself; a subclass instance gives an exact copy. */
static w_object *str_str(w_object *self)
{
    if (W_TYPE(self) == w_str_type)
        return self;
    return w_str_slice(self, 0, w_str_length(self));
}

static int str_hash(w_object *self, int64_t *out)
{
    return w_str_hash(self, out);
}

static w_object *str_richcompare(w_object *a, w_object *b, int op)
{
    if (!W_STR_CHECK(a) || !W_STR_CHECK(b))
        return w_NotImplemented;
    if (op == W_EQ || op == W_NE)
        return W_BOOL(w_str_equal(a, b) == (op == W_EQ));
    /* UTF-8 byte order is code point order, surrogates included. */
    int64_t na = w_str_nbytes(a), nb = w_str_nbytes(b);
    int c = memcmp(w_str_utf8(a), w_str_utf8(b), (size_t)(na < nb ? na : nb));
    if (c == 0)
        c = na < nb ? -1 : na > nb;
    return W_BOOL(w_text_cmp_holds(c, op));
}

static int str_truth(w_object *self)
{
    return w_str_length(self) != 0;
}

static int64_t str_len(w_object *self)
{
    return w_str_length(self);
}

/* s[start::step] over `n` code points, step != 1. */
static w_object *str_slice_step(w_object *s, int64_t start, int64_t step, int64_t n)
{
    w_strbuf b;
    w_strbuf_init(&b);
    const unsigned char *d = (const unsigned char *)w_str_utf8(s);
    int64_t off = w_str_offset(s, start);
    for (int64_t k = 0; k < n; k++) {
        const char *p = (const char *)d + off;
        const char *q = p;
        w_utf8_next(&q);
        w_strbuf_add(&b, p, (size_t)(q - p));
        if (k + 1 == n)
            break;
        if (((w_str *)s)->ascii) {
            off += step;
            continue;
        }
        for (int64_t m = step; m > 0; m--) {
            off++;
            while ((d[off] & 0xC0) == 0x80)
                off++;
        }
        for (int64_t m = step; m < 0; m++) {
            off--;
            while ((d[off] & 0xC0) == 0x80)
                off--;
        }
    }
    w_object *r = str_new(b.data ? b.data : "", b.len, n);
    w_strbuf_free(&b);
    return r;
}

static w_object *str_getitem(w_object *self, w_object *key)
{
    GC_ENTER();
    GC_ROOT(self);
    GC_ROOT(key);
    if (W_SLICE_CHECK(key)) {
        int64_t start, stop, step, n;
        if (w_slice_indices(key, w_str_length(self), &start, &stop, &step, &n) < 0)
            GC_RETURN(NULL);
        if (n <= 0)
            GC_RETURN(w_str_from_utf8("", 0));
        if (step == 1)
            GC_RETURN(w_str_slice(self, start, start + n));
        GC_RETURN(str_slice_step(self, start, step, n));
    }
    if (!W_INT_CHECK(key)) {
        w_type *kt = W_TYPE(key);
        if (!kt->number || !kt->number->index)
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "string indices must be integers, not '%s'",
                                  kt->name));
        key = space_index(key);
        if (!key)
            GC_RETURN(NULL);
    }
    int64_t i;
    if (w_seq_index(key, w_str_length(self), "string", &i) < 0)
        GC_RETURN(NULL);
    const char *p = w_str_utf8(self) + w_str_offset(self, i);
    GC_RETURN(w_str_from_codepoint(w_utf8_next(&p)));
}

static int str_contains(w_object *self, w_object *item)
{
    if (!W_STR_CHECK(item)) {
        w_raise_fmt(w_exc_TypeError, "'in <string>' requires string as left operand, not %s",
                    W_TYPE(item)->name);
        return -1;
    }
    return w_text_find(w_str_utf8(self), w_str_nbytes(self), w_str_utf8(item),
                       w_str_nbytes(item)) >= 0;
}

static w_object *str_concat(w_object *a, w_object *b)
{
    GC_ENTER();
    GC_ROOT(a);
    GC_ROOT(b);
    if (!W_STR_CHECK(a))
        GC_RETURN(w_NotImplemented);
    if (!W_STR_CHECK(b))
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                              W_TYPE(b)->name));
    if (w_str_nbytes(b) == 0 && W_TYPE(a) == w_str_type)
        GC_RETURN(a);
    if (w_str_nbytes(a) == 0 && W_TYPE(b) == w_str_type)
        GC_RETURN(b);
    int64_t na = w_str_nbytes(a), nb = w_str_nbytes(b);
    w_str *r = w_str_alloc(na + nb, w_str_length(a) + w_str_length(b));
    if (!r)
        GC_RETURN(NULL);
    memcpy(r->data, w_str_utf8(a), (size_t)na);
    memcpy(r->data + na, w_str_utf8(b), (size_t)nb);
    GC_RETURN((w_object *)r);
}

/* Sizes beyond this are refused up front with MemoryError rather than attempted. */
#define TEXT_MAX_BYTES ((int64_t)1 << 40)

static w_object *str_repeat(w_object *self, int64_t count)
{
    GC_ENTER();
    GC_ROOT(self);
    int64_t n = w_str_nbytes(self);
    if (count <= 0 || n == 0)
        GC_RETURN(w_str_from_utf8("", 0));
    if (count == 1 && W_TYPE(self) == w_str_type)
        GC_RETURN(self);
    if (count > INT64_MAX / n)
        GC_RETURN(w_raise_fmt(w_exc_OverflowError, "repeated string is too long"));
    if (n * count > TEXT_MAX_BYTES)
        GC_RETURN(w_raise(w_exc_MemoryError, NULL));
    w_str *r = w_str_alloc(n * count, w_str_length(self) * count);
    if (!r)
        GC_RETURN(NULL);
    const char *d = w_str_utf8(self);
    for (int64_t k = 0; k < count; k++)
        memcpy(r->data + k * n, d, (size_t)n);
    GC_RETURN((w_object *)r);
}

/* The constructor: str(object='', encoding='utf-8', errors='strict'). */
static w_object *str_construct(w_object *type, w_object **args, size_t nargs, w_object *kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors"};
    static const w_argspec spec = {"str", names, 3, 3, 0, 0};
    GC_ENTER();
    w_object *a[3] = {NULL, NULL, NULL};
    w_object *r = NULL;
    GC_ROOT(type);
    GC_ROOT_ARRAY(a, 3);
    GC_ROOT(r);
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        GC_RETURN(NULL);
    for (int k = 1; k < 3; k++)
        if (a[k] && !W_STR_CHECK(a[k]))
            GC_RETURN(w_raise_fmt(w_exc_TypeError, "str() argument '%s' must be str, not %s",
                                  names[k], w_text_argtype_name(a[k])));
    if (!a[0]) {
        r = w_str_from_utf8("", 0);
    } else if (!a[1] && !a[2]) {
        r = space_str(a[0]);
    } else if (W_STR_CHECK(a[0])) {
        GC_RETURN(w_raise_fmt(w_exc_TypeError, "decoding str is not supported"));
    } else if (!w_bytes_like(a[0])) {
        GC_RETURN(w_raise_fmt(w_exc_TypeError,
                              "decoding to str: need a bytes-like object, %s found",
                              W_TYPE(a[0])->name));
    } else {
        r = w_str_decode(w_bytes_data(a[0]), (size_t)w_bytes_size(a[0]), a[1], a[2]);
    }
    if (!r || (w_type *)type == w_str_type)
        GC_RETURN(r);
    /* A subclass instance: the same text in an object of that type. */
    w_str *sub = (w_str *)w_alloc((w_type *)type, W_TID_STR, str_size_for(w_str_nbytes(r)));
    if (!sub)
        GC_RETURN(NULL);
    memcpy(sub->data, w_str_utf8(r), (size_t)w_str_nbytes(r) + 1);
    sub->nbytes = w_str_nbytes(r);
    sub->length = w_str_length(r);
    sub->ascii = ((w_str *)r)->ascii;
    sub->hash = -1;
    GC_RETURN((w_object *)sub);
}

/* ---- iterators --------------------------------------------------------------------- */

/*
 * A str iterator uses the shared w_iter layout: `seq` the str (NULL once exhausted) and
 * `index` the byte offset of the next code point, so iterating non-ASCII text is linear.
 * CPython names the type of an ASCII str's iterator differently; so do we.
 */
static w_type *str_iter_type, *str_ascii_iter_type;

w_object *w_text_iter_self(w_object *self)
{
    return self;
}

static w_object *str_iter(w_object *self)
{
    GC_ENTER();
    GC_ROOT(self);
    w_type *t = ((w_str *)self)->ascii ? str_ascii_iter_type : str_iter_type;
    w_iter *it = (w_iter *)w_alloc(t, W_TID_ITER, sizeof(w_iter));
    if (!it)
        GC_RETURN(NULL);
    W_STORE(it, seq, self);
    it->index = 0;
    GC_RETURN((w_object *)it);
}

static w_object *str_iter_next(w_object *self)
{
    w_iter *it = (w_iter *)self;
    if (!it->seq)
        return NULL;
    if (it->index >= w_str_nbytes(it->seq)) {
        it->seq = NULL;
        return NULL;
    }
    const char *p = w_str_utf8(it->seq) + it->index;
    const char *q = p;
    uint32_t c = w_utf8_next(&q);
    it->index += q - p;
    return w_str_from_codepoint(c);
}

/* ---- start-up ---------------------------------------------------------------------- */

static size_t str_gc_size(const void *o)
{
    return GC_ALIGN(str_size_for(((const w_str *)o)->nbytes));
}

static size_t bytes_gc_size(const void *o)
{
    return GC_ALIGN(offsetof(w_bytes, data) + (size_t)((const w_bytes *)o)->size + 1);
}

static size_t bytearray_gc_size(const void *o)
{
    return sizeof(w_bytearray);
}

static void bytearray_trace(void *o, gc_visit_fn visit, void *ctx)
{
    w_bytearray *b = o;
    if (b->storage)
        visit((void **)&b->storage, ctx);
}

void w_text_register_tids(void)
{
    static const gc_descr str_d = {"str", str_gc_size, NULL};
    static const gc_descr bytes_d = {"bytes", bytes_gc_size, NULL};
    static const gc_descr bytearray_d = {"bytearray", bytearray_gc_size, bytearray_trace};
    gc_register_tid(W_TID_STR, &str_d);
    gc_register_tid(W_TID_BYTES, &bytes_d);
    gc_register_tid(W_TID_BYTEARRAY, &bytearray_d);
}

static int make_caches(void)
{
    empty_str = NULL;
    memset(char_cache, 0, sizeof char_cache);
    interned_reset();
    gc_add_root_hook(visit_caches, NULL);
    empty_str = str_new_old("", 0);
    if (!empty_str)
        return -1;
    for (int c = 0; c < 128; c++) {
        char ch = (char)c;
        char_cache[c] = str_new_old(&ch, 1);
        if (!char_cache[c])
            return -1;
    }
    return 0;
}

static int make_str_iter_types(void)
{
    str_iter_type = w_type_new_static("str_iterator", w_object_type, W_TID_ITER);
    str_ascii_iter_type = w_type_new_static("str_ascii_iterator", w_object_type, W_TID_ITER);
    w_type *ts[2] = {str_iter_type, str_ascii_iter_type};
    /* readied with every type at the end of start-up (w_types_ready_all), once object's
       slots exist for them to inherit */
    for (int k = 0; k < 2; k++) {
        ts[k]->iter = w_text_iter_self;
        ts[k]->next = str_iter_next;
    }
    return 0;
}

int w_text_init(void)
{
    if (make_caches() < 0)
        return -1;
    w_type *t = w_str_type;
    t->flags |= W_TF_BASETYPE;
    t->repr = str_repr;
    t->str = str_str;
    t->hash = str_hash;
    t->richcompare = str_richcompare;
    t->truth = str_truth;
    t->len = str_len;
    t->getitem = str_getitem;
    t->contains = str_contains;
    t->concat = str_concat;
    t->repeat = str_repeat;
    t->iter = str_iter;
    t->construct = str_construct;
    if (make_str_iter_types() < 0 || w_str_methods_init() < 0 || w_bytes_init() < 0 ||
        w_bytearray_init() < 0)
        return -1;
    return 0;
}

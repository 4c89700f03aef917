/* lexer.c — the REPL's per-line arena and tokenizer: names, numbers, strings, operators. */
#define _GNU_SOURCE /* vasprintf */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uniname.h>

#include "cli/cli.h"

/* ---- arena -------------------------------------------------------------------------- */

struct cli_arena_block {
    struct cli_arena_block *next;
    size_t used, cap;
    _Alignas(16) char data[];
};

#define ARENA_BLOCK 8192

void cli_arena_init(cli_arena *a)
{
    a->blocks = NULL;
}

void *cli_arena_alloc(cli_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct cli_arena_block *b = a->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b) {
            fputs("ferry: out of memory\n", stderr);
            abort();
        }
        b->used = 0;
        b->cap = cap;
        b->next = a->blocks;
        a->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *cli_arena_strndup(cli_arena *a, const char *s, size_t n)
{
    char *p = cli_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void cli_arena_free(cli_arena *a)
{
    while (a->blocks) {
        struct cli_arena_block *n = a->blocks->next;
        free(a->blocks);
        a->blocks = n;
    }
}

/* ---- helpers ------------------------------------------------------------------------ */

typedef struct lexer {
    cli_arena *arena;
    const char *src;
    size_t pos;
    char *err;
} lexer;

static void lex_error(lexer *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void lex_error(lexer *lx, const char *fmt, ...)
{
    if (lx->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&lx->err, fmt, ap) < 0)
        lx->err = NULL;
    va_end(ap);
    if (!lx->err)
        lx->err = strdup("invalid syntax");
}

static const char *const keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield",
};

int cli_is_keyword(const char *name)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (!strcmp(name, keywords[i]))
            return 1;
    return 0;
}

static int is_name_start(unsigned char c)
{
    return isalpha(c) || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || isdigit(c);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* Appends code point cp as UTF-8; lone surrogates get the same three-byte form, which the
   evaluator lets through with the "surrogatepass" decoder. */
static size_t utf8_put(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- numbers ------------------------------------------------------------------------ */

static int digit_ok(char c, int base)
{
    int v = hexval(c);
    return v >= 0 && v < base;
}

/*
 * Scans digits of `base` with single underscores between them, starting at p (an
 * underscore right after a 0x/0o/0b prefix is allowed: `lead_underscore`). Copies the
 * digits to `out` (if not NULL) and returns the end, or NULL on a misplaced underscore.
 */
static const char *scan_digits(const char *p, int base, int lead_underscore, char *out,
                               size_t *nout)
{
    size_t n = 0;
    if (lead_underscore && *p == '_')
        p++;
    if (!digit_ok(*p, base))
        return NULL;
    for (;;) {
        if (digit_ok(*p, base)) {
            if (out)
                out[n] = *p;
            n++;
            p++;
        } else if (*p == '_' && digit_ok(p[1], base)) {
            p++;
        } else if (*p == '_') {
            return NULL;
        } else {
            break;
        }
    }
    if (nout)
        *nout = n;
    return p;
}

/* After a number, Python accepts a keyword glued to it (`1if x else y`) but no other name. */
static int glued_name_ok(const char *p)
{
    static const char *const ok[] = {"and", "or", "if", "else", "in", "is", "not", "for"};
    if (!is_name_char((unsigned char)*p))
        return 1;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        size_t n = strlen(ok[i]);
        if (!strncmp(p, ok[i], n) && !is_name_char((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

static void lex_number(lexer *lx, cli_token *t)
{
    const char *start = lx->src + lx->pos, *p = start;
    char *digits = cli_arena_alloc(lx->arena, strlen(start) + 1);
    size_t n = 0;

    if (p[0] == '0' && strchr("xXoObB", p[1]) && p[1]) {
        int base = strchr("xX", p[1]) ? 16 : strchr("oO", p[1]) ? 8 : 2;
        const char *kind = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
        const char *e = scan_digits(p + 2, base, 1, digits, &n);
        if (!e) {
            const char *q = p + 2 + (p[2] == '_');
            if (isdigit((unsigned char)*q))
                lex_error(lx, "invalid digit '%c' in %s literal", *q, kind);
            else
                lex_error(lx, "invalid %s literal", kind);
            return;
        }
        if (isdigit((unsigned char)*e)) {
            lex_error(lx, "invalid digit '%c' in %s literal", *e, kind);
            return;
        }
        if (!glued_name_ok(e)) {
            lex_error(lx, "invalid %s literal", kind);
            return;
        }
        digits[n] = 0;
        t->kind = CLI_T_INT;
        t->text = digits;
        t->base = base;
        lx->pos += (size_t)(e - start);
        return;
    }

    /* decimal: an int, or a float when a '.' or an exponent follows */
    const char *e = p;
    if (*p != '.') {
        e = scan_digits(p, 10, 0, digits, &n);
        if (!e) {
            lex_error(lx, "invalid decimal literal");
            return;
        }
    }
    int is_float = 0;
    if (*e == '.') {
        is_float = 1;
        digits[n++] = '.';
        e++;
        if (isdigit((unsigned char)*e)) {
            size_t m;
            e = scan_digits(e, 10, 0, digits + n, &m);
            if (!e) {
                lex_error(lx, "invalid decimal literal");
                return;
            }
            n += m;
        } else if (*e == '_') {
            lex_error(lx, "invalid decimal literal");
            return;
        }
    }
    if ((*e == 'e' || *e == 'E') &&
        (isdigit((unsigned char)e[1]) ||
         ((e[1] == '+' || e[1] == '-') && isdigit((unsigned char)e[2])))) {
        is_float = 1;
        digits[n++] = 'e';
        e++;
        if (*e == '+' || *e == '-')
            digits[n++] = *e++;
        size_t m;
        e = scan_digits(e, 10, 0, digits + n, &m);
        if (!e) {
            lex_error(lx, "invalid decimal literal");
            return;
        }
        n += m;
    }
    digits[n] = 0;
    if (*e == 'j' || *e == 'J') {
        lex_error(lx, "complex literals are not supported");
        return;
    }
    if (!glued_name_ok(e)) {
        lex_error(lx, "invalid decimal literal");
        return;
    }
    lx->pos += (size_t)(e - start);
    if (is_float) {
        t->kind = CLI_T_FLOAT;
        errno = 0;
        t->fval = strtod(digits, NULL); /* overflow gives inf, as Python's literal does */
        return;
    }
    /* "0", "00", "0_0" are fine; other leading zeros are not */
    if (digits[0] == '0' && strspn(digits, "0") != n) {
        lex_error(lx, "leading zeros in decimal integer literals are not permitted; use an "
                      "0o prefix for octal integers");
        return;
    }
    t->kind = CLI_T_INT;
    t->text = digits;
    t->base = 10;
}

/* ---- strings ------------------------------------------------------------------------ */

/* Decodes \N{name}: p points after "N{". Returns the code point, or -1. */
static long named_char(const char *p, size_t *consumed)
{
    const char *close = strchr(p, '}');
    if (!close || close == p || (size_t)(close - p) >= UNINAME_MAX)
        return -1;
    char name[UNINAME_MAX];
    size_t n = (size_t)(close - p);
    for (size_t i = 0; i < n; i++)
        name[i] = (char)toupper((unsigned char)p[i]);
    name[n] = 0;
    ucs4_t c = unicode_name_character(name);
    if (c == UNINAME_INVALID)
        return -1;
    *consumed = n + 1;
    return (long)c;
}

/*
 * Decodes one escape sequence of a non-raw literal; p points after the backslash.
 * Appends to out and returns the number of source bytes it consumed after the backslash;
 * errors are left in lx->err.
 */
static size_t decode_escape(lexer *lx, const char *p, int is_bytes, char *out, size_t *n)
{
    static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
    for (const char *s = simple; *s; s += 2)
        if (*p == s[0]) {
            out[(*n)++] = s[1];
            return 1;
        }
    if (*p >= '0' && *p <= '7') {
        unsigned v = 0;
        size_t k = 0;
        while (k < 3 && p[k] >= '0' && p[k] <= '7')
            v = v * 8 + (unsigned)(p[k++] - '0');
        if (is_bytes)
            out[(*n)++] = (char)(v & 0xff);
        else
            *n += utf8_put(out + *n, v);
        return k;
    }
    size_t width = *p == 'x' ? 2 : (!is_bytes && *p == 'u') ? 4 : (!is_bytes && *p == 'U') ? 8 : 0;
    if (width) {
        unsigned long v = 0;
        for (size_t k = 1; k <= width; k++) {
            int h = hexval(p[k]);
            if (h < 0) {
                lex_error(lx, "(unicode error) truncated \\%c escape", *p);
                return 0;
            }
            v = v * 16 + (unsigned)h;
        }
        if (v > 0x10ffff) {
            lex_error(lx, "(unicode error) illegal Unicode character");
            return 0;
        }
        if (is_bytes)
            out[(*n)++] = (char)v;
        else
            *n += utf8_put(out + *n, (unsigned)v);
        return width + 1;
    }
    if (!is_bytes && *p == 'N') {
        size_t used = 0;
        long c = p[1] == '{' ? named_char(p + 2, &used) : -1;
        if (c < 0) {
            lex_error(lx, "(unicode error) unknown Unicode character name");
            return 0;
        }
        *n += utf8_put(out + *n, (unsigned)c);
        return 2 + used;
    }
    /* an unknown escape keeps its backslash (a DeprecationWarning in CPython); the
       character after it is copied as ordinary text */
    out[(*n)++] = '\\';
    return 0;
}

/* Recognises a string prefix (r, b, u, f in their valid combinations) before a quote. */
static int string_prefix(const char *p, size_t len, int *raw, int *bytes, int *fmt)
{
    *raw = *bytes = *fmt = 0;
    if (len > 2)
        return 0;
    int u = 0;
    for (size_t i = 0; i < len; i++) {
        switch (tolower((unsigned char)p[i])) {
        case 'r': *raw += 1; break;
        case 'b': *bytes += 1; break;
        case 'f': *fmt += 1; break;
        case 'u': u += 1; break;
        default: return 0;
        }
    }
    if (*raw > 1 || *bytes > 1 || *fmt > 1 || (u && len > 1) || (*bytes && *fmt))
        return 0;
    return 1;
}

static void lex_string(lexer *lx, cli_token *t, size_t prefix_len)
{
    int raw, is_bytes, fmt;
    string_prefix(lx->src + lx->pos, prefix_len, &raw, &is_bytes, &fmt);
    if (fmt) {
        lex_error(lx, "f-strings are not supported");
        return;
    }
    const char *p = lx->src + lx->pos + prefix_len;
    char q = *p;
    int triple = p[1] == q && p[2] == q;
    p += triple ? 3 : 1;
    char *out = cli_arena_alloc(lx->arena, strlen(p) + 1);
    size_t n = 0;
    for (;;) {
        if (!*p) {
            lex_error(lx, triple ? "unterminated triple-quoted string literal"
                                 : "unterminated string literal");
            return;
        }
        if (*p == q && (!triple || (p[1] == q && p[2] == q))) {
            p += triple ? 3 : 1;
            break;
        }
        if ((unsigned char)*p >= 0x80 && is_bytes) {
            lex_error(lx, "bytes can only contain ASCII literal characters");
            return;
        }
        if (*p != '\\') {
            out[n++] = *p++;
            continue;
        }
        if (!p[1]) {
            lex_error(lx, "unterminated string literal");
            return;
        }
        if (raw) {
            /* a raw string keeps the backslash, which still protects the next quote */
            out[n++] = *p++;
            out[n++] = *p++;
            continue;
        }
        size_t used = decode_escape(lx, p + 1, is_bytes, out, &n);
        if (lx->err)
            return;
        p += 1 + used;
    }
    out[n] = 0;
    t->kind = is_bytes ? CLI_T_BYTES : CLI_T_STR;
    t->text = out;
    t->len = n;
    lx->pos = (size_t)(p - lx->src);
}

/* ---- operators ---------------------------------------------------------------------- */

static const char *const operators[] = {
    /* longest first */
    "**=", "//=", ">>=", "<<=", "...",
    "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "@=", ":=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{",
    "}", ",", ":", ".", ";", "=",
};

static const char *match_operator(const char *p)
{
    for (size_t i = 0; i < sizeof operators / sizeof *operators; i++) {
        size_t n = strlen(operators[i]);
        if (!strncmp(p, operators[i], n))
            return operators[i];
    }
    return NULL;
}

/* ---- the tokenizer ------------------------------------------------------------------ */

static int next_token(lexer *lx, cli_token *t)
{
    const char *s = lx->src;
    while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\f' ||
           s[lx->pos] == '\r' || s[lx->pos] == '\n')
        lx->pos++;
    memset(t, 0, sizeof *t);
    t->col = lx->pos;
    const char *p = s + lx->pos;
    unsigned char c = (unsigned char)*p;
    if (!c || c == '#') {
        t->kind = CLI_T_END;
        return 0;
    }
    if (is_name_start(c)) {
        size_t n = 0;
        while (is_name_char((unsigned char)p[n]))
            n++;
        int raw, b, f;
        if ((p[n] == '\'' || p[n] == '"') && string_prefix(p, n, &raw, &b, &f)) {
            lex_string(lx, t, n);
            return lx->err ? -1 : 0;
        }
        t->kind = CLI_T_NAME;
        t->text = cli_arena_strndup(lx->arena, p, n);
        t->len = n;
        lx->pos += n;
        return 0;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
        lex_number(lx, t);
        return lx->err ? -1 : 0;
    }
    if (c == '\'' || c == '"') {
        lex_string(lx, t, 0);
        return lx->err ? -1 : 0;
    }
    const char *op = match_operator(p);
    if (!op) {
        if (c == '\\')
            lex_error(lx, "unexpected character after line continuation character");
        else if (c == '!')
            lex_error(lx, "invalid syntax");
        else
            lex_error(lx, "invalid character '%c' (U+%04X)", c, c);
        return -1;
    }
    t->kind = CLI_T_OP;
    t->text = op;
    t->len = strlen(op);
    lx->pos += t->len;
    return 0;
}

cli_token *cli_lex(cli_arena *arena, const char *line, char **err)
{
    lexer lx = {arena, line, 0, NULL};
    *err = NULL;
    for (const unsigned char *p = (const unsigned char *)line; *p;) {
        size_t n = utf8_seq_len(p);
        if (!n) {
            *err = strdup("(unicode error) 'utf-8' codec can't decode the line");
            return NULL;
        }
        p += n;
    }
    size_t cap = 16, n = 0;
    int level = 0; /* bracket nesting: CPython's tokenizer stops at 200 */
    cli_token *toks = cli_arena_alloc(arena, cap * sizeof *toks);
    for (;;) {
        if (n == cap) {
            cli_token *bigger = cli_arena_alloc(arena, 2 * cap * sizeof *toks);
            memcpy(bigger, toks, cap * sizeof *toks);
            toks = bigger;
            cap *= 2;
        }
        if (next_token(&lx, &toks[n]) < 0) {
            *err = lx.err;
            return NULL;
        }
        cli_token *t = &toks[n++];
        if (t->kind == CLI_T_END)
            return toks;
        if (t->kind == CLI_T_OP && strchr("([{", t->text[0]) && ++level > 200) {
            *err = strdup("too many nested parentheses");
            return NULL;
        }
        if (t->kind == CLI_T_OP && strchr(")]}", t->text[0]))
            level--;
    }
}

/* ---- ferry -c ----------------------------------------------------------------------- */

char *cli_split_escaped_newlines(const char *code)
{
    char *out = strdup(code);
    if (!out)
        return NULL;
    size_t n = 0;
    char quote = 0;       /* the quote character of the open literal, or 0 */
    int triple = 0, comment = 0;
    for (const char *p = code; *p;) {
        if (*p == '\n') {
            quote = 0, comment = 0;
            out[n++] = *p++;
        } else if (quote) {
            if (*p == '\\' && p[1] && p[1] != '\n') {
                out[n++] = *p++;
                out[n++] = *p++;
            } else if (*p == quote && (!triple || (p[1] == quote && p[2] == quote))) {
                size_t k = triple ? 3 : 1;
                memcpy(out + n, p, k);
                n += k, p += k;
                quote = 0;
            } else {
                out[n++] = *p++;
            }
        } else if (*p == '\\' && p[1] == 'n') {
            out[n++] = '\n';
            p += 2;
            comment = 0;
        } else if (comment) {
            out[n++] = *p++;
        } else if (*p == '#') {
            comment = 1;
            out[n++] = *p++;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            triple = p[1] == quote && p[2] == quote;
            size_t k = triple ? 3 : 1;
            memcpy(out + n, p, k);
            n += k, p += k;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = 0;
    return out;
}

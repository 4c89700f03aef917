/* sig.c — parsing signature strings ("double cos(double)") into libffi call interfaces. */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>

#include "ffi/ffi.h"

/* The scalar type names, words joined by one space; `char` is an integer of C's char
   signedness, like the others. */
static const struct {
    const char *name;
    ff_kind kind;
} scalars[] = {
    {"void", FF_K_VOID}, {"bool", FF_K_BOOL}, {"_Bool", FF_K_BOOL},
    {"char", CHAR_MIN < 0 ? FF_K_I8 : FF_K_U8},
    {"signed char", FF_K_I8}, {"unsigned char", FF_K_U8},
    {"short", FF_K_I16}, {"signed short", FF_K_I16}, {"unsigned short", FF_K_U16},
    {"int", FF_K_I32}, {"signed int", FF_K_I32}, {"signed", FF_K_I32},
    {"unsigned int", FF_K_U32}, {"unsigned", FF_K_U32},
    {"long", sizeof(long) == 8 ? FF_K_I64 : FF_K_I32},
    {"signed long", sizeof(long) == 8 ? FF_K_I64 : FF_K_I32},
    {"unsigned long", sizeof(long) == 8 ? FF_K_U64 : FF_K_U32},
    {"long long", FF_K_I64}, {"signed long long", FF_K_I64},
    {"unsigned long long", FF_K_U64},
    {"int8_t", FF_K_I8}, {"uint8_t", FF_K_U8}, {"int16_t", FF_K_I16},
    {"uint16_t", FF_K_U16}, {"int32_t", FF_K_I32}, {"uint32_t", FF_K_U32},
    {"int64_t", FF_K_I64}, {"uint64_t", FF_K_U64},
    {"size_t", sizeof(size_t) == 8 ? FF_K_U64 : FF_K_U32},
    {"ssize_t", sizeof(ssize_t) == 8 ? FF_K_I64 : FF_K_I32},
    {"float", FF_K_FLOAT}, {"double", FF_K_DOUBLE},
};

_Static_assert(sizeof(int) == 4 && sizeof(short) == 2, "int is 32 bits, short 16");

static ffi_type *kind_type(ff_kind k)
{
    switch (k) {
    case FF_K_VOID: return &ffi_type_void;
    case FF_K_BOOL: return &ffi_type_uint8; /* _Bool is one byte on every ABI we run on */
    case FF_K_I8: return &ffi_type_sint8;
    case FF_K_U8: return &ffi_type_uint8;
    case FF_K_I16: return &ffi_type_sint16;
    case FF_K_U16: return &ffi_type_uint16;
    case FF_K_I32: return &ffi_type_sint32;
    case FF_K_U32: return &ffi_type_uint32;
    case FF_K_I64: return &ffi_type_sint64;
    case FF_K_U64: return &ffi_type_uint64;
    case FF_K_FLOAT: return &ffi_type_float;
    case FF_K_DOUBLE: return &ffi_type_double;
    default: return &ffi_type_pointer;
    }
}

static int is_type_word(const char *w, size_t n)
{
    static const char *const words[] = {"const", "signed", "unsigned", "short", "long"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !memcmp(words[i], w, n))
            return 1;
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
        if (strlen(scalars[i].name) == n && !memcmp(scalars[i].name, w, n))
            return 1;
    return 0;
}

typedef struct parser {
    const char *text, *p;
} parser;

static void skip_space(parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static int fail(parser *ps, const char *at, const char *what)
{
    const char *end = at;
    while (*end && (isalnum((unsigned char)*end) || *end == '_'))
        end++;
    if (end == at && *at)
        end += strncmp(at, "...", 3) ? 1 : 3;
    if (end == at)
        w_raise_fmt(w_exc_ValueError, "bad C signature '%s': %s at end", ps->text, what);
    else
        w_raise_fmt(w_exc_ValueError, "bad C signature '%s': %s '%.*s' at column %d",
                    ps->text, what, (int)(end - at), at, (int)(at - ps->text) + 1);
    return -1;
}

/*
 * One type: words then stars ("unsigned long", "const char *"). `const` is accepted and
 * ignored. With `name` non-NULL, a last word that is no type word is taken as the
 * function's name. Returns 0, or -1 with ValueError.
 */
static int parse_type(parser *ps, ff_kind *kind, const char **tname, char *name,
                      size_t namecap)
{
    char words[64] = "";
    size_t wlen = 0;
    int stars = 0;
    const char *start = NULL, *last = NULL;
    for (;;) {
        skip_space(ps);
        const char *w = ps->p;
        if (*w == '*') {
            stars++;
            ps->p++;
            continue;
        }
        if (!(isalpha((unsigned char)*w) || *w == '_'))
            break;
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
            ps->p++;
        size_t n = (size_t)(ps->p - w);
        if (!is_type_word(w, n)) {
            if (!name)
                return fail(ps, w, "unknown type");
            if (n >= namecap)
                return fail(ps, w, "name too long");
            memcpy(name, w, n);
            name[n] = 0;
            last = w;
            skip_space(ps);
            break;
        }
        if (stars)
            return fail(ps, w, "unexpected");
        if (n == 5 && !memcmp(w, "const", 5))
            continue;
        if (!start)
            start = w;
        if (wlen + n + 2 > sizeof words)
            return fail(ps, w, "unknown type");
        if (wlen)
            words[wlen++] = ' ';
        memcpy(words + wlen, w, n);
        wlen += n;
        words[wlen] = 0;
    }
    if (!start)
        return fail(ps, last ? last : ps->p, "expected a type, got");
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        if (strcmp(scalars[i].name, words))
            continue;
        if (!stars) {
            *kind = scalars[i].kind;
            *tname = scalars[i].name;
        } else if (stars == 1 && !strcmp(words, "char")) {
            *kind = FF_K_CHARP;
            *tname = "char*";
        } else {
            *kind = FF_K_PTR;
            *tname = "pointer";
        }
        return 0;
    }
    return fail(ps, start, "unknown type");
}

int ff_sig_parse(const char *text, int want_name, ff_sig *sig)
{
    parser ps = {text, text};
    memset(sig, 0, sizeof *sig);
    if (parse_type(&ps, &sig->ret, &sig->rettext, sig->name, sizeof sig->name) < 0)
        return -1;
    if (want_name && !sig->name[0])
        return fail(&ps, ps.p, "expected the function's name before");
    if (!want_name && sig->name[0])
        return fail(&ps, strstr(text, sig->name), "a callback signature has no name, got");
    if (*ps.p != '(')
        return fail(&ps, ps.p, "expected '(', got");
    ps.p++;
    skip_space(&ps);
    if (*ps.p == ')') {
        ps.p++;
    } else {
        for (;;) {
            const char *at = (skip_space(&ps), ps.p);
            if (!strncmp(at, "...", 3))
                return fail(&ps, at, "variadic functions are not supported:");
            if (sig->nargs == FF_MAX_ARGS)
                return fail(&ps, at, "too many arguments (at most 32) at");
            int i = sig->nargs;
            if (parse_type(&ps, &sig->args[i], &sig->argtext[i], NULL, 0) < 0)
                return -1;
            skip_space(&ps);
            if (sig->args[i] == FF_K_VOID) {
                /* `(void)` is the empty list; void elsewhere is an error */
                if (i || *ps.p != ')')
                    return fail(&ps, at, "void is not an argument type:");
                ps.p++;
                break;
            }
            sig->nargs++;
            if (*ps.p == ')') {
                ps.p++;
                break;
            }
            if (*ps.p != ',')
                return fail(&ps, ps.p, "expected ',' or ')', got");
            ps.p++;
        }
    }
    skip_space(&ps);
    if (*ps.p)
        return fail(&ps, ps.p, "unexpected");
    for (int i = 0; i < sig->nargs; i++)
        sig->atypes[i] = kind_type(sig->args[i]);
    if (ffi_prep_cif(&sig->cif, FFI_DEFAULT_ABI, (unsigned)sig->nargs, kind_type(sig->ret),
                     sig->atypes) != FFI_OK) {
        w_raise_fmt(w_exc_ValueError, "bad C signature '%s': libffi rejects it", text);
        return -1;
    }
    sig->direct = ff_direct_shape(sig);
    return 0;
}

/* fixture.h — a fresh runtime per test for the objects suites, and small helpers. */
#ifndef FERRY_TEST_FIXTURE_H
#define FERRY_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects/objects.h"

static inline void fx_setup(void)
{
    gc_config cfg = {0, -1, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
}

static inline void fx_teardown(void)
{
    gc_shutdown();
}

/* repr() of o as a malloc'd C string; aborts the test on error. */
static inline char *fx_repr(w_object *o)
{
    w_object *r = space_repr(o);
    cr_assert(r, "repr raised");
    return strdup(w_str_utf8(r));
}

/* Asserts repr(o) == expected. */
#define fx_assert_repr(o, expected)                                                       \
    do {                                                                                  \
        char *r__ = fx_repr(o);                                                           \
        cr_assert_str_eq(r__, expected);                                                  \
        free(r__);                                                                        \
    } while (0)

/* Asserts that an exception of `type` is pending with message `msg`, then clears it. */
#define fx_assert_raised(type, msg)                                                       \
    do {                                                                                  \
        cr_assert(w_err_occurred(), "no exception pending");                              \
        cr_assert(w_err_matches(type), "wrong exception type %s",                         \
                  W_TYPE(w_err_current())->name);                                         \
        w_object *e__ = w_err_fetch();                                                    \
        w_object *s__ = w_exc_str(e__);                                                   \
        cr_assert_str_eq(w_str_utf8(s__), msg);                                           \
    } while (0)

/* Runs the rest of the test with a minor collection at every allocation. */
static inline void fx_restart_in_stress_mode(void)
{
    gc_shutdown();
    gc_config cfg = {0, 1, 0};
    cr_assert_eq(gc_init(&cfg), 0);
    cr_assert_eq(w_objects_init(), 0);
}

/*
 * A number from a Python-like literal: an int in any base ("-12", "0x1f"), a power
 * "B**E" with an optional leading '-' (negating the power) and "+K" / "-K" tail, or a
 * float (anything with '.', "inf" or "nan", or an 'e' outside a hex literal).
 */
static inline w_object *fx_num(const char *lit)
{
    const char *pow = strstr(lit, "**");
    if (!pow) {
        bool is_float = strpbrk(lit, ".n") || (strchr(lit, 'e') && !strstr(lit, "0x"));
        return is_float ? w_float_from_text(lit, strlen(lit)) : w_int_from_text(lit, strlen(lit), 0);
    }
    bool neg = lit[0] == '-';
    char *end;
    long long base = strtoll(lit + neg, NULL, 10), exp = strtoll(pow + 2, &end, 10);
    long long tail = *end ? strtoll(end, NULL, 10) : 0;
    GC_ENTER();
    w_object *r = NULL, *e = NULL;
    GC_ROOT(r);
    GC_ROOT(e);
    r = w_int_from_i64(base);
    e = w_int_from_i64(exp);
    r = space_binop(W_OP_POW, r, e);
    if (neg)
        r = space_unop(W_OP_NEG, r);
    e = w_int_from_i64(tail);
    r = space_binop(W_OP_ADD, r, e);
    cr_assert(r, "cannot build %s", lit);
    GC_RETURN(r);
}

/* repr(r), or "ExceptionName: message" when r is NULL; malloc'd. */
static inline char *fx_outcome(w_object *r)
{
    if (r)
        return fx_repr(r);
    GC_ENTER();
    w_object *e = NULL;
    GC_ROOT(e);
    e = w_err_fetch();
    cr_assert(e, "NULL without an exception");
    w_object *s = w_exc_str(e);
    const char *name = W_TYPE(e)->name, *msg = w_str_utf8(s);
    size_t len = strlen(name) + strlen(msg) + 3;
    char *text = malloc(len);
    cr_assert(text);
    snprintf(text, len, "%s: %s", name, msg);
    GC_LEAVE();
    return text;
}

#define fx_assert_outcome(r, expected)                                                       \
    do {                                                                                  \
        char *got__ = fx_outcome(r);                                                         \
        cr_assert_str_eq(got__, expected);                                                \
        free(got__);                                                                      \
    } while (0)

static inline char *fx_binop_text(const char *a, enum w_binop op, const char *b)
{
    GC_ENTER();
    w_object *x = NULL, *y = NULL;
    GC_ROOT(x);
    GC_ROOT(y);
    x = fx_num(a);
    y = fx_num(b);
    char *r = fx_outcome(space_binop(op, x, y));
    GC_LEAVE();
    return r;
}

/*
 * fx_callm calls self.name(...), fx_construct calls type(...), with at most FX_MAXARGS
 * arguments built from `fmt`, one letter each: 's' a C string
 * (made a str), 'y' a C string made bytes, 'i' an int64_t, 'o' a w_object*. Every argument
 * is rooted while the next is made. An 'o' argument must not be evaluated next to an
 * allocating one in the same call (C leaves their order open).
 */
#define FX_MAXARGS 4

/* Fills the rooted array `args` from `fmt` and `ap`; returns the count. */
static inline size_t fx_build_args(w_object **args, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (; fmt[n]; n++) {
        cr_assert_lt(n, FX_MAXARGS, "too many arguments in \"%s\"", fmt);
        switch (fmt[n]) {
        case 's': args[n] = w_str_from_cstr(va_arg(ap, const char *)); break;
        case 'y': {
            const char *c = va_arg(ap, const char *);
            args[n] = w_bytes_from(c, strlen(c));
            break;
        }
        case 'i': args[n] = w_int_from_i64(va_arg(ap, int64_t)); break;
        default: args[n] = va_arg(ap, w_object *); break;
        }
    }
    return n;
}

static inline w_object *fx_callm(w_object *self, const char *name, const char *fmt, ...)
{
    GC_ENTER();
    w_object *args[FX_MAXARGS] = {NULL};
    GC_ROOT(self);
    GC_ROOT_ARRAY(args, FX_MAXARGS);
    va_list ap;
    va_start(ap, fmt);
    size_t n = fx_build_args(args, fmt, ap);
    va_end(ap);
    GC_RETURN(space_call_method(self, name, args, n));
}

/* type(...) with arguments built as fx_callm builds them. */
static inline w_object *fx_construct(w_type *type, const char *fmt, ...)
{
    GC_ENTER();
    w_object *args[FX_MAXARGS] = {NULL};
    GC_ROOT_ARRAY(args, FX_MAXARGS);
    va_list ap;
    va_start(ap, fmt);
    size_t n = fx_build_args(args, fmt, ap);
    va_end(ap);
    GC_RETURN(space_call((w_object *)type, args, n, NULL));
}

#endif

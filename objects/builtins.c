/* builtins.c — the builtins module: its functions, constants, types and exceptions. */
#include <stdio.h>
#include <stdlib.h>

#include "objects/objects.h"

static w_object *builtins_mod;

w_object *w_builtins_module(void)
{
    return builtins_mod;
}

static size_t kw_count(w_object *kwnames)
{
    return kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
}

/* The builtin calling convention with the builtin itself first (unused here). */
#define BUILTIN(fn)                                                                       \
    static w_object *fn(w_object *self, w_object **args, size_t nargs, w_object *kwnames)

/* ---- print ------------------------------------------------------------------------------- */

/* Writes a str to C stdout, or through file.write when a file object is given. */
static int print_write(w_object *file, w_object *s)
{
    if (file == w_None) {
        fwrite(w_str_utf8(s), 1, (size_t)w_str_nbytes(s), stdout);
        return 0;
    }
    return space_call_method(file, "write", &s, 1) ? 0 : -1;
}

static bool none_or_str(w_object *o, const char *what)
{
    if (!o || o == w_None || W_STR_CHECK(o))
        return true;
    w_raise_fmt(w_exc_TypeError, "%s must be None or a string, not %s", what, W_TYPE(o)->name);
    return false;
}

BUILTIN(bi_print)
{
    static const char *const names[] = {"sep", "end", "file", "flush"};
    static const w_argspec spec = {"print", names, 4, 0, 0, 0};
    w_object *kw[4];
    if (w_args_bind(&spec, args + nargs, 0, kwnames, kw) < 0)
        return NULL;
    if (!none_or_str(kw[0], "sep") || !none_or_str(kw[1], "end"))
        return NULL;
    GC_ENTER();
    w_object *s = NULL, *sep = NULL, *end = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT_ARRAY(kw, 4);
    GC_ROOT(s);
    GC_ROOT(sep);
    GC_ROOT(end);
    if (!kw[2])
        kw[2] = w_None;
    sep = kw[0] && kw[0] != w_None ? kw[0] : w_str_intern(" ");
    end = kw[1] && kw[1] != w_None ? kw[1] : w_str_intern("\n");
    for (size_t i = 0; i < nargs; i++) {
        if (i > 0 && print_write(kw[2], sep) < 0)
            GC_RETURN(NULL);
        if (!(s = space_str(args[i])) || print_write(kw[2], s) < 0)
            GC_RETURN(NULL);
    }
    if (print_write(kw[2], end) < 0)
        GC_RETURN(NULL);
    if (kw[3]) {
        int flush = space_truth(kw[3]);
        if (flush < 0)
            GC_RETURN(NULL);
        if (flush && kw[2] == w_None)
            fflush(stdout);
        else if (flush && !space_call_method(kw[2], "flush", NULL, 0))
            GC_RETURN(NULL);
    }
    GC_RETURN(w_None);
}

/* ---- one-argument functions -------------------------------------------------------------- */

BUILTIN(bi_repr)
{
    if (w_args_positional("repr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return space_repr(args[0]);
}

BUILTIN(bi_len)
{
    if (w_args_positional("len", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t n = space_len(args[0]);
    return n < 0 ? NULL : w_int_from_i64(n);
}

BUILTIN(bi_abs)
{
    if (w_args_positional("abs", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return space_unop(W_OP_ABS, args[0]);
}

BUILTIN(bi_hash)
{
    if (w_args_positional("hash", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t h;
    if (space_hash(args[0], &h) < 0)
        return NULL;
    return w_int_from_i64(h);
}

BUILTIN(bi_id)
{
    if (w_args_positional("id", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return space_id(args[0]);
}

BUILTIN(bi_callable)
{
    if (w_args_positional("callable", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return W_BOOL(W_TYPE(args[0])->call != NULL);
}

/* all() and any(): stop at the first item whose truth is `stop`. */
static w_object *all_any(w_object *iterable, int stop)
{
    GC_ENTER();
    w_object *it = NULL, *x = NULL;
    GC_ROOT(it);
    GC_ROOT(x);
    if (!(it = space_iter(iterable)))
        GC_RETURN(NULL);
    while ((x = space_next(it))) {
        int t = space_truth(x);
        if (t < 0)
            GC_RETURN(NULL);
        if (t == stop)
            GC_RETURN(W_BOOL(stop));
    }
    GC_RETURN(w_err_occurred() ? NULL : W_BOOL(!stop));
}

BUILTIN(bi_all)
{
    if (w_args_positional("all", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return all_any(args[0], 0);
}

BUILTIN(bi_any)
{
    if (w_args_positional("any", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return all_any(args[0], 1);
}

static w_object *int_text(w_object **args, size_t nargs, w_object *kwnames, const char *name,
                          int base)
{
    if (w_args_positional(name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    w_object *v = space_index(args[0]);
    return v ? w_int_format(v, base) : NULL;
}

BUILTIN(bi_hex)
{
    return int_text(args, nargs, kwnames, "hex", 16);
}

BUILTIN(bi_oct)
{
    return int_text(args, nargs, kwnames, "oct", 8);
}

BUILTIN(bi_bin)
{
    return int_text(args, nargs, kwnames, "bin", 2);
}

/* The code point of a one-character UTF-8 string. */
static uint32_t decode_one(const unsigned char *p)
{
    uint32_t c = p[0];
    if (c < 0x80)
        return c;
    if (c < 0xE0)
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    if (c < 0xF0)
        return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
}

BUILTIN(bi_ord)
{
    if (w_args_positional("ord", nargs, kwnames, 1, 1) < 0)
        return NULL;
    w_object *o = args[0];
    int64_t n;
    if (W_STR_CHECK(o)) {
        n = w_str_length(o);
        if (n == 1)
            return w_int_from_i64(decode_one((const unsigned char *)w_str_utf8(o)));
    } else if (W_BYTES_CHECK(o) || W_BYTEARRAY_CHECK(o)) {
        n = w_bytes_size(o);
        if (n == 1)
            return w_int_from_i64((unsigned char)w_bytes_data(o)[0]);
    } else {
        return w_raise_fmt(w_exc_TypeError, "ord() expected string of length 1, but %s found",
                           W_TYPE(o)->name);
    }
    return w_raise_fmt(w_exc_TypeError,
                       "ord() expected a character, but string of length %lld found", (long long)n);
}

BUILTIN(bi_chr)
{
    if (w_args_positional("chr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int c;
    if (w_arg_c_int(args[0], &c) < 0)
        return NULL;
    if (c < 0 || c > 0x10FFFF)
        return w_raise_fmt(w_exc_ValueError, "chr() arg not in range(0x110000)");
    return w_str_from_codepoint((uint32_t)c);
}

w_object *w_builtin_ascii(w_object *o)
{
    w_object *r = space_repr(o);
    if (!r || ((w_str *)r)->ascii)
        return r;
    w_strbuf b;
    w_strbuf_init(&b);
    const unsigned char *p = (const unsigned char *)w_str_utf8(r);
    const unsigned char *e = p + w_str_nbytes(r);
    while (p < e) {
        if (*p < 0x80) {
            w_strbuf_add(&b, (const char *)p, 1);
            p++;
            continue;
        }
        uint32_t c = decode_one(p);
        p += *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (c <= 0xFF)
            w_strbuf_printf(&b, "\\x%02x", c);
        else if (c <= 0xFFFF)
            w_strbuf_printf(&b, "\\u%04x", c);
        else
            w_strbuf_printf(&b, "\\U%08x", c);
    }
    return w_strbuf_finish(&b);
}

/* format(value, format_spec='') */
BUILTIN(bi_format)
{
    if (w_args_positional("format", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (nargs < 2)
        return w_format(args[0], w_str_intern(""));
    if (!W_STR_CHECK(args[1]))
        return w_raise_fmt(w_exc_TypeError, "format() argument 2 must be str, not %s",
                           W_TYPE(args[1])->name);
    return w_format(args[0], args[1]);
}

BUILTIN(bi_ascii)
{
    if (w_args_positional("ascii", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return w_builtin_ascii(args[0]);
}

/* ---- attributes and types ---------------------------------------------------------------- */

BUILTIN(bi_getattr)
{
    if (w_args_positional("getattr", nargs, kwnames, 2, 3) < 0)
        return NULL;
    GC_ENTER();
    GC_ROOT_ARRAY(args, nargs);
    w_object *v = space_getattr(args[0], args[1]);
    if (!v && nargs == 3 && w_err_matches(w_exc_AttributeError)) {
        w_err_clear();
        v = args[2];
    }
    GC_RETURN(v);
}

BUILTIN(bi_setattr)
{
    if (w_args_positional("setattr", nargs, kwnames, 3, 3) < 0)
        return NULL;
    return space_setattr(args[0], args[1], args[2]) < 0 ? NULL : w_None;
}

BUILTIN(bi_delattr)
{
    if (w_args_positional("delattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    return space_setattr(args[0], args[1], NULL) < 0 ? NULL : w_None;
}

BUILTIN(bi_hasattr)
{
    if (w_args_positional("hasattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int r = space_hasattr(args[0], args[1]);
    return r < 0 ? NULL : W_BOOL(r);
}

BUILTIN(bi_isinstance)
{
    if (w_args_positional("isinstance", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int r = space_isinstance(args[0], args[1]);
    return r < 0 ? NULL : W_BOOL(r);
}

static bool is_type(w_object *o)
{
    return W_TYPE(o) == w_type_type || W_TYPE_CHECK(o, w_type_type);
}

static int subclass_of(w_type *cls, w_object *info)
{
    if (is_type(info))
        return w_type_is_subtype(cls, (w_type *)info);
    if (W_TUPLE_CHECK(info)) {
        for (int64_t i = 0; i < W_TUPLE_SIZE(info); i++) {
            int r = subclass_of(cls, W_TUPLE_ITEMS(info)[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    w_raise_fmt(w_exc_TypeError,
                "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
}

BUILTIN(bi_issubclass)
{
    if (w_args_positional("issubclass", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!is_type(args[0]))
        return w_raise_fmt(w_exc_TypeError, "issubclass() arg 1 must be a class");
    int r = subclass_of((w_type *)args[0], args[1]);
    return r < 0 ? NULL : W_BOOL(r);
}

/* Adds the keys of dict `d` to the set `names`. */
static int add_keys(w_object *names, w_object *d)
{
    GC_ENTER();
    w_object *k = NULL;
    GC_ROOT(names);
    GC_ROOT(d);
    GC_ROOT(k);
    int64_t pos = 0;
    w_object *v;
    while (w_dict_next(d, &pos, &k, &v))
        if (w_set_add(names, k) < 0)
            GC_RETURN(-1);
    GC_RETURN(0);
}

/* dir(o): the instance's __dict__ (a module's namespace), then its type's attributes; for
   a type, the attributes along its bases. Sorted. */
BUILTIN(bi_dir)
{
    if (w_args_positional("dir", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return w_raise_fmt(w_exc_NotImplementedError, "dir() without arguments needs a frame");
    GC_ENTER();
    w_object *o = args[0], *names = NULL, *d = NULL, *list = NULL;
    GC_ROOT(o);
    GC_ROOT(names);
    GC_ROOT(d);
    GC_ROOT(list);
    if (!(names = w_set_new(false)))
        GC_RETURN(NULL);
    if (!(d = space_getattr_cstr(o, "__dict__"))) {
        if (!w_err_matches(w_exc_AttributeError))
            GC_RETURN(NULL);
        w_err_clear();
    } else if (W_DICT_CHECK(d) && add_keys(names, d) < 0) {
        GC_RETURN(NULL);
    }
    if (W_TYPE(o) != w_module_type) {
        w_type *t = is_type(o) ? (w_type *)o : W_TYPE(o);
        for (; t; t = t->base)
            if (t->dict && add_keys(names, t->dict) < 0)
                GC_RETURN(NULL);
    }
    if (!(list = w_list_from_iterable(names)) || w_list_sort(list, NULL, false) < 0)
        GC_RETURN(NULL);
    GC_RETURN(list);
}

BUILTIN(bi_vars)
{
    if (w_args_positional("vars", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return w_raise_fmt(w_exc_NotImplementedError, "vars() without arguments needs a frame");
    w_object *d = space_getattr_cstr(args[0], "__dict__");
    if (!d && w_err_matches(w_exc_AttributeError)) {
        w_err_clear();
        return w_raise_fmt(w_exc_TypeError, "vars() argument must have __dict__ attribute");
    }
    return d;
}

/* ---- arithmetic -------------------------------------------------------------------------- */

BUILTIN(bi_divmod)
{
    if (w_args_positional("divmod", nargs, kwnames, 2, 2) < 0)
        return NULL;
    return space_binop(W_OP_DIVMOD, args[0], args[1]);
}

BUILTIN(bi_pow)
{
    static const char *const names[] = {"base", "exp", "mod"};
    static const w_argspec spec = {"pow", names, 3, 3, 0, 2};
    w_object *a[3];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (!a[2] || a[2] == w_None)
        return space_binop(W_OP_POW, a[0], a[1]);
    if (W_INT_CHECK(a[0]) && W_INT_CHECK(a[1]) && W_INT_CHECK(a[2]))
        return w_int_powmod(a[0], a[1], a[2]);
    for (int i = 0; i < 3; i++) {
        const w_number_slots *ns = W_TYPE(a[i])->number;
        if (ns && ns->pow3) {
            GC_ENTER();
            GC_ROOT_ARRAY(a, 3);
            w_object *r = ns->pow3(a[0], a[1], a[2]);
            GC_LEAVE();
            if (r != w_NotImplemented)
                return r;
        }
    }
    /* float's slot refuses a modulus; int's declines one that is not an int, and then no
       type supports the operation (CPython's ternary dispatch) */
    bool real0 = W_INT_CHECK(a[0]) || W_FLOAT_CHECK(a[0]);
    bool real1 = W_INT_CHECK(a[1]) || W_FLOAT_CHECK(a[1]);
    if (real0 && real1 && (W_FLOAT_CHECK(a[0]) || W_FLOAT_CHECK(a[1])))
        return w_raise_fmt(w_exc_TypeError,
                           "pow() 3rd argument not allowed unless all arguments are integers");
    return w_raise_fmt(w_exc_TypeError,
                       "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                       W_TYPE(a[0])->name, W_TYPE(a[1])->name, W_TYPE(a[2])->name);
}

BUILTIN(bi_round)
{
    static const char *const names[] = {"number", "ndigits"};
    static const w_argspec spec = {"round", names, 2, 2, 0, 1};
    w_object *a[2];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    return w_number_round(a[0], a[1] == w_None ? NULL : a[1]);
}

static bool add_overflows(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out);
}

/* sum(): exact ints add in an int64 while they fit, exact floats (and small ints) in a
   double, as CPython's fast paths do; anything else goes through `+`. */
BUILTIN(bi_sum)
{
    static const char *const names[] = {"iterable", "start"};
    static const w_argspec spec = {"sum", names, 2, 2, 1, 1};
    w_object *a[2];
    if (w_args_bind(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    w_object *start = a[1];
    if (start && W_STR_CHECK(start))
        return w_raise_fmt(w_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (start && W_BYTES_CHECK(start))
        return w_raise_fmt(w_exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    if (start && W_BYTEARRAY_CHECK(start))
        return w_raise_fmt(w_exc_TypeError,
                           "sum() can't sum bytearray [use b''.join(seq) instead]");
    GC_ENTER();
    w_object *result = start, *it = NULL, *item = NULL;
    GC_ROOT_ARRAY(a, 2);
    GC_ROOT(result);
    GC_ROOT(it);
    GC_ROOT(item);
    if (!result && !(result = w_int_from_i64(0)))
        GC_RETURN(NULL);
    if (!(it = space_iter(a[0])))
        GC_RETURN(NULL);

    if (W_TYPE(result) == w_int_type && w_int_fits_i64(result)) {
        int64_t acc, v;
        w_int_as_i64(result, &acc);
        for (;;) {
            if (!(item = space_next(it)))
                GC_RETURN(w_err_occurred() ? NULL : w_int_from_i64(acc));
            if (W_TYPE(item) == w_int_type && w_int_fits_i64(item)) {
                w_int_as_i64(item, &v);
                if (!add_overflows(acc, v, &v)) {
                    acc = v;
                    continue;
                }
            }
            if (!(result = w_int_from_i64(acc)) || !(result = space_binop(W_OP_ADD, result, item)))
                GC_RETURN(NULL);
            break;
        }
    }

    if (W_TYPE(result) == w_float_type) {
        double acc = ((w_float *)result)->value;
        for (;;) {
            if (!(item = space_next(it)))
                GC_RETURN(w_err_occurred() ? NULL : w_float_new(acc));
            if (W_TYPE(item) == w_float_type) {
                acc += ((w_float *)item)->value;
                continue;
            }
            if (W_TYPE(item) == w_int_type && w_int_fits_i64(item)) {
                int64_t v;
                w_int_as_i64(item, &v);
                acc += (double)v;
                continue;
            }
            if (!(result = w_float_new(acc)) || !(result = space_binop(W_OP_ADD, result, item)))
                GC_RETURN(NULL);
            break;
        }
    }

    while ((item = space_next(it)))
        if (!(result = space_binop(W_OP_ADD, result, item)))
            GC_RETURN(NULL);
    GC_RETURN(w_err_occurred() ? NULL : result);
}

/* ---- min, max, sorted -------------------------------------------------------------------- */

/* min()/max(): `op` is W_LT or W_GT; an item replaces the best one when item op best. */
static w_object *minmax(w_object **args, size_t nargs, w_object *kwnames, int op, const char *name)
{
    static const char *const names[] = {"key", "default"};
    w_argspec spec = {name, names, 2, 0, 0, 0};
    w_object *kw[2];
    if (nargs == 0)
        return w_raise_fmt(w_exc_TypeError, "%s expected at least 1 argument, got 0", name);
    if (w_args_bind(&spec, args + nargs, 0, kwnames, kw) < 0)
        return NULL;
    if (nargs > 1 && kw[1])
        return w_raise_fmt(w_exc_TypeError,
                           "Cannot specify a default for %s() with multiple positional arguments",
                           name);
    GC_ENTER();
    w_object *it = NULL, *item = NULL, *val = NULL, *best = NULL, *bestval = NULL;
    GC_ROOT_ARRAY(args, nargs);
    GC_ROOT_ARRAY(kw, 2);
    GC_ROOT(it);
    GC_ROOT(item);
    GC_ROOT(val);
    GC_ROOT(best);
    GC_ROOT(bestval);
    if (nargs == 1 && !(it = space_iter(args[0])))
        GC_RETURN(NULL);
    for (size_t i = 0;; i++) {
        if (it) {
            if (!(item = space_next(it))) {
                if (w_err_occurred())
                    GC_RETURN(NULL);
                break;
            }
        } else if (i < nargs) {
            item = args[i];
        } else {
            break;
        }
        w_object *key = kw[0] == w_None ? NULL : kw[0];
        val = item;
        if (key && !(val = space_call(key, &item, 1, NULL)))
            GC_RETURN(NULL);
        if (!best) {
            best = item;
            bestval = val;
            continue;
        }
        int r = space_compare_bool(val, bestval, op);
        if (r < 0)
            GC_RETURN(NULL);
        if (r) {
            best = item;
            bestval = val;
        }
    }
    if (best)
        GC_RETURN(best);
    if (kw[1])
        GC_RETURN(kw[1]);
    GC_RETURN(w_raise_fmt(w_exc_ValueError, "%s() arg is an empty sequence", name));
}

BUILTIN(bi_min)
{
    return minmax(args, nargs, kwnames, W_LT, "min");
}

BUILTIN(bi_max)
{
    return minmax(args, nargs, kwnames, W_GT, "max");
}

/* sorted(iterable, /, *, key=None, reverse=False): the keywords are list.sort's. */
BUILTIN(bi_sorted)
{
    static const char *const names[] = {"key", "reverse"};
    static const w_argspec spec = {"sort", names, 2, 0, 0, 0};
    if (nargs != 1)
        return w_raise_fmt(w_exc_TypeError, "sorted expected 1 argument, got %zu", nargs);
    GC_ENTER();
    w_object *list = NULL, *rev = NULL;
    w_object *kw[2] = {NULL, NULL};
    GC_ROOT_ARRAY(args, 1 + kw_count(kwnames));
    GC_ROOT(kwnames);
    GC_ROOT(list);
    GC_ROOT(rev);
    GC_ROOT_ARRAY(kw, 2);
    if (!(list = w_list_from_iterable(args[0])))
        GC_RETURN(NULL);
    if (w_args_bind(&spec, args + 1, 0, kwnames, kw) < 0)
        GC_RETURN(NULL);
    bool reverse = false;
    if (kw[1]) {
        if (!(rev = space_index(kw[1])))
            GC_RETURN(NULL);
        reverse = w_int_sign(rev) != 0;
    }
    if (w_list_sort(list, kw[0] == w_None ? NULL : kw[0], reverse) < 0)
        GC_RETURN(NULL);
    GC_RETURN(list);
}

/* ---- the module -------------------------------------------------------------------------- */

static const struct {
    const char *name;
    w_callfn fn;
} functions[] = {
    {"print", bi_print},         {"repr", bi_repr},       {"len", bi_len},
    {"abs", bi_abs},             {"hash", bi_hash},       {"id", bi_id},
    {"callable", bi_callable},   {"all", bi_all},         {"any", bi_any},
    {"hex", bi_hex},             {"oct", bi_oct},         {"bin", bi_bin},
    {"ord", bi_ord},             {"chr", bi_chr},         {"ascii", bi_ascii}, {"format", bi_format},
    {"getattr", bi_getattr},     {"setattr", bi_setattr}, {"delattr", bi_delattr},
    {"hasattr", bi_hasattr},     {"isinstance", bi_isinstance},
    {"issubclass", bi_issubclass}, {"dir", bi_dir},       {"vars", bi_vars},
    {"divmod", bi_divmod},       {"pow", bi_pow},         {"round", bi_round},
    {"sum", bi_sum},             {"min", bi_min},         {"max", bi_max},
    {"sorted", bi_sorted},
};

static int add_types(w_object *m)
{
    w_type *const types[] = {w_type_type, w_object_type, w_int_type,   w_bool_type,
                             w_float_type, w_str_type,  w_bytes_type, w_bytearray_type,
                             w_tuple_type, w_list_type, w_dict_type,  w_set_type,
                             w_frozenset_type, w_range_type, w_slice_type, w_staticmethod_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (w_module_add(m, types[i]->name, &types[i]->ob) < 0)
            return -1;
    return 0;
}

int w_builtins_init(void)
{
    builtins_mod = NULL;
    gc_add_root((void **)&builtins_mod);
    if (!(builtins_mod = w_module_new("builtins")))
        return -1;
    ((w_module *)builtins_mod)->builtin = 1;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        w_object *f = w_builtin_new(functions[i].name, functions[i].fn, builtins_mod, NULL);
        if (!f || w_module_add(builtins_mod, functions[i].name, f) < 0)
            return -1;
    }
    if (add_types(builtins_mod) < 0 || w_exceptions_export(builtins_mod) < 0 ||
        w_builtins_iter_init(builtins_mod) < 0)
        return -1;
    if (w_module_add(builtins_mod, "None", w_None) < 0 ||
        w_module_add(builtins_mod, "True", w_True) < 0 ||
        w_module_add(builtins_mod, "False", w_False) < 0 ||
        w_module_add(builtins_mod, "Ellipsis", w_Ellipsis) < 0 ||
        w_module_add(builtins_mod, "NotImplemented", w_NotImplemented) < 0 ||
        w_module_add(builtins_mod, "__debug__", w_True) < 0)
        return -1;
    return w_modules_register(builtins_mod);
}

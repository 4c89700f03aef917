/* eval.c — runs the REPL's syntax trees through the embedding API (include/ferry.h). */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/*
 * Every function here returns a handle (NULL with an exception pending) or an int (0, or
 * -1 with an exception pending), like the API it calls. Handles are made in the line's
 * scope, which the driver closes after the line, so nothing here releases them.
 */

static ferry_handle eval(cli_env *env, const cli_expr *e);

static void *raise_fmt(const char *type, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void *raise_fmt(const char *type, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    ferry_err_set(type, msg ? msg : "");
    free(msg);
    return NULL;
}

/* A growable array of handles (malloc'd; the handles themselves are in the scope). */
typedef struct hvec {
    ferry_handle *v;
    size_t n, cap;
} hvec;

static void hvec_push(hvec *h, ferry_handle x)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 8;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
        if (!h->v) {
            fputs("ferry: out of memory\n", stderr);
            abort();
        }
    }
    h->v[h->n++] = x;
}

/* After iter(o) failed: 1 if the error is the TypeError saying o is not iterable, which
   CPython words differently for unpacking ("cannot unpack non-iterable int object"). */
static int not_iterable_error(void)
{
    if (!ferry_err_matches("TypeError"))
        return 0;
    char *msg = ferry_err_message();
    int r = msg && strstr(msg, "is not iterable");
    free(msg);
    return r;
}

/* iter(o), or NULL with `fmt` (taking o's type name) as the TypeError when o is not
   iterable at all. */
static ferry_handle iter_worded(ferry_handle o, const char *fmt)
{
    ferry_handle it = ferry_iter(o);
    if (!it && not_iterable_error())
        raise_fmt("TypeError", fmt, ferry_type_name(o));
    return it;
}

/* Pushes at most `max` items of iterator `it` onto `out`: 1 if it was exhausted, 0 if
   not, -1 on error. */
static int take_items(hvec *out, ferry_handle it, size_t max)
{
    for (size_t k = 0; k < max; k++) {
        ferry_handle item = ferry_next(it);
        if (!item)
            return ferry_err_occurred() ? -1 : 1;
        hvec_push(out, item);
    }
    return 0;
}

/* ---- names -------------------------------------------------------------------------- */

static ferry_handle lookup_name(cli_env *env, const char *name)
{
    ferry_handle v = ferry_dict_get(env->globals, name);
    if (v || ferry_err_occurred())
        return v;
    v = ferry_dict_get(env->builtins_dict, name);
    if (v || ferry_err_occurred())
        return v;
    return raise_fmt("NameError", "name '%s' is not defined", name);
}

/* A builtin by name, whatever the globals hold. */
static ferry_handle builtin(cli_env *env, const char *name)
{
    ferry_handle v = ferry_dict_get(env->builtins_dict, name);
    if (!v && !ferry_err_occurred())
        raise_fmt("SystemError", "the builtins module has no '%s'", name);
    return v;
}

/* ---- literals ----------------------------------------------------------------------- */

static ferry_handle int_literal(const cli_expr *e)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(e->text, &end, e->base);
    if (!errno && !*end && v <= INT64_MAX)
        return ferry_int((int64_t)v);
    return ferry_int_from_string(e->text, e->base);
}

/* ---- displays ----------------------------------------------------------------------- */

/* The items of a tuple, list or set display, with `*iterable` spliced in. */
static int display_items(cli_env *env, const cli_expr *e, hvec *out)
{
    for (size_t k = 0; k < e->n; k++) {
        const cli_expr *item = e->items[k];
        if (item->kind == CLI_E_STARRED) {
            /* a set display reports iter()'s own error; tuples and lists reword it */
            ferry_handle o = eval(env, item->a), it = NULL;
            if (o)
                it = e->kind == CLI_E_SET
                         ? ferry_iter(o)
                         : iter_worded(o, "Value after * must be an iterable, not %s");
            if (!it || take_items(out, it, SIZE_MAX) < 0)
                return -1;
        } else {
            ferry_handle o = eval(env, item);
            if (!o)
                return -1;
            hvec_push(out, o);
        }
    }
    return 0;
}

/* An expression CPython's compiler folds to a constant: a literal, a sign or ~ applied
   to one, or a tuple display of them. For a set display: whether all its items are. */
static int is_constant(const cli_expr *e)
{
    switch (e->kind) {
    case CLI_E_INT: case CLI_E_FLOAT: case CLI_E_STR: case CLI_E_BYTES:
    case CLI_E_NONE: case CLI_E_TRUE: case CLI_E_FALSE: case CLI_E_ELLIPSIS:
        return 1;
    case CLI_E_UNARY:
        return e->op != CLI_U_NOT && is_constant(e->a);
    case CLI_E_TUPLE:
    case CLI_E_SET: /* only asked of a display's items as a whole */
        for (size_t k = 0; k < e->n; k++)
            if (!is_constant(e->items[k]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

/* A set display of three or more constants is a frozenset constant in CPython, copied
   into a new set; the copy's iteration order can differ from adding the items one by
   one, so build it the same way. */
static ferry_handle constant_set(cli_env *env, const hvec *items)
{
    ferry_handle fs = ferry_frozenset(items->n, items->v);
    ferry_handle set_type = fs ? ferry_getattr(env->builtins, "set") : NULL;
    return set_type ? ferry_call(set_type, 1, &fs, 0, NULL, NULL) : NULL;
}

static ferry_handle eval_display(cli_env *env, const cli_expr *e)
{
    hvec items = {0};
    ferry_handle r = NULL;
    if (display_items(env, e, &items) == 0) {
        if (e->kind == CLI_E_TUPLE)
            r = ferry_tuple(items.n, items.v);
        else if (e->kind == CLI_E_LIST)
            r = ferry_list(items.n, items.v);
        else if (e->n > 2 && is_constant(e))
            r = constant_set(env, &items);
        else
            r = ferry_set(items.n, items.v);
    }
    free(items.v);
    return r;
}

/* `{**m}` and `f(**m)` accept a mapping: anything with keys() and __getitem__. */
static int is_mapping(ferry_handle m)
{
    return ferry_is_dict(m) || ferry_hasattr(m, "keys") == 1;
}

static ferry_handle eval_dict(cli_env *env, const cli_expr *e)
{
    ferry_handle d = ferry_dict();
    if (!d)
        return NULL;
    for (size_t k = 0; k < e->n; k++) {
        if (!e->items[k]) {
            ferry_handle m = eval(env, e->values[k]);
            if (!m)
                return NULL;
            if (!is_mapping(m))
                return raise_fmt("TypeError", "'%s' object is not a mapping", ferry_type_name(m));
            if (!ferry_call_method(d, "update", 1, &m))
                return NULL;
            continue;
        }
        ferry_handle key = eval(env, e->items[k]);
        ferry_handle value = key ? eval(env, e->values[k]) : NULL;
        if (!value || ferry_setitem(d, key, value) < 0)
            return NULL;
    }
    return d;
}

/* ---- calls -------------------------------------------------------------------------- */

/* How CPython names a callable in argument errors: "print()", "list.append()". */
static char *callable_description(ferry_handle f)
{
    char *out = NULL;
    ferry_handle name = ferry_getattr(f, "__qualname__");
    if (!name) {
        ferry_err_clear();
        name = ferry_getattr(f, "__name__");
    }
    char *text = name && ferry_is_str(name) ? ferry_str_utf8(name, NULL) : NULL;
    ferry_err_clear();
    if (!text) {
        if (asprintf(&out, "%s object", ferry_type_name(f)) < 0)
            out = NULL;
        return out;
    }
    ferry_handle mod = ferry_getattr(f, "__module__");
    char *modname = mod && ferry_is_str(mod) ? ferry_str_utf8(mod, NULL) : NULL;
    ferry_err_clear();
    int n = modname && strcmp(modname, "builtins") ? asprintf(&out, "%s.%s()", modname, text)
                                                    : asprintf(&out, "%s()", text);
    if (n < 0)
        out = NULL;
    free(text);
    free(modname);
    return out;
}

static void *raise_call_error(ferry_handle f, const char *fmt, const char *arg)
{
    char *desc = callable_description(f);
    char *msg = NULL;
    if (asprintf(&msg, fmt, desc ? desc : "function", arg) < 0)
        msg = NULL;
    ferry_err_set("TypeError", msg ? msg : "");
    free(msg);
    free(desc);
    return NULL;
}

/* Merges mapping `m` into the keyword dict, refusing duplicates as CPython does. */
static int merge_kwargs(ferry_handle f, ferry_handle kwargs, ferry_handle m)
{
    if (!is_mapping(m)) {
        raise_call_error(f, "%s argument after ** must be a mapping, not %s", ferry_type_name(m));
        return -1;
    }
    ferry_handle keys = ferry_call_method(m, "keys", 0, NULL);
    ferry_handle it = keys ? ferry_iter(keys) : NULL;
    if (!it)
        return -1;
    for (;;) {
        ferry_handle key = ferry_next(it);
        if (!key)
            return ferry_err_occurred() ? -1 : 0;
        if (!ferry_is_str(key)) {
            raise_fmt("TypeError", "keywords must be strings");
            return -1;
        }
        int dup = ferry_contains(kwargs, key);
        if (dup < 0)
            return -1;
        if (dup) {
            char *name = ferry_str_utf8(key, NULL);
            raise_call_error(f, "%s got multiple values for keyword argument '%s'", name);
            free(name);
            return -1;
        }
        ferry_handle value = ferry_getitem(m, key);
        if (!value || ferry_setitem(kwargs, key, value) < 0)
            return -1;
    }
}

/* A call with *iterable or **mapping arguments: builds the tuple and dict. */
static ferry_handle call_unpacking(cli_env *env, ferry_handle f, const cli_expr *e)
{
    hvec pos = {0};
    ferry_handle kwargs = ferry_dict(), r = NULL;
    if (!kwargs)
        return NULL;
    for (size_t k = 0; k < e->n; k++) {
        const cli_expr *a = e->items[k];
        ferry_handle v = eval(env, a->kind == CLI_E_STARRED || a->kind == CLI_E_DSTAR ||
                                           a->kind == CLI_E_KEYWORD ? a->a : a);
        if (!v)
            goto out;
        if (a->kind == CLI_E_STARRED) {
            ferry_handle it = ferry_iter(v);
            if (!it && not_iterable_error()) {
                ferry_err_clear(); /* the description looks attributes up */
                raise_call_error(f, "%s argument after * must be an iterable, not %s",
                                 ferry_type_name(v));
            }
            if (!it || take_items(&pos, it, SIZE_MAX) < 0)
                goto out;
        } else if (a->kind == CLI_E_DSTAR) {
            if (merge_kwargs(f, kwargs, v) < 0)
                goto out;
        } else if (a->kind == CLI_E_KEYWORD) {
            ferry_handle name = ferry_str(a->text, (size_t)-1);
            int dup = name ? ferry_contains(kwargs, name) : -1;
            if (dup) {
                if (dup > 0)
                    raise_call_error(f, "%s got multiple values for keyword argument '%s'",
                                     a->text);
                goto out;
            }
            if (ferry_setitem(kwargs, name, v) < 0)
                goto out;
        } else {
            hvec_push(&pos, v);
        }
    }
    ferry_handle args = ferry_tuple(pos.n, pos.v);
    if (args)
        r = ferry_call_tuple(f, args, kwargs);
out:
    free(pos.v);
    return r;
}

static ferry_handle eval_call(cli_env *env, const cli_expr *e)
{
    ferry_handle f = eval(env, e->a);
    if (!f)
        return NULL;
    for (size_t k = 0; k < e->n; k++)
        if (e->items[k]->kind == CLI_E_STARRED || e->items[k]->kind == CLI_E_DSTAR)
            return call_unpacking(env, f, e);

    size_t npos = 0, nkw = 0;
    ferry_handle *args = malloc((e->n + 1) * sizeof *args);
    const char **kwnames = malloc((e->n + 1) * sizeof *kwnames);
    ferry_handle r = NULL;
    if (!args || !kwnames) {
        fputs("ferry: out of memory\n", stderr);
        abort();
    }
    /* the parser put positional arguments first */
    for (size_t k = 0; k < e->n; k++) {
        const cli_expr *a = e->items[k];
        ferry_handle v = eval(env, a->kind == CLI_E_KEYWORD ? a->a : a);
        if (!v)
            goto out;
        if (a->kind == CLI_E_KEYWORD) {
            kwnames[nkw] = a->text;
            args[npos + nkw++] = v;
        } else {
            args[npos++] = v;
        }
    }
    r = ferry_call(f, npos, args, nkw, kwnames, args + npos);
out:
    free(args);
    free(kwnames);
    return r;
}

/* ---- operators ---------------------------------------------------------------------- */

static ferry_handle compare(int op, ferry_handle a, ferry_handle b)
{
    int r;
    switch (op) {
    case CLI_C_IN:
    case CLI_C_NOT_IN:
        r = ferry_contains(b, a);
        if (r < 0)
            return NULL;
        return ferry_bool(op == CLI_C_IN ? r : !r);
    case CLI_C_IS:
        return ferry_bool(ferry_is(a, b));
    case CLI_C_IS_NOT:
        return ferry_bool(!ferry_is(a, b));
    default:
        return ferry_compare((ferry_cmpop)op, a, b);
    }
}

/* a < b < c is (a < b) and (b < c) with b evaluated once; the value is the last result
   computed. */
static ferry_handle eval_compare(cli_env *env, const cli_expr *e)
{
    ferry_handle left = eval(env, e->items[0]);
    if (!left)
        return NULL;
    for (size_t k = 0; k + 1 < e->n; k++) {
        ferry_handle right = eval(env, e->items[k + 1]);
        ferry_handle r = right ? compare(e->ops[k], left, right) : NULL;
        if (!r || k + 2 == e->n)
            return r;
        int t = ferry_truth(r);
        if (t <= 0)
            return t < 0 ? NULL : r;
        left = right;
    }
    return NULL;
}

/* `and`/`or` return the operand that decided, not a bool. */
static ferry_handle eval_boolop(cli_env *env, const cli_expr *e)
{
    for (size_t k = 0;; k++) {
        ferry_handle v = eval(env, e->items[k]);
        if (!v || k + 1 == e->n)
            return v;
        int t = ferry_truth(v);
        if (t < 0)
            return NULL;
        if ((e->op == CLI_AND) != t)
            return v;
    }
}

static ferry_handle eval_unary(cli_env *env, const cli_expr *e)
{
    ferry_handle v = eval(env, e->a);
    if (!v)
        return NULL;
    switch (e->op) {
    case CLI_U_NOT: {
        int t = ferry_truth(v);
        return t < 0 ? NULL : ferry_bool(!t);
    }
    case CLI_U_NEG:
        return ferry_unary(FERRY_NEG, v);
    case CLI_U_POS:
        return ferry_unary(FERRY_POS, v);
    default:
        return ferry_unary(FERRY_INVERT, v);
    }
}

static ferry_handle eval_binary(cli_env *env, const cli_expr *e)
{
    ferry_handle a = eval(env, e->a);
    ferry_handle b = a ? eval(env, e->b) : NULL;
    return b ? ferry_binary((ferry_binop)e->op, a, b) : NULL;
}

static ferry_handle eval_slice(cli_env *env, const cli_expr *e)
{
    ferry_handle parts[3] = {NULL, NULL, NULL};
    const cli_expr *exprs[3] = {e->a, e->b, e->c};
    for (int k = 0; k < 3; k++)
        if (exprs[k] && !(parts[k] = eval(env, exprs[k])))
            return NULL;
    return ferry_slice(parts[0], parts[1], parts[2]);
}

static ferry_handle eval(cli_env *env, const cli_expr *e)
{
    ferry_handle a, t;
    switch (e->kind) {
    case CLI_E_INT:
        return int_literal(e);
    case CLI_E_FLOAT:
        return ferry_float(e->fval);
    case CLI_E_STR:
        /* escapes like '\ud800' make lone surrogates, which str holds but strict
           UTF-8 decoding refuses */
        return ferry_str_decode(e->text, e->len, "surrogatepass");
    case CLI_E_BYTES:
        return ferry_bytes(e->text, e->len);
    case CLI_E_NONE:
        return ferry_none();
    case CLI_E_TRUE:
        return ferry_bool(1);
    case CLI_E_FALSE:
        return ferry_bool(0);
    case CLI_E_ELLIPSIS:
        return ferry_ellipsis();
    case CLI_E_NAME:
        return lookup_name(env, e->text);
    case CLI_E_ATTR:
        a = eval(env, e->a);
        return a ? ferry_getattr(a, e->text) : NULL;
    case CLI_E_CALL:
        return eval_call(env, e);
    case CLI_E_SUBSCRIPT:
        a = eval(env, e->a);
        t = a ? eval(env, e->b) : NULL;
        return t ? ferry_getitem(a, t) : NULL;
    case CLI_E_SLICE:
        return eval_slice(env, e);
    case CLI_E_UNARY:
        return eval_unary(env, e);
    case CLI_E_BINARY:
        return eval_binary(env, e);
    case CLI_E_BOOLOP:
        return eval_boolop(env, e);
    case CLI_E_COMPARE:
        return eval_compare(env, e);
    case CLI_E_IFEXP: {
        ferry_handle c = eval(env, e->b);
        int truth = c ? ferry_truth(c) : -1;
        return truth < 0 ? NULL : eval(env, truth ? e->a : e->c);
    }
    case CLI_E_TUPLE:
    case CLI_E_LIST:
    case CLI_E_SET:
        return eval_display(env, e);
    case CLI_E_DICT:
        return eval_dict(env, e);
    case CLI_E_KEYWORD:
    case CLI_E_DSTAR:
    case CLI_E_STARRED:
        break;
    }
    return raise_fmt("SystemError", "unexpected expression node %d", (int)e->kind);
}

/* ---- assignment --------------------------------------------------------------------- */

static int assign(cli_env *env, const cli_expr *target, ferry_handle value);

/* Unpacks `value` into a tuple or list target, with at most one starred target. */
static int unpack(cli_env *env, const cli_expr *target, ferry_handle value)
{
    size_t n = target->n, star = n;
    for (size_t k = 0; k < n; k++)
        if (target->items[k]->kind == CLI_E_STARRED)
            star = k;
    ferry_handle it = iter_worded(value, "cannot unpack non-iterable %s object");
    if (!it)
        return -1;
    hvec items = {0};
    int rc = -1;
    /* without a starred target, one item past the count tells "too many" */
    if (take_items(&items, it, star == n ? n + 1 : SIZE_MAX) < 0)
        goto out;
    if (star == n && items.n != n) {
        if (items.n > n)
            raise_fmt("ValueError", "too many values to unpack (expected %zu)", n);
        else
            raise_fmt("ValueError", "not enough values to unpack (expected %zu, got %zu)", n,
                      items.n);
        goto out;
    }
    if (star < n && items.n < n - 1) {
        raise_fmt("ValueError", "not enough values to unpack (expected at least %zu, got %zu)",
                  n - 1, items.n);
        goto out;
    }
    size_t after = n - 1 - star; /* targets after the starred one */
    for (size_t k = 0; k < n; k++) {
        ferry_handle v;
        const cli_expr *t = target->items[k];
        if (k < star) {
            v = items.v[k];
        } else if (k == star) {
            v = ferry_list(items.n - star - after, items.v + star);
            t = t->a;
        } else {
            v = items.v[items.n - (n - k)];
        }
        if (!v || assign(env, t, v) < 0)
            goto out;
    }
    rc = 0;
out:
    free(items.v);
    return rc;
}

static int assign(cli_env *env, const cli_expr *target, ferry_handle value)
{
    ferry_handle o, key;
    switch (target->kind) {
    case CLI_E_NAME:
        return ferry_dict_set(env->globals, target->text, value);
    case CLI_E_ATTR:
        o = eval(env, target->a);
        return o ? ferry_setattr(o, target->text, value) : -1;
    case CLI_E_SUBSCRIPT:
        o = eval(env, target->a);
        key = o ? eval(env, target->b) : NULL;
        return key ? ferry_setitem(o, key, value) : -1;
    case CLI_E_TUPLE:
    case CLI_E_LIST:
        return unpack(env, target, value);
    default:
        raise_fmt("SystemError", "invalid assignment target");
        return -1;
    }
}

static int delete(cli_env *env, const cli_expr *target)
{
    ferry_handle o, key;
    switch (target->kind) {
    case CLI_E_NAME:
        key = ferry_str(target->text, (size_t)-1);
        if (!key)
            return -1;
        switch (ferry_contains(env->globals, key)) {
        case 0:
            raise_fmt("NameError", "name '%s' is not defined", target->text);
            return -1;
        case 1:
            return ferry_delitem(env->globals, key);
        default:
            return -1;
        }
    case CLI_E_ATTR:
        o = eval(env, target->a);
        return o ? ferry_delattr(o, target->text) : -1;
    case CLI_E_SUBSCRIPT:
        o = eval(env, target->a);
        key = o ? eval(env, target->b) : NULL;
        return key ? ferry_delitem(o, key) : -1;
    case CLI_E_TUPLE:
    case CLI_E_LIST:
        for (size_t k = 0; k < target->n; k++)
            if (delete(env, target->items[k]) < 0)
                return -1;
        return 0;
    default:
        raise_fmt("SystemError", "invalid deletion target");
        return -1;
    }
}

/* ---- augmented assignment ----------------------------------------------------------- */

static int augassign(cli_env *env, const cli_stmt *s)
{
    const cli_expr *t = s->targets[0];
    ferry_handle o = NULL, key = NULL, cur;
    switch (t->kind) {
    case CLI_E_NAME:
        cur = lookup_name(env, t->text);
        break;
    case CLI_E_ATTR:
        o = eval(env, t->a);
        cur = o ? ferry_getattr(o, t->text) : NULL;
        break;
    default:
        o = eval(env, t->a);
        key = o ? eval(env, t->b) : NULL;
        cur = key ? ferry_getitem(o, key) : NULL;
        break;
    }
    ferry_handle v = cur ? eval(env, s->value) : NULL;
    ferry_handle r = v ? ferry_inplace((ferry_binop)s->op, cur, v) : NULL;
    if (!r)
        return -1;
    if (t->kind == CLI_E_NAME)
        return ferry_dict_set(env->globals, t->text, r);
    if (t->kind == CLI_E_ATTR)
        return ferry_setattr(o, t->text, r);
    return ferry_setitem(o, key, r);
}

/* ---- imports ------------------------------------------------------------------------ */

/* Imports a dotted name and its parents (a, a.b, a.b.c); returns the first and last. */
static int import_dotted(const char *dotted, ferry_handle *top, ferry_handle *last)
{
    size_t len = strlen(dotted);
    char *prefix = malloc(len + 1);
    if (!prefix)
        abort();
    *top = *last = NULL;
    size_t parent_end = 0;
    for (size_t end = 0; end <= len; end++) {
        if (dotted[end] != '.' && dotted[end] != 0)
            continue;
        memcpy(prefix, dotted, end);
        prefix[end] = 0;
        ferry_handle m = ferry_import(prefix);
        if (!m) {
            /* CPython explains why `import sys.x` fails when sys is a plain module */
            if (*last && ferry_err_matches("ModuleNotFoundError")) {
                ferry_handle exc = ferry_err_fetch();
                int package = ferry_hasattr(*last, "__path__");
                if (package == 0)
                    raise_fmt("ModuleNotFoundError",
                              "No module named '%s'; '%.*s' is not a package", prefix,
                              (int)parent_end, dotted);
                else if (package > 0)
                    ferry_err_restore(exc);
            }
            free(prefix);
            return -1;
        }
        parent_end = end;
        if (!*top)
            *top = m;
        *last = m;
    }
    free(prefix);
    return 0;
}

static int exec_import(cli_env *env, const cli_stmt *s)
{
    for (size_t k = 0; k < s->nnames; k++) {
        ferry_handle top, last;
        if (import_dotted(s->names[k], &top, &last) < 0)
            return -1;
        if (s->asnames[k]) {
            if (ferry_dict_set(env->globals, s->asnames[k], last) < 0)
                return -1;
        } else {
            size_t first = strcspn(s->names[k], ".");
            char *name = strndup(s->names[k], first);
            int rc = name ? ferry_dict_set(env->globals, name, top) : -1;
            free(name);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

/* `from m import x`: an attribute of m, else the submodule m.x. */
static ferry_handle import_from(ferry_handle module, const char *modname, const char *name)
{
    ferry_handle v = ferry_getattr(module, name);
    if (v || !ferry_err_matches("AttributeError"))
        return v;
    ferry_err_clear();
    char *sub = NULL;
    if (asprintf(&sub, "%s.%s", modname, name) < 0)
        abort();
    v = ferry_import(sub);
    free(sub);
    if (v || !ferry_err_matches("ModuleNotFoundError"))
        return v;
    ferry_err_clear();
    ferry_handle file = ferry_getattr(module, "__file__");
    char *where = file && ferry_is_str(file) ? ferry_str_utf8(file, NULL) : NULL;
    ferry_err_clear();
    raise_fmt("ImportError", "cannot import name '%s' from '%s' (%s)", name, modname,
              where ? where : "unknown location");
    free(where);
    return NULL;
}

static int exec_from(cli_env *env, const cli_stmt *s)
{
    ferry_handle top, module;
    if (import_dotted(s->module, &top, &module) < 0)
        return -1;
    for (size_t k = 0; k < s->nnames; k++) {
        ferry_handle v = import_from(module, s->module, s->names[k]);
        if (!v || ferry_dict_set(env->globals, s->asnames[k] ? s->asnames[k] : s->names[k], v) < 0)
            return -1;
    }
    return 0;
}

/* ---- assert, raise ------------------------------------------------------------------ */

static int exec_assert(cli_env *env, const cli_stmt *s)
{
    ferry_handle v = eval(env, s->value);
    int t = v ? ferry_truth(v) : -1;
    if (t)
        return t < 0 ? -1 : 0;
    ferry_handle msg = NULL;
    if (s->msg && !(msg = eval(env, s->msg)))
        return -1;
    ferry_handle cls = builtin(env, "AssertionError");
    ferry_handle exc = cls ? ferry_call(cls, msg ? 1 : 0, &msg, 0, NULL, NULL) : NULL;
    if (exc)
        ferry_err_restore(exc);
    return -1;
}

/* An exception instance from `raise X`: X itself, or X() when X is a class. */
static ferry_handle exception_value(cli_env *env, ferry_handle v, const char *what)
{
    ferry_handle type = builtin(env, "type");
    ferry_handle base = type ? builtin(env, "BaseException") : NULL;
    if (!base)
        return NULL;
    int is_class = ferry_isinstance(v, type);
    if (is_class < 0)
        return NULL;
    if (is_class && !(v = ferry_call(v, 0, NULL, 0, NULL, NULL)))
        return NULL;
    int ok = ferry_isinstance(v, base);
    if (ok <= 0)
        return ok < 0 ? NULL : raise_fmt("TypeError", "%s must derive from BaseException", what);
    return v;
}

static int exec_raise(cli_env *env, const cli_stmt *s)
{
    if (!s->value) {
        raise_fmt("RuntimeError", "No active exception to reraise");
        return -1;
    }
    ferry_handle v = eval(env, s->value);
    ferry_handle exc = v ? exception_value(env, v, "exceptions") : NULL;
    if (!exc)
        return -1;
    if (s->msg) {
        ferry_handle cause = eval(env, s->msg);
        if (!cause)
            return -1;
        if (!ferry_is_none(cause) && !(cause = exception_value(env, cause, "exception causes")))
            return -1;
        if (ferry_setattr(exc, "__cause__", cause) < 0)
            return -1;
    }
    ferry_err_restore(exc);
    return -1;
}

/* ---- statements --------------------------------------------------------------------- */

int cli_env_init(cli_env *env)
{
    env->globals = ferry_dict();
    env->builtins = ferry_builtins();
    env->builtins_dict = env->builtins ? ferry_module_dict(env->builtins) : NULL;
    if (!env->globals || !env->builtins_dict)
        return -1;
    ferry_handle name = ferry_str("__main__", (size_t)-1);
    if (!name || ferry_dict_set(env->globals, "__name__", name) < 0 ||
        ferry_dict_set(env->globals, "__builtins__", env->builtins) < 0)
        return -1;
    return 0;
}

int cli_exec(cli_env *env, const cli_stmt *s, ferry_handle *value)
{
    *value = NULL;
    switch (s->kind) {
    case CLI_S_EXPR:
        *value = eval(env, s->value);
        return *value ? 0 : -1;
    case CLI_S_ASSIGN: {
        ferry_handle v = eval(env, s->value);
        if (!v)
            return -1;
        for (size_t k = 0; k < s->ntargets; k++)
            if (assign(env, s->targets[k], v) < 0)
                return -1;
        return 0;
    }
    case CLI_S_AUGASSIGN:
        return augassign(env, s);
    case CLI_S_IMPORT:
        return exec_import(env, s);
    case CLI_S_FROM:
        return exec_from(env, s);
    case CLI_S_DEL:
        return delete(env, s->value);
    case CLI_S_PASS:
        return 0;
    case CLI_S_ASSERT:
        return exec_assert(env, s);
    case CLI_S_RAISE:
        return exec_raise(env, s);
    }
    raise_fmt("SystemError", "unexpected statement node %d", (int)s->kind);
    return -1;
}

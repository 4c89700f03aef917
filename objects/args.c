/* args.c — binding call arguments to a builtin's parameters, with CPython's error messages. */
#include "objects/objects.h"

static size_t kw_count(w_object *kwnames)
{
    return kwnames ? (size_t)W_TUPLE_SIZE(kwnames) : 0;
}

/*
 * The checks follow CPython 3.11's _PyArg_UnpackKeywords (what Argument Clinic generates),
 * in its order: total count, positional count, missing positional-only, then keywords.
 * No allocation happens before an error is raised, so `args` needs no rooting here.
 */
int w_args_bind(const w_argspec *spec, w_object **args, size_t nargs, w_object *kwnames,
                w_object **out)
{
    const char *f = spec->fname;
    size_t nkw = kw_count(kwnames);
    size_t maxargs = spec->nnames, maxpos = spec->npos;

    if (nargs + nkw > maxargs) {
        w_raise_fmt(w_exc_TypeError, "%s() takes at most %zu %sargument%s (%zu given)", f,
                    maxargs, nargs == 0 ? "keyword " : "", maxargs == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > maxpos) {
        if (maxpos == 0)
            w_raise_fmt(w_exc_TypeError, "%s() takes no positional arguments", f);
        else
            w_raise_fmt(w_exc_TypeError, "%s() takes %s %zu positional argument%s (%zu given)", f,
                        spec->nrequired < maxpos ? "at most" : "exactly", maxpos,
                        maxpos == 1 ? "" : "s", nargs);
        return -1;
    }
    size_t minposonly = spec->nrequired < spec->nposonly ? spec->nrequired : spec->nposonly;
    if (nargs < minposonly) {
        w_raise_fmt(w_exc_TypeError, "%s() takes %s %zu positional argument%s (%zu given)", f,
                    minposonly < maxpos ? "at least" : "exactly", minposonly,
                    minposonly == 1 ? "" : "s", nargs);
        return -1;
    }

    for (size_t i = 0; i < maxargs; i++)
        out[i] = i < nargs ? args[i] : NULL;

    size_t used = 0;
    for (size_t i = nargs > spec->nposonly ? nargs : spec->nposonly; i < maxargs; i++) {
        for (size_t k = 0; k < nkw; k++) {
            if (w_str_eq_cstr(W_TUPLE_ITEMS(kwnames)[k], spec->names[i])) {
                out[i] = args[nargs + k];
                used++;
                break;
            }
        }
        if (!out[i] && i < spec->nrequired) {
            w_raise_fmt(w_exc_TypeError, "%s() missing required argument '%s' (pos %zu)", f,
                        spec->names[i], i + 1);
            return -1;
        }
    }
    if (used == nkw)
        return 0;

    /* Some keyword matched nothing above: either it names a parameter that was also given
       positionally, or no parameter (positional-only ones count as none). */
    for (size_t k = 0; k < nkw; k++) {
        const char *kw = w_str_utf8(W_TUPLE_ITEMS(kwnames)[k]);
        for (size_t i = spec->nposonly; i < nargs; i++) {
            if (w_str_eq_cstr(W_TUPLE_ITEMS(kwnames)[k], spec->names[i])) {
                w_raise_fmt(w_exc_TypeError,
                            "argument for %s() given by name ('%s') and position (%zu)", f, kw,
                            i + 1);
                return -1;
            }
        }
    }
    for (size_t k = 0; k < nkw; k++) {
        bool known = false;
        for (size_t i = spec->nposonly; i < maxargs && !known; i++)
            known = w_str_eq_cstr(W_TUPLE_ITEMS(kwnames)[k], spec->names[i]);
        if (!known) {
            w_raise_fmt(w_exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                        w_str_utf8(W_TUPLE_ITEMS(kwnames)[k]), f);
            return -1;
        }
    }
    return 0;
}

/*
 * CPython words these checks three ways: METH_NOARGS and METH_O functions say "f() takes
 * no arguments (1 given)" / "f() takes exactly one argument (0 given)", the rest
 * (_PyArg_CheckPositional) "f expected at most 2 arguments, got 3".
 */
int w_args_positional(const char *fname, size_t nargs, w_object *kwnames, size_t min, size_t max)
{
    if (kw_count(kwnames)) {
        w_raise_fmt(w_exc_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs >= min && nargs <= max)
        return 0;
    if (max == 0)
        w_raise_fmt(w_exc_TypeError, "%s() takes no arguments (%zu given)", fname, nargs);
    else if (min == 1 && max == 1)
        w_raise_fmt(w_exc_TypeError, "%s() takes exactly one argument (%zu given)", fname, nargs);
    else if (min == max)
        w_raise_fmt(w_exc_TypeError, "%s expected %zu argument%s, got %zu", fname, min,
                    min == 1 ? "" : "s", nargs);
    else if (nargs < min)
        w_raise_fmt(w_exc_TypeError, "%s expected at least %zu argument%s, got %zu", fname, min,
                    min == 1 ? "" : "s", nargs);
    else
        w_raise_fmt(w_exc_TypeError, "%s expected at most %zu argument%s, got %zu", fname, max,
                    max == 1 ? "" : "s", nargs);
    return -1;
}

int w_arg_c_int(w_object *o, int *out)
{
    w_object *v = space_index(o);
    if (!v)
        return -1;
    int64_t n;
    if (w_int_as_i64(v, &n) < 0 || n < INT32_MIN || n > INT32_MAX) {
        w_err_clear();
        w_raise_fmt(w_exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)n;
    return 0;
}

void *w_args_array_heap(size_t n)
{
    void *arr = malloc(n * sizeof(void *));
    if (!arr)
        w_raise_fmt(w_exc_MemoryError, "out of memory passing %zu arguments", n);
    return arr;
}

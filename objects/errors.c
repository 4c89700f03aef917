/* errors.c — the current exception: raising, testing, fetching. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "objects/kernel.h"

/* The pending exception instance, or NULL: one per thread (a thread-local root, saved
   while its thread is parked), as CPython's tstate->curexc_*. Not static: objects.h
   tests it inline (w_err_occurred), since every crossing asks. */
w_object *w_curexc;

void w_errors_init(void)
{
    w_curexc = NULL;
    gc_add_thread_root((void **)&w_curexc);
}

void *w_raise_instance(w_object *exc)
{
    w_curexc = exc;
    return NULL;
}

/* Called with each exception w_raise creates, before it becomes the pending one (the
   C-API gives it the exception C is handling as __context__); NULL: none. */
static void (*raise_hook)(w_object *exc);

void w_err_set_raise_hook(void (*fn)(w_object *exc))
{
    raise_hook = fn;
}

void *w_raise(w_type *exc_type, w_object *value)
{
    GC_ENTER();
    w_object *args = NULL;
    GC_ROOT(value);
    GC_ROOT(args);
    if (!value)
        args = w_tuple_new(0);
    else if (W_TYPE(value) == w_tuple_type)
        args = value;
    else
        args = w_tuple_pack(1, value);
    w_object *exc = w_exc_new(exc_type, args);
    if (exc && raise_hook) {
        GC_ROOT(exc);
        raise_hook(exc);
    }
    GC_LEAVE();
    if (exc)
        w_curexc = exc;
    return NULL;
}

void *w_raise_fmt(w_type *exc_type, const char *fmt, ...)
{
    /* Format into C memory first: arguments may point into movable objects. */
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fprintf(stderr, "ferry: out of memory formatting an error\n");
        abort();
    }
    w_object *s = w_str_from_utf8(msg, (size_t)n);
    free(msg);
    return w_raise(exc_type, s);
}

bool w_err_matches(w_type *exc_type)
{
    return w_curexc && W_TYPE_CHECK(w_curexc, exc_type);
}

w_object *w_err_current(void)
{
    return w_curexc;
}

w_object *w_err_fetch(void)
{
    w_object *e = w_curexc;
    w_curexc = NULL;
    return e;
}

void w_err_clear(void)
{
    w_curexc = NULL;
}

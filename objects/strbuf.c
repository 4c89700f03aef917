/* strbuf.c — w_strbuf: a growable malloc'd byte buffer for composing text off the GC heap. */
#include <stdio.h>
#include <stdlib.h>

#include "objects/objects.h"

void w_strbuf_init(w_strbuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Makes room for `extra` more bytes plus the NUL that w_strbuf_finish relies on. Out of
   memory aborts: the buffer is used while composing error messages, where raising
   MemoryError is not an option. */
static void reserve(w_strbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fprintf(stderr, "ferry: out of memory in a string buffer\n");
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void w_strbuf_add(w_strbuf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void w_strbuf_addc(w_strbuf *b, const char *s)
{
    w_strbuf_add(b, s, strlen(s));
}

void w_strbuf_add_str(w_strbuf *b, w_object *str)
{
    w_strbuf_add(b, w_str_utf8(str), (size_t)w_str_nbytes(str));
}

void w_strbuf_add_byte(w_strbuf *b, char c)
{
    reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void w_strbuf_add_codepoint(w_strbuf *b, uint32_t cp)
{
    reserve(b, 4);
    b->len += (size_t)w_utf8_encode(cp, b->data + b->len);
    b->data[b->len] = 0;
}

void w_strbuf_vprintf(w_strbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void w_strbuf_printf(w_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    w_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

w_object *w_strbuf_finish(w_strbuf *b)
{
    w_object *s = w_str_from_utf8(b->data ? b->data : "", b->len);
    w_strbuf_free(b);
    return s;
}

w_object *w_strbuf_finish_bytes(w_strbuf *b, w_type *type)
{
    const char *d = b->data ? b->data : "";
    w_object *r = type == w_bytearray_type ? w_bytearray_from(d, b->len) : w_bytes_from(d, b->len);
    w_strbuf_free(b);
    return r;
}

void w_strbuf_free(w_strbuf *b)
{
    free(b->data);
    w_strbuf_init(b);
}

/* text.h — str (UTF-8 storage), bytes, bytearray, and a C-side string builder. */
#ifndef FERRY_TEXT_H
#define FERRY_TEXT_H

/*
 * A str stores its text as UTF-8, NUL-terminated (data[nbytes] == 0), with its length in
 * code points cached; `ascii` is true when nbytes == length, which makes indexing O(1).
 * `hash` is -1 until computed. Strs are immutable.
 */
typedef struct w_str {
    w_object ob;
    int64_t length;
    int64_t nbytes;
    int64_t hash;
    uint32_t ascii;
    char data[];
} w_str;

/* bytes: immutable, NUL-terminated like CPython's (data[size] == 0). */
typedef struct w_bytes {
    w_object ob;
    int64_t size;
    int64_t hash;
    char data[];
} w_bytes;

/* bytearray: `storage` is a w_rawarray of capacity >= size (NULL when empty). */
typedef struct w_bytearray {
    w_object ob;
    int64_t size;
    w_rawarray *storage;
} w_bytearray;

#define W_STR_CHECK(o) (W_TYPE(o) == w_str_type || W_TYPE_CHECK(o, w_str_type))
#define W_BYTES_CHECK(o) (W_TYPE(o) == w_bytes_type)
#define W_BYTEARRAY_CHECK(o) (W_TYPE(o) == w_bytearray_type)

/* `s` must be valid UTF-8 (the caller checked or produced it). */
w_object *w_str_from_utf8(const char *s, size_t nbytes);
w_object *w_str_from_cstr(const char *s);
w_object *w_str_from_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Decodes UTF-8 with an error handler ("strict", "replace", "ignore"): UnicodeDecodeError. */
w_object *w_str_decode_utf8(const char *s, size_t nbytes, const char *errors);
/* The text of a str: points into the object, valid until the next allocation. */
static inline const char *w_str_utf8(w_object *s) { return ((w_str *)s)->data; }
static inline int64_t w_str_nbytes(w_object *s) { return ((w_str *)s)->nbytes; }
static inline int64_t w_str_length(w_object *s) { return ((w_str *)s)->length; }
bool w_str_eq_cstr(w_object *s, const char *c);
bool w_str_equal(w_object *a, w_object *b);  /* both str */
int w_str_hash(w_object *s, int64_t *out);
/* repr() of a str: quotes and escapes chosen as CPython does. */
w_object *w_str_repr(w_object *s);
/* A str holding one code point. */
w_object *w_str_from_codepoint(uint32_t cp);
/* An interned str for a C string literal (attribute names): same object every time. */
w_object *w_str_intern(const char *s);

w_object *w_bytes_from(const void *data, size_t n);
w_object *w_bytearray_from(const void *data, size_t n);
/* The bytes of a bytes or bytearray object: valid until the next allocation. */
const char *w_bytes_data(w_object *o);
int64_t w_bytes_size(w_object *o);

/*
 * A growable malloc'd buffer for composing text (reprs, joins, messages). It holds no W
 * pointers, so it is safe across collections. w_strbuf_finish makes a str and frees the
 * buffer; w_strbuf_free just frees it.
 */
typedef struct w_strbuf {
    char *data;
    size_t len, cap;
} w_strbuf;

void w_strbuf_init(w_strbuf *b);
void w_strbuf_add(w_strbuf *b, const char *s, size_t n);   /* valid UTF-8 */
void w_strbuf_addc(w_strbuf *b, const char *s);
void w_strbuf_add_str(w_strbuf *b, w_object *str);
void w_strbuf_printf(w_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
w_object *w_strbuf_finish(w_strbuf *b);
void w_strbuf_free(w_strbuf *b);

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_text_register_tids(void);
int w_text_init(void);

#endif

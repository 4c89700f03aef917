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
    int64_t exports; /* buffers C holds on the bytes (capi/buffer.c): while there are any,
                        the size cannot change (BufferError, as CPython) */
} w_bytearray;
/* 0 if the bytearray's size may change; -1 with CPython's BufferError if buffers of it
   are held. */
int w_bytearray_check_resizable(w_object *o);

#define W_STR_CHECK(o) (W_TYPE(o) == w_str_type || W_TYPE_CHECK(o, w_str_type))
#define W_BYTES_CHECK(o) (W_TYPE(o) == w_bytes_type)
#define W_BYTEARRAY_CHECK(o) (W_TYPE(o) == w_bytearray_type)

/* `s` must be valid UTF-8 (the caller checked or produced it). */
w_object *w_str_from_utf8(const char *s, size_t nbytes);
w_object *w_str_from_cstr(const char *s);
w_object *w_str_from_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Decodes UTF-8 with an error handler ("strict", "replace", "ignore", or another of
   w_str_decode's; NULL is strict): UnicodeDecodeError with CPython's message. */
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

/* ---- UTF-8 ----------------------------------------------------------------------------
 * str storage is UTF-8 in which lone surrogates (U+D800..U+DFFF, from chr() or escapes)
 * may appear, encoded in three bytes like any other BMP code point. Text from outside
 * (the embedding API, bytes.decode) is checked by the strict rules, which reject them. */

/* Checks s[0..n) as CPython's strict UTF-8 decoder does (no overlong forms, surrogates
   or code points above U+10FFFF): the number of code points, or -1 if invalid. No error
   is set; w_str_decode_utf8 raises the precise UnicodeDecodeError. */
int64_t w_utf8_validate(const char *s, size_t n);
/* Writes the UTF-8 form of cp (<= U+10FFFF) to out and returns its length, 1 to 4. */
int w_utf8_encode(uint32_t cp, char *out);

/* The code point at *p, in storage known to be well formed; advances *p past it. */
static inline uint32_t w_utf8_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    if (c < 0x80) {
        *p += 1;
        return c;
    }
    if (c < 0xE0) {
        *p += 2;
        return ((c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        *p += 3;
        return ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *p += 4;
    return ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Unicode character classes as str's predicates define them (str.isspace() etc.). */
bool w_unicode_isspace(uint32_t cp);
bool w_unicode_isprintable(uint32_t cp);
bool w_unicode_isdecimal(uint32_t cp);
/* The decimal digit value of cp (Unicode category Nd), or -1. */
int w_unicode_decimal_value(uint32_t cp);

/* More string builder operations. */
void w_strbuf_add_byte(w_strbuf *b, char c);
void w_strbuf_add_codepoint(w_strbuf *b, uint32_t cp);
void w_strbuf_vprintf(w_strbuf *b, const char *fmt, va_list ap);
/* Makes a bytes (or a bytearray, if `type` is w_bytearray_type) and frees the buffer;
   the buffer may hold any bytes. */
w_object *w_strbuf_finish_bytes(w_strbuf *b, w_type *type);

/* Encodes a str / decodes bytes with a codec named as Python names it ("utf-8",
   "ascii", "latin-1" and their aliases; other codecs raise LookupError) and an error
   handler: "strict", "replace", "ignore", "backslashreplace", "surrogateescape",
   "surrogatepass" (utf-8), and when encoding "xmlcharrefreplace", "namereplace".
   `encoding` and `errors` are str objects or NULL (utf-8, strict). Like every
   constructor here, they copy `data` before allocating, so it may lie in any object. */
w_object *w_str_encode(w_object *str, w_object *encoding, w_object *errors);
w_object *w_str_decode(const char *data, size_t n, w_object *encoding, w_object *errors);

/* ---- shared by the text family's own files (str.c, str_methods.c, bytes.c, bytearray.c) */

/* Whether a three-way comparison result `c` (<0, 0, >0) satisfies `op` (enum w_cmpop). */
static inline bool w_text_cmp_holds(int c, int op)
{
    switch (op) {
    case W_LT: return c < 0;
    case W_LE: return c <= 0;
    case W_EQ: return c == 0;
    case W_NE: return c != 0;
    case W_GT: return c > 0;
    default: return c >= 0;
    }
}
/* The hash of str and bytes contents (equal for equal bytes; 0 for empty, never -1). */
int64_t w_text_hash_bytes(const char *data, size_t n);
/* The `iter` slot of iterators: returns the iterator itself. */
w_object *w_text_iter_self(w_object *self);
/* Whether p points into the nursery, i.e. into an object the next allocation may move. */
static inline bool w_text_in_nursery(const void *p)
{
    return (const char *)p >= gc_state.nursery_start && (const char *)p < gc_state.nursery_end;
}
/* A new str of `nbytes` bytes and `length` code points whose data the caller fills
   before its next allocation; the NUL, `ascii` and `hash` are set. */
w_str *w_str_alloc(int64_t nbytes, int64_t length);
/* The byte offset of code point `index` in s (0 <= index <= length). */
int64_t w_str_offset(w_object *s, int64_t index);
/* s[start:stop] in code points (0 <= start <= stop <= length). */
w_object *w_str_slice(w_object *s, int64_t start, int64_t stop);
/* A bytes of `n` bytes that the caller fills before its next allocation. */
w_bytes *w_bytes_alloc(int64_t n);
/* bytes or bytearray (what CPython's buffer protocol gives these methods). */
bool w_bytes_like(w_object *o);
/* A bytes or bytearray (as `type` says) holding a copy of data[0..n). */
w_object *w_bytes_like_new(w_type *type, const char *data, size_t n);
/* Adds the methods bytes and bytearray share (bytes.c) to `t`. */
int w_bytes_add_methods(w_type *t);
int w_bytes_init(void);
int w_bytearray_init(void);
int w_str_methods_init(void);
/* bytes(...)/bytearray(...) argument forms shared by both constructors: fills `buf`
   from `source` (int count, str with encoding, bytes-like or iterable of ints). */
int w_bytes_fill_from(w_strbuf *buf, const char *fname, w_object *source,
                      w_object *encoding, w_object *errors);

/* Byte ranges [a, b) of the pieces of a split, collected before any piece is allocated. */
typedef struct w_text_range {
    int64_t a, b;
} w_text_range;
typedef struct w_ranges {
    w_text_range *v;
    size_t n, cap;
} w_ranges;
void w_ranges_add(w_ranges *r, int64_t a, int64_t b);
void w_ranges_free(w_ranges *r);
/* split()/rsplit() of d[0..n) on `sep` (NULL: runs of whitespace), at most `maxsplit`
   times (negative: no limit); `utf8` selects Unicode whitespace (str) over ASCII (bytes).
   The ranges come out left to right. */
void w_text_split_ranges(w_ranges *out, const char *d, int64_t n, const char *sep,
                         int64_t sepn, int64_t maxsplit, bool utf8);
void w_text_rsplit_ranges(w_ranges *out, const char *d, int64_t n, const char *sep,
                          int64_t sepn, int64_t maxsplit, bool utf8);
/* splitlines(): str's line breaks in `utf8` mode, only \r, \n and \r\n otherwise. */
void w_text_splitlines_ranges(w_ranges *out, const char *d, int64_t n, bool keepends,
                              bool utf8);

/* Operations over raw text shared by str (`utf8`: characters are code points) and bytes. */
void w_text_replace(w_strbuf *out, const char *d, int64_t n, const char *old, int64_t on,
                    const char *new, int64_t nn, int64_t count, bool utf8);
void w_text_expandtabs(w_strbuf *out, const char *d, int64_t n, int64_t tabsize, bool utf8);
/* The items of join()'s argument as a tuple ("can only join an iterable"). */
w_object *w_text_join_items(w_object *iterable);

/* bytes.c's slots and helpers, which bytearray shares. */
w_object *w_bytes_richcompare(w_object *a, w_object *b, int op);
int w_bytes_truth(w_object *self);
int64_t w_bytes_len(w_object *self);
w_object *w_bytes_getitem(w_object *self, w_object *key);
int w_bytes_contains(w_object *self, w_object *item);
w_object *w_bytes_concat(w_object *a, w_object *b);
w_object *w_bytes_repeat(w_object *self, int64_t count);
w_object *w_bytes_iter_new(w_object *seq);
/* Appends the b'...' form of d[0..n) (quotes and escapes as CPython chooses them);
   bytearray's repr escapes a single quote even inside double quotes, as CPython's does. */
void w_bytes_repr_add(w_strbuf *b, const char *d, int64_t n, bool escape_squote);
/* A byte value (0..255) from an int-like argument; ValueError `msg` when out of range. */
int w_bytes_byte_arg(w_object *o, const char *msg, int *out);
/* The value of an index (through __index__); IndexError "cannot fit 'int' into an
   index-sized integer" beyond int64. */
int w_bytes_index_value(w_object *key, int64_t *out);
/* A sequence index (negative from the end) into `len` items; IndexError `msg`. */
int w_bytes_index_key(w_object *key, int64_t len, const char *msg, int64_t *out);
/* Appends the byte values of an iterable of ints; TypeError `noiter_fmt` (with the type
   name) when `source` is not iterable, ValueError `range_msg` for a value out of range. */
int w_bytes_fill_iterable(w_strbuf *buf, w_object *source, const char *noiter_fmt,
                          const char *range_msg);

/*
 * Argument checks worded as CPython words them for each way its str and bytes methods
 * are declared. `qual` is the qualified name ("str.find"):
 *   noargs   "str.upper() takes no arguments (1 given)"
 *   onearg   "str.join() takes exactly one argument (0 given)"
 *   varargs  "find() takes at least 1 argument (0 given)" (PyArg_ParseTuple methods)
 *   clinic   "replace expected at least 2 arguments, got 1" (Argument Clinic methods)
 * Each rejects keywords with "str.find() takes no keyword arguments". 0 or -1.
 */
int w_text_noargs(const char *qual, size_t nargs, w_object *kwnames);
int w_text_onearg(const char *qual, size_t nargs, w_object *kwnames);
int w_text_varargs(const char *qual, size_t nargs, w_object *kwnames, size_t min, size_t max);
int w_text_clinic(const char *qual, size_t nargs, w_object *kwnames, size_t min, size_t max);
/* The keyword-capable arguments of splitlines (keepends), expandtabs (tabsize): one
   optional int named `name`, `dflt` when absent; and of encode/decode (encoding,
   errors: str or NULL), bound under `fname`. 0 or -1. */
int w_text_int_kwarg(const char *fname, const char *name, int dflt, w_object **args,
                     size_t nargs, w_object *kwnames, int *out);
int w_text_codec_args(const char *fname, w_object **args, size_t nargs, w_object *kwnames,
                      w_object **encoding, w_object **errors);
/* An optional start/end argument of find() and friends: None keeps *out, an int (or an
   object with __index__) is clamped to int64; TypeError "slice indices must be ...". */
int w_text_slice_index(w_object *o, int64_t *out);
/* Clamps [*start, *end) against a length as CPython's ADJUST_INDICES does. */
void w_text_adjust_indices(int64_t *start, int64_t *end, int64_t len);
/* An int argument that must fit a C ssize_t (widths, counts): TypeError
   "'str' object cannot be interpreted as an integer" or OverflowError. */
int w_text_ssize_arg(w_object *o, int64_t *out);
/* An int argument that must fit a C int (tabsize, keepends, bytes_per_sep). */
int w_text_int_arg(w_object *o, int *out);
/* The type name Argument Clinic's messages use: "None" for None, else the type's name. */
const char *w_text_argtype_name(w_object *o);
/* memmem / its reverse over raw bytes: the offset of the first (last) match or -1. */
int64_t w_text_find(const char *h, int64_t hn, const char *n, int64_t nn);
int64_t w_text_rfind(const char *h, int64_t hn, const char *n, int64_t nn);
/* Non-overlapping occurrences of a non-empty needle, at most `max` (-1: no limit). */
int64_t w_text_count(const char *h, int64_t hn, const char *n, int64_t nn, int64_t max);

/* printf-style formatting (strformat.c): `fmt % args` for a str, bytes or bytearray
   `fmt`, with CPython 3.11's conversions, flags and messages. The result has fmt's kind. */
w_object *w_text_format(w_object *fmt, w_object *args);
/* Gives str, bytes and bytearray their `%` operator (after w_text_init). */
void w_strformat_init(void);
/* format(value, spec) (formatspec.c): the value's __format__ if its type has one, else
   the mini-language of int, float and str, else str(value) for an empty spec. */
w_object *w_format(w_object *value, w_object *spec);
/* Adds str.format (formatfields.c). */
int w_formatfields_init(void);

/* Start-up, called by w_objects_init in two phases: first every family registers the gc
   descriptors of its tids (no allocation), then each fills its types' slots and methods
   and creates its own extra types and objects. */
void w_text_register_tids(void);
int w_text_init(void);

#endif

/* ffi.h — the direct FFI (libffi): signatures, conversions, the `ffi` module; only ffi/ and embed/ include it. Prefix ff_ (libffi owns ffi_). */
#ifndef FERRY_FFI_H
#define FERRY_FFI_H

#include <ffi.h>

#include "objects/objects.h"

/* The C types a signature may name. FF_K_CHARP is `char*` (str/bytes in, bytes or None
   out); FF_K_PTR every other pointer (int in and out, NULL is None). */
typedef enum ff_kind {
    FF_K_VOID, FF_K_BOOL,
    FF_K_I8, FF_K_U8, FF_K_I16, FF_K_U16, FF_K_I32, FF_K_U32, FF_K_I64, FF_K_U64,
    FF_K_FLOAT, FF_K_DOUBLE, FF_K_PTR, FF_K_CHARP
} ff_kind;

#define FF_MAX_ARGS 32

/* How a function of a signature is called (direct.c): by libffi, or directly through a
   prototype of integer-class (INT) or double (DOUBLE) parameters. */
typedef enum ff_direct { FF_DIRECT_NONE, FF_DIRECT_INT, FF_DIRECT_DOUBLE } ff_direct;

/* A parsed signature "RET NAME(ARG, ...)": `name` is empty when the string has none. The
   cif is prepared over `atypes`, so a signature must not move once prepared. */
typedef struct ff_sig {
    char name[128];
    ff_kind ret;
    int nargs;
    ff_kind args[FF_MAX_ARGS];
    const char *rettext, *argtext[FF_MAX_ARGS]; /* the type names, static, for messages */
    ffi_type *atypes[FF_MAX_ARGS];
    ffi_cif cif;
    ff_direct direct; /* ff_direct_shape's answer */
} ff_sig;

/* Parses `text` into `sig` and prepares its cif. `want_name`: 1 a name is required
   (lib.func), 0 none is allowed (ffi.callback). ValueError naming the token on error. */
int ff_sig_parse(const char *text, int want_name, ff_sig *sig);

/* One C value of any kind, as libffi reads and writes it (ret is at least ffi_arg wide). */
typedef union ff_value {
    ffi_arg ret;
    ffi_sarg sret;
    int8_t i8; uint8_t u8; int16_t i16; uint16_t u16;
    int32_t i32; uint32_t u32; int64_t i64; uint64_t u64;
    float f; double d; void *p; _Bool b;
} ff_value;

/* Whether a signature's functions can be called directly, and how (FF_DIRECT_NONE on
   platforms whose ABI direct.c does not know). */
ff_direct ff_direct_shape(const ff_sig *s);
/* Calls `fn` of a signature whose shape is not FF_DIRECT_NONE with converted `args`; the
   result is stored whole in `ret`, to be read by kind (ff_from_c with is_ret 0). */
void ff_direct_call(const ff_sig *s, void *fn, ff_value *args, ff_value *ret);

/* Runtime value → C per `kind`. A `char*` argument is copied into *owned (malloc'd; the
   caller frees it after the call), since the collector may move the str or bytes while C
   runs (a callback allocates). `fname`/`argno` name the argument in errors. */
int ff_to_c(w_object *v, ff_kind kind, const char *tname, const char *fname, int argno,
             ff_value *out, char **owned);
/* C value (as libffi returned it for a result when `is_ret`) → a new runtime object. */
w_object *ff_from_c(const void *p, ff_kind kind, int is_ret);
/* Writes a callback's C result from `v` into libffi's result buffer; -1 with an error. */
int ff_store_ret(w_object *v, ff_kind kind, const char *tname, void *ret);

/* The module's objects (instances of ffi.Library, ffi.Function, ffi.Callback; NULL with an error). */
w_object *ff_open(const char *path);
w_object *ff_func(w_object *lib, const char *sig);
w_object *ff_callback_new(const char *sig, w_object *callable);
/* Calls an ffi.Function (TypeError if `func` is none) with positional arguments. */
w_object *ff_function_call(w_object *func, w_object **args, size_t nargs);
/* The C address of a Callback, or NULL with TypeError if `o` is not one. */
void *ff_callback_address(w_object *o);

/* Start-up (after the runtime: registers the `ffi` module) and shutdown (before the
   collector: releases the callbacks' handles, frees closures, closes libraries). */
int ff_init(void);
/* Creates the three types (objects.c), for ff_init. */
int ff_types_init(void);
void ff_fini(void);

#endif

/* convert.c — runtime values to C values and back, per a signature's kinds, range-checked. */
#include <stdlib.h>
#include <string.h>

#include "ffi/ffi.h"

static void *wrong_type(w_object *v, const char *fname, int argno, const char *want)
{
    return w_raise_fmt(w_exc_TypeError, "%s() argument %d must be %s, not %s", fname, argno,
                       want, W_TYPE(v)->name);
}

/* cffi's wording: "integer 300 does not fit 'uint8_t'". */
static int does_not_fit(w_object *v, const char *tname)
{
    w_object *r = space_repr(v);
    if (r)
        w_raise_fmt(w_exc_OverflowError, "integer %s does not fit '%s'", w_str_utf8(r), tname);
    return -1;
}

/* An int's value as a 64-bit two's-complement word: 0 it fits int64_t (*i), 1 only
   uint64_t (*u), -1 neither. Never allocates. */
static int int_words(w_object *v, int64_t *i, uint64_t *u)
{
    if (w_int_is_small(v)) { /* the machine-word layout: no call */
        *i = w_int_small_value(v);
        return 0;
    }
    if (w_int_fits_i64(v)) {
        w_int_as_i64(v, i);
        return 0;
    }
    if (w_int_sign(v) < 0)
        return -1;
    mpz_t z;
    mp_limb_t scratch;
    w_int_view_mpz(v, z, &scratch);
    if (mpz_sizeinbase(z, 2) > 64)
        return -1;
    *u = mpz_get_ui(z);
    return 1;
}

static int int_in(w_object *v, ff_kind kind, const char *tname, ff_value *out)
{
    static const struct {
        int64_t lo, hi;
    } range[] = {
        [FF_K_BOOL] = {0, 1},
        [FF_K_I8] = {INT8_MIN, INT8_MAX}, [FF_K_U8] = {0, UINT8_MAX},
        [FF_K_I16] = {INT16_MIN, INT16_MAX}, [FF_K_U16] = {0, UINT16_MAX},
        [FF_K_I32] = {INT32_MIN, INT32_MAX}, [FF_K_U32] = {0, UINT32_MAX},
        [FF_K_I64] = {INT64_MIN, INT64_MAX},
    };
    int64_t i = 0;
    uint64_t u = 0;
    int w = int_words(v, &i, &u);
    if (kind == FF_K_U64 || kind == FF_K_PTR) {
        if (w < 0 || (w == 0 && i < 0))
            return does_not_fit(v, tname);
        uint64_t x = w ? u : (uint64_t)i;
        if (kind == FF_K_PTR)
            out->p = (void *)(uintptr_t)x;
        else
            out->u64 = x;
        return 0;
    }
    if (w != 0 || i < range[kind].lo || i > range[kind].hi)
        return does_not_fit(v, tname);
    switch (kind) {
    case FF_K_BOOL: out->b = i != 0; break;
    case FF_K_I8: out->i8 = (int8_t)i; break;
    case FF_K_U8: out->u8 = (uint8_t)i; break;
    case FF_K_I16: out->i16 = (int16_t)i; break;
    case FF_K_U16: out->u16 = (uint16_t)i; break;
    case FF_K_I32: out->i32 = (int32_t)i; break;
    case FF_K_U32: out->u32 = (uint32_t)i; break;
    default: out->i64 = i; break;
    }
    return 0;
}

int ff_to_c(w_object *v, ff_kind kind, const char *tname, const char *fname, int argno,
             ff_value *out, char **owned)
{
    switch (kind) {
    case FF_K_FLOAT:
    case FF_K_DOUBLE: {
        double d;
        if (W_FLOAT_CHECK(v))
            d = ((w_float *)v)->value;
        else if (W_INT_CHECK(v)) {
            d = w_int_as_double(v);
            if (d == -1.0 && w_err_occurred())
                return -1;
        } else
            return wrong_type(v, fname, argno, "float"), -1;
        if (kind == FF_K_FLOAT)
            out->f = (float)d;
        else
            out->d = d;
        return 0;
    }
    case FF_K_CHARP:
        if (v == w_None) {
            out->p = NULL;
            return 0;
        }
        if (W_STR_CHECK(v) || W_BYTES_CHECK(v)) {
            int s = W_STR_CHECK(v);
            size_t n = (size_t)(s ? w_str_nbytes(v) : w_bytes_size(v));
            char *copy = malloc(n + 1);
            if (!copy)
                return w_raise(w_exc_MemoryError, NULL), -1;
            memcpy(copy, s ? w_str_utf8(v) : w_bytes_data(v), n);
            copy[n] = 0;
            *owned = out->p = copy;
            return 0;
        }
        return wrong_type(v, fname, argno, "str, bytes or None"), -1;
    case FF_K_PTR:
        if (v == w_None) {
            out->p = NULL;
            return 0;
        }
        if (W_INT_CHECK(v))
            return int_in(v, kind, "void*", out);
        out->p = ff_callback_address(v);
        if (out->p)
            return 0;
        w_err_clear();
        return wrong_type(v, fname, argno, "int, None or ffi.Callback"), -1;
    default:
        if (!W_INT_CHECK(v))
            return wrong_type(v, fname, argno, "int"), -1;
        return int_in(v, kind, tname, out);
    }
}

w_object *ff_from_c(const void *p, ff_kind kind, int is_ret)
{
    const ff_value *v = p;
    /* libffi widens an integral result narrower than a register to ffi_arg */
    if (is_ret) {
        switch (kind) {
        case FF_K_BOOL: return W_BOOL(v->ret & 1);
        case FF_K_I8: return w_int_from_i64((int8_t)v->sret);
        case FF_K_U8: return w_int_from_i64((uint8_t)v->ret);
        case FF_K_I16: return w_int_from_i64((int16_t)v->sret);
        case FF_K_U16: return w_int_from_i64((uint16_t)v->ret);
        case FF_K_I32: return w_int_from_i64((int32_t)v->sret);
        case FF_K_U32: return w_int_from_i64((uint32_t)v->ret);
        default: break;
        }
    }
    switch (kind) {
    case FF_K_VOID: return w_None;
    case FF_K_BOOL: return W_BOOL(v->b);
    case FF_K_I8: return w_int_from_i64(v->i8);
    case FF_K_U8: return w_int_from_i64(v->u8);
    case FF_K_I16: return w_int_from_i64(v->i16);
    case FF_K_U16: return w_int_from_i64(v->u16);
    case FF_K_I32: return w_int_from_i64(v->i32);
    case FF_K_U32: return w_int_from_i64(v->u32);
    case FF_K_I64: return w_int_from_i64(v->i64);
    case FF_K_U64: return w_int_from_u64(v->u64);
    case FF_K_FLOAT: return w_float_new(v->f);
    case FF_K_DOUBLE: return w_float_new(v->d);
    case FF_K_PTR: return v->p ? w_int_from_u64((uintptr_t)v->p) : w_None;
    case FF_K_CHARP: return v->p ? w_bytes_from(v->p, strlen(v->p)) : w_None;
    }
    return w_None;
}

int ff_store_ret(w_object *v, ff_kind kind, const char *tname, void *ret)
{
    ff_value c;
    char *owned = NULL;
    if (kind == FF_K_VOID)
        return 0;
    if (kind == FF_K_CHARP)
        return w_raise_fmt(w_exc_TypeError, "a callback cannot return char*"), -1;
    if (ff_to_c(v, kind, tname, "callback result", 0, &c, &owned) < 0)
        return -1;
    ff_value *r = ret;
    switch (kind) {
    case FF_K_BOOL: r->ret = c.b; break;
    case FF_K_I8: r->sret = c.i8; break;
    case FF_K_U8: r->ret = c.u8; break;
    case FF_K_I16: r->sret = c.i16; break;
    case FF_K_U16: r->ret = c.u16; break;
    case FF_K_I32: r->sret = c.i32; break;
    case FF_K_U32: r->ret = c.u32; break;
    default: *r = c; break;
    }
    return 0;
}

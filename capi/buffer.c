/* buffer.c — the buffer protocol (Py_buffer) and memoryview, a runtime type whose data lives in its proxy. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/* ---- the protocol ------------------------------------------------------------------------ */

int PyObject_CheckBuffer(PyObject *obj)
{
    PyBufferProcs *bp = obj ? Py_TYPE(obj)->tp_as_buffer : NULL;
    return bp && bp->bf_getbuffer;
}

int PyObject_GetBuffer(PyObject *obj, Py_buffer *view, int flags)
{
    if (!PyObject_CheckBuffer(obj)) {
        if (!obj)
            capi_bad_internal_call();
        else
            w_raise_fmt(w_exc_TypeError, "a bytes-like object is required, not '%s'",
                        Py_TYPE(obj)->tp_name);
        return -1;
    }
    return Py_TYPE(obj)->tp_as_buffer->bf_getbuffer(obj, view, flags);
}

void PyBuffer_Release(Py_buffer *view)
{
    PyObject *obj = view->obj;
    if (!obj)
        return;
    PyBufferProcs *bp = Py_TYPE(obj)->tp_as_buffer;
    if (bp && bp->bf_releasebuffer)
        bp->bf_releasebuffer(obj, view);
    view->obj = NULL;
    Py_DECREF(obj);
}

int PyBuffer_FillInfo(Py_buffer *view, PyObject *o, void *buf, Py_ssize_t len, int readonly,
                      int flags)
{
    if (!view) {
        w_raise_fmt(w_exc_BufferError, "PyBuffer_FillInfo: view==NULL argument is obsolete");
        return -1;
    }
    if ((flags & PyBUF_WRITABLE) && readonly == 1) {
        w_raise_fmt(w_exc_BufferError, "Object is not writable.");
        return -1;
    }
    view->obj = Py_XNewRef(o);
    view->buf = buf;
    view->len = len;
    view->readonly = readonly;
    view->itemsize = 1;
    view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT ? "B" : NULL;
    view->ndim = 1;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? &view->len : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? &view->itemsize : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

/* Whether the items lie one after the other with the last index varying fastest (C)
   or the first (Fortran); a view without strides is C-contiguous by definition. */
static bool is_contiguous_in(const Py_buffer *view, bool fortran)
{
    if (view->len == 0)
        return true;
    if (!view->strides) {
        if (!fortran || view->ndim <= 1)
            return true;
        int longer = 0; /* C order is also Fortran order with at most one dimension > 1 */
        for (int i = 0; i < view->ndim; i++)
            longer += view->shape[i] > 1;
        return longer <= 1;
    }
    Py_ssize_t expected = view->itemsize;
    for (int k = 0; k < view->ndim; k++) {
        int i = fortran ? k : view->ndim - 1 - k;
        if (view->shape[i] > 1 && view->strides[i] != expected)
            return false;
        expected *= view->shape[i];
    }
    return true;
}

int PyBuffer_IsContiguous(const Py_buffer *view, char order)
{
    if (view->suboffsets)
        return 0;
    if (order == 'C')
        return is_contiguous_in(view, false);
    if (order == 'F')
        return is_contiguous_in(view, true);
    if (order == 'A')
        return is_contiguous_in(view, false) || is_contiguous_in(view, true);
    return 0;
}

void *PyBuffer_GetPointer(const Py_buffer *view, const Py_ssize_t *indices)
{
    char *p = view->buf;
    for (int i = 0; i < view->ndim; i++) {
        p += (view->strides ? view->strides[i] : view->itemsize) * indices[i];
        if (view->suboffsets && view->suboffsets[i] >= 0)
            p = *(char **)p + view->suboffsets[i];
    }
    return p;
}

void PyBuffer_FillContiguousStrides(int ndims, Py_ssize_t *shape, Py_ssize_t *strides,
                                    int itemsize, char order)
{
    Py_ssize_t sd = itemsize;
    for (int k = 0; k < ndims; k++) {
        int i = order == 'F' ? k : ndims - 1 - k;
        strides[i] = sd;
        sd *= shape[i];
    }
}

/*
 * Copies the items of `view` to or from the contiguous memory `mem` of `len` bytes, in C
 * or Fortran order, walking every index of a strided (or indirect) view. Copies whole
 * items while they fit in `len`.
 */
static int copy_items(const Py_buffer *view, char *mem, Py_ssize_t len, char order, bool to_mem)
{
    Py_ssize_t small[8];
    Py_ssize_t *index = view->ndim <= 8 ? small : calloc((size_t)view->ndim, sizeof *index);
    if (!index) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < view->ndim; i++) {
        index[i] = 0;
        if (view->shape[i] == 0)
            len = 0;
    }
    bool fortran = order == 'F';
    for (Py_ssize_t done = 0; done + view->itemsize <= len; done += view->itemsize) {
        char *p = PyBuffer_GetPointer(view, index);
        if (to_mem)
            memcpy(mem + done, p, (size_t)view->itemsize);
        else
            memcpy(p, mem + done, (size_t)view->itemsize);
        /* next index: the fastest-varying dimension first, carrying into the next */
        for (int k = 0; k < view->ndim; k++) {
            int i = fortran ? k : view->ndim - 1 - k;
            if (++index[i] < view->shape[i])
                break;
            index[i] = 0;
        }
    }
    if (index != small)
        free(index);
    return 0;
}

int PyBuffer_ToContiguous(void *buf, const Py_buffer *src, Py_ssize_t len, char order)
{
    if (len != src->len) {
        w_raise_fmt(w_exc_ValueError, "PyBuffer_ToContiguous: len != view->len");
        return -1;
    }
    if (PyBuffer_IsContiguous(src, order)) {
        memcpy(buf, src->buf, (size_t)len);
        return 0;
    }
    return copy_items(src, buf, len, order, true);
}

int PyBuffer_FromContiguous(const Py_buffer *view, const void *buf, Py_ssize_t len, char order)
{
    if (len > view->len)
        len = view->len;
    if (PyBuffer_IsContiguous(view, order)) {
        memcpy(view->buf, buf, (size_t)len);
        return 0;
    }
    return copy_items(view, (char *)buf, len, order, false);
}

/* ---- bytes and bytearray as exporters ----------------------------------------------------
 * Their types are the text family's; this file gives them their buffer slots at start-up.
 * A bytes proxy holds its bytes (bytesobject.h), so a buffer of it points into the proxy,
 * which the buffer's reference keeps. A bytearray's bytes are pinned by
 * PyByteArray_AsString (bytearrayobject.h) and stay put until the bytearray is resized.
 * While buffers are held the runtime bytearray counts them (w_bytearray.exports) and
 * refuses to change size, with CPython's BufferError, so the pointer stays good; the
 * proxy's ob_exports mirrors the count for C code that reads it.
 */
static int bytes_getbuffer(PyObject *o, Py_buffer *view, int flags)
{
    return PyBuffer_FillInfo(view, o, PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o), 1, flags);
}

static int bytearray_getbuffer(PyObject *o, Py_buffer *view, int flags)
{
    if (!view) {
        w_raise_fmt(w_exc_BufferError, "bytearray_getbuffer: view==NULL argument is obsolete");
        return -1;
    }
    char *p = PyByteArray_AsString(o);
    if (!p || PyBuffer_FillInfo(view, o, p, PyByteArray_GET_SIZE(o), 0, flags) < 0)
        return -1;
    ((w_bytearray *)capi_link(o))->exports++;
    ((PyByteArrayObject *)o)->ob_exports++;
    return 0;
}

static void bytearray_releasebuffer(PyObject *o, Py_buffer *view)
{
    ((w_bytearray *)capi_link(o))->exports--;
    ((PyByteArrayObject *)o)->ob_exports--;
}

static PyBufferProcs bytes_as_buffer = {bytes_getbuffer, NULL};
static PyBufferProcs bytearray_as_buffer = {bytearray_getbuffer, bytearray_releasebuffer};

/* ---- memoryview ------------------------------------------------------------------------ */

/*
 * A memoryview's proxy holds its Py_buffer (`view`); its runtime object is a bare
 * W_TID_COBJ header of the runtime type "memoryview", made when the view first crosses,
 * whose slots and methods (below) find the proxy with capi_proxy. The buffer obtained
 * from the exporter, the *managed buffer*, is shared by a view and every view made from
 * it (slices, memoryview(view)), as in CPython: it is released when the last of them is
 * released. A view's own `view.obj` holds a reference to the exporter.
 */
struct capi_mbuf {
    Py_ssize_t refs; /* views holding it */
    Py_buffer master;
};

static w_type *memoryview_type;

static const char released_msg[] = "operation forbidden on released memoryview object";

static void mbuf_decref(struct capi_mbuf *mb)
{
    if (--mb->refs == 0) {
        PyBuffer_Release(&mb->master);
        free(mb);
    }
}

static bool mv_released(PyMemoryViewObject *mv)
{
    return (mv->flags & _Py_MEMORYVIEW_RELEASED) != 0;
}

/* Drops the view's hold on its managed buffer and exporter (release() and dealloc). */
static void mv_release_now(PyMemoryViewObject *mv)
{
    if (mv_released(mv))
        return;
    mv->flags |= _Py_MEMORYVIEW_RELEASED;
    PyObject *obj = mv->view.obj;
    mv->view.obj = NULL;
    mbuf_decref(mv->mbuf);
    mv->mbuf = NULL;
    Py_XDECREF(obj);
}

/* Arbitrary C may run (the exporter's bf_releasebuffer): not GC-safe. */
static void mv_dealloc(PyObject *o)
{
    mv_release_now((PyMemoryViewObject *)o);
    free(o);
}

/* At shutdown (see capi.h): frees the view and, with its last view, the managed buffer,
   without releasing the exporter, whose proxy goes too. */
static void mv_free(void *o)
{
    PyMemoryViewObject *mv = o;
    if (mv->mbuf && --mv->mbuf->refs == 0)
        free(mv->mbuf);
    free(mv);
}

static int mv_getbuffer(PyObject *o, Py_buffer *view, int flags);
static void mv_releasebuffer(PyObject *o, Py_buffer *view);
static PyBufferProcs mv_as_buffer = {mv_getbuffer, mv_releasebuffer};

PyTypeObject PyMemoryView_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "memoryview",
    .tp_basicsize = sizeof(PyMemoryViewObject),
    .tp_dealloc = mv_dealloc,
    .tp_as_buffer = &mv_as_buffer,
    .tp_free = mv_free,
};

static w_object *mv_w(PyObject *o, bool owned)
{
    return capi_cobj_new(memoryview_type);
}

static void mv_set_flags(PyMemoryViewObject *mv)
{
    Py_buffer *v = &mv->view;
    mv->flags &= _Py_MEMORYVIEW_RELEASED;
    if (v->ndim == 0)
        mv->flags |= _Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
    else {
        if (is_contiguous_in(v, false))
            mv->flags |= _Py_MEMORYVIEW_C;
        if (is_contiguous_in(v, true))
            mv->flags |= _Py_MEMORYVIEW_FORTRAN;
    }
}

/* A new view (a proxy, not yet crossed) on `mb`, showing `src` (the managed buffer's
   master or another view of it): zero or one dimension, shape and strides its own. */
static PyMemoryViewObject *mv_new(struct capi_mbuf *mb, const Py_buffer *src)
{
    PyMemoryViewObject *mv = calloc(1, sizeof *mv);
    if (!mv) {
        PyErr_NoMemory();
        return NULL;
    }
    mv->ob_base.ob_base.ob_refcnt = 1;
    mv->ob_base.ob_base.ob_type = &PyMemoryView_Type;
    mv->hash = -1;
    mv->mbuf = mb;
    mb->refs++;
    mv->view = *src;
    mv->view.obj = Py_XNewRef(src->obj);
    if (!mv->view.format)
        mv->view.format = "B";
    mv->view.suboffsets = NULL;
    if (src->ndim == 1) {
        mv->ob_array[0] = src->shape ? src->shape[0] : src->len / src->itemsize;
        mv->ob_array[1] = src->strides ? src->strides[0] : src->itemsize;
        mv->view.shape = &mv->ob_array[0];
        mv->view.strides = &mv->ob_array[1];
    } else {
        mv->view.shape = mv->view.strides = NULL;
    }
    mv_set_flags(mv);
    return mv;
}

/* A managed buffer around `info` (whose `obj` reference it takes over), checked to be
   one Ferry's memoryview can show. */
static struct capi_mbuf *mbuf_new(const Py_buffer *info)
{
    struct capi_mbuf *mb = calloc(1, sizeof *mb);
    if (!mb) {
        PyErr_NoMemory();
        return NULL;
    }
    mb->master = *info;
    if (info->ndim > 1 || info->ndim < 0 || info->itemsize <= 0 ||
        (info->suboffsets && info->ndim == 1 && info->suboffsets[0] >= 0)) {
        w_raise_fmt(w_exc_NotImplementedError,
                    "memoryview: Ferry supports direct buffers of at most one dimension");
        mb->refs = 1;
        mbuf_decref(mb);
        return NULL;
    }
    return mb;
}

/* A view of a new managed buffer around `info`, whose `obj` reference it takes over. */
static PyObject *mv_from_info(const Py_buffer *info)
{
    struct capi_mbuf *mb = mbuf_new(info);
    if (!mb)
        return NULL;
    PyMemoryViewObject *mv = mv_new(mb, &mb->master);
    if (!mv) {
        mb->refs++;
        mbuf_decref(mb);
    }
    return (PyObject *)mv;
}

PyObject *PyMemoryView_FromObject(PyObject *base)
{
    if (base && PyMemoryView_Check(base)) {
        PyMemoryViewObject *b = (PyMemoryViewObject *)base;
        if (mv_released(b))
            return w_raise_fmt(w_exc_ValueError, released_msg);
        return (PyObject *)mv_new(b->mbuf, &b->view);
    }
    if (!PyObject_CheckBuffer(base)) {
        if (!base)
            return w_raise_fmt(w_exc_SystemError, "NULL object passed to PyMemoryView_FromObject");
        return w_raise_fmt(w_exc_TypeError, "memoryview: a bytes-like object is required, not '%s'",
                           Py_TYPE(base)->tp_name);
    }
    Py_buffer info;
    if (PyObject_GetBuffer(base, &info, PyBUF_FULL_RO) < 0)
        return NULL;
    return mv_from_info(&info);
}

PyObject *PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags)
{
    if (flags != PyBUF_READ && flags != PyBUF_WRITE) {
        capi_bad_internal_call();
        return NULL;
    }
    Py_buffer info;
    PyBuffer_FillInfo(&info, NULL, mem, size, flags == PyBUF_READ, PyBUF_FULL_RO);
    return mv_from_info(&info);
}

/* The view does not own `info->obj`: releasing it leaves the buffer to its owner. */
PyObject *PyMemoryView_FromBuffer(const Py_buffer *info)
{
    if (!info->buf)
        return w_raise_fmt(w_exc_ValueError, "PyMemoryView_FromBuffer(): info->buf must not be NULL");
    Py_buffer copy = *info;
    copy.obj = NULL;
    return mv_from_info(&copy);
}

PyObject *PyMemoryView_GetContiguous(PyObject *base, int buffertype, char order)
{
    if (buffertype != PyBUF_READ && buffertype != PyBUF_WRITE) {
        capi_bad_internal_call();
        return NULL;
    }
    if (order != 'C' && order != 'F' && order != 'A') {
        capi_bad_internal_call();
        return NULL;
    }
    PyMemoryViewObject *mv = (PyMemoryViewObject *)PyMemoryView_FromObject(base);
    if (!mv)
        return NULL;
    if (buffertype == PyBUF_WRITE && mv->view.readonly) {
        Py_DECREF(mv);
        return w_raise_fmt(w_exc_BufferError, "underlying buffer is not writable");
    }
    if (PyBuffer_IsContiguous(&mv->view, order))
        return (PyObject *)mv;
    if (buffertype == PyBUF_WRITE) {
        Py_DECREF(mv);
        return w_raise_fmt(w_exc_BufferError,
                           "writable contiguous buffer requested for a non-contiguous object.");
    }
    /* a read-only copy, in a bytes object whose view then stands for the data */
    char *copy = malloc((size_t)mv->view.len + 1);
    PyObject *r = NULL;
    if (!copy)
        r = PyErr_NoMemory();
    else if (PyBuffer_ToContiguous(copy, &mv->view, mv->view.len, order) == 0) {
        PyObject *bytes = capi_new_ref(w_bytes_from(copy, (size_t)mv->view.len));
        r = bytes ? PyMemoryView_FromObject(bytes) : NULL;
        Py_XDECREF(bytes);
    }
    free(copy);
    Py_DECREF(mv);
    return r;
}

/* The buffer protocol on a memoryview: a copy of its view, counted in `exports`. */
static int mv_getbuffer(PyObject *o, Py_buffer *view, int flags)
{
    PyMemoryViewObject *mv = (PyMemoryViewObject *)o;
    if (mv_released(mv)) {
        w_raise_fmt(w_exc_ValueError, released_msg);
        return -1;
    }
    const char *problem = NULL;
    if ((flags & PyBUF_WRITABLE) && mv->view.readonly)
        problem = "memoryview: underlying buffer is not writable";
    else if ((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !(mv->flags & _Py_MEMORYVIEW_C))
        problem = "memoryview: underlying buffer is not C-contiguous";
    else if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS &&
             !(mv->flags & _Py_MEMORYVIEW_FORTRAN))
        problem = "memoryview: underlying buffer is not Fortran contiguous";
    else if ((flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS &&
             !(mv->flags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN)))
        problem = "memoryview: underlying buffer is not contiguous";
    else if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES && !(mv->flags & _Py_MEMORYVIEW_C))
        problem = "memoryview: underlying buffer is not C-contiguous";
    else if ((flags & PyBUF_ND) != PyBUF_ND && (flags & PyBUF_FORMAT))
        problem = "memoryview: cannot cast to unsigned bytes if the format flag is present";
    if (problem) {
        w_raise_fmt(w_exc_BufferError, "%s", problem);
        return -1;
    }
    *view = mv->view;
    if (!(flags & PyBUF_FORMAT))
        view->format = NULL;
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES)
        view->strides = NULL;
    if ((flags & PyBUF_ND) != PyBUF_ND) {
        view->ndim = 1;
        view->shape = NULL;
    }
    view->obj = Py_NewRef(o);
    mv->exports++;
    return 0;
}

static void mv_releasebuffer(PyObject *o, Py_buffer *view)
{
    ((PyMemoryViewObject *)o)->exports--;
}

/* ---- items: the native single-character struct formats ------------------------------------ */

/* The format character of a view: '@' is the native default; anything longer than one
   character is NotImplementedError ('\0' returned). */
static char format_char(const Py_buffer *v)
{
    const char *f = v->format[0] == '@' ? v->format + 1 : v->format;
    if (f[0] && !f[1])
        return f[0];
    w_raise_fmt(w_exc_NotImplementedError, "memoryview: unsupported format %s", v->format);
    return '\0';
}

#define UNPACK(ctype, make)                                                               \
    do {                                                                                  \
        ctype x;                                                                          \
        memcpy(&x, p, sizeof x);                                                          \
        return make;                                                                      \
    } while (0)

static w_object *unpack_item(const Py_buffer *v, const char *p)
{
    char c = format_char(v);
    switch (c) {
    case '\0':
        return NULL;
    case 'B': UNPACK(unsigned char, w_int_from_i64(x));
    case 'b': UNPACK(signed char, w_int_from_i64(x));
    case 'h': UNPACK(short, w_int_from_i64(x));
    case 'H': UNPACK(unsigned short, w_int_from_i64(x));
    case 'i': UNPACK(int, w_int_from_i64(x));
    case 'I': UNPACK(unsigned int, w_int_from_i64(x));
    case 'l': UNPACK(long, w_int_from_i64(x));
    case 'L': UNPACK(unsigned long, w_int_from_u64(x));
    case 'q': UNPACK(long long, w_int_from_i64(x));
    case 'Q': UNPACK(unsigned long long, w_int_from_u64(x));
    case 'n': UNPACK(Py_ssize_t, w_int_from_i64(x));
    case 'N': UNPACK(size_t, w_int_from_u64(x));
    case 'f': UNPACK(float, w_float_new(x));
    case 'd': UNPACK(double, w_float_new(x));
    case '?': UNPACK(_Bool, W_BOOL(x));
    case 'c': return w_bytes_from(p, 1);
    default:
        return w_raise_fmt(w_exc_NotImplementedError, "memoryview: format %s not supported",
                           v->format);
    }
}
#undef UNPACK

/* Stores the low `size` bytes (1, 2, 4 or 8) of an integer's two's complement bits. */
static void store_bits(char *p, size_t size, uint64_t bits)
{
    uint8_t b1 = (uint8_t)bits;
    uint16_t b2 = (uint16_t)bits;
    uint32_t b4 = (uint32_t)bits;
    switch (size) {
    case 1: memcpy(p, &b1, 1); break;
    case 2: memcpy(p, &b2, 2); break;
    case 4: memcpy(p, &b4, 4); break;
    default: memcpy(p, &bits, 8); break;
    }
}

/* Stores an integer item after CPython's range check. */
static int pack_int(char c, char *p, w_object *value, const char *format)
{
    if (!W_INT_CHECK(value)) {
        w_raise_fmt(w_exc_TypeError, "memoryview: invalid type for format '%s'", format);
        return -1;
    }
    bool is_unsigned = strchr("BHILQN", c) != NULL;
    int64_t s = 0;
    uint64_t u = 0;
    bool ok;
    if (w_int_fits_i64(value)) {
        w_int_as_i64(value, &s);
        u = (uint64_t)s;
        ok = !is_unsigned || s >= 0;
    } else {
        /* only an unsigned 64-bit format can hold an int beyond int64 */
        ok = is_unsigned && w_int_sign(value) > 0 && strchr("LQN", c);
        if (ok) {
            mpz_t z;
            mp_limb_t scratch;
            w_int_view_mpz(value, z, &scratch);
            ok = mpz_sizeinbase(z, 2) <= 64;
            if (ok)
                u = mpz_getlimbn(z, 0);
        }
    }
    size_t size = 8; /* l L q Q n N: 64 bits on Ferry's platforms */
    switch (c) {
    case 'B': ok = ok && u <= UCHAR_MAX; size = 1; break;
    case 'b': ok = ok && s >= SCHAR_MIN && s <= SCHAR_MAX; size = 1; break;
    case 'h': ok = ok && s >= SHRT_MIN && s <= SHRT_MAX; size = sizeof(short); break;
    case 'H': ok = ok && u <= USHRT_MAX; size = sizeof(short); break;
    case 'i': ok = ok && s >= INT_MIN && s <= INT_MAX; size = sizeof(int); break;
    case 'I': ok = ok && u <= UINT_MAX; size = sizeof(int); break;
    }
    if (!ok) {
        w_raise_fmt(w_exc_ValueError, "memoryview: invalid value for format '%s'", format);
        return -1;
    }
    store_bits(p, size, is_unsigned ? u : (uint64_t)s);
    return 0;
}

/* CPython's wording for a value that failed to convert: TypeError and ValueError (or
   OverflowError) become memoryview's own. */
static int invalid_item(const Py_buffer *v)
{
    if (w_err_matches(w_exc_TypeError)) {
        w_err_clear();
        w_raise_fmt(w_exc_TypeError, "memoryview: invalid type for format '%s'", v->format);
    } else if (w_err_matches(w_exc_ValueError) || w_err_matches(w_exc_OverflowError)) {
        w_err_clear();
        w_raise_fmt(w_exc_ValueError, "memoryview: invalid value for format '%s'", v->format);
    }
    return -1;
}

static int pack_item(const Py_buffer *v, char *p, w_object *value)
{
    char c = format_char(v);
    switch (c) {
    case '\0':
        return -1;
    case 'f':
    case 'd': {
        double d;
        if (w_float_as_double(value, &d) < 0)
            return invalid_item(v);
        if (c == 'f') {
            float f = (float)d;
            memcpy(p, &f, sizeof f);
        } else {
            memcpy(p, &d, sizeof d);
        }
        return 0;
    }
    case '?': {
        int t = space_truth(value);
        if (t < 0)
            return invalid_item(v);
        _Bool b = t;
        memcpy(p, &b, sizeof b);
        return 0;
    }
    case 'c':
        if (!W_BYTES_CHECK(value)) {
            w_raise_fmt(w_exc_TypeError, "memoryview: invalid type for format '%s'", v->format);
            return -1;
        }
        if (w_bytes_size(value) != 1) {
            w_raise_fmt(w_exc_ValueError, "memoryview: invalid value for format '%s'", v->format);
            return -1;
        }
        *p = w_bytes_data(value)[0];
        return 0;
    default:
        if (!strchr("BbhHiIlLqQnN", c)) {
            w_raise_fmt(w_exc_NotImplementedError, "memoryview: format %s not supported",
                        v->format);
            return -1;
        }
        return pack_int(c, p, value, v->format);
    }
}

/* ---- the runtime type's slots and methods ----------------------------------------------------- */

/* The view of a runtime memoryview; NULL (ValueError) if it was released. */
static PyMemoryViewObject *live_view(w_object *self)
{
    PyMemoryViewObject *mv = (PyMemoryViewObject *)capi_proxy(self);
    if (mv_released(mv)) {
        w_raise_fmt(w_exc_ValueError, released_msg);
        return NULL;
    }
    return mv;
}

static w_object *mv_repr(w_object *self)
{
    PyMemoryViewObject *mv = (PyMemoryViewObject *)capi_proxy(self);
    return w_str_from_fmt(mv_released(mv) ? "<released memory at %p>" : "<memory at %p>",
                          (void *)mv);
}

static int64_t mv_len(w_object *self)
{
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return -1;
    if (mv->view.ndim == 0) {
        w_raise_fmt(w_exc_TypeError, "0-dim memory has no length");
        return -1;
    }
    return mv->view.shape[0];
}

/* The contents as a new bytes, in C order. */
static w_object *mv_bytes(PyMemoryViewObject *mv)
{
    char *copy = malloc((size_t)mv->view.len + 1);
    if (!copy)
        return w_raise(w_exc_MemoryError, NULL);
    w_object *r = NULL;
    if (PyBuffer_ToContiguous(copy, &mv->view, mv->view.len, 'C') == 0)
        r = w_bytes_from(copy, (size_t)mv->view.len);
    free(copy);
    return r;
}

/* A slice of a one-dimensional view: a new view on the same managed buffer. */
static w_object *mv_slice(PyMemoryViewObject *mv, w_object *slice)
{
    int64_t start, stop, step, n;
    if (w_slice_indices(slice, mv->view.shape[0], &start, &stop, &step, &n) < 0)
        return NULL;
    PyMemoryViewObject *r = mv_new(mv->mbuf, &mv->view);
    if (!r)
        return NULL;
    r->view.buf = (char *)r->view.buf + start * r->ob_array[1];
    r->ob_array[0] = n;
    r->ob_array[1] *= step;
    r->view.len = n * r->view.itemsize;
    mv_set_flags(r);
    return capi_w_steal((PyObject *)r);
}

/* The position of item `key` (an int) of a one-dimensional view, or NULL. */
static char *item_pointer(PyMemoryViewObject *mv, w_object *key)
{
    int64_t i;
    w_object *k = space_index(key);
    if (!k)
        return NULL;
    if (w_int_as_i64(k, &i) < 0) {
        w_err_clear();
        w_raise_fmt(w_exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return NULL;
    }
    Py_ssize_t n = mv->view.shape[0];
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        w_raise_fmt(w_exc_IndexError, "index out of bounds on dimension 1");
        return NULL;
    }
    return (char *)mv->view.buf + i * mv->view.strides[0];
}

static bool is_index(w_object *key)
{
    w_type *t = W_TYPE(key);
    return W_INT_CHECK(key) || (t->number && t->number->index);
}

static w_object *mv_getitem(w_object *self, w_object *key)
{
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return NULL;
    if (mv->view.ndim == 0) {
        if (key == w_Ellipsis)
            return self;
        if (W_TUPLE_CHECK(key) && W_TUPLE_SIZE(key) == 0)
            return unpack_item(&mv->view, mv->view.buf);
        return w_raise_fmt(w_exc_TypeError, "invalid indexing of 0-dim memory");
    }
    if (is_index(key)) {
        char *p = item_pointer(mv, key);
        return p ? unpack_item(&mv->view, p) : NULL;
    }
    if (W_SLICE_CHECK(key))
        return mv_slice(mv, key);
    if (key == w_Ellipsis)
        return self;
    if (W_TUPLE_CHECK(key))
        return w_raise_fmt(w_exc_NotImplementedError, "multi-dimensional sub-views are not implemented");
    return w_raise_fmt(w_exc_TypeError, "memoryview: invalid slice key");
}

/* mv[slice] = value: `value`'s buffer must have the same format and length. */
static int mv_assign_slice(PyMemoryViewObject *mv, w_object *slice, w_object *value)
{
    GC_ENTER();
    GC_ROOT(slice);
    PyObject *src = capi_new_ref(value); /* a proxy survives the allocations below */
    w_object *target = mv_slice(mv, slice);
    GC_ROOT(target);
    int r = -1;
    Py_buffer in;
    if (!target || PyObject_GetBuffer(src, &in, PyBUF_FULL_RO) < 0)
        goto out;
    PyMemoryViewObject *dst = (PyMemoryViewObject *)capi_proxy(target);
    const char *f = in.format ? in.format : "B";
    Py_ssize_t n = in.ndim == 0 ? 1 : in.shape ? in.shape[0] : in.len / in.itemsize;
    if (strcmp(f, dst->view.format) != 0 || in.itemsize != dst->view.itemsize ||
        in.ndim != 1 || n != dst->view.shape[0]) {
        w_raise_fmt(w_exc_ValueError,
                    "memoryview assignment: lvalue and rvalue have different structures");
    } else {
        /* through a contiguous copy: source and target may overlap */
        char *tmp = malloc((size_t)in.len + 1);
        if (!tmp)
            PyErr_NoMemory();
        else if (PyBuffer_ToContiguous(tmp, &in, in.len, 'C') == 0 &&
                 PyBuffer_FromContiguous(&dst->view, tmp, in.len, 'C') == 0)
            r = 0;
        free(tmp);
    }
    PyBuffer_Release(&in);
out:
    Py_DECREF(src);
    GC_RETURN(r);
}

static int mv_setitem(w_object *self, w_object *key, w_object *value)
{
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return -1;
    if (mv->view.readonly) {
        w_raise_fmt(w_exc_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (!value) {
        w_raise_fmt(w_exc_TypeError, "cannot delete memory");
        return -1;
    }
    if (mv->view.ndim == 0) {
        if (key == w_Ellipsis || (W_TUPLE_CHECK(key) && W_TUPLE_SIZE(key) == 0))
            return pack_item(&mv->view, mv->view.buf, value);
        w_raise_fmt(w_exc_TypeError, "invalid indexing of 0-dim memory");
        return -1;
    }
    if (is_index(key)) {
        GC_ENTER();
        GC_ROOT(value);
        char *p = item_pointer(mv, key);
        GC_RETURN(p ? pack_item(&mv->view, p, value) : -1);
    }
    if (W_SLICE_CHECK(key))
        return mv_assign_slice(mv, key, value);
    w_raise_fmt(w_exc_TypeError, "memoryview: invalid slice key");
    return -1;
}

static w_object *mv_iter(w_object *self)
{
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return NULL;
    if (mv->view.ndim == 0)
        return w_raise_fmt(w_exc_TypeError, "invalid indexing of 0-dim memory");
    return w_seq_iter_new(self);
}

static int mv_hash(w_object *self, int64_t *out)
{
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return -1;
    if (mv->hash != -1) {
        *out = mv->hash;
        return 0;
    }
    if (!mv->view.readonly) {
        w_raise_fmt(w_exc_ValueError, "cannot hash writable memoryview object");
        return -1;
    }
    const char *f = mv->view.format[0] == '@' ? mv->view.format + 1 : mv->view.format;
    if (!strchr("Bbc", f[0]) || f[1]) {
        w_raise_fmt(w_exc_ValueError,
                    "memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
        return -1;
    }
    if (mv->view.obj && PyObject_Hash(mv->view.obj) == -1)
        return -1;
    w_object *b = mv_bytes(mv);
    if (!b || space_hash(b, out) < 0)
        return -1;
    mv->hash = (Py_hash_t)*out;
    return 0;
}

/* 1 if the items of the two one-dimensional (or zero-dimensional) buffers are equal. */
static int items_equal(const Py_buffer *a, const Py_buffer *b)
{
    Py_ssize_t n = a->ndim == 0 ? 1 : a->shape[0];
    const char *fa = a->format ? a->format : "B", *fb = b->format ? b->format : "B";
    bool same = strcmp(fa, fb) == 0 && a->itemsize == b->itemsize;
    GC_ENTER();
    w_object *x = NULL, *y = NULL;
    GC_ROOT(x);
    GC_ROOT(y);
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *pa = (const char *)a->buf + (a->ndim ? i * (a->strides ? a->strides[0] : a->itemsize) : 0);
        const char *pb = (const char *)b->buf + (b->ndim ? i * (b->strides ? b->strides[0] : b->itemsize) : 0);
        if (same && (fa[0] == 'B' || fa[0] == 'b' || fa[0] == 'c') && !fa[1]) {
            if (*pa != *pb)
                GC_RETURN(0);
            continue;
        }
        if (!(x = unpack_item(a, pa)) || !(y = unpack_item(b, pb))) {
            /* formats Ferry cannot decode: equal only as identical bytes */
            w_err_clear();
            if (!same || memcmp(pa, pb, (size_t)a->itemsize) != 0)
                GC_RETURN(0);
            continue;
        }
        int r = space_eq(x, y);
        if (r <= 0)
            GC_RETURN(r);
    }
    GC_RETURN(1);
}

/* == and != against any buffer: equal shapes and equal items (CPython's rule); a
   released view is only equal to itself. */
static w_object *mv_richcompare(w_object *a, w_object *b, int op)
{
    if (op != W_EQ && op != W_NE)
        return w_NotImplemented;
    PyMemoryViewObject *mv = (PyMemoryViewObject *)capi_proxy(a);
    PyObject *other = capi_proxy(b);
    bool eq;
    if (a == b) {
        eq = true;
    } else if (mv_released(mv) ||
               (PyMemoryView_Check(other) && mv_released((PyMemoryViewObject *)other))) {
        eq = false;
    } else {
        Py_buffer ob;
        if (!PyObject_CheckBuffer(other) || PyObject_GetBuffer(other, &ob, PyBUF_FULL_RO) < 0) {
            w_err_clear();
            return w_NotImplemented;
        }
        Py_ssize_t na = mv->view.ndim ? mv->view.shape[0] : 1;
        Py_ssize_t nb = ob.ndim == 0 ? 1 : ob.shape ? ob.shape[0] : ob.len / ob.itemsize;
        int r = ob.ndim == mv->view.ndim && ob.ndim <= 1 && na == nb ? items_equal(&mv->view, &ob)
                                                                      : 0;
        PyBuffer_Release(&ob);
        if (r < 0)
            return NULL;
        eq = r == 1;
    }
    return W_BOOL(op == W_EQ ? eq : !eq);
}

static w_object *mv_tobytes(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("tobytes", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs && args[0] != w_None &&
        !(W_STR_CHECK(args[0]) && w_str_nbytes(args[0]) == 1 && strchr("CFA", w_str_utf8(args[0])[0])))
        return w_raise_fmt(w_exc_ValueError, "order must be 'C', 'F' or 'A'");
    PyMemoryViewObject *mv = live_view(self);
    return mv ? mv_bytes(mv) : NULL;
}

static w_object *mv_tolist(w_object *self, w_object **args, size_t nargs, w_object *kwnames)
{
    if (w_args_positional("tolist", nargs, kwnames, 0, 0) < 0)
        return NULL;
    PyMemoryViewObject *mv = live_view(self);
    if (!mv)
        return NULL;
    if (mv->view.ndim == 0)
        return unpack_item(&mv->view, mv->view.buf);
    GC_ENTER();
    w_object *list = NULL, *x = NULL;
    GC_ROOT(list);
    GC_ROOT(x);
    if (!(list = w_list_new(mv->view.shape[0])))
        GC_RETURN(NULL);
    for (Py_ssize_t i = 0; i < mv->view.shape[0]; i++) {
        const char *p = (const char *)mv->view.buf + i * mv->view.strides[0];
        if (!(x = unpack_item(&mv->view, p)) || w_list_append(list, x) < 0)
            GC_RETURN(NULL);
    }
    GC_RETURN(list);
}

static w_object *mv_release_method(w_object *self, w_object **args, size_t nargs,
                                   w_object *kwnames)
{
    if (w_args_positional("release", nargs, kwnames, 0, 0) < 0)
        return NULL;
    PyMemoryViewObject *mv = (PyMemoryViewObject *)capi_proxy(self);
    if (mv->exports > 0)
        return w_raise_fmt(w_exc_BufferError, "memoryview has %zd exported buffer%s", mv->exports,
                           mv->exports == 1 ? "" : "s");
    mv_release_now(mv);
    return w_None;
}

static w_object *mv_construct(w_object *callable, w_object **args, size_t nargs,
                              w_object *kwnames)
{
    static const char *const names[] = {"object"};
    static const w_argspec spec = {"memoryview", names, 1, 1, 0, 1};
    w_object *object;
    if (w_args_bind(&spec, args, nargs, kwnames, &object) < 0)
        return NULL;
    PyObject *base = capi_new_ref(object); /* held: its object stays alive through the call */
    PyObject *mv = PyMemoryView_FromObject(base);
    Py_DECREF(base);
    return mv ? capi_w_steal(mv) : NULL;
}

/* ---- attributes ---------------------------------------------------------------------------- */

/* A tuple of the n sizes of a view's shape or strides (empty when NULL). */
static w_object *ssize_tuple(const Py_ssize_t *v, int n)
{
    GC_ENTER();
    w_object *t = NULL, *x = NULL;
    GC_ROOT(t);
    GC_ROOT(x);
    if (!v)
        n = 0;
    if (!(t = w_tuple_new(n)))
        GC_RETURN(NULL);
    for (int i = 0; i < n; i++) {
        if (!(x = w_int_from_i64(v[i])))
            GC_RETURN(NULL);
        w_tuple_set(t, i, x);
    }
    GC_RETURN(t);
}

#define MV_GETTER(fname, expr)                                                            \
    static w_object *fname(w_object *self)                                                \
    {                                                                                     \
        PyMemoryViewObject *mv = live_view(self);                                         \
        return mv ? (expr) : NULL;                                                        \
    }

MV_GETTER(mv_get_obj, mv->view.obj ? capi_w(mv->view.obj) : w_None)
MV_GETTER(mv_get_nbytes, w_int_from_i64(mv->view.len))
MV_GETTER(mv_get_readonly, W_BOOL(mv->view.readonly))
MV_GETTER(mv_get_itemsize, w_int_from_i64(mv->view.itemsize))
MV_GETTER(mv_get_format, w_str_from_cstr(mv->view.format))
MV_GETTER(mv_get_ndim, w_int_from_i64(mv->view.ndim))
MV_GETTER(mv_get_shape, ssize_tuple(mv->view.shape, mv->view.ndim))
MV_GETTER(mv_get_strides, ssize_tuple(mv->view.strides, mv->view.ndim))
MV_GETTER(mv_get_suboffsets, w_tuple_new(0))
MV_GETTER(mv_get_c_contiguous, W_BOOL(mv->flags & _Py_MEMORYVIEW_C))
MV_GETTER(mv_get_f_contiguous, W_BOOL(mv->flags & _Py_MEMORYVIEW_FORTRAN))
MV_GETTER(mv_get_contiguous, W_BOOL(mv->flags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN)))
#undef MV_GETTER

static int memoryview_type_init(void)
{
    static const struct {
        const char *name;
        w_object *(*get)(w_object *self);
    } getters[] = {
        {"obj", mv_get_obj},           {"nbytes", mv_get_nbytes},
        {"readonly", mv_get_readonly}, {"itemsize", mv_get_itemsize},
        {"format", mv_get_format},     {"ndim", mv_get_ndim},
        {"shape", mv_get_shape},       {"strides", mv_get_strides},
        {"suboffsets", mv_get_suboffsets}, {"c_contiguous", mv_get_c_contiguous},
        {"f_contiguous", mv_get_f_contiguous}, {"contiguous", mv_get_contiguous},
    };
    w_type *t = w_type_new_static("memoryview", w_object_type, W_TID_COBJ);
    t->repr = mv_repr;
    t->hash = mv_hash;
    t->richcompare = mv_richcompare;
    t->len = mv_len;
    t->getitem = mv_getitem;
    t->setitem = mv_setitem;
    t->iter = mv_iter;
    t->construct = mv_construct;
    if (w_type_ready(t) < 0 || w_type_add_method(t, "tobytes", mv_tobytes) < 0 ||
        w_type_add_method(t, "tolist", mv_tolist) < 0 ||
        w_type_add_method(t, "release", mv_release_method) < 0)
        return -1;
    for (size_t i = 0; i < sizeof getters / sizeof getters[0]; i++)
        if (w_type_add_getter(t, getters[i].name, getters[i].get) < 0)
            return -1;
    memoryview_type = t;
    return w_module_add(w_builtins_module(), "memoryview", &t->ob);
}

/* Runs after capi_capsule_init, which registers the W_TID_COBJ layout. */
int capi_buffer_init(void)
{
    if (memoryview_type_init() < 0)
        return -1;
    PyBytes_Type.tp_as_buffer = &bytes_as_buffer;
    PyByteArray_Type.tp_as_buffer = &bytearray_as_buffer;
    capi_bind_static_type(&PyMemoryView_Type, memoryview_type);
    capi_register_w_maker(&PyMemoryView_Type, mv_w, false);
    return 0;
}

/* pybuffer.h — the buffer protocol (Py_buffer, PyObject_GetBuffer) and memoryview. */
#ifndef FERRY_PYBUFFER_H
#define FERRY_PYBUFFER_H

/* CPython 3.11's layout, field for field. */
struct bufferinfo {
    void *buf;
    PyObject *obj; /* owned reference */
    Py_ssize_t len;
    Py_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    Py_ssize_t *shape;
    Py_ssize_t *strides;
    Py_ssize_t *suboffsets;
    void *internal;
};

#define PyBUF_MAX_NDIM 64
#define PyBUF_SIMPLE 0
#define PyBUF_WRITABLE 0x0001
#define PyBUF_WRITEABLE PyBUF_WRITABLE
#define PyBUF_FORMAT 0x0004
#define PyBUF_ND 0x0008
#define PyBUF_STRIDES (0x0010 | PyBUF_ND)
#define PyBUF_C_CONTIGUOUS (0x0020 | PyBUF_STRIDES)
#define PyBUF_F_CONTIGUOUS (0x0040 | PyBUF_STRIDES)
#define PyBUF_ANY_CONTIGUOUS (0x0080 | PyBUF_STRIDES)
#define PyBUF_INDIRECT (0x0100 | PyBUF_STRIDES)
#define PyBUF_CONTIG (PyBUF_ND | PyBUF_WRITABLE)
#define PyBUF_CONTIG_RO (PyBUF_ND)
#define PyBUF_STRIDED (PyBUF_STRIDES | PyBUF_WRITABLE)
#define PyBUF_STRIDED_RO (PyBUF_STRIDES)
#define PyBUF_RECORDS (PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_RECORDS_RO (PyBUF_STRIDES | PyBUF_FORMAT)
#define PyBUF_FULL (PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_FULL_RO (PyBUF_INDIRECT | PyBUF_FORMAT)
#define PyBUF_READ 0x100
#define PyBUF_WRITE 0x200

/*
 * Exporters: bytes (read-only) and bytearray (writable), memoryview, and extension types
 * that fill tp_as_buffer. The memory a buffer points at stays where it is until
 * PyBuffer_Release, however the collector moves the exporter's runtime object.
 */
PyAPI_FUNC(int) PyObject_CheckBuffer(PyObject *obj);
PyAPI_FUNC(int) PyObject_GetBuffer(PyObject *obj, Py_buffer *view, int flags);
PyAPI_FUNC(void) PyBuffer_Release(Py_buffer *view);
PyAPI_FUNC(int) PyBuffer_FillInfo(Py_buffer *view, PyObject *o, void *buf, Py_ssize_t len,
                                  int readonly, int flags);
PyAPI_FUNC(int) PyBuffer_IsContiguous(const Py_buffer *view, char order);
PyAPI_FUNC(void *) PyBuffer_GetPointer(const Py_buffer *view, const Py_ssize_t *indices);
PyAPI_FUNC(void) PyBuffer_FillContiguousStrides(int ndims, Py_ssize_t *shape,
                                                Py_ssize_t *strides, int itemsize, char order);
/* Copies between a buffer and contiguous memory; order 'C', 'F' or 'A'. */
PyAPI_FUNC(int) PyBuffer_ToContiguous(void *buf, const Py_buffer *view, Py_ssize_t len,
                                      char order);
PyAPI_FUNC(int) PyBuffer_FromContiguous(const Py_buffer *view, const void *buf, Py_ssize_t len,
                                        char order);

/*
 * memoryview: a runtime type whose data (a Py_buffer) lives in the proxy. Ferry's
 * memoryview covers one-dimensional views: len(), indexing and slicing (any step),
 * tobytes(), tolist(), release(), comparison with other buffers, hash of read-only byte
 * views, and the attributes obj, nbytes, readonly, itemsize, format, ndim, shape,
 * strides, c_contiguous, contiguous. Item access decodes the formats 'B', 'b' and 'c';
 * others raise NotImplementedError, as CPython does for formats it lacks.
 */
typedef struct {
    PyObject_VAR_HEAD
    struct capi_mbuf *mbuf; /* the exporter's buffer, shared by the views of it (private) */
    Py_hash_t hash;      /* -1 until computed */
    int flags;           /* _Py_MEMORYVIEW_* */
    Py_ssize_t exports;  /* buffers taken from this view and not yet released */
    Py_buffer view;      /* the exporter's buffer (for a slice: narrowed) */
    Py_ssize_t ob_array[3]; /* shape, strides and suboffsets of a one-dimensional view */
} PyMemoryViewObject;

#define _Py_MEMORYVIEW_RELEASED 0x001
#define _Py_MEMORYVIEW_C 0x002
#define _Py_MEMORYVIEW_FORTRAN 0x004
#define _Py_MEMORYVIEW_SCALAR 0x008
#define _Py_MEMORYVIEW_PIL 0x010

PyAPI_DATA(PyTypeObject) PyMemoryView_Type;
#define PyMemoryView_Check(op) Py_IS_TYPE((op), &PyMemoryView_Type)
#define PyMemoryView_GET_BUFFER(op) (&((PyMemoryViewObject *)(op))->view)
#define PyMemoryView_GET_BASE(op) (((PyMemoryViewObject *)(op))->view.obj)
PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *base);
/* flags: PyBUF_READ or PyBUF_WRITE. The memory must outlive the view. */
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags);
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *info);
/* A contiguous view of `base`: `base`'s own buffer when it is contiguous in `order`
   ('C', 'F' or 'A'), else a read-only copy (BufferError for PyBUF_WRITE). */
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *base, int buffertype, char order);

#endif

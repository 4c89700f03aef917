/* unicode.c — str proxies (stable UTF-8 and PEP 393 buffers) and the PyUnicode_* API. */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

static void unicode_dealloc(PyObject *o)
{
    PyUnicodeObject *u = (PyUnicodeObject *)o;
    if (u->data.any != u->_base.utf8)
        free(u->data.any);
    free(u->_base.utf8);
    free(o);
}

PyTypeObject PyUnicode_Type = {
    .ob_base = {{FERRY_REFCNT_IMMORTAL, 0, &PyType_Type}, 0},
    .tp_name = "str",
    .tp_basicsize = sizeof(PyUnicodeObject),
    .tp_dealloc = unicode_dealloc,
};

static PyUnicodeObject *unicode_alloc(void)
{
    PyUnicodeObject *u = calloc(1, sizeof *u);
    if (!u) {
        fprintf(stderr, "ferry: out of memory making a str proxy\n");
        abort();
    }
    u->_base._base.hash = -1;
    return u;
}

static PyObject *unicode_proxy(w_object *w)
{
    PyUnicodeObject *u = unicode_alloc();
    u->_base._base.length = w_str_length(w);
    u->_base._base.state.ascii = ((w_str *)w)->ascii != 0;
    return (PyObject *)u;
}

PyObject *PyUnicode_FromStringAndSize(const char *s, Py_ssize_t size)
{
    if (size < 0)
        return w_raise_fmt(w_exc_SystemError,
                           "Negative size passed to PyUnicode_FromStringAndSize");
    if (!s && size > 0)
        return w_raise_fmt(w_exc_SystemError, "NULL string with positive size with NULL passed to PyUnicode_FromStringAndSize");
    return capi_new_ref(w_str_decode_utf8(s ? s : "", (size_t)size, "strict"));
}

PyObject *PyUnicode_FromString(const char *s)
{
    return capi_new_ref(w_str_decode_utf8(s, strlen(s), "strict"));
}

const char *PyUnicode_AsUTF8AndSize(PyObject *o, Py_ssize_t *size)
{
    if (!o || !PyUnicode_Check(o)) {
        capi_bad_internal_call();
        return NULL;
    }
    PyUnicodeObject *u = (PyUnicodeObject *)o;
    if (!u->_base.utf8) {
        w_object *w = capi_w(o);
        if (!w)
            return NULL;
        size_t n = (size_t)w_str_nbytes(w);
        char *copy = malloc(n + 1);
        if (!copy) {
            PyErr_NoMemory();
            return NULL;
        }
        memcpy(copy, w_str_utf8(w), n + 1);
        u->_base.utf8 = copy;
        u->_base.utf8_length = (Py_ssize_t)n;
    }
    if (size)
        *size = u->_base.utf8_length;
    return u->_base.utf8;
}

const char *PyUnicode_AsUTF8(PyObject *o)
{
    return PyUnicode_AsUTF8AndSize(o, NULL);
}

int capi_unicode_init(void)
{
    capi_bind_static_type(&PyUnicode_Type, w_str_type);
    capi_register_proxy_maker(W_TID_STR, unicode_proxy);
    capi_register_gc_safe_dealloc(unicode_dealloc);
    return 0;
}

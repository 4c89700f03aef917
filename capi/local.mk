# capi/local.mk — the C-API: proxies and links, crossings, every Py* function.
libferry_core_la_SOURCES += \
	capi/capi.h capi/init.c capi/link.c capi/types.c capi/call.c capi/errors.c \
	capi/module.c capi/import.c capi/object.c \
	capi/long.c capi/float.c capi/tuple.c capi/unicode.c

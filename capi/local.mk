# capi/local.mk — the C-API: proxies and links, crossings, every Py* function.
libferry_core_la_SOURCES += \
	capi/capi.h capi/init.c capi/link.c capi/types.c capi/call.c capi/errors.c \
	capi/module.c capi/import.c capi/object.c capi/lifecycle.c capi/threads.c \
	capi/long.c capi/float.c capi/tuple.c capi/unicode.c \
	capi/bool.c capi/number.c
libferry_core_la_SOURCES += capi/unicode_format.c capi/unicode_ctype.c capi/codecs.c capi/bytes.c capi/bytearray.c
libferry_core_la_SOURCES += capi/list.c capi/dict.c capi/set.c capi/slice.c capi/sequence.c capi/mapping.c capi/iter.c
libferry_core_la_SOURCES += capi/mem.c capi/warnings.c capi/capsule.c capi/buffer.c capi/abstract_call.c
libferry_core_la_SOURCES += capi/getargs.c capi/argclinic.c capi/buildvalue.c capi/callmethod.c
libferry_core_la_SOURCES += capi/typeobject.c capi/typeslots.c capi/typeinstance.c capi/descr.c \
	capi/gcobjects.c capi/heaptype.c capi/subclass.c \
	capi/weakref.c capi/slotmethods.c
libferry_core_la_SOURCES += capi/builtin_slots.c
libferry_core_la_SOURCES += capi/gil.h capi/gil.c capi/pythread.c
libferry_core_la_SOURCES += capi/cfunction.c capi/methoddescr.c capi/classobject.c \
	capi/funcobject.c capi/code.c capi/frame.c capi/traceback.c capi/recursion.c \
	capi/finalize.c capi/pythonrun.c

# freelists/local.mk — the free lists behind int, float, tuple, str and dict proxies.
libferry_core_la_SOURCES += \
	freelists/freelists.h freelists/freelist.c freelists/int.c freelists/float.c freelists/tuple.c freelists/str.c \
	freelists/dict.c

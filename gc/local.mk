# gc/local.mk — the collector's sources.
libferry_core_la_SOURCES += \
	gc/gc.h gc/assert.h gc/internal.h \
	gc/nursery.c gc/minor.c gc/major.c gc/oldspace.c gc/roots.c gc/handles.c gc/stats.c
EXTRA_DIST += gc/README.md

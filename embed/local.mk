# embed/local.mk — the embedding API (include/ferry.h) over the object space.
libferry_core_la_SOURCES += embed/embed.h embed/embed.c embed/handles.c embed/host.c embed/threads.c embed/ffi.c
include_HEADERS += include/ferry.h
EXTRA_DIST += embed/README.md

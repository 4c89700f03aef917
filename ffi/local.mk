# ffi/local.mk — the direct FFI over libffi: the `ffi` module and what ferry_ffi_* use.
libferry_core_la_SOURCES += ffi/ffi.h ffi/sig.c ffi/convert.c ffi/objects.c ffi/direct.c ffi/module.c
EXTRA_DIST += ffi/README.md

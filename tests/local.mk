# tests/local.mk — Criterion unit tests (one binary per folder) and the differential suite.
TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
TEST_LIBS = libferry_core.la $(CRITERION_LIBS)

check_PROGRAMS += tests/gc/test_gc
tests_gc_test_gc_SOURCES = tests/gc/test_nursery.c tests/gc/test_barrier.c tests/gc/test_major.c \
	tests/gc/test_handles.c tests/gc/testobj.h
tests_gc_test_gc_CFLAGS = $(TEST_CFLAGS)
tests_gc_test_gc_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/objects/test_objects
tests_objects_test_objects_SOURCES = tests/objects/fixture.h \
	tests/objects/test_int.c tests/objects/test_float.c \
	tests/objects/test_str.c tests/objects/test_bytes.c \
	tests/objects/test_tuple.c tests/objects/test_list.c tests/objects/test_dict.c tests/objects/test_set.c \
	tests/objects/test_exceptions.c tests/objects/test_builtins.c tests/objects/test_space.c \
	tests/objects/test_class.c
tests_objects_test_objects_CFLAGS = $(TEST_CFLAGS)
tests_objects_test_objects_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/embed/test_embed
tests_embed_test_embed_SOURCES = tests/embed/test_embed.c tests/embed/test_threads.c
tests_embed_test_embed_CFLAGS = $(TEST_CFLAGS)
tests_embed_test_embed_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/capi/test_capi
tests_capi_test_capi_SOURCES = tests/capi/fixture.h \
	tests/capi/test_text.c \
	tests/capi/test_args.c \
	tests/capi/test_link.c tests/capi/test_types.c tests/capi/test_import.c tests/capi/test_threads.c tests/capi/test_gil.c tests/capi/gil_stress.h tests/capi/test_objects.c \
	tests/capi/test_list.c \
	tests/capi/test_numbers.c tests/capi/test_memory.c
tests_capi_test_capi_CFLAGS = $(TEST_CFLAGS)
tests_capi_test_capi_LDADD = $(TEST_LIBS)
# The suite loads test extensions, whose Py* symbols must resolve against this program:
# link every object of the library and export the default-visibility ones.
tests_capi_test_capi_LDFLAGS = $(AM_LDFLAGS) -Wl,--export-dynamic \
	-Wl,--whole-archive,$(top_builddir)/.libs/libferry_core.a,--no-whole-archive

# The GIL stress scenario as a plain program, for the ThreadSanitizer stage of .ci/run
# (Criterion's workers cannot run under TSan); not in TESTS: test_gil.c runs it in the suite.
check_PROGRAMS += tests/capi/gil_tsan
tests_capi_gil_tsan_SOURCES = tests/capi/gil_tsan.c tests/capi/gil_stress.h
tests_capi_gil_tsan_CFLAGS = $(AM_CFLAGS)
tests_capi_gil_tsan_LDADD = libferry_core.la
tests_capi_gil_tsan_LDFLAGS = $(tests_capi_test_capi_LDFLAGS)

check_PROGRAMS += tests/ffi/test_ffi
tests_ffi_test_ffi_SOURCES = tests/ffi/test_ffi.c
tests_ffi_test_ffi_CFLAGS = $(TEST_CFLAGS)
tests_ffi_test_ffi_LDADD = $(TEST_LIBS)
# the test calls functions of its own program through ffi.open(None)
tests_ffi_test_ffi_LDFLAGS = -export-dynamic

TESTS += tests/gc/test_gc tests/objects/test_objects tests/embed/test_embed tests/capi/test_capi \
	tests/diff/run-diff.sh tests/ffi/test_ffi tests/ffi/run-ffi.sh
TESTS_ENVIRONMENT = PYTHON3='$(PYTHON3)' FERRY='$(abs_top_builddir)/ferry' DIFF_DIR='$(abs_top_srcdir)/tests/diff' FFI_DIR='$(abs_top_srcdir)/tests/ffi' EXT_DIR='$(abs_top_builddir)/tests/ext' FERRY_CONFIG='$(abs_top_builddir)/ferry-config' CC='$(CC)' \
	BENCH_EXT_DIR='$(abs_top_builddir)/bench/ext/ferry'
EXTRA_DIST += tests/diff tests/ffi/run-ffi.sh tests/ffi/ffi.lines tests/ffi/ffi.expected tests/README.md

# The differential suite with ferry under valgrind: memory errors and definite leaks fail
# a file (valgrind-ferry.sh turns them into exit status 99). Run by .ci/run.
check-valgrind: all $(check_DATA)
	PYTHON3='$(PYTHON3)' DIFF_DIR='$(abs_top_srcdir)/tests/diff' EXT_DIR='$(abs_top_builddir)/tests/ext' \
	LIBTOOL='$(abs_top_builddir)/libtool' FERRY_BIN='$(abs_top_builddir)/ferry' \
	FERRY='$(abs_top_srcdir)/tests/diff/valgrind-ferry.sh' \
	$(abs_top_srcdir)/tests/diff/run-diff.sh
.PHONY: check-valgrind

# bench/local.mk — the microbenchmark suite (`make bench`, `make bench-callgrind`) and the internal benchmarks.

# The benchmark extension, built like the test extensions (tests/ext/local.mk) for each
# system: Ferry, CPython and, when pypy3-dev is installed, PyPy.
BENCH_EXT_CFLAGS = -shared -fPIC -O2 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers
BENCH_EXT_FERRY = bench/ext/ferry/benchmod$(FERRY_EXT_SUFFIX)
BENCH_EXT_CPYTHON = bench/ext/cpython/benchmod$(PYTHON3_EXT_SUFFIX)
BENCH_EXT = $(BENCH_EXT_FERRY) $(BENCH_EXT_CPYTHON)
if HAVE_PYPY3
BENCH_EXT_PYPY = bench/ext/pypy/benchmod$(PYPY3_EXT_SUFFIX)
BENCH_EXT += $(BENCH_EXT_PYPY)
endif
$(BENCH_EXT_FERRY): $(srcdir)/bench/ext/benchmod.c $(EXT_FERRY_DEPS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) -I$(top_srcdir)/include $(BENCH_EXT_CFLAGS) $(FERRY_EXT_WERROR) $< -o $@
$(BENCH_EXT_CPYTHON): $(srcdir)/bench/ext/benchmod.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) -I$(PYTHON3_INCLUDES) $(BENCH_EXT_CFLAGS) $< -o $@
if HAVE_PYPY3
$(BENCH_EXT_PYPY): $(srcdir)/bench/ext/benchmod.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) -I$(PYPY3_INCLUDES) $(BENCH_EXT_CFLAGS) $< -o $@
endif
# tests/capi/test_memory.c loads the Ferry build
check_DATA += $(BENCH_EXT_FERRY)
CLEANFILES += $(BENCH_EXT_FERRY) $(BENCH_EXT_CPYTHON) $(BENCH_EXT_PYPY)

# The drivers: Ferry's C loop (the embedding API) and CPython's C loop (libpython).
noinst_PROGRAMS += bench/ferry_loop bench/cpython_loop bench/bench_alloc bench/bench_link
bench_ferry_loop_SOURCES = bench/ferry_loop.c bench/harness.c bench/harness.h
bench_ferry_loop_CFLAGS = $(AM_CFLAGS) -O2
bench_ferry_loop_LDADD = libferry.la -ldl
# a real executable (no libtool wrapper script), so valgrind and perf see the program
bench_ferry_loop_LDFLAGS = -no-install
bench_cpython_loop_SOURCES = bench/cpython_loop.c bench/harness.c bench/harness.h
bench_cpython_loop_CPPFLAGS = -I$(PYTHON3_INCLUDES) -I$(srcdir)/bench
bench_cpython_loop_CFLAGS = $(AM_CFLAGS) -O2
bench_cpython_loop_LDADD = $(PYTHON3_EMBED_LIBS) -ldl

# Internal benchmarks of the collector and the C-API's links.
bench_bench_alloc_SOURCES = bench/bench_alloc.c
bench_bench_alloc_LDADD = libferry_core.la
bench_bench_alloc_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_link_SOURCES = bench/bench_link.c
bench_bench_link_LDADD = libferry_core.la
bench_bench_link_CFLAGS = $(AM_CFLAGS) -O2

BENCH_RUN = $(PYTHON3) $(srcdir)/bench/run.py --builddir bench --srcdir $(srcdir)/bench \
	--python3 $(PYTHON3) --pypy3 '$(PYPY3)' --pypy-ext '$(BENCH_EXT_PYPY)'
BENCH_DEPS = bench/ferry_loop$(EXEEXT) bench/cpython_loop$(EXEEXT) $(BENCH_EXT)

# The suite: every row on every system, the table, bench/results.json and .svg; then the
# internal benchmarks.
bench: $(BENCH_DEPS) bench/bench_alloc$(EXEEXT) bench/bench_link$(EXEEXT)
	$(BENCH_RUN)
	./bench/bench_alloc$(EXEEXT)
	./bench/bench_link$(EXEEXT)
# Instructions per call of Ferry's rows, under callgrind: stable on a noisy machine.
bench-callgrind: $(BENCH_DEPS)
	$(BENCH_RUN) --callgrind
.PHONY: bench bench-callgrind
EXTRA_DIST += bench/README.md bench/ext/benchmod.c bench/pyloop.py bench/run.py \
	bench/results.json bench/results.svg

# bench/local.mk — microbenchmarks, run by `make bench`.
noinst_PROGRAMS += bench/bench_alloc bench/bench_link
bench_bench_alloc_SOURCES = bench/bench_alloc.c
bench_bench_alloc_LDADD = libferry_core.la
bench_bench_alloc_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_link_SOURCES = bench/bench_link.c
bench_bench_link_LDADD = libferry_core.la
bench_bench_link_CFLAGS = $(AM_CFLAGS) -O2

bench: bench/bench_alloc$(EXEEXT) bench/bench_link$(EXEEXT)
	./bench/bench_alloc$(EXEEXT)
	./bench/bench_link$(EXEEXT)
.PHONY: bench
EXTRA_DIST += bench/README.md

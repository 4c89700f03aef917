# bench/local.mk — microbenchmarks, run by `make bench`.
noinst_PROGRAMS += bench/bench_alloc
bench_bench_alloc_SOURCES = bench/bench_alloc.c
bench_bench_alloc_LDADD = libferry_core.la
bench_bench_alloc_CFLAGS = $(AM_CFLAGS) -O2

bench: bench/bench_alloc$(EXEEXT)
	./bench/bench_alloc$(EXEEXT)
.PHONY: bench
EXTRA_DIST += bench/README.md

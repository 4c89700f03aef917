# tests/compat/local.mk — the compatibility suite: real extensions from Debian's source packages, built against Ferry and diffed with Debian's CPython builds.
COMPAT_LINES = tests/compat/crcmod.lines tests/compat/xxhash.lines tests/compat/ahocorasick.lines \
	tests/compat/netifaces.lines tests/compat/bisect.lines tests/compat/csv.lines
TESTS += tests/compat/run-compat.sh
EXTRA_DIST += tests/compat/run-compat.sh tests/compat/fetch-source.sh tests/compat/manifest \
	tests/compat/README.md tests/compat/REPORT.md $(COMPAT_LINES)

# The suite alone (it is also part of `make check`).
check-compat: all
	$(TESTS_ENVIRONMENT) $(abs_top_srcdir)/tests/compat/run-compat.sh
.PHONY: check-compat

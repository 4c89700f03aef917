# tests/crcmod/local.mk — crcmod's C extension from Debian's source, built against Ferry, checked against Debian's CPython build.
TESTS += tests/crcmod/run-crcmod.sh
EXTRA_DIST += tests/crcmod/run-crcmod.sh tests/crcmod/crcmod.lines tests/crcmod/README.md \
	tests/compat/fetch-source.sh tests/compat/README.md

# tests/cpyexamples/local.mk — CPython's example extensions from Debian's python3.11 source, built against Ferry and CPython and diffed.
TESTS += tests/cpyexamples/run-cpyexamples.sh
EXTRA_DIST += tests/cpyexamples/run-cpyexamples.sh tests/cpyexamples/README.md \
	tests/cpyexamples/custom.lines tests/cpyexamples/custom2.lines \
	tests/cpyexamples/custom3.lines tests/cpyexamples/custom4.lines tests/cpyexamples/xx.lines \
	tests/cpyexamples/xxsubtype.lines tests/cpyexamples/xxlimited.lines

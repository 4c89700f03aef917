# tests/cython/local.mk — our .pyx modules cythonized at build time, built against Ferry and CPython and diffed.
TESTS += tests/cython/run-cython.sh
EXTRA_DIST += tests/cython/run-cython.sh tests/cython/README.md \
	tests/cython/cyclasses.pyx tests/cython/cyclasses.lines \
	tests/cython/cycontainers.pyx tests/cython/cycontainers.lines \
	tests/cython/cyerrors.pyx tests/cython/cyerrors.lines \
	tests/cython/cyloops.pyx tests/cython/cyloops.lines \
	tests/cython/cyfuncs.pyx tests/cython/cyfuncs.lines \
	tests/cython/cypyclasses.pyx tests/cython/cypyclasses.lines

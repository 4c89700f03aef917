# include/local.mk — the extension headers' install list, and the tools that point at them (ferry-config, ferry.pc).

# Python.h and the files it includes, installed as $(includedir)/ferry-3.11/Python.h and
# $(includedir)/ferry-3.11/ferry/*.h, so that `-I$(includedir)/ferry-3.11` finds both;
# ferry.h (the embedding API) goes to $(includedir) itself (embed/local.mk). Every file
# is named here, no wildcards: add a new sub-header to ferry_subheaders.
ferryincludedir = $(includedir)/ferry-3.11
ferryinclude_HEADERS = include/Python.h include/structmember.h include/compile.h \
	include/descrobject.h include/frameobject.h include/traceback.h
# Cython includes this one for CPython 3.11 (ferry/cython.h).
ferryinternalincludedir = $(ferryincludedir)/internal
ferryinternalinclude_HEADERS = include/internal/pycore_frame.h
ferrysubincludedir = $(ferryincludedir)/ferry
ferry_subheaders = \
	include/ferry/abstract.h \
	include/ferry/argclinic.h \
	include/ferry/boolobject.h \
	include/ferry/bytearrayobject.h \
	include/ferry/bytesobject.h \
	include/ferry/ceval.h \
	include/ferry/classobject.h \
	include/ferry/code.h \
	include/ferry/cython.h \
	include/ferry/frameobject.h \
	include/ferry/funcobject.h \
	include/ferry/genobject.h \
	include/ferry/pythonrun.h \
	include/ferry/traceback.h \
	include/ferry/descrobject.h \
	include/ferry/dictobject.h \
	include/ferry/exceptions.def \
	include/ferry/floatobject.h \
	include/ferry/import.h \
	include/ferry/listobject.h \
	include/ferry/longobject.h \
	include/ferry/methodobject.h \
	include/ferry/modsupport.h \
	include/ferry/moduleobject.h \
	include/ferry/object.h \
	include/ferry/objimpl.h \
	include/ferry/pybuffer.h \
	include/ferry/pycapsule.h \
	include/ferry/pyerrors.h \
	include/ferry/pylifecycle.h \
	include/ferry/pymath.h \
	include/ferry/pystate.h \
	include/ferry/pythread.h \
	include/ferry/pymem.h \
	include/ferry/pyport.h \
	include/ferry/setobject.h \
	include/ferry/sliceobject.h \
	include/ferry/tupleobject.h \
	include/ferry/typeslots.h \
	include/ferry/unicodeobject.h \
	include/ferry/weakrefobject.h
ferrysubinclude_HEADERS = $(ferry_subheaders)

# ferry-config: configure writes the build tree's copy (pointing at the source tree's
# include/ and at .libs); the installed copy is the same script with the two
# `uninstalled_*` lines emptied, so that it points at the installed paths.
bin_SCRIPTS = installed/ferry-config
installed/ferry-config: ferry-config
	$(AM_V_GEN)$(MKDIR_P) installed && \
	sed -e 's|^uninstalled_srcdir=.*|uninstalled_srcdir=|' \
	    -e 's|^uninstalled_builddir=.*|uninstalled_builddir=|' ferry-config >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
CLEANFILES += installed/ferry-config

# ferry.pc is installed; ferry-uninstalled.pc stays in the build tree, where pkg-config
# prefers it when PKG_CONFIG_PATH names the build directory.
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = ferry.pc

# `make installcheck`: the installed ferry-config and headers build a test extension that
# the installed ferry imports (a header missing from the lists above fails here).
installcheck-local:
	rm -rf installcheck-ext && $(MKDIR_P) installcheck-ext
	$(CC) $$('$(bindir)/ferry-config' --cflags) -shared -fPIC $(srcdir)/tests/ext/hello.c \
	    -o installcheck-ext/hello$$('$(bindir)/ferry-config' --extension-suffix)
	test "$$('$(bindir)/ferry' -I installcheck-ext -c 'import hello\nhello.greet()')" = "'hello'"
	rm -rf installcheck-ext

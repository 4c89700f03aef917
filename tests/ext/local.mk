# tests/ext/local.mk — test extensions: each tests/ext/NAME.c built against Ferry and against CPython for `make check`.

# One name per tests/ext/NAME.c; a name with a slash is a submodule (pkg/sub is module
# pkg.sub, built as ferry/pkg/sub<suffix>; CPython sees cpython/pkg/ as a namespace package).
EXT_NAMES = hello pkg/sub args multiphase multicreate initfail initnull initunreported execfail \
	noinit undefsym numberext text containers objects errors gil exttypes heaptypes gctypes builtinslots \
	cython_capi

EXT_CFLAGS = -shared -fPIC -O1 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers $(FERRY_EXT_WERROR)
EXT_FERRY = $(EXT_NAMES:%=tests/ext/ferry/%$(FERRY_EXT_SUFFIX))
EXT_CPYTHON = $(EXT_NAMES:%=tests/ext/cpython/%$(PYTHON3_EXT_SUFFIX))
EXT_FERRY_DEPS = $(ferryinclude_HEADERS:%=$(srcdir)/%) $(ferrysubinclude_HEADERS:%=$(srcdir)/%)

# Plain rules, not libtool: an extension is one shared object that links nothing (its
# Py* symbols resolve when it is loaded), built the way setuptools builds one.
check_DATA = $(EXT_FERRY) $(EXT_CPYTHON)
tests/ext/ferry/%$(FERRY_EXT_SUFFIX): $(srcdir)/tests/ext/%.c $(EXT_FERRY_DEPS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) -I$(top_srcdir)/include $(EXT_CFLAGS) $< -o $@
tests/ext/cpython/%$(PYTHON3_EXT_SUFFIX): $(srcdir)/tests/ext/%.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) -I$(PYTHON3_INCLUDES) $(EXT_CFLAGS) $< -o $@

CLEANFILES += $(EXT_FERRY) $(EXT_CPYTHON)
EXTRA_DIST += $(EXT_NAMES:%=tests/ext/%.c) tests/ext/README.md

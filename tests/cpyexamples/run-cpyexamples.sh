#!/bin/sh
# run-cpyexamples.sh — builds CPython's example extensions from Debian's python3.11 source against Ferry and CPython and diffs their line files.
#
# Environment (set by `make check`):
#   FERRY         the ferry binary                 (default: ./ferry)
#   PYTHON3       Debian's CPython 3.11            (default: /usr/bin/python3)
#   FERRY_CONFIG  the build tree's ferry-config    (default: ./ferry-config)
#   CC            the C compiler                   (default: cc)
#   CPYEX_DIR     the work folder, kept between runs (default: tests/cpyexamples beside
#                 FERRY_CONFIG): src/ caches the Debian source, ext/ferry/ and ext/cpython/
#                 get the modules built against each
# Steps: fetch the source package python3.11 (tests/compat/fetch-source.sh); build each
# example unmodified twice, with `ferry-config --cflags` and with the headers of $PYTHON3
# (sysconfig, as configure finds them), as the module its PyInit_* names; then run each
# module's MODULE.lines through tests/diff/run-diff.sh, ferry importing the Ferry builds,
# CPython the CPython ones. A module that does not compile against Ferry is a FAIL line
# with the compiler's messages, and its line file is not run.
# Exit status: 0 when every module built and every output matched, 1 otherwise, 77
# (skipped) when the source cannot be had (not root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
FERRY=${FERRY:-./ferry}
PYTHON3=${PYTHON3:-/usr/bin/python3}
FERRY_CONFIG=${FERRY_CONFIG:-./ferry-config}
CC=${CC:-cc}
CPYEX_DIR=${CPYEX_DIR:-$(dirname "$FERRY_CONFIG")/tests/cpyexamples}

# module:path in the source tree (xxmodule.c defines module "xx")
MODULES="custom:Doc/includes/custom.c custom2:Doc/includes/custom2.c
custom3:Doc/includes/custom3.c custom4:Doc/includes/custom4.c xx:Modules/xxmodule.c
xxsubtype:Modules/xxsubtype.c xxlimited:Modules/xxlimited.c"

# One failure before any comparison: said, and counted the way run-diff.sh counts.
fail() {
    echo "run-cpyexamples.sh: $*"
    echo "FAIL cpyexamples"
    echo "0 passed, 1 failed"
    exit 1
}
skip() {
    echo "run-cpyexamples.sh: $*: skipped"
    exit 77
}

[ -x "$FERRY" ] || skip "no ferry binary at '$FERRY' (set FERRY)"
[ -x "$FERRY_CONFIG" ] || skip "no ferry-config at '$FERRY_CONFIG' (set FERRY_CONFIG)"
command -v "$PYTHON3" >/dev/null 2>&1 || skip "no python3 at '$PYTHON3' (set PYTHON3)"

# 1. the source, fetched once
status=0
src=$("$here/../compat/fetch-source.sh" python3.11 "$CPYEX_DIR/src") || status=$?
case $status in
    0) ;;
    77) skip "the Debian source package python3.11 cannot be had" ;;
    *) fail "cannot fetch the Debian source package python3.11 (fetch-source.sh exit status $status)" ;;
esac

# 2. CPython's side of the build, from the interpreter that runs the comparison
py_include=$("$PYTHON3" -c 'import sysconfig; print(sysconfig.get_paths()["include"])') ||
    fail "$PYTHON3 cannot report its include directory"
py_suffix=$("$PYTHON3" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))') ||
    fail "$PYTHON3 cannot report its extension suffix"
[ -f "$py_include/Python.h" ] ||
    fail "no Python.h in '$py_include' (the include directory of $PYTHON3): install python3-dev"
ferry_cflags=$("$FERRY_CONFIG" --cflags)
ferry_suffix=$("$FERRY_CONFIG" --extension-suffix)

ext_dir=$CPYEX_DIR/ext
mkdir -p "$ext_dir/ferry" "$ext_dir/cpython"
log=$CPYEX_DIR/cc.out # not *.log: the test harness and CI read those as test logs

# 3. each module, built as a packager would build it; an undeclared C-API function is an
# error here rather than a crash at run time. A build failure fails that module only.
passed=0
failed=0
lines=
for entry in $MODULES; do
    mod=${entry%%:*}
    csrc=$src/${entry#*:}
    if [ ! -f "$csrc" ]; then
        echo "FAIL $mod (no ${entry#*:} in $src)"
        failed=$((failed + 1))
        continue
    fi
    so=$ext_dir/cpython/$mod$py_suffix
    rm -f "$so"
    if ! $CC -I"$py_include" -shared -fPIC -O1 -g "$csrc" -o "$so" >"$log" 2>&1; then
        echo "FAIL $mod (does not compile against CPython's headers in $py_include)"
        head -n 40 "$log"
        failed=$((failed + 1))
        continue
    fi
    so=$ext_dir/ferry/$mod$ferry_suffix
    rm -f "$so"
    # shellcheck disable=SC2086
    if ! $CC $ferry_cflags -shared -fPIC -O1 -g -Werror=implicit-function-declaration \
        "$csrc" -o "$so" >"$log" 2>&1; then
        echo "FAIL $mod (does not compile against Ferry's headers: $ferry_cflags)"
        head -n 40 "$log"
        failed=$((failed + 1))
        continue
    fi
    lines="$lines $here/$mod.lines"
done

# 4. the line files of the modules that built, both sides; the counts join ours
if [ -n "$lines" ]; then
    out=$CPYEX_DIR/diff.out
    # shellcheck disable=SC2086
    EXT_DIR=$ext_dir "$here/../diff/run-diff.sh" $lines >"$out" 2>&1 || true
    sed '$d' "$out"
    summary=$(tail -n 1 "$out")
    case $summary in
        *" passed, "*" failed"*)
            passed=$((passed + ${summary%% passed*}))
            rest=${summary#* passed, }
            failed=$((failed + ${rest%% failed*}))
            ;;
        *)
            echo "$summary"
            echo "run-cpyexamples.sh: run-diff.sh gave no summary"
            failed=$((failed + 1))
            ;;
    esac
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# run-cython.sh — cythonizes our .pyx test modules, builds each against Ferry and CPython, and diffs their line files.
#
# Environment (set by `make check`):
#   FERRY         the ferry binary                 (default: ./ferry)
#   PYTHON3       Debian's CPython 3.11            (default: /usr/bin/python3)
#   FERRY_CONFIG  the build tree's ferry-config    (default: ./ferry-config)
#   CC            the C compiler                   (default: cc)
#   CYTHON        Debian's cython3                 (default: cython3)
#   CY_DIR        the work folder (default: tests/cython beside FERRY_CONFIG): MODULE.c,
#                 ext/ferry/ and ext/cpython/ get the modules built against each
# Steps: `cython3 -3 MODULE.pyx -o MODULE.c` for each module; build the C unmodified twice,
# with `ferry-config --cflags` and with the headers of $PYTHON3; then run each module's
# MODULE.lines through tests/diff/run-diff.sh. A module that does not cythonize or compile
# is a FAIL line with the messages, and its line file is not run.
# Exit status: 0 when every module built and matched, 1 otherwise, 77 (skipped) when
# cython3 is missing and cannot be installed (not root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
FERRY=${FERRY:-./ferry}
PYTHON3=${PYTHON3:-/usr/bin/python3}
FERRY_CONFIG=${FERRY_CONFIG:-./ferry-config}
CC=${CC:-cc}
CYTHON=${CYTHON:-cython3}
CY_DIR=${CY_DIR:-$(dirname "$FERRY_CONFIG")/tests/cython}

MODULES="cyclasses cycontainers cyerrors cyloops cyfuncs cypyclasses"

fail() {
    echo "run-cython.sh: $*"
    echo "FAIL cython"
    echo "0 passed, 1 failed"
    exit 1
}
skip() {
    echo "run-cython.sh: $*: skipped"
    exit 77
}

[ -x "$FERRY" ] || skip "no ferry binary at '$FERRY' (set FERRY)"
[ -x "$FERRY_CONFIG" ] || skip "no ferry-config at '$FERRY_CONFIG' (set FERRY_CONFIG)"
command -v "$PYTHON3" >/dev/null 2>&1 || skip "no python3 at '$PYTHON3' (set PYTHON3)"
if ! command -v "$CYTHON" >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || skip "no $CYTHON (apt-get install cython3)"
    apt-get install -y cython3 >/dev/null 2>&1 || skip "cannot install cython3"
fi

py_include=$("$PYTHON3" -c 'import sysconfig; print(sysconfig.get_paths()["include"])') ||
    fail "$PYTHON3 cannot report its include directory"
py_suffix=$("$PYTHON3" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))') ||
    fail "$PYTHON3 cannot report its extension suffix"
[ -f "$py_include/Python.h" ] ||
    fail "no Python.h in '$py_include' (the include directory of $PYTHON3): install python3-dev"
ferry_cflags=$("$FERRY_CONFIG" --cflags)
ferry_suffix=$("$FERRY_CONFIG" --extension-suffix)

ext_dir=$CY_DIR/ext
mkdir -p "$ext_dir/ferry" "$ext_dir/cpython"
log=$CY_DIR/cc.out # not *.log: the test harness and CI read those as test logs

passed=0
failed=0
lines=
for mod in $MODULES; do
    csrc=$CY_DIR/$mod.c
    if ! "$CYTHON" -3 "$here/$mod.pyx" -o "$csrc" >"$log" 2>&1; then
        echo "FAIL $mod (cython3 cannot translate $mod.pyx)"
        head -n 40 "$log"
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
        grep -E 'error' "$log" | head -n 40
        failed=$((failed + 1))
        continue
    fi
    lines="$lines $here/$mod.lines"
done

if [ -n "$lines" ]; then
    out=$CY_DIR/diff.out
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
            echo "run-cython.sh: run-diff.sh gave no summary"
            failed=$((failed + 1))
            ;;
    esac
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# run-crcmod.sh — builds crcmod's C extension from Debian's source against Ferry and diffs crcmod.lines with Debian's CPython build.
#
# Environment (set by `make check`):
#   FERRY         the ferry binary                 (default: ./ferry)
#   PYTHON3       Debian's CPython 3.11            (default: /usr/bin/python3)
#   FERRY_CONFIG  the build tree's ferry-config    (default: ./ferry-config)
#   CC            the C compiler                   (default: cc)
#   CRCMOD_DIR    the work folder, kept between runs (default: tests/crcmod beside
#                 FERRY_CONFIG): src/ caches the Debian source, ext/ferry/crcmod/ gets
#                 the extension built against Ferry
# Steps: fetch the source package python-crcmod (tests/compat/fetch-source.sh), install
# python3-crcmod (the oracle) when missing, build python3/src/_crcfunext.c unmodified
# with `ferry-config --cflags` as crcmod/_crcfunext<ferry suffix>, then run crcmod.lines
# through tests/diff/run-diff.sh: ferry imports that build, CPython Debian's.
# Exit status: 0 when the outputs match, 1 when not or when the build fails, 77 (skipped)
# when the source or the oracle cannot be had (not root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
FERRY=${FERRY:-./ferry}
PYTHON3=${PYTHON3:-/usr/bin/python3}
FERRY_CONFIG=${FERRY_CONFIG:-./ferry-config}
CC=${CC:-cc}
CRCMOD_DIR=${CRCMOD_DIR:-$(dirname "$FERRY_CONFIG")/tests/crcmod}

# One failure before the comparison: said, and counted the way run-diff.sh counts.
fail() {
    echo "run-crcmod.sh: $*"
    echo "FAIL crcmod"
    echo "0 passed, 1 failed"
    exit 1
}
skip() {
    echo "run-crcmod.sh: $*: skipped"
    exit 77
}

[ -x "$FERRY" ] || skip "no ferry binary at '$FERRY' (set FERRY)"
[ -x "$FERRY_CONFIG" ] || skip "no ferry-config at '$FERRY_CONFIG' (set FERRY_CONFIG)"
command -v "$PYTHON3" >/dev/null 2>&1 || skip "no python3 at '$PYTHON3' (set PYTHON3)"

# 1. the source, fetched once
status=0
src=$("$here/../compat/fetch-source.sh" python-crcmod "$CRCMOD_DIR/src") || status=$?
case $status in
    0) ;;
    77) skip "the Debian source package python-crcmod cannot be had" ;;
    *) fail "cannot fetch the Debian source package python-crcmod (fetch-source.sh exit status $status)" ;;
esac
csrc=$src/python3/src/_crcfunext.c
[ -f "$csrc" ] || fail "no python3/src/_crcfunext.c in $src"

# 2. the oracle: Debian's CPython build of the same source
if ! "$PYTHON3" -c 'import crcmod._crcfunext' 2>/dev/null; then
    [ "$(id -u)" = 0 ] || skip "$PYTHON3 cannot import crcmod._crcfunext and installing python3-crcmod needs root"
    echo "run-crcmod.sh: installing python3-crcmod"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-crcmod >/dev/null ||
        fail "'apt-get install python3-crcmod' failed"
    "$PYTHON3" -c 'import crcmod._crcfunext' ||
        fail "$PYTHON3 cannot import crcmod._crcfunext even with python3-crcmod installed (is $PYTHON3 Debian's python3?)"
fi

# 3. the extension against Ferry, as a packager would build it; an undeclared C-API
# function is an error here rather than a crash at run time
ext_dir=$CRCMOD_DIR/ext
so=$ext_dir/ferry/crcmod/_crcfunext$("$FERRY_CONFIG" --extension-suffix)
mkdir -p "$ext_dir/ferry/crcmod" "$ext_dir/cpython"
rm -f "$so"
# shellcheck disable=SC2046
if ! $CC $("$FERRY_CONFIG" --cflags) -shared -fPIC -O1 -g \
    -Werror=implicit-function-declaration "$csrc" -o "$so"; then
    fail "$csrc does not compile against Ferry's headers ($("$FERRY_CONFIG" --cflags))"
fi

# 4. the same lines on both sides; ext/cpython/ stays empty, so CPython imports Debian's
# crcmod from its own path
EXT_DIR=$ext_dir exec "$here/../diff/run-diff.sh" "$here/crcmod.lines"

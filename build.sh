#!/bin/sh
# build.sh — set up a Debian 12 machine, build Ferry out of tree in build/, run a make target.
#   ./build.sh bench    install what is needed, build, run the microbenchmarks
#   ./build.sh check    install what is needed, build, run the whole test suite
# Idempotent: packages already installed are skipped; the build is incremental.
# CONFIGURE_FLAGS adds configure options; BUILD_DIR changes the build folder.
set -eu

target=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/build}

packages="build-essential autoconf automake libtool pkg-config libgmp-dev libffi-dev
libcriterion-dev libreadline-dev libunistring-dev python3 python3-dev pypy3 pypy3-dev cython3 valgrind"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "build.sh: missing Debian packages:$missing (run as root to install them)" >&2
        exit 1
    fi
    echo "build.sh: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

cd "$here"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$here/configure" -nt Makefile ]; then
    # shellcheck disable=SC2086
    "$here/configure" -q ${CONFIGURE_FLAGS:-}
fi
make -j"$(nproc)"
case "$target" in
    all) ;;
    *) make -j"$(nproc)" "$target" ;;
esac

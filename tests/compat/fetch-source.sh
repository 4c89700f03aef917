#!/bin/sh
# fetch-source.sh — fetches a Debian source package's tarball once into a cache and unpacks it.
#
# Usage: fetch-source.sh PKG DIR
#   PKG  a Debian source package name (python-crcmod)
#   DIR  the cache directory; created if missing, reused between runs
# Prints the path of the unpacked upstream tree on stdout (the tarball as Debian ships
# it, e.g. a +dfsg repack; `--tar-only` brings neither debian/ nor Debian's patches);
# progress and errors go to stderr.
#
# The tarball comes from `apt-get source --tar-only PKG`. When apt knows no source for
# PKG because no deb-src entries are configured, they are derived from the machine's own
# apt entries (the same URIs, suites, components and Signed-By, with `Types: deb-src`)
# into /etc/apt/sources.list.d/ferry-deb-src.sources (deb822 inputs) and
# ferry-deb-src.list (one-line inputs); then (and when deb-src entries exist but their
# lists were never downloaded) `apt-get update` runs. Both need root.
# Exit status: 0 with the tree's path printed; 77 when the source cannot be had without
# root (not cached, not known to apt, not root); 1 on any other error.
set -eu

me=fetch-source.sh
if [ $# -ne 2 ]; then
    echo "usage: $me PKG DIR" >&2
    exit 2
fi
pkg=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
stamp=$dir/.$pkg.tree

# Already unpacked by an earlier run: no apt call at all.
if [ -f "$stamp" ]; then
    tree=$(cat "$stamp")
    if [ -d "$tree" ]; then
        echo "$tree"
        exit 0
    fi
fi

is_root() { [ "$(id -u)" = 0 ]; }

# 0 if apt has a source record for $pkg.
source_known() {
    apt-cache showsrc --only-source "$pkg" 2>/dev/null | grep -q '^Package:'
}

# 0 if some deb-src entry is configured (downloaded or not): apt's own reading of its files.
deb_src_configured() {
    # shellcheck disable=SC2016 # apt's format, not the shell's
    apt-get indextargets --format '$(TARGET_OF)' 2>/dev/null | grep -qx deb-src
}

etc=/etc/apt
deb822_out=$etc/sources.list.d/ferry-deb-src.sources
list_out=$etc/sources.list.d/ferry-deb-src.list

# deb822 stanzas whose Types has `deb` and not `deb-src`, turned into deb-src stanzas:
# Types is replaced, Architectures dropped, comments dropped, Enabled: no skipped.
derive_deb822() {
    awk '
        function flush() {
            if (n && types ~ /(^|[ \t])deb([ \t]|$)/ && types !~ /deb-src/ && tolower(enabled) != "no") {
                print "Types: deb-src"
                for (i = 1; i <= n; i++) print line[i]
                print ""
            }
            n = 0; types = ""; enabled = ""; keep = 0
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/ { if (keep) line[++n] = $0; next }
        {
            key = $0; sub(/:.*/, "", key); k = tolower(key)
            val = $0; sub(/^[^:]*:[ \t]*/, "", val)
            keep = 0
            if (k == "types") { types = val; next }
            if (k == "enabled") { enabled = val; next }
            if (k == "architectures") next
            keep = 1; line[++n] = $0
        }
        END { flush() }
    ' "$@"
}

# One-line entries `deb [options] URI suite component...` turned into deb-src lines.
derive_list() {
    sed -n 's/^[[:space:]]*deb[[:space:]][[:space:]]*/deb-src /p' "$@"
}

derive_sources() {
    deb822_in=
    list_in=
    for f in "$etc"/sources.list.d/*.sources; do
        [ -f "$f" ] && [ "$f" != "$deb822_out" ] && deb822_in="$deb822_in $f"
    done
    for f in "$etc"/sources.list "$etc"/sources.list.d/*.list; do
        [ -f "$f" ] && [ "$f" != "$list_out" ] && list_in="$list_in $f"
    done
    derived=0
    if [ -n "$deb822_in" ]; then
        # shellcheck disable=SC2086
        text=$(derive_deb822 $deb822_in)
        if [ -n "$text" ]; then
            {
                echo "# ferry-deb-src.sources — written by Ferry's tests/compat/fetch-source.sh:"
                echo "# the deb-src twins of this machine's deb822 entries."
                echo
                echo "$text"
            } >"$deb822_out"
            echo "$me: wrote $deb822_out" >&2
            derived=1
        fi
    fi
    if [ -n "$list_in" ]; then
        # shellcheck disable=SC2086
        text=$(derive_list $list_in)
        if [ -n "$text" ]; then
            {
                echo "# ferry-deb-src.list — written by Ferry's tests/compat/fetch-source.sh:"
                echo "# the deb-src twins of this machine's one-line entries."
                echo "$text"
            } >"$list_out"
            echo "$me: wrote $list_out" >&2
            derived=1
        fi
    fi
    if [ "$derived" = 0 ]; then
        echo "$me: no 'deb' entries in $etc/sources.list or $etc/sources.list.d/ to derive deb-src entries from" >&2
        exit 1
    fi
}

if ! source_known; then
    if ! is_root; then
        echo "$me: apt knows no source package '$pkg' (no deb-src entries, or apt-get update not run) and deriving them needs root: skipped" >&2
        exit 77
    fi
    deb_src_configured || derive_sources
    echo "$me: apt-get update" >&2
    # a failing third-party entry must not hide the Debian ones: judged by showsrc below
    apt-get update -qq >&2 || echo "$me: apt-get update reported errors (going on)" >&2
    if ! source_known; then
        echo "$me: apt knows no source package '$pkg' even with deb-src entries (see $deb822_out, $list_out)" >&2
        exit 1
    fi
fi

# Download into a fresh folder, so that only this package's files are looked at.
dl=$dir/.download.$$
rm -rf "$dl"
mkdir -p "$dl"
trap 'rm -rf "$dl"' EXIT INT TERM
echo "$me: apt-get source --tar-only $pkg" >&2
# as root, apt's download sandbox user cannot write into DIR: download as root, quietly
sandbox=
is_root && sandbox="-o APT::Sandbox::User=root"
# shellcheck disable=SC2086
if ! (cd "$dl" && apt-get source -qq $sandbox --tar-only "$pkg" >&2); then
    echo "$me: 'apt-get source --tar-only $pkg' failed" >&2
    exit 1
fi

# `--tar-only` brings the upstream tarball (PKG_V.orig.tar.*) of a 3.0 (quilt) package or
# the single PKG_V.tar.* of a native one; not debian/ nor Debian's patches.
main=$(find "$dl" -maxdepth 1 -name "${pkg}_*.tar.*" ! -name '*.asc' ! -name '*.debian.tar.*' | head -n 1)
if [ -z "$main" ]; then
    echo "$me: apt-get source left no tarball of $pkg in $dl:" >&2
    ls "$dl" >&2
    exit 1
fi

# Unpacked as DIR/PKG-VERSION, whatever the tarball's top folder is called.
base=$(basename "$main")
version=${base#"${pkg}"_}
version=${version%%.orig.tar.*}
version=${version%%.tar.*}
tree=$dir/$pkg-$version
rm -rf "$tree"
mkdir -p "$dl/x"
tar -xf "$main" -C "$dl/x" --no-same-owner
set -- "$dl"/x/* "$dl"/x/.[!.]*
tops=0
for t in "$@"; do
    [ -e "$t" ] && tops=$((tops + 1))
done
if [ "$tops" = 1 ] && [ -d "$1" ]; then
    mv "$1" "$tree"
else
    mv "$dl/x" "$tree"
fi

echo "$tree" >"$stamp"
echo "$tree"

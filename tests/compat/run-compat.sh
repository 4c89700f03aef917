#!/bin/sh
# run-compat.sh — the compatibility suite: builds each manifest entry from Debian's source against Ferry and diffs its lines with Debian's CPython build.
#
# Usage: run-compat.sh [NAME]...   (default: every entry of the manifest)
# Environment (set by `make check`):
#   FERRY         the ferry binary                 (default: ./ferry)
#   PYTHON3       Debian's CPython 3.11            (default: /usr/bin/python3)
#   FERRY_CONFIG  the build tree's ferry-config    (default: ./ferry-config)
#   CC            the C compiler                   (default: cc)
#   COMPAT_DIR    the work folder, kept between runs (default: tests/compat beside
#                 FERRY_CONFIG): src/ caches the Debian sources, ext/ferry/ gets the
#                 extensions built against Ferry, NAME.cc.out each compiler's messages
#   COMPAT_REPORT where the report goes (default: REPORT.md beside this script); written
#                 only when every entry of the manifest ran
# For each entry of `manifest` (its header says what the fields are): fetch the source
# package once (fetch-source.sh), install the -dev packages and the oracle package when
# missing (root only), compile the C files unmodified with `ferry-config --cflags` and the
# entry's flags as MODULE's shared object, check that ferry imports it, and then run the
# NAME.lines of every entry that built through ../diff/run-diff.sh: ferry imports the Ferry
# builds (first on FERRY_PATH), CPython Debian's (ext/cpython/ stays empty). One entry's
# failure never stops the others.
# Output: a PASS, FAIL or SKIP line per entry (a FAIL with the compiler's first messages or
# the diff), then `N passed, N failed` (`, N skipped` when some were).
# Exit status: 0 when every entry matched, 1 when one failed, 77 when none failed but some
# could not be had without root (source, oracle or -dev package missing).
set -u

here=$(cd "$(dirname "$0")" && pwd)
FERRY=${FERRY:-./ferry}
PYTHON3=${PYTHON3:-/usr/bin/python3}
FERRY_CONFIG=${FERRY_CONFIG:-./ferry-config}
CC=${CC:-cc}
COMPAT_DIR=${COMPAT_DIR:-$(dirname "$FERRY_CONFIG")/tests/compat}
COMPAT_REPORT=${COMPAT_REPORT:-$here/REPORT.md}
me=run-compat.sh

skip_all() {
    echo "$me: $*: skipped"
    exit 77
}
[ -x "$FERRY" ] || skip_all "no ferry binary at '$FERRY' (set FERRY)"
[ -x "$FERRY_CONFIG" ] || skip_all "no ferry-config at '$FERRY_CONFIG' (set FERRY_CONFIG)"
command -v "$PYTHON3" >/dev/null 2>&1 || skip_all "no python3 at '$PYTHON3' (set PYTHON3)"
FERRY=$(cd "$(dirname "$FERRY")" && pwd)/$(basename "$FERRY")

mkdir -p "$COMPAT_DIR"
COMPAT_DIR=$(cd "$COMPAT_DIR" && pwd)
ext_dir=$COMPAT_DIR/ext
out_dir=$COMPAT_DIR/out
rm -rf "$ext_dir" "$out_dir"
mkdir -p "$ext_dir/ferry" "$ext_dir/cpython" "$out_dir"
ferry_cflags=$("$FERRY_CONFIG" --cflags)
ferry_suffix=$("$FERRY_CONFIG" --extension-suffix)
is_root() { [ "$(id -u)" = 0 ]; }

# The manifest's entries as NAME|SOURCE|FILES|MODULE|ORACLE|FLAGS|DEV, one per line, blanks
# around fields trimmed.
entries() {
    # shellcheck disable=SC2162 # without -r on purpose: `read` joins the lines a backslash continues
    while IFS= read line; do
        case $line in '' | '#'*) continue ;; esac
        echo "$line" | sed 's/[[:space:]]*|[[:space:]]*/|/g; s/^[[:space:]]*//; s/[[:space:]]*$//'
    done <"$here/manifest"
}

# Each entry's outcome for the report, in files under $out_dir: NAME.build (yes, or no and
# the first error), NAME.import (yes/no), NAME.state (PASS/FAIL/SKIP and why).
note() { printf '%s\n' "$3" >"$out_dir/$1.$2"; }

# 0 if the Debian package $1 is installed.
installed() {
    dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q ' installed$'
}
# Installs the packages "$@" (root only); 77 when not root, 1 when apt fails.
install_pkgs() {
    is_root || return 77
    echo "$me: apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || return 1
}

passed=0
failed=0
skipped=0
lines=
names=
all=yes
[ $# -gt 0 ] && all=no

# One entry's failure or skip before its lines run: said and counted.
entry_fail() {
    echo "FAIL $1 ($2)"
    note "$1" state "FAIL: $2"
    failed=$((failed + 1))
}
entry_skip() {
    echo "SKIP $1 ($2)"
    note "$1" state "SKIP: $2"
    skipped=$((skipped + 1))
}

# Builds and checks one entry; adds its line file to $lines when it imports.
run_entry() {
    name=$1 pkg=$2 files=$3 module=$4 oracle=$5 flags=$6 dev=$7
    note "$name" build "no (not attempted)"
    note "$name" import "no"

    # 1. the source, fetched once
    status=0
    src=$("$here/fetch-source.sh" "$pkg" "$COMPAT_DIR/src") || status=$?
    case $status in
        0) ;;
        77) entry_skip "$name" "the Debian source package $pkg cannot be had without root"; return ;;
        *) entry_fail "$name" "cannot fetch the Debian source package $pkg"; return ;;
    esac

    # 2. what the build needs, and the oracle: Debian's CPython build of the same source
    missing=
    for p in $dev; do
        installed "$p" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        status=0
        # shellcheck disable=SC2086
        install_pkgs $missing || status=$?
        case $status in
            0) ;;
            77) entry_skip "$name" "needs$missing, and installing needs root"; return ;;
            *) entry_fail "$name" "'apt-get install$missing' failed"; return ;;
        esac
    fi
    if ! env -u PYTHONPATH "$PYTHON3" -c "import $module" 2>/dev/null; then
        status=0
        install_pkgs "$oracle" || status=$?
        case $status in
            0) ;;
            77) entry_skip "$name" "$PYTHON3 cannot import $module and installing $oracle needs root"; return ;;
            *) entry_fail "$name" "'apt-get install $oracle' failed"; return ;;
        esac
        if ! env -u PYTHONPATH "$PYTHON3" -c "import $module" 2>/dev/null; then
            entry_fail "$name" "$PYTHON3 cannot import $module even with $oracle installed"
            return
        fi
    fi

    # 3. the C files, unmodified, as a packager builds them; an undeclared C-API function
    # is an error here rather than a crash at run time
    paths=
    for f in $files; do
        if [ ! -f "$src/$f" ]; then
            note "$name" build "no: no $f in the source package $pkg"
            entry_fail "$name" "no $f in $src"
            return
        fi
        paths="$paths $src/$f"
    done
    rel=$(echo "$module" | tr . /)
    so=$ext_dir/ferry/$rel$ferry_suffix
    mkdir -p "$(dirname "$so")"
    log=$COMPAT_DIR/$name.cc.out # not *.log: the test harness and CI read those as test logs
    # shellcheck disable=SC2086
    if ! $CC $ferry_cflags -shared -fPIC -O1 -g -Werror=implicit-function-declaration \
        $paths $flags -o "$so" >"$log" 2>&1; then
        first=$(grep -m 1 -E 'error|undefined' "$log" | sed "s|$src/||g")
        note "$name" build "no: ${first:-see $log}"
        entry_fail "$name" "does not compile against Ferry's headers"
        head -n 40 "$log"
        return
    fi
    note "$name" build "yes"

    # 4. the import alone, so that the report can tell it from the lines
    if ! FERRY_PATH=$ext_dir/ferry "$FERRY" -c "import $module" >"$out_dir/$name.import.out" 2>&1; then
        entry_fail "$name" "ferry cannot import $module: $(head -n 1 "$out_dir/$name.import.out")"
        return
    fi
    note "$name" import "yes"
    lines="$lines $here/$name.lines"
}

# fd 3, so that nothing an entry runs reads the manifest as its input
while IFS='|' read -r name pkg files module oracle flags dev <&3; do
    if [ "$all" = no ]; then
        case " $* " in *" $name "*) ;; *) continue ;; esac
    fi
    names="$names $name"
    run_entry "$name" "$pkg" "$files" "$module" "$oracle" "$flags" "$dev" </dev/null
done 3<<EOF
$(entries)
EOF

# 5. the lines of the entries that imported, both sides, each output kept for the report
if [ -n "$lines" ]; then
    # shellcheck disable=SC2086
    EXT_DIR=$ext_dir DIFF_KEEP=$out_dir FERRY=$FERRY PYTHON3=$PYTHON3 \
        "$here/../diff/run-diff.sh" $lines >"$out_dir/diff.out" 2>&1
    sed '$d' "$out_dir/diff.out"
    for f in $lines; do
        name=$(basename "$f" .lines)
        if grep -qx "PASS $name" "$out_dir/diff.out"; then
            note "$name" state "PASS"
            passed=$((passed + 1))
        else
            note "$name" state "FAIL: the output differs from CPython's"
            failed=$((failed + 1))
        fi
    done
fi

# 6. the report: output lines that match CPython's, by diff's alignment of the two outputs
# (the last line of each is the "[exit status N]" run-diff.sh adds)
report() {
    echo "# Compatibility suite report"
    echo
    echo "Written by \`tests/compat/run-compat.sh\` (\`make check-compat\`); do not edit. Each entry of"
    echo "\`manifest\` is built unmodified from its Debian source package against Ferry, and"
    echo "its \`NAME.lines\` run under \`ferry\` and Debian's CPython. \"Lines\" counts the lines"
    echo "of CPython's output (with the exit status line) that ferry's output matches."
    echo
    echo "| extension | source package | module | builds | imports | lines matching CPython | result |"
    echo "|---|---|---|---|---|---|---|"
    while IFS='|' read -r name pkg files module oracle flags dev; do
        py=$out_dir/$name.python3
        fe=$out_dir/$name.ferry
        if [ -f "$py" ] && [ -f "$fe" ]; then
            total=$(wc -l <"$py")
            same=$(diff --unchanged-line-format='=%L' --old-line-format='' --new-line-format='' \
                "$py" "$fe" | wc -l)
            count="$same / $total"
        else
            count="-"
        fi
        build=$(cat "$out_dir/$name.build" 2>/dev/null || echo "no (not attempted)")
        imp=$(cat "$out_dir/$name.import" 2>/dev/null || echo no)
        state=$(cat "$out_dir/$name.state" 2>/dev/null || echo "FAIL")
        # a table cell holds no `|`
        build=$(echo "$build" | tr '|' '/')
        state=$(echo "$state" | tr '|' '/')
        echo "| $name | \`$pkg\` | \`$module\` | $build | $imp | $count | $state |"
    done <<EOF
$(entries)
EOF
    echo
    echo "$passed passed, $failed failed, $skipped skipped."
}
if [ "$all" = yes ]; then
    report >"$out_dir/REPORT.md"
    cp "$out_dir/REPORT.md" "$COMPAT_REPORT" 2>/dev/null ||
        echo "$me: cannot write $COMPAT_REPORT (the report is in $out_dir/REPORT.md)"
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -gt 0 ] && exit 1
[ "$skipped" -gt 0 ] && exit 77
exit 0

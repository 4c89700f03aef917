#!/bin/sh
# run-diff.sh — the differential suite: runs each *.lines file under ferry and CPython and compares.
#
# Usage: run-diff.sh [FILE.lines | NAME]...   (default: every *.lines in DIFF_DIR)
# Environment (set by `make check`):
#   FERRY    the ferry binary          (default: ./ferry)
#   PYTHON3  CPython 3.11              (default: /usr/bin/python3)
#   DIFF_DIR the directory of the suite (default: this script's directory)
#   EXT_DIR  the built test extensions (default: none): ferry runs with
#            FERRY_PATH=$EXT_DIR/ferry, python3 with PYTHONPATH=$EXT_DIR/cpython, so that
#            a line file can import them; without it, the files that do (ext_*.lines and
#            capi_*.lines) are skipped
#   DIFF_KEEP  a folder (default: none) that keeps each file's two normalised outputs
#            as NAME.python3 and NAME.ferry, for a caller that reports on them
# Both outputs get an "[exit status N]" line, and lines starting with "SyntaxError" are
# cut to that word (the messages of the two parsers differ). Exit status: 0 if every
# file matched, 1 if one did not, 77 (skipped) if ferry or python3 is missing.

FERRY=${FERRY:-./ferry}
PYTHON3=${PYTHON3:-/usr/bin/python3}
DIFF_DIR=${DIFF_DIR:-$(dirname "$0")}
EXT_DIR=${EXT_DIR:-}
DIFF_KEEP=${DIFF_KEEP:-}

if [ ! -x "$FERRY" ]; then
    echo "run-diff.sh: no ferry binary at '$FERRY' (set FERRY): skipped"
    exit 77
fi
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "run-diff.sh: no python3 at '$PYTHON3' (set PYTHON3): skipped"
    exit 77
fi

TIMEOUT=
if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout 120"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-diff.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Runs "$@" with the file's output in $out, plus the exit status line; normalises.
capture() {
    out=$1
    shift
    $TIMEOUT "$@" >"$out.raw" 2>"$out.err"
    status=$?
    echo "[exit status $status]" >>"$out.raw"
    sed 's/^SyntaxError.*/SyntaxError/' "$out.raw" >"$out"
    return $status
}

# Each side finds the extensions built for it first on its search path.
if [ -n "$EXT_DIR" ]; then
    FERRY_PATH=$EXT_DIR/ferry${FERRY_PATH:+:$FERRY_PATH}
    PYTHONPATH=$EXT_DIR/cpython${PYTHONPATH:+:$PYTHONPATH}
    export FERRY_PATH PYTHONPATH
fi

if [ $# -eq 0 ]; then
    set -- "$DIFF_DIR"/*.lines
fi

passed=0
failed=0
skipped=0
for f in "$@"; do
    case $f in
        */* | *.lines) ;;
        *) f=$DIFF_DIR/$f.lines ;;
    esac
    name=$(basename "$f" .lines)
    if [ ! -r "$f" ]; then
        echo "FAIL $name (cannot read $f)"
        failed=$((failed + 1))
        continue
    fi
    case $name in
        ext_* | capi_*)
            if [ -z "$EXT_DIR" ]; then
                echo "SKIP $name (imports the test extensions: set EXT_DIR)"
                skipped=$((skipped + 1))
                continue
            fi
            ;;
    esac
    capture "$tmp/$name.python3" "$PYTHON3" "$DIFF_DIR/pyref.py" "$f"
    capture "$tmp/$name.ferry" "$FERRY" "$f"
    fstatus=$?
    if [ -n "$DIFF_KEEP" ]; then
        cp "$tmp/$name.python3" "$tmp/$name.ferry" "$DIFF_KEEP/"
    fi
    if cmp -s "$tmp/$name.python3" "$tmp/$name.ferry"; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
        diff -u "$tmp/$name.python3" "$tmp/$name.ferry" | head -n 40
        if [ "$fstatus" -gt 1 ]; then
            echo "ferry exited with status $fstatus; the end of its stderr:"
            tail -n 10 "$tmp/$name.ferry.err"
        fi
    fi
done

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]

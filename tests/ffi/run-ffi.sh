#!/bin/sh
# run-ffi.sh — runs tests/ffi/*.lines under ferry (stdout and stderr) and compares each with its .expected.
# The ffi module has no CPython counterpart, so the expected output is checked in. The last
# line counts files: `N passed, N failed`; exit status 0 when all match.
passed=0
failed=0
for lines in "$FFI_DIR"/*.lines; do
    expected="${lines%.lines}.expected"
    if "$FERRY" "$lines" 2>&1 | diff -u "$expected" -; then
        echo "PASS $(basename "$lines" .lines)"
        passed=$((passed + 1))
    else
        echo "FAIL $(basename "$lines" .lines)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

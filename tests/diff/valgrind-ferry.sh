#!/bin/sh
# valgrind-ferry.sh — runs the build tree's ferry under valgrind's leak checker (make check-valgrind).
# Exit status 99 when valgrind finds a memory error or a definite leak, so that the
# differential runner, which compares exit statuses, reports the file as failed.
# Environment: LIBTOOL and FERRY_BIN (set by tests/local.mk).
exec "${LIBTOOL:-./libtool}" --mode=execute valgrind -q --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99 \
    "${FERRY_BIN:-./ferry}" "$@"

#!/bin/sh
# Whether a build of libeffcomp.so is instrumented by a sanitizer (ASan,
# UBSan, ...): sanitized.sh LIB exits 0 if so, naming it, else 1. The
# consumer and Python tests check what a user installs; a sanitized library
# needs its runtime first in the process (LD_PRELOAD), which a plain program
# or python3 does not have, so they skip (exit 77) on such a build.
LIB=$1
rt=$( { readelf -d "$LIB" 2>/dev/null | grep -oE 'lib(asan|ubsan|tsan|lsan)[^] ]*'; \
        nm -D --undefined-only "$LIB" 2>/dev/null | grep -oE '__(asan|ubsan|tsan|msan)_[a-z_]+' ; } | head -1)
[ -n "$rt" ] || exit 1
echo "$rt"

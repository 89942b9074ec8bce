#!/bin/sh
# What libeffcomp.so exports is exactly what its public header declares:
#   symbols.sh CC LIBEFFCOMP.so INCLUDE_DIR...
# The declarations come from GCC (-aux-info on a file that includes
# effcomp.h: every function prototype and the file it is in; CC when it is
# GCC, else the gcc on PATH: clang has no -aux-info; exit 77, skipped, with
# neither) plus the headers' `extern EC_API` objects; the exports from
# nm -D --defined-only. Only the ifunc resolver of a function with
# target_clones may be added.
set -eu
CC=$1 LIB=$2
shift 2
if ! "$CC" --version 2>/dev/null | grep -q "Free Software Foundation"; then
    if command -v gcc >/dev/null 2>&1; then CC=gcc
    else echo "symbols: skipped: no GCC for -aux-info (apt-get install gcc)"; exit 77; fi
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
incs=""
for d in "$@"; do incs="$incs -I$d"; done
printf '#include <effcomp.h>\n' > "$W/inc.c"
# shellcheck disable=SC2086
"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -c "$W/inc.c" -o "$W/inc.o" -aux-info "$W/aux" $incs
ok=0
for d in "$@"; do
    grep -F "/* $d/" "$W/aux" | grep -v ' static ' | sed -E 's/.*[ *]([A-Za-z_0-9]+) \(.*/\1/'
    cat "$d"/*.h | sed -n -E 's/^extern EC_API [^;]*[ *]([A-Za-z_0-9]+)\[.*/\1/p; s/^extern EC_API [^;[]*[ *]([A-Za-z_0-9]+);.*/\1/p'
done | sort -u > "$W/declared"
nm -D --defined-only "$LIB" | awk '{ print $3 }' | grep -v '\.resolver$' | sort -u > "$W/exported"
if ! cmp -s "$W/declared" "$W/exported"; then
    echo "symbols: exported (>) and declared in the public headers (<) differ:" >&2
    diff "$W/declared" "$W/exported" >&2 || true
    echo "symbols: a '<' name is declared in a header effcomp.h includes but not exported: start its declaration" \
         "with EC_API (model/ec_export.h), or move it to an internal header; a '>' name is exported but not" \
         "declared there" >&2
    exit 1
fi
[ -s "$W/declared" ] || { echo "symbols: no declaration found" >&2; exit 1; }
echo "symbols: $(wc -l < "$W/exported") exported, each declared EC_API in a public header"

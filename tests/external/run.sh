#!/bin/sh
# Builds tests/external/fit_optimal.c as a program outside effcomp's build
# would: the C compiler given in strict C99 (-std=c99 -pedantic, warnings as
# errors, no feature macros), only the public header effcomp.h (and the
# headers it includes) on the include path, the built shared library on the
# link line; then runs it on the bundled data.
# Usage: run.sh CC OUTDIR DATA.csv -I... -- LIBEFFCOMP.so LDFLAGS...
set -eu
CC=$1 OUT=$2 DATA=$3
shift 3
incs=""
while [ "$1" != "--" ]; do incs="$incs $1"; shift; done
shift
here=$(cd "$(dirname "$0")" && pwd)
# A sanitizer build's library cannot be loaded by a plain program (its runtime must come first): skipped.
if rt=$(sh "$here/../install/sanitized.sh" "$1"); then
    echo "external_program: skipped: the library is a sanitizer build ($rt)"
    exit 77
fi
# shellcheck disable=SC2086
"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -o "$OUT/fit_optimal" "$here/fit_optimal.c" $incs "$@"
"$OUT/fit_optimal" "$DATA"

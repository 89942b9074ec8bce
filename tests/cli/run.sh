#!/bin/sh
# CLI tests, zstd style: each tests/cli/cases/NAME.sh is run with sh, with
#   EFFCOMP  the program under test,   T  a fresh temporary directory,
#   DATA     the project's data/ directory, FIX  tests/data/ fixtures,
# from the project root. Its stdout, stderr and exit status are compared
# with NAME.stdout, NAME.stderr and NAME.exit: a missing .stdout or .stderr
# means the stream must be empty, a missing .exit means 0. The program's
# version string is written @VERSION@ and the project root @ROOT@ on both
# sides, so that no expected file changes with a release or a checkout's path. Prints one line per case and a summary line.
# EC_BLESS=1 records missing expected files from the current behaviour.
set -u
EFFCOMP=${1:?usage: run.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export LC_ALL=C # sort, ls and messages the same on every machine
export EFFCOMP DATA="$root/data" FIX="$root/tests/data" SHARED="$root/../shared"
VERSION=$("$EFFCOMP" --version | sed 's/^effcomp //')
[ -n "$VERSION" ] || { echo "run.sh: '$EFFCOMP --version' printed no version" >&2; exit 2; }
vre=$(printf '%s' "$VERSION" | sed 's/[.[\*^$]/\\&/g')
rre=$(printf '%s' "$root" | sed 's/[.[\*^$|]/\\&/g')
pass=0
fail=0
for script in "$here"/cases/*.sh; do
    name=$(basename "$script" .sh)
    T=$(mktemp -d)
    export T
    (cd "$root" && sh "$script" >"$T/.stdout" 2>"$T/.stderr")
    code=$?
    for s in stdout stderr; do
        sed -e "s|$rre|@ROOT@|g" -e "s/$vre/@VERSION@/g" "$T/.$s" >"$T/.$s.v" && mv "$T/.$s.v" "$T/.$s"
    done
    if [ "${EC_BLESS:-0}" = 1 ]; then
        # Record the current behaviour as expected (review the files before committing).
        [ -f "$here/cases/$name.exit" ] || [ "$code" = 0 ] || echo "$code" >"$here/cases/$name.exit"
        for s in stdout stderr; do
            [ -f "$here/cases/$name.$s" ] || [ ! -s "$T/.$s" ] || cp "$T/.$s" "$here/cases/$name.$s"
        done
    fi
    ok=1
    want=0
    [ -f "$here/cases/$name.exit" ] && want=$(cat "$here/cases/$name.exit")
    if [ "$code" != "$want" ]; then
        echo "  exit status $code, expected $want"
        ok=0
    fi
    for s in stdout stderr; do
        expected="$here/cases/$name.$s"
        [ -f "$expected" ] || expected=/dev/null
        if ! diff -u "$expected" "$T/.$s" >"$T/.diff"; then
            echo "  $s differs:"
            sed 's/^/    /' "$T/.diff" | head -40
            ok=0
        fi
    done
    if [ $ok = 1 ]; then
        echo "PASS $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        [ -s "$T/.stderr" ] && sed 's/^/    stderr: /' "$T/.stderr" | head -10
        fail=$((fail + 1))
    fi
    rm -rf "$T"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

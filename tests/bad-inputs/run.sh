#!/bin/sh
# The bad-input catalogue (issue 14). Usage: run.sh EFFCOMP [--pending] [ID ...]
#
# Each line of cases.tsv (pending.tsv with --pending) is one case, tab-separated:
#   ID  COMMAND  EXIT  SUBSTRING [SUBSTRING ...]
# COMMAND is an effcomp command line without the program (it is prefixed), in sh syntax,
# with the placeholders @IN@ (inputs/), @DATA@ (the project's data/), @FIX@ (tests/data/)
# and @OUT@ (an output folder of the case's own). It runs from this folder. It must end with
# status EXIT, print nothing on stdout, and its stderr (with the output folder written @OUT@)
# must contain every SUBSTRING. When COMMAND names @OUT@, it is run twice:
#   1. into an empty @OUT@: afterwards @OUT@ must still be empty (no output, no temporary);
#   2. into an @OUT@ holding, for every @OUT@/NAME it names, the good output NAME made by the
#      good run of good.tsv (NAME <tab> COMMAND): afterwards @OUT@ must be byte-identical
#      (no file changed, added or removed).
# Then every faults/*.sh (faults-pending/*.sh with --pending) runs from this folder with EFFCOMP,
# DATA, IN and a fresh T; it exits 0 (pass), 77 (skipped: it prints why) or anything else (fail),
# and its lines starting "note: " are shown.
set -u
EFFCOMP=${1:?usage: run.sh PATH/TO/effcomp [--pending] [ID ...]}
shift
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
table="$here/cases.tsv"
faults="$here/faults"
if [ "${1:-}" = --pending ]; then table="$here/pending.tsv"; faults="$here/faults-pending"; shift; fi
ids=" $* "
export LC_ALL=C EFFCOMP DATA="$root/data" IN="$here/inputs"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tab=$(printf '\t')
pass=0
fail=0
skip=0

# expand TEXT OUT: the placeholders of a command line or a substring
expand() {
    printf '%s' "$1" | sed -e "s|@IN@|inputs|g" -e "s|@DATA@|$root/data|g" -e "s|@FIX@|$root/tests/data|g" \
        -e "s|@OUT@|$2|g" -e 's|@EFFCOMP@|"$EFFCOMP"|g'
}

# The inputs are checked at the end to be untouched (a case that overwrote one would spoil the rest).
(cd "$here/inputs" && cksum ./*.*) >"$W/inputs.cksum"

# The good outputs, each from a good run into $W/good.
mkdir -p "$W/good"
while IFS="$tab" read -r name cmd; do
    case "$name" in ''|'#'*) continue ;; esac
    (cd "$here" && eval "\"\$EFFCOMP\" $(expand "$cmd" "$W/good")") >/dev/null 2>"$W/good.err" ||
        { echo "run.sh: the good run of '$name' failed:"; cat "$W/good.err"; exit 2; }
    [ -e "$W/good/$name" ] || { echo "run.sh: the good run of '$name' wrote no $name"; exit 2; }
done <"$here/good.tsv"

# check ID PASS OUT WANT_EXIT SUBSTRINGS...: runs the expanded command in $cmd; prints problems
run_case() {
    id=$1 out=$2 want=$3
    shift 3
    case "$cmd" in
        *'"$EFFCOMP"'*) (cd "$here" && eval "$cmd") >"$W/stdout" 2>"$W/stderr" </dev/null ;;
        *) (cd "$here" && eval "\"\$EFFCOMP\" $cmd") >"$W/stdout" 2>"$W/stderr" </dev/null ;;
    esac
    code=$?
    sed "s|$out|@OUT@|g" "$W/stderr" >"$W/stderr.v"
    [ "$code" = "$want" ] || echo "exit status $code, expected $want"
    [ -s "$W/stdout" ] && echo "printed on stdout: $(head -c 200 "$W/stdout")"
    for s in "$@"; do
        case "$s" in *@*) s=$(expand "$s" "@OUT@") ;; esac
        grep -qF -- "$s" "$W/stderr.v" || echo "message lacks '$s'"
    done
}

while IFS= read -r row <&3; do
    case "$row" in ''|'#'*) continue ;; esac
    id=${row%%"$tab"*}
    case "$ids" in "  ") ;; *" $id "*) ;; *) continue ;; esac
    rest=${row#*"$tab"}
    cmd0=${rest%%"$tab"*}
    rest=${rest#*"$tab"}
    want=${rest%%"$tab"*}
    subs=${rest#*"$tab"}
    [ "$subs" = "$rest" ] && subs=""
    out="$W/case/out"
    rm -rf "$W/case" && mkdir -p "$out"
    cmd=$(expand "$cmd0" "$out")
    # shellcheck disable=SC2086
    set -f; IFS="$tab"; set -- $subs; IFS=' 
'; set +f
    problems=$(run_case "$id" "$out" "$want" "$@")
    if [ -z "$problems" ] && [ -n "$(ls -A "$out")" ]; then
        problems="into an empty output folder, left: $(ls -A "$out" | tr '\n' ' ')"
    fi
    case "$cmd0" in *@OUT@*)
        if [ -z "$problems" ]; then
            rm -rf "$out" && mkdir -p "$out"
            for name in $(printf '%s\n' "$cmd0" | grep -o '@OUT@/[A-Za-z0-9_.-]*' | sed 's|@OUT@/||' | sort -u); do
                # a name without a good output (e.g. in a folder that does not exist) stays absent
                [ -e "$W/good/$name" ] && cp -R "$W/good/$name" "$out/$name"
            done
            cp -R "$out" "$W/case/before"
            [ -n "$problems" ] || problems=$(run_case "$id" "$out" "$want" "$@")
            if [ -z "$problems" ] && ! diff -r "$W/case/before" "$out" >"$W/diff" 2>&1; then
                problems="over good outputs, the output folder changed: $(head -5 "$W/diff" | tr '\n' ' ')"
            fi
        fi ;;
    esac
    if [ -z "$problems" ]; then
        echo "PASS $id"
        [ "${EC_VERBOSE:-0}" = 1 ] && sed 's/^/    stderr: /' "$W/stderr.v"
        pass=$((pass + 1))
    else
        echo "FAIL $id: $cmd0"
        printf '%s\n' "$problems" | sed 's/^/    /'
        sed 's/^/    stderr: /' "$W/stderr.v" | head -5
        fail=$((fail + 1))
    fi
    set --
done 3<"$table"

if [ "$ids" = "  " ]; then
    for script in "$faults"/*.sh; do
        [ -f "$script" ] || continue
        name=$(basename "$script" .sh)
        T="$W/fault-$name"
        mkdir -p "$T"
        export T
        (cd "$here" && sh "$script") >"$W/fault.out" 2>&1
        code=$?
        case $code in
            0) echo "PASS fault $name"; pass=$((pass + 1)) ;;
            77) echo "SKIP fault $name: $(tail -1 "$W/fault.out")"; skip=$((skip + 1)) ;;
            *) echo "FAIL fault $name (exit $code)"; sed 's/^/    /' "$W/fault.out" | tail -15; fail=$((fail + 1)) ;;
        esac
        sed -n 's/^note: /    note: /p' "$W/fault.out"
    done
fi
if ! (cd "$here/inputs" && cksum ./*.*) | cmp -s - "$W/inputs.cksum"; then
    echo "FAIL: a case changed the inputs (git status tests/bad-inputs/inputs shows which)"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

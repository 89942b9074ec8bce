#!/bin/sh
# Runs the libFuzzer targets of fuzz/ (built with -DEFFCOMP_FUZZ=ON by clang),
# one at a time (the machine is shared: one fuzzer, one core).
#
#   sh fuzz/run.sh build [BUILD]           configure and build the targets in BUILD (default build-fuzz)
#   sh fuzz/run.sh fuzz SECONDS [BUILD]    fuzz each target for SECONDS over its corpus (make fuzz)
#   sh fuzz/run.sh smoke [BUILD]           each target over its committed corpus, then 2 s of fuzzing
#                                          (the fuzz_smoke test; builds BUILD first; 77: no clang, skipped)
#   sh fuzz/run.sh merge DIR... [-- BUILD] add to fuzz/corpus/NAME/ the inputs of DIR/NAME/ (new inputs,
#                                          seeds) of at most 8 KB (MERGE_MAX) that reach new code
#
# New inputs found by `fuzz` go to BUILD/new-corpus/NAME/, not to the committed
# corpus: merge them when they are worth keeping. A crash, leak, hang or
# sanitizer report stops the target: its input is written to
# BUILD/artifacts/NAME-crash-..., the script says so and fails (status 1).
# Reproduce with `BUILD/fuzz/fuzz_NAME FILE`; add the file to the corpus
# (fuzz/corpus/NAME/) and a unit or CLI test with the fix. fuzz/NAME.dict,
# where there is one, lists the words of the target's syntax (-dict).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
TARGETS="csv json scenario dist sweep"
# Every report is fatal and found as early as possible; leaks too.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
FLAGS="-timeout=20 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=0"

build() {
    b=$1
    if ! command -v clang >/dev/null 2>&1; then
        echo "fuzz: clang is not installed (sh scripts/install-deps.sh clang); the fuzz targets were not built" >&2
        return 77
    fi
    CC=clang cmake -S "$root" -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEFFCOMP_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$b" -j "${JOBS:-2}" --target fuzz_targets >/dev/null
}

abs() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }

# run NAME SECONDS BUILD NEW: fuzz one target, new inputs into BUILD/NEW/NAME; 0, or 1 after a report.
run() {
    name=$1 secs=$2 b=$3 new=$b/$4/$1
    mkdir -p "$new" "$b/artifacts"
    log="$b/artifacts/$name.log"
    echo "fuzz_$name: ${secs} s over fuzz/corpus/$name/ ($(ls "$root/fuzz/corpus/$name" | wc -l) inputs)"
    dict=""
    [ -f "$root/fuzz/$name.dict" ] && dict="-dict=$root/fuzz/$name.dict"
    # shellcheck disable=SC2086
    if ! (cd "$b/artifacts" && "$b/fuzz/fuzz_$name" $FLAGS $dict -max_total_time="$secs" -artifact_prefix="$b/artifacts/$name-" \
            "$new" "$root/fuzz/corpus/$name") >"$log" 2>&1; then
        echo "fuzz_$name: FAILED, the report:" >&2
        grep -E "ERROR|SUMMARY|runtime error|Test unit written|^    #[0-9] " "$log" | head -30 >&2
        return 1
    fi
    sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/  \1 runs in \2 s, no report/p' "$log"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
build)
    build "$(abs "${1:-$root/build-fuzz}")" ;;
fuzz)
    secs=${1:?usage: run.sh fuzz SECONDS [BUILD]}
    b=$(abs "${2:-$root/build-fuzz}")
    build "$b"
    failed=""
    for t in $TARGETS; do run "$t" "$secs" "$b" new-corpus || failed="$failed $t"; done
    echo "new inputs (if any) in $b/new-corpus/: keep those worth it with 'sh fuzz/run.sh merge $b/new-corpus'"
    [ -z "$failed" ] || { echo "fuzz: reports from:$failed (inputs in $b/artifacts/)" >&2; exit 1; }
    ;;
smoke)
    b=$(abs "${1:-$root/build-fuzz}")
    rc=0
    build "$b" || rc=$?
    if [ $rc = 77 ]; then echo "fuzz smoke: skipped (no clang: CI and 'make test-clang' install it)"; exit 77; fi
    [ $rc = 0 ] || exit $rc
    failed=""
    # A scratch corpus: the smoke never adds to the build's or the committed one.
    rm -rf "$b/smoke-corpus"
    for t in $TARGETS; do run "$t" 2 "$b" smoke-corpus || failed="$failed $t"; done
    rm -rf "$b/smoke-corpus"
    [ -z "$failed" ] || { echo "fuzz smoke: reports from:$failed" >&2; exit 1; }
    echo "fuzz smoke: $TARGETS: no report"
    ;;
merge)
    dirs=""
    b=$root/build-fuzz
    while [ $# -gt 0 ]; do
        if [ "$1" = "--" ]; then b=$(abs "$2"); break; fi
        dirs="$dirs $(abs "$1")"
        shift
    done
    build "$b"
    mkdir -p "$b/artifacts"
    for t in $TARGETS; do
        # Candidates of at most MERGE_MAX bytes (8 KB: the corpus stays small), edges only (no hit
        # counters): an input is added when it reaches code the corpus does not.
        cand="$b/merge-candidates/$t"
        rm -rf "$cand"
        mkdir -p "$cand"
        for d in $dirs; do
            [ -d "$d/$t" ] && find "$d/$t" -type f -size -"$((${MERGE_MAX:-8192} + 1))"c -exec cp {} "$cand/" \;
        done
        [ -n "$(ls "$cand")" ] || continue
        mkdir -p "$root/fuzz/corpus/$t"
        before=$(ls "$root/fuzz/corpus/$t" | wc -l)
        "$b/fuzz/fuzz_$t" -merge=1 -use_counters=0 -artifact_prefix="$b/artifacts/merge-$t-" -max_len=16384 \
            -timeout=20 -rss_limit_mb=2048 "$root/fuzz/corpus/$t" "$cand" \
            >"$b/merge-$t.log" 2>&1 || { tail -20 "$b/merge-$t.log" >&2; exit 1; }
        rm -rf "$cand"
        echo "fuzz_$t: corpus $before -> $(ls "$root/fuzz/corpus/$t" | wc -l) inputs ($(du -sk "$root/fuzz/corpus/$t" | cut -f1) KB)"
    done
    ;;
*)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2 ;;
esac

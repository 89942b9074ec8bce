#!/bin/sh
# bench/startup.sh EFFCOMP [SHARED_EFFCOMP]: the start-up of the effcomp program, linked with the static OpenBLAS
# and CHOLMOD archives (EFFCOMP_STATIC_BLAS, the default) against the same program linked with their shared
# libraries. Without SHARED_EFFCOMP the shared variant is built first in build-startup/ (cmake
# -DEFFCOMP_STATIC_BLAS=OFF, the program only). RUNS runs of each (default 200, at least 20) in rounds of 20, the
# two programs' rounds alternating, on this shared machine; the figure is the best round's mean, in milliseconds
# (GNU date's %N): `effcomp --version`, a power-law
# least-squares fit of the bundled Chinchilla points (whole process), an empty C program and `python3 -c pass`
# (the floor of any process, and what a Python peer pays before importing anything).
set -eu
[ $# -ge 1 ] || { echo "usage: sh bench/startup.sh PATH/TO/effcomp [PATH/TO/shared-link/effcomp]" >&2; exit 2; }
EFFCOMP=$(realpath -e "$1" 2>/dev/null) && [ -x "$EFFCOMP" ] || { echo "bench: '$1' is not an executable" >&2; exit 2; }
here=$(realpath "$(dirname "$0")")
src=$(realpath "$here/..")
if [ $# -ge 2 ]; then
    SHARED=$(realpath -e "$2" 2>/dev/null) && [ -x "$SHARED" ] || { echo "bench: '$2' is not an executable" >&2; exit 2; }
else
    echo "bench: building the shared-link program in $src/build-startup ..." >&2
    cmake -S "$src" -B "$src/build-startup" -DEFFCOMP_STATIC_BLAS=OFF -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$src/build-startup" -j "$(nproc)" --target effcomp_cli >/dev/null
    SHARED="$src/build-startup/effcomp"
fi
RUNS=${RUNS:-200}
[ "$RUNS" -ge 20 ] 2>/dev/null || { echo "bench: RUNS must be a number of at least 20 (one round)" >&2; exit 2; }
DATA="$src/data/epoch_chinchilla_svg_extracted_data.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'int main(void) { return 0; }\n' >"$tmp/empty.c"
cc -O2 "$tmp/empty.c" -o "$tmp/empty"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# microseconds per run of "$@" over one round of 20 (output discarded; a run that fails stops the benchmark)
round() {
    s=$(date +%s%N)
    i=0
    while [ $i -lt 20 ]; do "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }; i=$((i + 1)); done
    e=$(date +%s%N)
    echo $(( (e - s) / 20000 ))
}
ms() { awk -v t="$1" 'BEGIN { printf "%.2f", t / 1000 }'; }
# best round of RUNS/20 of one command
best_round() {
    best=""
    r=0
    while [ $r -lt $((RUNS / 20)) ]; do
        t=$(round "$@")
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
        r=$((r + 1))
    done
    ms "$best"
}
# best_pair FN PROG_A PROG_B: the best rounds of FN PROG_A and FN PROG_B, their rounds alternating: "A B" (ms)
best_pair() {
    a="" b="" r=0
    while [ $r -lt $((RUNS / 20)) ]; do
        t=$(round "$1" "$2"); if [ -z "$a" ] || [ "$t" -lt "$a" ]; then a=$t; fi
        t=$(round "$1" "$3"); if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
        r=$((r + 1))
    done
    echo "$(ms "$a") $(ms "$b")"
}
version() { "$1" --version; }
fit() { "$1" fit --data "$DATA" --columns 'x=Training FLOP,y=loss' --drop-highest 5 --form power --loss ls -o "$tmp/f.json" -q; }

echo "effcomp $("$EFFCOMP" --version | sed 's/^effcomp //') start-up, $(date -u +%Y-%m-%d), nproc $(nproc); best round of 20 of $RUNS runs, ms per run"
printf '%-34s %10s %10s %7s\n' "" static shared ratio
for what in version fit; do
    case $what in
        version) ab=$(best_pair version "$EFFCOMP" "$SHARED"); label="effcomp --version" ;;
        fit) ab=$(best_pair fit "$EFFCOMP" "$SHARED"); label="fit --form power --loss ls" ;;
    esac
    a=${ab% *} b=${ab#* }
    printf '%-34s %10s %10s %6sx\n' "$label" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b / a }')"
done
printf '%-34s %10s\n' "empty C program" "$(best_round "$tmp/empty")"
printf '%-34s %10s\n' "python3 -c pass" "$(best_round "$PY" -c pass)"
printf '%-34s %10s\n' "python3 -c 'import scipy.optimize'" "$(best_round "$PY" -c 'import scipy.optimize')"

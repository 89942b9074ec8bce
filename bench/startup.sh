#!/bin/sh
# bench/startup.sh EFFCOMP [SHARED_EFFCOMP]: the start-up of the effcomp program, linked with the static OpenBLAS
# and CHOLMOD archives (EFFCOMP_STATIC_BLAS, the default) against the same program linked with their shared
# libraries. Without SHARED_EFFCOMP the shared variant is built first in build-startup/ (cmake
# -DEFFCOMP_STATIC_BLAS=OFF, the program only). RUNS runs of each (default 200), interleaved in rounds of 20 on
# this shared machine; the figure is the best round's mean, in milliseconds: `effcomp --version`, a power-law
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
DATA="$src/data/epoch_chinchilla_svg_extracted_data.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'int main(void) { return 0; }\n' >"$tmp/empty.c"
cc -O2 "$tmp/empty.c" -o "$tmp/empty"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# mean milliseconds of one run of "$@" over a round of 20, best of RUNS/20 rounds (output discarded)
best_round() {
    best=""
    r=0
    while [ $r -lt $((RUNS / 20)) ]; do
        s=$(date +%s%N)
        i=0
        while [ $i -lt 20 ]; do "$@" >/dev/null 2>&1 || true; i=$((i + 1)); done
        e=$(date +%s%N)
        t=$(( (e - s) / 20000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
        r=$((r + 1))
    done
    awk -v t="$best" 'BEGIN { printf "%.2f", t / 1000 }'
}
fit() { "$1" fit --data "$DATA" --columns 'x=Training FLOP,y=loss' --drop-highest 5 --form power --loss ls -o "$tmp/f.json" -q; }

echo "effcomp $("$EFFCOMP" --version | sed 's/^effcomp //') start-up, $(date -u +%Y-%m-%d), nproc $(nproc); best round of 20 of $RUNS runs, ms per run"
printf '%-34s %10s %10s %7s\n' "" static shared ratio
for what in version fit; do
    case $what in
        version) a=$(best_round "$EFFCOMP" --version); b=$(best_round "$SHARED" --version); label="effcomp --version" ;;
        fit) a=$(best_round fit "$EFFCOMP"); b=$(best_round fit "$SHARED"); label="fit --form power --loss ls" ;;
    esac
    printf '%-34s %10s %10s %6sx\n' "$label" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b / a }')"
done
printf '%-34s %10s\n' "empty C program" "$(best_round "$tmp/empty")"
printf '%-34s %10s\n' "python3 -c pass" "$(best_round "$PY" -c pass)"
printf '%-34s %10s\n' "python3 -c 'import scipy.optimize'" "$(best_round "$PY" -c 'import scipy.optimize')"

#!/bin/sh
# bench/steps.sh EFFCOMP — what a step costs in process against the
# command-line path, in one run on the same law (Epoch's Chinchilla refit,
# 240 points, 4000 bootstrap replicates, seed 42):
#
#   optimal cell:  one compute budget with its five 95% intervals over the
#                  4000 replicates: `effcomp optimal --fit F --compute C -o J`
#                  as a process (what a shell-loop sweep pays per cell)
#                  against an optimal step run in process on the fit in memory
#                  (bench_steps: the step API, and ec_optimal() directly);
#   predict row:   one (N, D) point with its band: `effcomp predict --fit F
#                  --at ...` as a process against a predict step in process;
#   demo run:      the bundled scenario params/examples/chinchilla.ini (fit,
#                  bootstrap, optimal, three figures) as one in-process
#                  `effcomp run`, against the same steps as five separate
#                  commands that pass the fit through its JSON file.
#
# Processes: wall clock, best of REPEATS (default 20; 3 for the runs);
# in process: best of 5 rounds of 200 cells (bench_steps). The machine is
# shared and noisy: read the ratios, which come from the same run.
# `sh bench/steps.sh build/effcomp`
set -eu

EFFCOMP=${1:?usage: sh bench/steps.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
[ -x "$EFFCOMP" ] || { echo "bench: '$EFFCOMP' is not an executable" >&2; exit 2; }
BENCH_STEPS="$(dirname "$EFFCOMP")/bench/bench_steps"
[ -x "$BENCH_STEPS" ] || { echo "bench: $BENCH_STEPS not built (cmake --build build)" >&2; exit 2; }
REPEATS=${REPEATS:-20}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DATA="$root/data/epoch_chinchilla_svg_extracted_data.csv"
COLUMNS='N=Model Size,C=Training FLOP,L=loss'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

now() { date +%s.%N; }
# best_of N CMD...: the fastest of N wall-clock runs, in seconds.
best_of() {
    n=$1
    shift
    best=""
    i=0
    while [ "$i" -lt "$n" ]; do
        t0=$(now)
        "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
        i=$((i + 1))
    done
    echo "$best"
}

cd "$tmp"
"$EFFCOMP" fit --data "$DATA" --columns "$COLUMNS" --drop-highest 5 --bootstrap 4000 --seed 42 \
    -o fit.json --replicates-out reps.csv -q

cli_opt=$(best_of "$REPEATS" "$EFFCOMP" optimal --fit fit.json --compute 1e25 -o opt.json -q)
cli_pred=$(best_of "$REPEATS" "$EFFCOMP" predict --fit fit.json --at 'N=70e9,D=1.4e12' -o pred.csv -q)

json1=$("$BENCH_STEPS" "$DATA" 200 1)
json2=$("$BENCH_STEPS" "$DATA" 200 2)
field() { echo "$1" | sed -n "s/.*\"$2\": \([-+0-9.eE]*\).*/\1/p"; }

# The demo scenario in process, and the same five steps as separate commands through files.
cp "$root/params/examples/chinchilla.ini" demo.ini
sed -i "s|\.\./\.\./data/|$root/data/|" demo.ini
run_inproc=$(best_of 3 "$EFFCOMP" run demo.ini -o run_out -q)
five() {
    "$EFFCOMP" fit --data "$DATA" --columns "$COLUMNS" --drop-highest 5 --loss huber --delta 1e-3 --bootstrap 4000 \
        --seed 42 -o f5.json --replicates-out r5.csv -q &&
        "$EFFCOMP" optimal --fit f5.json --compute 5.76e23,1e25,1e26 --sizes 70e9,1e12,10e12 -o o5.json -q &&
        "$EFFCOMP" plot f5.json --kind fit -o p1.png -q && "$EFFCOMP" plot f5.json --kind contour -o p2.png -q &&
        "$EFFCOMP" plot f5.json --kind frontier -o p3.png -q
}
run_five=$(best_of 3 five)

us() { echo "$1 * 1000000" | bc -l; }
printf '%-44s %12s %12s %10s\n' "task" "CLI" "in process" "ratio"
for th in 1 2; do
    j=$json1
    [ "$th" = 2 ] && j=$json2
    s_opt=$(field "$j" optimal_step_us)
    l_opt=$(field "$j" optimal_lib_us)
    s_pred=$(field "$j" predict_step_us)
    printf '%-44s %10.0f us %10.1f us %9.0fx\n' "optimal cell, step API ($th thread(s))" "$(us "$cli_opt")" "$s_opt" \
        "$(echo "$(us "$cli_opt") / $s_opt" | bc -l)"
    printf '%-44s %10.0f us %10.1f us %9.0fx\n' "optimal cell, ec_optimal() ($th thread(s))" "$(us "$cli_opt")" "$l_opt" \
        "$(echo "$(us "$cli_opt") / $l_opt" | bc -l)"
    printf '%-44s %10.0f us %10.1f us %9.0fx\n' "predict row with band, step API ($th)" "$(us "$cli_pred")" "$s_pred" \
        "$(echo "$(us "$cli_pred") / $s_pred" | bc -l)"
done
printf '%-44s %11.3f s %11.3f s %9.2fx\n' "demo scenario (5 steps, 3 figures)" "$run_five" "$run_inproc" \
    "$(echo "$run_five / $run_inproc" | bc -l)"
echo "floor: one analysis cell in process <= 1/100 of the CLI path (ratio >= 100x)"

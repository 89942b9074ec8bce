#!/bin/sh
# bench/project.sh EFFCOMP — issue 11's project floor: at least 1e6 law
# evaluations per second per core in process, interval included (a row with
# its 95% band over 4000 bootstrap replicates counts as 4001 evaluations).
# The law: Epoch's Chinchilla refit with 4000 replicates (seed 42). The rows:
# 12 sizes (dense, mixture-of-experts, a compute budget) x the policies x 2
# efficiency factors (1, and 10 with se_log 0.35 drawn per replicate), with
# paired differences against row 1 (bench_project, best of 5 rounds):
#   closed-form policies   compute-optimal, tokens-per-param=20, tokens=30T
#   inference-aware        inference=1e14 (Sardana et al. 2024: a
#                          minimisation per row and replicate), on its own
# on 1 and 2 threads. The machine is shared and noisy.
#   sh bench/project.sh build/effcomp
set -eu
EFFCOMP=${1:?usage: sh bench/project.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
BENCH="$(dirname "$EFFCOMP")/bench/bench_project"
[ -x "$BENCH" ] || { echo "bench: $BENCH not built (cmake --build build)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$EFFCOMP" fit -q --data "$here/../data/epoch_chinchilla_svg_extracted_data.csv" \
    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --bootstrap 4000 --seed 42 \
    -o "$T/fit.json" --replicates-out "$T/reps.csv"
for th in 1 2; do
    "$BENCH" "$T/fit.json" 5 $th
    "$BENCH" "$T/fit.json" 3 $th 'inference=1e14'
done
echo "floor: evaluations_per_s_per_thread >= 1e6 (issue 11)"

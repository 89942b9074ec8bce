#!/bin/sh
# bench/compare.sh EFFCOMP — wall-clock time of `effcomp compare` over every
# form of the catalogue that applies to Epoch AI's Chinchilla points
# (data/epoch_chinchilla_svg_extracted_data.csv, 240 points after dropping
# the 5 highest losses), with least squares on log loss and the largest 20%
# of the points by compute held out for the backtest:
#
#   chinchilla, kaplan-nd          L against N and D (D = C/(6N));
#   saturating-power, power, bnsl  L against x = C (training compute).
#
# Left out because they do not describe loss against scale, or need data
# the file lacks:
#   sigmoid-logc    a benchmark score between a chance floor and a ceiling,
#                   logistic in log10 compute;
#   exp-error       downstream error as a function of loss (x must be a loss);
#   loglinear-time  a quantity growing exponentially in time (x must be a
#                   date); with x = C its prediction is undefined and it fails;
#   effective-compute-time  loss against compute and date: the file has no
#                   date column, so it cannot be fitted.
#
# Each compare fits all five forms on all points, then fits each again on
# the training points of the backtest. The command is timed best of 3,
# wall clock, whole process. There is no scipy (or other) peer for compare.
# Exits non-zero when the command fails or a form fails to fit.
# `make bench` runs it after bench/chinchilla.sh: sh bench/compare.sh build/effcomp
set -eu

EFFCOMP=${1:?usage: sh bench/compare.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
[ -x "$EFFCOMP" ] || { echo "bench: '$EFFCOMP' is not an executable" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DATA="$root/data/epoch_chinchilla_svg_extracted_data.csv"
COLUMNS='N=Model Size,C=Training FLOP,L=loss'
FORMS='chinchilla,kaplan-nd,saturating-power,power,bnsl'

[ -f "$DATA" ] || { echo "bench: data file not found: $DATA" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

now() { date +%s.%N; }

echo "running effcomp compare over $FORMS, best of 3 ..." >&2
best=""
for _ in 1 2 3; do
    t0=$(now)
    (cd "$root" && "$EFFCOMP" compare --data data/epoch_chinchilla_svg_extracted_data.csv \
        --columns "$COLUMNS" --drop-highest 5 --loss ls-log --holdout-fraction 0.2 \
        --forms "$FORMS") >"$tmp/table.txt" 2>"$tmp/err.txt" || {
        echo "bench: effcomp compare failed:" >&2
        cat "$tmp/err.txt" >&2
        exit 1
    }
    t1=$(now)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; if (m == "" || d < m) m = d; printf "%.3f", m }')
done

# nproc itself honours OMP_NUM_THREADS; report the cores, and the threads separately.
cores=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
threads=${OMP_NUM_THREADS:-$cores}
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo
echo "effcomp $("$EFFCOMP" --version | sed 's/^effcomp //') compare on Epoch AI's Chinchilla points, $(date -u +%Y-%m-%d)"
echo "machine: nproc $cores, CPU ${cpu:-unknown}; effcomp threads: $threads (OpenMP default: all cores)"
echo "command: effcomp compare --data data/epoch_chinchilla_svg_extracted_data.csv \\"
echo "           --columns '$COLUMNS' --drop-highest 5 \\"
echo "           --loss ls-log --holdout-fraction 0.2 --forms $FORMS"
echo
cat "$tmp/table.txt"
echo
echo "compare, 5 forms (10 fits: all points, then the backtest's training points): $best s"
echo "(whole-process wall clock, best of 3; there is no scipy or other peer for compare)"

if grep -q ' failed: ' "$tmp/table.txt"; then
    echo "bench: a form failed to fit (see the table)" >&2
    exit 1
fi

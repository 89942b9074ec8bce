#!/bin/sh
# bench/sweep.sh EFFCOMP — issue 12's projection-only sweep, in one run: cells are `project`
# rows (a size at 20 tokens per parameter, its loss and 95% band over the 4000 bootstrap
# replicates of Epoch's Chinchilla refit: 4001 law evaluations each) recorded in one CSV row.
#   effcomp sweep      CELLS cells in one process (the fit a shared step, run once), 1 and 2
#                      threads: law evaluations per second per core;
#   one process/cell   `effcomp project --fit F --sizes S -o J` per cell under GNU parallel -j 2
#                      (what users do today), on PERCELL cells, timed per cell.
# The floors (issue 12): >= 1e6 law evaluations per second per core, and >= 1000x faster per cell
# than one process per cell. The machine is shared and noisy: read the ratios of one run.
#   sh bench/sweep.sh build/effcomp
set -eu
EFFCOMP=${1:?usage: sh bench/sweep.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
command -v parallel >/dev/null || { echo "bench: GNU parallel is needed (apt-get install parallel)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
CELLS=${CELLS:-2000}
PERCELL=${PERCELL:-60}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DATA="$here/../data/epoch_chinchilla_svg_extracted_data.csv"
cat >"$T/s.ini" <<INI
[fit]
data = $DATA
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
bootstrap = 4000
quiet = 1
[project]
fit = @fit
sizes = 1T
policies = tokens-per-param=20
INI
now() { date +%s.%N; }
"$EFFCOMP" fit -q --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --bootstrap 4000 -o "$T/fit.json" --replicates-out "$T/reps.csv"
t0=$(now); "$EFFCOMP" fit -q --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --bootstrap 4000 -o "$T/fit2.json" --replicates-out "$T/reps2.csv"; t1=$(now)
fit_s=$(echo "$t0 $t1" | awk '{print $2 - $1}')
for th in 1 2; do
    t0=$(now)
    "$EFFCOMP" sweep -q "$T/s.ini" --vary "project.sizes=1e11:1e13:$CELLS:log" --record project.loss,project.loss_lo95 \
        --threads $th -o "$T/sweep$th.csv"
    t1=$(now)
    eval "sweep$th=\$(echo \"\$t0 \$t1\" | awk '{print \$2 - \$1}')"
done
cmp "$T/sweep1.csv" "$T/sweep2.csv" >/dev/null || { echo "bench: 1 and 2 threads differ" >&2; exit 1; }
seq 0 $((PERCELL - 1)) | awk -v n=$PERCELL '{printf "%.6g\n", 10 ^ (11 + 2 * $1 / (n - 1))}' >"$T/sizes.txt"
export EFFCOMP T
t0=$(now)
parallel --will-cite -j 2 '$EFFCOMP project -q --fit $T/fit.json --sizes {} --policies tokens-per-param=20 -o $T/p{#}.json' \
    <"$T/sizes.txt"
t1=$(now)
par=$(echo "$t0 $t1" | awk '{print $2 - $1}')
echo "projection-only sweep: $CELLS cells x 4001 law evaluations (4000 replicates), $(nproc) cores"
echo "$sweep1 $sweep2 $fit_s $CELLS $par $PERCELL" | awk '{
    c1 = ($1 - $3) / $4; c2 = ($2 - $3) / $4; pc = $5 / $6; # the shared fit runs on every thread either way
    printf "  effcomp sweep, 1 thread   %8.3f s  (%.1f us per cell after the fit of %.2f s; %.3g law evaluations/s/core)\n", $1, 1e6 * c1, $3, 4001 / c1;
    printf "  effcomp sweep, 2 threads  %8.3f s  (%.1f us per cell; %.3g law evaluations/s/core)\n", $2, 1e6 * c2, 4001 / c2 / 2;
    printf "  one process per cell      %8.3f s for %d cells under GNU parallel -j 2 (%.1f ms per cell)\n", $5, $6, 1e3 * pc;
    printf "  ratio per cell            %8.0fx (1 thread), %.0fx (2 threads)   floors: >= 1e6 evaluations/s/core, >= 1000x\n", pc / c1 * 1, pc / c2}'

# A fit-per-cell sweep (issue 12): 50 values of the Huber delta on the Chinchilla data, each cell a
# full 4500-start grid fit (nothing shared), 1 and 2 threads, against the single fit's own time.
FITCELLS=${FITCELLS:-50}
cat >"$T/f.ini" <<INI
[fit]
data = $DATA
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
quiet = 1
INI
t0=$(now); "$EFFCOMP" fit -q --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --threads 1 \
    -o "$T/one.json"; t1=$(now)
one1=$(echo "$t0 $t1" | awk '{print $2 - $1}')
t0=$(now); "$EFFCOMP" fit -q --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --threads 2 \
    -o "$T/one2.json"; t1=$(now)
one2=$(echo "$t0 $t1" | awk '{print $2 - $1}')
for th in 1 2; do
    t0=$(now)
    "$EFFCOMP" sweep -q "$T/f.ini" --vary "fit.delta=1e-4:1e-1:$FITCELLS:log" --record fit.p.E,fit.p.alpha,fit.p.beta,fit.objective \
        --threads $th -o "$T/fits$th.csv"
    t1=$(now)
    eval "fits$th=\$(echo \"\$t0 \$t1\" | awk '{print \$2 - \$1}')"
done
cmp "$T/fits1.csv" "$T/fits2.csv" >/dev/null || { echo "bench: the fit sweep differs between 1 and 2 threads" >&2; exit 1; }
echo "fit-per-cell sweep: $FITCELLS values of delta, each cell a 4500-start grid fit"
echo "$fits1 $fits2 $FITCELLS $one1 $one2" | awk '{
    printf "  effcomp sweep, 1 thread   %8.3f s  (%.3f s per cell; the single fit alone: %.3f s on 1 thread)\n", $1, $1 / $3, $4;
    printf "  effcomp sweep, 2 threads  %8.3f s  (%.3f s per cell; the single fit alone: %.3f s on 2 threads)\n", $2, $2 / $3, $5;
    printf "  1 vs 2 threads            %8.2fx (cells on threads, each fit on one)\n", $1 / $2}'

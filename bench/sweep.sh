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
CELLS=${CELLS:-20000}
# 600: GNU parallel's own start-up (about 0.25 s) spread thin; on 60 cells it added a third to the per-cell time
PERCELL=${PERCELL:-600}
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
# best of 3 wall-clock seconds of a command
best3() {
    b=""
    for _ in 1 2 3; do
        t0=$(now); "$@"; t1=$(now)
        b=$(echo "$t0 $t1 $b" | awk '{d = $2 - $1; print ($3 == "" || d < $3) ? d : $3}')
    done
    echo "$b"
}
# A cell's cost is the difference between a sweep of CELLS cells and one of 2 cells (the same scenario: the shared
# fit, start-up and the file's reading cancel), over CELLS - 2.
for th in 1 2; do
    for n in 2 $CELLS; do
        t=$(best3 "$EFFCOMP" sweep -q "$T/s.ini" --vary "project.sizes=1e11:1e13:$n:log" \
            --record project.loss,project.loss_lo95 --threads $th -o "$T/sweep$th-$n.csv")
        eval "sweep${th}_$n=$t"
    done
done
cmp "$T/sweep1-$CELLS.csv" "$T/sweep2-$CELLS.csv" >/dev/null || { echo "bench: 1 and 2 threads differ" >&2; exit 1; }
"$EFFCOMP" fit -q --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --bootstrap 4000 -o "$T/fit.json" --replicates-out "$T/reps.csv"
seq 0 $((PERCELL - 1)) | awk -v n=$PERCELL '{printf "%.6g\n", 10 ^ (11 + 2 * $1 / (n - 1))}' >"$T/sizes.txt"
export EFFCOMP T
par=$(best3 parallel --will-cite -j 2 -a "$T/sizes.txt" \
    '$EFFCOMP project -q --fit $T/fit.json --sizes {} --policies tokens-per-param=20 -o $T/p{#}.json')
eval "s1a=\$sweep1_2 s1b=\$sweep1_$CELLS s2a=\$sweep2_2 s2b=\$sweep2_$CELLS"
echo "projection-only sweep: $CELLS cells x 4001 law evaluations (4000 replicates), $(nproc) cores, best of 3"
echo "$s1a $s1b $s2a $s2b $CELLS $par $PERCELL" | awk '{
    c1 = ($2 - $1) / ($5 - 2); c2 = ($4 - $3) / ($5 - 2); pc = $6 / $7;
    printf "  effcomp sweep, 1 thread   %8.3f s for %d cells, %.3f s for 2: %.1f us per cell, %.3g law evaluations/s/core\n", $2, $5, $1, 1e6 * c1, 4001 / c1;
    printf "  effcomp sweep, 2 threads  %8.3f s for %d cells, %.3f s for 2: %.1f us per cell, %.3g law evaluations/s/core\n", $4, $5, $3, 1e6 * c2, 4001 / c2 / 2;
    printf "  one process per cell      %8.3f s for %d cells under GNU parallel -j 2 (%.2f ms per cell)\n", $6, $7, 1e3 * pc;
    printf "  ratio per cell            %8.0fx (1 thread), %.0fx (2 threads); 1 -> 2 threads %.2fx   floors: >= 1e6 evaluations/s/core, >= 1000x\n", pc / c1, pc / c2, c1 / c2}'

# A fit-per-cell sweep (issue 12): 50 values of the Huber delta on the Chinchilla data, each cell a
# full 4500-start grid fit (nothing shared), on one core and on two (two ways), against the single fit's own time.
FITCELLS=${FITCELLS:-50}
[ "$FITCELLS" -ge 2 ] || exit 0
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
# three ways to use the cores: cells one at a time with each fit on one thread (one core), cells on two threads
# with each fit on one, cells one at a time with each fit on the two (the fit's own threads over its starts)
for cfg in "1 1" "2 1" "1 0"; do
    set -- $cfg
    t0=$(now)
    "$EFFCOMP" sweep -q "$T/f.ini" --set fit.threads=$2 --vary "fit.delta=1e-4:1e-1:$FITCELLS:log" \
        --record fit.p.E,fit.p.alpha,fit.p.beta,fit.objective --threads $1 -o "$T/fits$1$2.csv"
    t1=$(now)
    eval "fits$1$2=\$(echo \"\$t0 \$t1\" | awk '{print \$2 - \$1}')"
done
cmp "$T/fits11.csv" "$T/fits21.csv" >/dev/null && cmp "$T/fits11.csv" "$T/fits10.csv" >/dev/null ||
    { echo "bench: the fit sweep differs between thread counts" >&2; exit 1; }
echo "fit-per-cell sweep: $FITCELLS values of delta, each cell a 4500-start grid fit"
echo "$fits11 $fits21 $fits10 $FITCELLS $one1 $one2" | awk '{
    printf "  1 thread, fits on 1       %8.3f s  (%.3f s per cell; the single fit at the default delta alone: %.3f s on 1 thread)\n", $1, $1 / $4, $5;
    printf "  cells on 2 threads        %8.3f s  (%.3f s per cell; %.2fx over 1 thread)\n", $2, $2 / $4, $1 / $2;
    printf "  each fit on 2 threads     %8.3f s  (%.3f s per cell; %.2fx over 1 thread; the single fit alone: %.3f s on 2 threads)\n", $3, $3 / $4, $1 / $3, $6}'

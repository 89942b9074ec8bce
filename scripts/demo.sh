#!/bin/sh
# The bundled example scenario, params/examples/chinchilla.ini: Epoch AI's
# refit of Chinchilla Approach 3 (Besiroglu et al. 2024) with a 4000-replicate
# bootstrap, the compute-optimal allocation it implies, and its figures,
# written to out/. Then the readable report and allocation table.
set -eu
EFFCOMP=${1:-build/effcomp}
OUT=${2:-out}
mkdir -p "$OUT"
if [ "$OUT" != out ]; then
    echo "demo: the scenario writes to out/; run it from the project root" >&2
fi
status=0
# Numbers are written before figures: if gnuplot is missing, the run says so and the demo goes on.
"$EFFCOMP" run params/examples/chinchilla.ini || status=$?

"$EFFCOMP" fit --data data/epoch_chinchilla_svg_extracted_data.csv \
    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --loss huber --delta 1e-3 --bootstrap 4000 --seed 42 > "$OUT/chinchilla_report.txt"
cat "$OUT/chinchilla_report.txt"
echo
echo "Compute-optimal allocation (95% intervals from the bootstrap):"
"$EFFCOMP" optimal --fit "$OUT/chinchilla_fit.json" --compute 5.76e23,1e25,1e26 --sizes 70e9,1e12,10e12 \
    > "$OUT/chinchilla_optimal.txt"
tail -n +4 "$OUT/chinchilla_optimal.txt"

echo
echo "Wrote to $OUT/: chinchilla_fit.json, chinchilla_replicates.csv, chinchilla_report.txt,"
echo "  chinchilla_optimal.json/.txt, chinchilla_fit.png, chinchilla_contour.png, chinchilla_frontier.png"
exit $status

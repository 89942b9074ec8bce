#!/bin/sh
# The bundled example: Epoch AI's refit of Chinchilla Approach 3
# (Besiroglu et al. 2024) with a 4000-replicate bootstrap, its report
# figures, and the analytics built on it. Everything goes to OUT (out/).
set -eu
EFFCOMP=${1:-build/effcomp}
OUT=${2:-out}
mkdir -p "$OUT"
run() {
    "$EFFCOMP" fit --data data/epoch_chinchilla_svg_extracted_data.csv \
        --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
        --loss huber --delta 1e-3 --bootstrap 4000 --seed 42 "$@"
}
run -q -o "$OUT/chinchilla_fit.json" --replicates-out "$OUT/chinchilla_replicates.csv"
run > "$OUT/chinchilla_report.txt"
cat "$OUT/chinchilla_report.txt"

echo
echo "Compute-optimal allocation (95% intervals from the bootstrap):"
"$EFFCOMP" optimal --fit "$OUT/chinchilla_fit.json" --compute 5.76e23,1e25,1e26 --sizes 70e9,1e12,10e12 \
    | tee "$OUT/chinchilla_optimal.txt" | tail -n +4
"$EFFCOMP" optimal --fit "$OUT/chinchilla_fit.json" --compute 5.76e23,1e25,1e26 --sizes 70e9,1e12,10e12 \
    -o "$OUT/chinchilla_optimal.json" -q

# Figures: numbers are written first, so a missing gnuplot loses nothing.
status=0
for kind in fit contour frontier; do
    "$EFFCOMP" plot "$OUT/chinchilla_fit.json" --kind $kind -o "$OUT/chinchilla_$kind.png" -q || status=1
done

echo
echo "Wrote to $OUT/: chinchilla_fit.json, chinchilla_replicates.csv, chinchilla_report.txt,"
echo "  chinchilla_optimal.json/.txt, chinchilla_fit.png, chinchilla_contour.png, chinchilla_frontier.png"
exit $status

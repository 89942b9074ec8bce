#!/bin/sh
# The bundled example: Epoch AI's refit of Chinchilla Approach 3
# (Besiroglu et al. 2024) with a 4000-replicate bootstrap. Writes
# out/chinchilla_fit.json, out/chinchilla_replicates.csv and
# out/chinchilla_report.txt, and prints the report.
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
echo "Wrote $OUT/chinchilla_fit.json, $OUT/chinchilla_replicates.csv and $OUT/chinchilla_report.txt"

#!/bin/sh
# The bundled example scenario, params/examples/chinchilla.ini: Epoch AI's
# refit of Chinchilla Approach 3 (Besiroglu et al. 2024) with a 4000-replicate
# bootstrap, the compute-optimal allocation it implies, and its figures, run
# in one process and written to OUT (default out/), with the run's manifest
# OUT/results.json. Then the readable reports of the saved results.
set -eu
EFFCOMP=${1:-build/effcomp}
OUT=${2:-out}
status=0
# Numbers are written before figures: if gnuplot is missing, the run says so and the demo goes on.
"$EFFCOMP" run params/examples/chinchilla.ini -o "$OUT" || status=$?

"$EFFCOMP" report "$OUT/chinchilla_fit.json" > "$OUT/chinchilla_report.txt"
cat "$OUT/chinchilla_report.txt"
echo
echo "Compute-optimal allocation (95% intervals from the bootstrap):"
"$EFFCOMP" report "$OUT/chinchilla_optimal.json" > "$OUT/chinchilla_optimal.txt"
tail -n +4 "$OUT/chinchilla_optimal.txt"

echo
echo "Wrote to $OUT/: chinchilla_fit.json, chinchilla_replicates.csv, chinchilla_report.txt,"
echo "  chinchilla_optimal.json/.txt, chinchilla_fit.png, chinchilla_contour.png, chinchilla_frontier.png,"
echo "  results.json (the run's manifest: version, seed, input and scenario SHA-256s, every step)"
exit $status

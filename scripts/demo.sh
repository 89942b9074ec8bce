#!/bin/sh
# The bundled example scenarios. First params/examples/chinchilla.ini: Epoch AI's
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


# The seed story, params/examples/muse-spark.ini: a claims ledger ("Muse Spark reaches Claude K2's
# quality with 30% of its compute and Llama 4 Maverick's with 10%"), projections of 1T-10T models,
# and a Monte Carlo of the frontier to 2030, in OUT/muse-spark/.
MS="$OUT/muse-spark"
"$EFFCOMP" run -q params/examples/muse-spark.ini -o "$MS" || status=$?
for step in claims project simulate; do
    "$EFFCOMP" report "$MS/$step.json" > "$MS/$step.txt" || status=$?
done
echo
echo "================ Muse Spark: what the claims imply (params/examples/muse-spark.ini)"
cat "$MS/claims.txt"
echo
echo "---------------- projections (compute-optimal and 20 tokens per parameter; today's recipe and Muse-class)"
sed -n '1,/^N: the parameters/p' "$MS/project.txt"
echo
echo "---------------- the frontier to 2030 (Monte Carlo)"
cat "$MS/simulate.txt"

echo
echo "Wrote to $OUT/: chinchilla_fit.json, chinchilla_replicates.csv, chinchilla_report.txt,"
echo "  chinchilla_optimal.json/.txt, chinchilla_fit.png, chinchilla_contour.png, chinchilla_frontier.png,"
echo "  results.json (the run's manifest: version, seed, input and scenario SHA-256s, every step)"
echo "and to $MS/: claims, fit, project, trend and simulate JSON (claims, project and simulate also as"
echo "  .txt reports), fit_replicates.csv,"
echo "  muse_spark_claims.png, muse_spark_projection.png, muse_spark_fan.png, muse_spark_loss.png,"
echo "  muse_spark_crossing.png, results.json"
exit $status

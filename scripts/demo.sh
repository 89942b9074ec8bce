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


# A sweep of the 10T row over the efficiency factor, paired against factor 1 over the same 4000
# replicates (effcomp sweep, docs/sweep.md): the CSV and its figure.
"$EFFCOMP" sweep -q params/examples/muse-spark.ini --set project.sizes=10T --set project.policies=tokens-per-param=20 \
    --set project.baseline=0 --vary 'project.efficiency=1:20:9:log' \
    --record project.loss,project.loss_lo95,project.loss_hi95 --baseline 0 \
    -o "$MS/sweep_efficiency.csv" --plot "$MS/sweep_efficiency.png" || status=$?
echo
echo "---------------- the 10T row against the efficiency factor, paired against factor 1 (sweep)"
awk -F, 'NR == 2 { print "factor      loss     paired difference from factor 1 [95%]" }
         NR > 2 { printf "%6.3g  %.4f  %+.5f [%+.5f, %+.5f]\n", $2, $3, $6, $7, $8 }' "$MS/sweep_efficiency.csv"

echo
echo "Wrote to $OUT/: chinchilla_fit.json, chinchilla_replicates.csv, chinchilla_report.txt,"
echo "  chinchilla_optimal.json/.txt, chinchilla_fit.png, chinchilla_contour.png, chinchilla_frontier.png,"
echo "  results.json (the run's manifest: version, seed, input and scenario SHA-256s, every step)"
echo "and to $MS/: claims, fit, project, trend and simulate JSON (claims, project and simulate also as"
echo "  .txt reports), fit_replicates.csv,"
echo "  muse_spark_claims.png, muse_spark_projection.png, muse_spark_fan.png, muse_spark_loss.png,"
echo "  muse_spark_crossing.png, results.json, sweep_efficiency.csv and sweep_efficiency.png"
exit $status

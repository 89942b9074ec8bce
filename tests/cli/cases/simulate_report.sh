# A full report: effective and physical compute and the compute-optimal loss per year with
# their Monte Carlo standard errors, the crossing years of three compute thresholds and a loss
# threshold (most draws do not reach loss 1.8 by 2030: a note, and '>2030' in the table), and
# P(crossed by) per year. Then the same simulation with 1 and 2 threads writes byte-identical
# JSON (draw i's numbers depend only on the seed and i).
law="--form chinchilla --params E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243 --replicates $FIX/epoch_reps_400.csv"
set -- --start-data $DATA/frontier_models.csv --end-year 2030 \
  --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \
  --thresholds 1e27,1e28,1e29 --loss-thresholds 1.8 --draws 20000 --seed 42
$EFFCOMP simulate "$@" $law || exit 1
for t in 1 2; do
  $EFFCOMP simulate "$@" $law --threads $t -o $T/t$t.json -q || exit 1
done
cmp $T/t1.json $T/t2.json && echo identical

# Figures of a simulation (gnuplot): --plot draws the fan chart of effective compute beside
# the JSON; 'effcomp plot' draws the crossing probabilities and the loss fan from that JSON.
# A simulation without a law has no loss fan, and one without thresholds no crossing figure:
# each a message, exit 2, no file.
$EFFCOMP simulate --start-data $DATA/frontier_models.csv --end-year 2030 \
  --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \
  --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --replicates $FIX/epoch_reps_400.csv --thresholds 1e28,1e29 --loss-thresholds 1.8 \
  --draws 5000 -o $T/j.json --plot $T/fan.png -q || exit 1
$EFFCOMP plot $T/j.json --kind crossing -o $T/c.png -q || exit 1
$EFFCOMP plot $T/j.json --kind fan-loss -o $T/l.png -q || exit 1
for f in fan c l; do printf '%s.png:' $f; od -An -c -N4 $T/$f.png; done
$EFFCOMP simulate --start-year 2025.13 --start-compute 4.64e26 --end-year 2030 --compute-growth 4 \
  --draws 100 -o $T/plain.json -q || exit 1
$EFFCOMP plot $T/plain.json --kind fan-loss -o $T/none1.png
echo "exit $?"
$EFFCOMP plot $T/plain.json --kind crossing -o $T/none2.png
echo "exit $?"
ls $T

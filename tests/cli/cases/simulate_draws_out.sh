# --draws-out writes one CSV row per draw after a comment line and the header: its inputs,
# end values and crossing years; a crossing after the horizon (1e34, and loss 1.8 for most
# draws) is an empty field, never NaN or inf text.
$EFFCOMP simulate --start-data $DATA/frontier_models.csv --end-year 2028 \
  --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \
  --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --replicates $FIX/epoch_reps_400.csv --thresholds 1e28,1e34 --loss-thresholds 1.8 \
  --draws 1000 --seed 42 --draws-out $T/d.csv -o $T/j.json -q || exit 1
head -2 $T/d.csv
wc -l <$T/d.csv
if grep -qi 'nan\|inf' $T/d.csv; then echo "NaN or inf text in the draws"; else echo "no NaN or inf text"; fi
awk -F, 'NR > 2 { if ($13 == "") e1++; if ($14 == "") e2++ } END { print "empty crossing_1:", e1 + 0, "empty crossing_2:", e2 + 0 }' $T/d.csv

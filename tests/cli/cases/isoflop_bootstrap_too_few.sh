# Intervals asked for but fewer than 2 bootstrap replicates usable: the result is written
# without intervals and the exit status is 3, as for fit.
cd "$T" && $EFFCOMP isoflop --data "$DATA/llama3_isoflops_points.csv" \
  --columns 'C=compute_budget,D=training_tokens,L=validation_loss' --bootstrap 2 --seed 3 -o S.json -q
echo "exit $?"
ls

# `effcomp report` prints a saved result's report: the same bytes the command printed;
# a run's manifest gives each step's; anything else is refused.
cd "$T" || exit 1
F="--data $DATA/epoch_chinchilla_svg_extracted_data.csv --drop-highest 5 --starts single --bootstrap 30"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' > fit.txt || exit 1
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' -o fit.json --replicates-out reps.csv -q || exit 1
$EFFCOMP report fit.json | cmp - fit.txt && echo "fit report identical"
$EFFCOMP optimal --fit fit.json --compute 1e24 --sizes 1e12 --loss-target 1.9 > opt.txt || exit 1
$EFFCOMP optimal --fit fit.json --compute 1e24 --sizes 1e12 --loss-target 1.9 -o opt.json -q || exit 1
$EFFCOMP report opt.json | cmp - opt.txt && echo "optimal report identical"
$EFFCOMP multiplier --fit fit.json --model 'N=280e9,D=300e9' > m.txt && $EFFCOMP multiplier --fit fit.json \
  --model 'N=280e9,D=300e9' -o m.json -q && $EFFCOMP report m.json | cmp - m.txt && echo "multiplier report identical"
$EFFCOMP predict --fit fit.json --at 'N=1e9,D=2e10' > p.csv && $EFFCOMP predict --fit fit.json --at 'N=1e9,D=2e10' -o p.csv2 -q &&
  cmp p.csv p.csv2 && echo "predict CSV identical"
$EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv --columns 'C=compute_budget,D=training_tokens,L=validation_loss' > i.txt &&
  $EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv --columns 'C=compute_budget,D=training_tokens,L=validation_loss' -o i.json -q &&
  $EFFCOMP report i.json | cmp - i.txt && echo "isoflop report identical"
$EFFCOMP claims --claims $DATA/claims_example.csv --reference 'Llama 3.1-405B' > c.txt &&
  $EFFCOMP claims --claims $DATA/claims_example.csv --reference 'Llama 3.1-405B' -o c.json -q &&
  $EFFCOMP report c.json | cmp - c.txt && echo "claims report identical"
$EFFCOMP report reps.csv
echo "exit $?"
$EFFCOMP report
echo "exit $?"

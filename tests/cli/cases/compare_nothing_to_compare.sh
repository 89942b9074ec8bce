# Nothing to compare is bad input (exit 2) and leaves an existing output alone: no point held
# out by the holdout, or too few points for any form.
cd "$T" && echo OLD > S.json
$EFFCOMP compare --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --forms chinchilla,kaplan-nd --holdout-above 1e30 -o S.json
echo "exit $?"
printf 'Model Size,Training FLOP,loss\n1e9,1e20,3\n2e9,4e20,2.8\n' > two.csv
$EFFCOMP compare --data two.csv --columns 'N=Model Size,C=Training FLOP,L=loss' --forms chinchilla,kaplan-nd -o S.json
echo "exit $?"
cat S.json

# optimal, multiplier and trend: outputs that are inputs, bad --plot names, options trend has
# no use for, and a missing recorded replicates file are refused before the work (exit 2).
cd "$T" && $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single --bootstrap 20 \
  -o fit.json --replicates-out reps.csv -q || exit 1
$EFFCOMP optimal --fit fit.json --compute 1e24 -o fit.json
echo "exit $?"
{ $EFFCOMP optimal --fit fit.json --compute 1e24 -o reps.csv; echo "exit $?"; } 2>&1 | sed "s|$T|T|g"
$EFFCOMP optimal --fit fit.json --compute 1e24 --plot frontier.jpg
echo "exit $?"
$EFFCOMP multiplier --fit fit.json --point 'C=1e23,L=2.2' -o ./fit.json
echo "exit $?"
printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,2e21\nc,2021.0,4e21\n' > t.csv
$EFFCOMP trend --data t.csv --x date --y flop -o t.csv
echo "exit $?"
$EFFCOMP trend --data t.csv --x date --y flop --form power
echo "exit $?"
$EFFCOMP trend --data t.csv --x date --y flop --bootstrap 10 --replicates-out r.csv
echo "exit $?"
mv reps.csv elsewhere.csv
$EFFCOMP multiplier --fit fit.json --point 'C=1e23,L=2.2' 2>&1 | sed "s|$T|T|g"
ls

# The fit recorded a replicates file that is no longer there: the message says where it was
# looked for and what to do; exit 2.
cd "$T" && mkdir res && $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single --bootstrap 20 \
  -o res/fit.json --replicates-out res/reps.csv -q || exit 1
rm res/reps.csv
{ $EFFCOMP predict --fit res/fit.json --at 'N=1e9,D=2e10'; echo "exit $?"; } 2>&1 | sed "s|$T|T|g"

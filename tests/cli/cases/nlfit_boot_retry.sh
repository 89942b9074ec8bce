# A bootstrap refit that fails is retried from other starts of the form's grid before it is
# dropped; the report and the JSON count the retried replicates (bnsl with Huber on the bundled
# points: most refits from the best fit fail without the retries).
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form bnsl --columns 'x=Training FLOP,y=loss' \
  --drop-highest 5 --loss huber --bootstrap 24 -o $T/b.json -q || exit 1
/usr/bin/python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["bootstrap"]
print("replicates", b["replicates"], "failed", b["failed"], "retried", b["retried"])' $T/b.json
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form bnsl --columns 'x=Training FLOP,y=loss' \
  --drop-highest 5 --loss huber --bootstrap 24 -q | grep '^Bootstrap:'

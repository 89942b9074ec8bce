# A bootstrap refit that fails is retried from other starts of the form's grid before it is
# dropped; the report and the JSON count the retried replicates. bnsl with Huber on the bundled
# points: with --boot-stall 0 most refits from the best fit crawl (f1 towards 0) to max_iter and
# are retried; by default such a refit ends once its objective stalls (below 1e-7 relative over
# 20 steps), and none needs a retry.
for stall in 0 1e-7; do
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form bnsl --columns 'x=Training FLOP,y=loss' \
  --drop-highest 5 --loss huber --bootstrap 24 --boot-stall $stall -o $T/b.json -q || exit 1
/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
b = j["bootstrap"]
print("boot_stall", j["options"]["boot_stall"], "replicates", b["replicates"], "failed", b["failed"], "retried", b["retried"])' $T/b.json
done
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form bnsl --columns 'x=Training FLOP,y=loss' \
  --drop-highest 5 --loss huber --bootstrap 24 --boot-stall 0 -q | grep '^Bootstrap:'

# Starts from a CSV named by parameter: one start per row, missing columns take the default.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --loss ls-log --starts file:tests/data/starts_satpow.csv -o $T/f.json -q || exit 1
/usr/bin/python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
assert j['starts']['total'] == 2 and j['starts']['converged'] == 2, j['starts']
print('ok')" $T/f.json

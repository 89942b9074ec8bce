# Fewer than 2 converged bootstrap replicates (issue 15): exit 3 and nothing was written, while
# --help says results are still written. Now the fit, its JSON and the replicates file are
# written, the JSON and the report say why the intervals are missing, exit 3.
cd "$T"
{ $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
    --drop-highest 5 --max-iter 10 --bootstrap 20 -o f.json --replicates-out r.csv -q 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls
/usr/bin/python3 -c "
import json
t = open('f.json').read(); b = json.loads(t)['bootstrap']
print(b['replicates'], b['failed'], b['intervals'], 'mean' in b, 'ci95' in b, 'NaN' in t or 'Infinity' in t)"
$EFFCOMP report f.json | tail -2
grep -c ',0$' r.csv

# A constant loss (issue 15): chinchilla "converged" with R^2 = 0.991 from rounding noise and
# kaplan-nd with Nc = 1.8e308, exit 0. Now: status "not identifiable", exit 3, the fit written
# with R^2 null (undefined) and no NaN or Infinity; laws from it are refused (exit 2).
# The solver's own stopping reason and the objective's last digits on this degenerate surface
# differ between the evaluator's vector paths (AVX2, AVX-512; 1.9929792e-05 and 1.9929760e-05): shown as (...)
# and to 5 digits.
norm() { sed -E "s|$T|T|; s/\(solver: converged \([a-z ]*\)\)/(solver: converged (...))/; s/(objective: [0-9]\.[0-9]{4})[0-9]*/\1/"; }
cd "$T"
{ $EFFCOMP fit --data "$FIX/constant_loss.csv" -o c.json 2>&1; echo "exit $?"; } | norm
{ $EFFCOMP fit --data "$FIX/constant_loss.csv" --form kaplan-nd -o k.json -q 2>&1; echo "exit $?"; } | norm
for f in c.json k.json; do
  /usr/bin/python3 -c "
import json, sys
t = open(sys.argv[1]).read()
j = json.loads(t)
print(sys.argv[1], j['converged'], j['status'].split(':')[0], 'r2', j['r2'], 'se', j['se'],
      'NaN' in t or 'Infinity' in t)" $f
done
$EFFCOMP report k.json | grep -E '^(status|objective)' | sed 's/   RMSE.*//' | norm
{ $EFFCOMP optimal --fit c.json --compute 1e22 -o o.json 2>&1; echo "exit $?"; } | norm
{ $EFFCOMP predict --fit k.json --at 'N=1e12,D=1e13' 2>&1; echo "exit $?"; } | norm
ls

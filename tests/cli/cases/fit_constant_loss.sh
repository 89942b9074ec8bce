# A constant loss (issue 15): chinchilla "converged" with R^2 = 0.991 from rounding noise and
# kaplan-nd with Nc = 1.8e308, exit 0. Now: status "not identifiable", exit 3, the fit written
# with R^2 null (undefined) and no NaN or Infinity; laws from it are refused (exit 2).
cd "$T"
{ $EFFCOMP fit --data "$FIX/constant_loss.csv" -o c.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ $EFFCOMP fit --data "$FIX/constant_loss.csv" --form kaplan-nd -o k.json -q 2>&1; echo "exit $?"; } | sed "s|$T|T|"
for f in c.json k.json; do
  /usr/bin/python3 -c "
import json, sys
t = open(sys.argv[1]).read()
j = json.loads(t)
print(sys.argv[1], j['converged'], j['status'].split(':')[0], 'r2', j['r2'], 'se', j['se'],
      'NaN' in t or 'Infinity' in t)" $f
done
$EFFCOMP report k.json | grep -E '^(status|objective)' | sed 's/   RMSE.*//'
{ $EFFCOMP optimal --fit c.json --compute 1e22 -o o.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ $EFFCOMP predict --fit k.json --at 'N=1e12,D=1e13' 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls

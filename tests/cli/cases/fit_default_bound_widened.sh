# Exact points y = 3 x^-12: power's default bound alpha <= 10 held the optimum. The fit widens it
# (to -10:50), refits from there and says so; the JSON's options.bound records the bound used.
# A bound the user gives is kept and flagged as before.
cd "$T"
/usr/bin/python3 -c "
print('x,y')
for i in range(10):
    x = 1 + i / 9
    print('%.17g,%.17g' % (x, 3 * x ** -12))" > p.csv
{ $EFFCOMP fit --data p.csv --form power --columns x=x,y=y -o w.json -q 2>&1; echo "exit $?"; } | sed "s|$T|T|"
$EFFCOMP report w.json | grep -E '^(status|A +=|alpha +=)' | sed 's/  +\/-.*//'
/usr/bin/python3 -c "import json; j = json.load(open('w.json')); print(j['options']['bound'], j['at_bound'], j['converged'])"
{ $EFFCOMP fit --data p.csv --form power --columns x=x,y=y --bound alpha=-10:10 2>&1; echo "exit $?"; } | grep -E '^(status|alpha +=)|exit' | sed 's/  +\/-.*(at/ (at/'

# trend --algorithmic on five points reported E = 1.3e-14, on its default lower bound 0, without
# a flag (issue 13's rule: a default bound that holds the optimum is never silent). Now: status
# "at default bound" naming E, exit 3; with the user's own --bound E=0: it is accepted (exit 0).
cd "$T"
printf 'C,date,L\n1e20,2019.5,2.9\n1e21,2020.0,2.7\n3e21,2021.0,2.5\n1e22,2022.0,2.3\n5e22,2023.0,2.1\n' > alg.csv
{ $EFFCOMP trend --algorithmic 1 --data alg.csv --columns 'C=C,date=date,L=L' -o t.json -q 2>&1; echo "exit $?"; } | sed "s|$T|T|; s|E = [-0-9.e+]* is|E = (about 0) is|"
/usr/bin/python3 -c "import json; j = json.load(open('t.json')); print(j['converged'], j['status'].split(' = ')[0])"
{ $EFFCOMP trend --algorithmic 1 --data alg.csv --columns 'C=C,date=date,L=L' --bound E=0: -q 2>&1; echo "exit $?"; } | sed "s|$T|T|" | grep -E '^fit|exit'

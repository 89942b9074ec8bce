# Points of one compute budget (N x D constant): the chinchilla fit used to pass without a word
# (correlation of log N and log D -0.99999999998). Now: status "collinear inputs", exit 3, the fit
# written.
cd "$T"
{ $EFFCOMP fit --data "$FIX/one_budget.csv" --columns 'N=N,C=C,L=L' -o f.json -q 2>&1; echo "exit $?"; } | sed "s|$T|T|"
/usr/bin/python3 -c "import json; j = json.load(open('f.json')); print(j['converged'], j['status'].split(':')[0])"

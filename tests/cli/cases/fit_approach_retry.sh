# Synthetic data (65 points, weights 0.1 to 100, few distinct N) where most grid starts, after
# the approach on 32 points, do not converge on all points within 200 iterations: those starts
# are run again from their grid point without the approach (starts.approach_retried), so the
# fit converges from as many starts as with --approach none, at the same optimum.
cd $T || exit 1
set -- --data $FIX/approach_retry.csv --columns 'N=N,D=D,L=L,weight=w'
$EFFCOMP fit "$@" -o a.json -q || exit 1
$EFFCOMP fit "$@" --approach none -o n.json -q || exit 1
/usr/bin/python3 - <<'PY'
import json
a, n = json.load(open("a.json")), json.load(open("n.json"))
print("retried most starts:", a["starts"]["approach_retried"] > 4000, "none retried:", n["starts"]["approach_retried"])
print("converged at least as often as without the approach:", a["starts"]["converged"] >= n["starts"]["converged"])
assert abs(a["objective"] - n["objective"]) <= 1e-9 * n["objective"], (a["objective"], n["objective"])
print("same optimum")
PY

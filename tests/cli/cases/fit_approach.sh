# The grid fit's approach phase: by default each start first fits log least squares to 32 of
# the 240 points (starts.approach_points, starts.approach_evaluations in the JSON);
# --approach none skips it. Both reach the same optimum; a bad value is refused.
cd $T || exit 1
set -- --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5
$EFFCOMP fit "$@" -o a.json -q || exit 1
$EFFCOMP fit "$@" --approach none -o n.json -q || exit 1
/usr/bin/python3 - <<'PY'
import json
a, n = json.load(open("a.json")), json.load(open("n.json"))
print("approach:", a["options"]["approach"], a["starts"]["approach_points"], a["starts"]["approach_evaluations"] > 4500)
print("none:", n["options"]["approach"], n["starts"]["approach_points"], n["starts"]["approach_evaluations"])
assert abs(a["objective"] - n["objective"]) <= 1e-9 * n["objective"]
assert all(abs(a["params"][k] - n["params"][k]) <= 1e-5 * abs(n["params"][k]) for k in n["params"])
print("same optimum; all starts converged:", a["starts"]["converged"] == 4500)
PY
$EFFCOMP fit "$@" --approach coarse -o b.json; echo "exit $?"
test ! -e b.json || echo "b.json written"

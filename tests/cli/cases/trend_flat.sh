# A constant series: g = 0 exactly, growth 1x, no doubling or halving time, R^2 undefined
# (said in words in the report, null in JSON), no "nan".
cd "$T" || exit 1
printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,1e21\nc,2021.0,1e21\nd,2021.5,1e21\n' >flat.csv
$EFFCOMP trend --data flat.csv --x date --y flop || exit 1
$EFFCOMP trend --data flat.csv --x date --y flop -o f.json -q || exit 1
/usr/bin/python3 - f.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["params"]["g"] == 0 and j["params"]["c"] == 21 and j["growth_per_year"] == 1
assert j["y_constant"] is True and j["trend"] == "none" and j["r2"] is None
assert j["doubling_months"] is None and j["halving_months"] is None
assert j["ci95"]["g"] == [0, 0] and j["ci95"]["growth_per_year"] == [1, 1]
assert j["ci95"]["doubling_months"] is None and j["ci95"]["halving_months"] is None
print("ok")
PY

# g's interval contains 0: no significant trend; the doubling time's interval is unbounded
# above (null + doubling_months_unbounded in JSON) and a halving is consistent too.
cd "$T" || exit 1
printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,3e21\nc,2021.0,1e21\nd,2021.5,2e21\ne,2022.0,1e21\nf,2022.5,2.5e21\n' >noisy.csv
$EFFCOMP trend --data noisy.csv --x date --y flop || exit 1
$EFFCOMP trend --data noisy.csv --x date --y flop -o n.json -q || exit 1
/usr/bin/python3 - n.json <<'PY'
import json, math, sys
j = json.load(open(sys.argv[1]))
g = j["params"]["g"]
glo, ghi = j["ci95"]["g"]
k = 12 * math.log10(2)
assert glo < 0 < g < ghi and j["trend"] == "not significant"
assert abs(j["doubling_months"] - k / g) < 1e-9 * k / g and j["halving_months"] is None
lo, hi = j["ci95"]["doubling_months"]
assert abs(lo - k / ghi) < 1e-9 * lo and hi is None and j["ci95"]["doubling_months_unbounded"] == "upper"
lo, hi = j["ci95"]["halving_months"]
assert abs(lo - k / -glo) < 1e-9 * lo and hi is None and j["ci95"]["halving_months_unbounded"] == "upper"
print("ok")
PY

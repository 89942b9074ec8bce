# Points that double every 6 months: growth 4x per year, doubling 6 months.
$EFFCOMP trend --data tests/data/trend_doubling.csv --x date --y compute -o $T/t.json -q || exit 1
/usr/bin/python3 - "$T/t.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert abs(j["growth_per_year"] - 4) < 1e-9 * 4, j["growth_per_year"]
assert abs(j["doubling_months"] - 6) < 1e-9 * 6, j["doubling_months"]
lo, hi = j["ci95"]["doubling_months"]
assert lo <= 6 <= hi and "version" in j and "input_sha256" in j
print("ok")
PY

# A declining series (g < 0, g's interval below 0): a halving time with a positive
# interval that contains it, in the report and in JSON, asymptotic and bootstrap.
cd "$T" || exit 1
printf 'model,date,flop\na,2020.0,4e21\nb,2020.5,1e21\nc,2021.0,2e21\nd,2021.5,1e21\ne,2022.0,1e21\nf,2022.5,0.9e21\n' >decl.csv
$EFFCOMP trend --data decl.csv --x date --y flop || exit 1
$EFFCOMP trend --data decl.csv --x date --y flop -o a.json -q || exit 1
$EFFCOMP trend --data decl.csv --x date --y flop --bootstrap 200 --seed 3 -o b.json -q || exit 1
/usr/bin/python3 - a.json b.json <<'PY'
import json, math, sys
for path in sys.argv[1:]:
    j = json.load(open(path))
    g = j["params"]["g"]
    glo, ghi = j["ci95"]["g"]
    assert g < 0 and ghi < 0 and j["trend"] == "decline", j
    assert j["doubling_months"] is None and j["ci95"]["doubling_months"] is None
    h = j["halving_months"]
    lo, hi = j["ci95"]["halving_months"]
    assert abs(h - 12 * math.log10(2) / -g) < 1e-9 * h
    assert abs(lo - 12 * math.log10(2) / -glo) < 1e-9 * lo and abs(hi - 12 * math.log10(2) / -ghi) < 1e-9 * hi
    assert 0 < lo <= h <= hi, (lo, h, hi)
print("ok")
PY

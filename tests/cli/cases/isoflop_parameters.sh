# N mapped instead of D: the loader derives D = C/(6N), and the parabolas are
# fitted in log10 N. The fixture lies exactly on N*(C) = C/(6*0.29*C^0.53).
$EFFCOMP isoflop --data $FIX/isoflop_params.csv --columns 'C=compute,N=params,L=loss' -o $T/iso.json -q || exit 1
/usr/bin/python3 - "$T/iso.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["x"] == "parameters" and j["input"]["derived"] == ["D = C/(6N)"]
assert "D_ci95" not in j["budgets"][0] and j["bootstrap"]["replicates"] == 0
f = j["frontier"]
print("D*(C) = %.6g C^%.6g" % (f["D"]["coefficient"], f["D"]["exponent"]))
print("N*(C) = %.6g C^%.6g" % (f["N"]["coefficient"], f["N"]["exponent"]))
PY

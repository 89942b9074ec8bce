# Optimal allocation from a bootstrapped fit: C = 6 N* D*, intervals contain the estimates.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
  --bootstrap 200 --seed 5 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
$EFFCOMP optimal --fit $T/fit.json --compute 5.76e23,1e26 --sizes 70e9 --loss-target 1.9 -o $T/opt.json -q || exit 1
/usr/bin/python3 - "$T/opt.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["form"] == "chinchilla" and j["replicates"] == 200 and "version" in j
rows = j["rows"]
assert [r["given"] for r in rows] == ["compute", "compute", "N", "loss"]
for r in rows:
    assert abs(6 * r["N"] * r["D"] - r["compute"]) <= 1e-9 * r["compute"], r
    assert abs(r["tokens_per_param"] - r["D"] / r["N"]) <= 1e-12 * r["tokens_per_param"]
    for k in ("compute", "N", "D", "loss"):
        lo, hi = r[k + "_ci95"]
        assert lo <= r[k] * (1 + 1e-12) and r[k] <= hi * (1 + 1e-12), (k, r)
assert abs(rows[3]["loss"] - 1.9) < 1e-9 and abs(rows[2]["N"] - 70e9) < 1e-3
print("ok")
PY

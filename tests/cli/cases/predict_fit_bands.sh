# A fit with bootstrap replicates gives predictions with 95% bands; the
# central value is the law at the fitted parameters.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
  --bootstrap 200 --seed 3 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
$EFFCOMP predict --fit $T/fit.json --at 'N=70e9,D=1.4e12' --at 'N=1e13,D=2e14' -o $T/pred.csv -q || exit 1
/usr/bin/python3 - "$T/fit.json" "$T/pred.csv" <<'PY'
import json, sys, csv
p = json.load(open(sys.argv[1]))["params"]
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
assert len(rows) == 2
for r in rows:
    N, D = float(r["N"]), float(r["D"])
    L = p["E"] + p["A"] / N ** p["alpha"] + p["B"] / D ** p["beta"]
    assert abs(float(r["L_hat"]) - L) <= 1e-8 * L, (r, L)
    assert float(r["lo95"]) < float(r["L_hat"]) < float(r["hi95"]), r
print("ok")
PY

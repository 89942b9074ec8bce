# Epoch AI's refit of Chinchilla (Besiroglu et al. 2024): the published optimum,
# the JSON keys scripts rely on, and the bootstrap against the published SEs.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --loss huber --delta 1e-3 \
  --bootstrap 4000 --seed 42 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
python3 - "$T/fit.json" "$T/reps.csv" <<'PY'
import json, sys, csv
j = json.load(open(sys.argv[1]))
def near(x, ref, rel): return abs(x - ref) <= rel * abs(ref)
for k in ["form", "params", "objective", "n_points", "starts", "status", "version", "seed", "input_sha256", "bootstrap"]:
    assert k in j, k
p = j["params"]
assert j["objective"] <= 1.0182741e-3, j["objective"]
for k, ref in dict(A=477.8, B=2143, E=1.8172, alpha=0.34731, beta=0.36717).items():
    assert near(p[k], ref, 1e-3), (k, p[k])
assert j["n_points"] == 240 and j["starts"]["total"] == 4500
assert 0 < j["starts"]["at_best"] <= j["starts"]["converged"] <= 4500
assert j["status"].startswith("converged") and j["seed"] == 42
assert j["input_sha256"] == "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30", j["input_sha256"]
assert j["input"]["derived"] == ["D = C/(6N)"]
b = j["bootstrap"]
assert b["replicates"] == 4000 and b["seed"] == 42 and b["failed"] == 0
se = dict(A=124.5, B=1293, E=0.0257, alpha=0.0154, beta=0.0206)
for k, ref in se.items():
    assert near(b["se"][k], ref, 0.15 if k == "B" else 0.10), (k, b["se"][k])
ci = dict(A=(285, 744), B=(1042, 5810), E=(1.769, 1.871), alpha=(0.317, 0.373), beta=(0.331, 0.415))
for k, (lo, hi) in ci.items():
    assert near(b["ci95"][k][0], lo, 0.10) and near(b["ci95"][k][1], hi, 0.10), (k, b["ci95"][k])
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
assert len(rows) == 4000 and set(rows[0]) >= {"A", "B", "E", "alpha", "beta"}
print("ok")
PY

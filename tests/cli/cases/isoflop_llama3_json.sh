# JSON output: the keys scripts rely on; the same bytes for 1 and 2 threads
# (seed given by --set); the frontier against the Llama 3 paper (0.29*C^0.53).
for t in 1 2; do
  $EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv \
    --columns 'C=compute_budget,D=training_tokens,L=validation_loss' \
    --bootstrap 500 --set seed=7 --threads $t --replicates-out $T/reps$t.csv -o $T/iso$t.json -q || exit 1
done
cmp $T/iso1.json $T/iso2.json && cmp $T/reps1.csv $T/reps2.csv && echo identical
/usr/bin/python3 - "$T/iso1.json" "$T/reps1.csv" <<'PY'
import json, sys, csv
j = json.load(open(sys.argv[1]))
for k in ["budgets", "frontier", "x", "bootstrap", "version", "seed", "input_sha256", "input", "tokens_per_parameter"]:
    assert k in j, k
assert j["x"] == "tokens" and j["seed"] == 7
assert j["input_sha256"] == "5675ea68f14be53bd09bf0d65667c0f25668aa82ecc48020864ae371e7a38a8a", j["input_sha256"]
assert j["input"]["derived"] == []
b = j["bootstrap"]
assert b["replicates"] == 500 and b["seed"] == 7 and 0 <= b["failed"] < 500
assert len(j["budgets"]) == 10
for bd in j["budgets"]:
    for k in ["compute", "D", "N", "loss", "n_points", "curvature", "inside_range", "D_ci95", "N_ci95", "loss_ci95"]:
        assert k in bd, k
    assert bd["inside_range"] is True and bd["curvature"] > 0
    assert abs(6 * bd["N"] * bd["D"] / bd["compute"] - 1) < 1e-12
    for k in ["D", "N", "loss"]:
        lo, hi = bd[k + "_ci95"]
        assert lo <= bd[k] <= hi, (bd["compute"], k)
assert sum(bd["n_points"] for bd in j["budgets"]) == 133
f = j["frontier"]
D, N = f["D"], f["N"]
for law in (D, N):
    for k in ["coefficient", "exponent", "coefficient_ci95", "exponent_ci95"]:
        assert k in law, k
assert abs(D["exponent"] - 0.53) <= 0.03 and 0.29 / 2 <= D["coefficient"] <= 0.29 * 2, D
assert abs(N["exponent"] + D["exponent"] - 1) < 1e-12
assert abs(N["coefficient"] * 6 * D["coefficient"] - 1) < 1e-12
assert D["exponent_ci95"][0] < 0.53 < D["exponent_ci95"][1]
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
assert len(rows) == 500 and sum(r["ok"] == "0" for r in rows) == b["failed"]
print("D*(C) = %.3f C^%.3f" % (D["coefficient"], D["exponent"]))
print("ok")
PY

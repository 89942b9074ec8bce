# JSON output: the keys scripts rely on, and the numbers' internal consistency.
$EFFCOMP claims --claims data/claims_example.csv --reference "Llama 3.1-405B" \
  --compute-file data/claims_example_compute.csv --set default_log_sd=0.1 -o $T/c.json -q || exit 1
/usr/bin/python3 - "$T/c.json" <<'PY'
import hashlib, json, math, sys
j = json.load(open(sys.argv[1]))
for k in ["reference", "models", "claims", "chi2", "dof", "p_value", "version", "input_sha256", "default_log_sd"]:
    assert k in j, k
assert j["reference"] == "Llama 3.1-405B"
assert list(j["models"]) == ["Llama 3.1-405B", "NewModel", "Llama 4 Maverick", "ExampleModel-B", "ExampleModel-C"], list(j["models"])
assert j["input_sha256"] == hashlib.sha256(open("data/claims_example.csv", "rb").read()).hexdigest()
assert j["default_log_sd"] == 0.1 and j["dof"] == 1 and isinstance(j["version"], str)
m = j["models"]
for name, v in m.items():
    for k in ["factor", "ci95", "se_log", "effective_compute"]:
        assert k in v, (name, k)
    lo, hi = v["ci95"]
    assert abs(lo - v["factor"] * math.exp(-1.959963984540054 * v["se_log"])) < 1e-12 * v["factor"], name
    assert abs(hi - v["factor"] * math.exp(1.959963984540054 * v["se_log"])) < 1e-12 * v["factor"], name
ref = m["Llama 3.1-405B"]
assert ref["factor"] == 1 and ref["se_log"] == 0 and ref["ci95"] == [1, 1], ref
assert ref["effective_compute"] == 3.8e25
mav = m["Llama 4 Maverick"]
assert abs(mav["effective_compute"] - 2.244e24 * mav["factor"]) < 1e-12 * mav["effective_compute"]
assert m["NewModel"]["effective_compute"] is None and m["ExampleModel-B"]["effective_compute"] is None
chi2 = 0
for c in j["claims"]:
    for k in ["subject", "baseline", "compute_fraction", "residual", "std_residual", "source"]:
        assert k in c, k
    fitted = math.log(m[c["subject"]]["factor"]) - math.log(m[c["baseline"]]["factor"])
    assert abs(-math.log(c["compute_fraction"]) - fitted - c["residual"]) < 1e-12, c
    assert c["source"].startswith("illustrative"), c["source"]
    chi2 += c["std_residual"] ** 2
assert len(j["claims"]) == 5 and abs(chi2 - j["chi2"]) < 1e-12, (chi2, j["chi2"])
assert abs(j["p_value"] - math.erfc(math.sqrt(j["chi2"] / 2))) < 1e-12   # chi^2 with 1 dof
print("ok")
PY

# The Huber-density maximum-likelihood fit with a free scale gives Epoch AI's
# headline Chinchilla numbers (Besiroglu et al. 2024): A = 482.01, B = 2085.43,
# E = 1.82, alpha = 0.3478, beta = 0.3658.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --loss huber-mle -o $T/mle.json -q || exit 1
/usr/bin/python3 - "$T/mle.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
p = j["params"]
# Published to 2 decimals (A, B, E) or 4 (exponents): agree to half a unit in the last digit.
for k, ref, tol in (("A", 482.01, 0.005), ("B", 2085.43, 0.005), ("E", 1.82, 0.005), ("alpha", 0.3478, 5e-5), ("beta", 0.3658, 6e-5)):
    assert abs(p[k] - ref) <= tol, (k, p[k])
assert j["loss"] == "huber-mle" and j["scale"]["sigma"] > 0
assert abs(j["scale"]["log_likelihood"] + j["objective"]) < 1e-9 * abs(j["objective"])
assert abs(j["aic"] - (2 * 6 - 2 * j["scale"]["log_likelihood"])) <= 1e-12 * abs(j["aic"]), (j["aic"], j["scale"]["log_likelihood"])
assert "started from the huber fit" in j["status"] and j["se"] is None
print("ok")
PY

# Fit Chinchilla below 1e21 FLOP, score the 23 larger runs: the extrapolation
# error is small and every held-out point is listed.
$EFFCOMP backtest --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --holdout-above 1e21 -o $T/bt.json -q || exit 1
/usr/bin/python3 - "$T/bt.json" <<'PY'
import json, sys, math
j = json.load(open(sys.argv[1]))
b = j["backtest"]
assert b["n_train"] + b["n_test"] == 240 and b["n_test"] == len(j["points"]) > 0
assert all(p["C"] > 1e21 for p in j["points"])
r = math.sqrt(sum(math.log(p["y_hat"] / p["y"]) ** 2 for p in j["points"]) / len(j["points"]))
assert abs(r - b["rmsle"]) <= 1e-12 * r and 0 < b["rmsle"] < 0.05, b
print("ok")
PY

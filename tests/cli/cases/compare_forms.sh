# Chinchilla's two-variable law beats the one-variable forms on its own data.
$EFFCOMP compare --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
  --forms power,saturating-power,chinchilla --loss ls-log --holdout-fraction 0.2 -o $T/cmp.json -q || exit 1
/usr/bin/python3 - "$T/cmp.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
names = [f["form"] for f in j["forms"]]
assert names == ["chinchilla", "saturating-power", "power"], names
aics = [f["aic"] for f in j["forms"]]
assert aics == sorted(aics) and j["forms"][0]["delta_aic"] == 0
assert all("backtest" in f and f["backtest"]["n_test"] == 48 for f in j["forms"])
print("ok")
PY

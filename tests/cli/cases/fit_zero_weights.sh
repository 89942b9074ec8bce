# Rows with weight 0 are absent: a fit with half the rows at weight 0 gives the same n, dof,
# standard errors and AIC as a fit on the other half alone; all weights 0 is bad input.
cd "$T" && awk -F, 'NR == 1 { print $0 ",w"; next } { print $0 "," (NR % 2) }' \
  "$DATA/epoch_chinchilla_svg_extracted_data.csv" > wz.csv
awk -F, 'NR == 1 || $NF == 1' wz.csv > wh.csv
for f in wz wh; do
  $EFFCOMP fit --data $f.csv --columns 'N=Model Size,C=Training FLOP,L=loss,weight=w' --starts single \
    --loss ls-log -o $f.json -q || exit 1
done
/usr/bin/python3 - <<'PY'
import json
a, b = json.load(open("wz.json")), json.load(open("wh.json"))
assert a["n_points"] == b["n_points"] == 122 and a["dof"] == b["dof"] == 117, (a["n_points"], a["dof"])
assert a["input"]["rows_zero_weight"] == 123 and b["input"]["rows_zero_weight"] == 0
for k in ("E", "A", "B", "alpha", "beta"):
    assert abs(a["se"][k] - b["se"][k]) <= 1e-9 * abs(b["se"][k]), k
assert abs(a["aic"] - b["aic"]) <= 1e-9 * abs(b["aic"])
print("same fit")
PY
awk -F, 'NR == 1 { print; next } { $NF = 0; print }' OFS=, wz.csv > w0.csv
$EFFCOMP fit --data w0.csv --columns 'N=Model Size,C=Training FLOP,L=loss,weight=w' --starts single
echo "exit $?"

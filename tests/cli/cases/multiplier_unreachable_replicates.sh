# A quality some bootstrap replicates never reach: their reference compute and multiplier
# are unbounded, so the interval is unbounded above (null in JSON, "unbounded" in the report),
# and every replicate is counted.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
  --bootstrap 200 --seed 5 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
$EFFCOMP multiplier --fit $T/fit.json --point 'C=1e23,L=1.85' -o $T/m.json -q || exit 1
$EFFCOMP multiplier --fit $T/fit.json --point 'C=1e23,L=1.85' | grep -E 'interval|never reached'
/usr/bin/python3 - "$T/m.json" "$T/reps.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
reps = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
never = sum(float(r["E"]) >= 1.85 for r in reps)
assert j["replicates"] == 200 and never > 0
assert j["replicates_unreachable"] == never and j["replicates_failed"] == 0, j
for k in ("ci95", "reference_compute_ci95"):
    lo, hi = j[k]
    assert hi is None and j[k + "_unbounded"] == "upper", (k, j)
assert 0 < j["ci95"][0] <= j["multiplier"]
assert 0 < j["reference_compute_ci95"][0] <= j["reference_compute"]
print("ok")
PY

# A loss target some bootstrap replicates never reach (their floor E is at or above it):
# they count as unbounded compute, N* and D* (the interval's upper end is null in JSON,
# "inf" in the report) and are counted, not dropped.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
  --bootstrap 200 --seed 5 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
$EFFCOMP optimal --fit $T/fit.json --loss-target 1.85 -o $T/opt.json -q || exit 1
$EFFCOMP optimal --fit $T/fit.json --loss-target 1.85 >$T/report.txt || exit 1
grep -E '^95%|never reached|^\(inf' $T/report.txt
/usr/bin/python3 - "$T/opt.json" "$T/reps.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
reps = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
never = sum(float(r["E"]) >= 1.85 for r in reps)
assert j["replicates"] == 200 and j["replicates_not_converged"] == 0 and never > 0
r = j["rows"][0]
assert r["given"] == "loss" and abs(r["loss"] - 1.85) < 1e-9
assert r["replicates_unreachable"] == never and r["replicates_failed"] == 0, r
for k in ("compute", "N", "D"):
    lo, hi = r[k + "_ci95"]
    assert hi is None and r[k + "_ci95_unbounded"] == "upper", (k, r)
    assert 0 < lo <= r[k], (k, r)
lo, hi = r["loss_ci95"]
assert abs(lo - 1.85) < 1e-9 and abs(hi - 1.85) < 1e-9 and "loss_ci95_unbounded" not in r
print("ok: %d of %d replicates never reach 1.85" % (never, len(reps)))
PY

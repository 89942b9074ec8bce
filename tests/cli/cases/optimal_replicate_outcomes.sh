# Each kind of replicate: reached (0, 1), never reaching loss 1.9 (2: E = 2), failing
# (3: a negative exponent) and not converged in the fit (4). None is dropped silently.
P="E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28"
$EFFCOMP optimal --form chinchilla --params "$P" --replicates $FIX/replicate_outcomes.csv --compute 1e24 --loss-target 1.9 || exit 1
$EFFCOMP optimal --form chinchilla --params "$P" --replicates $FIX/replicate_outcomes.csv --compute 1e24 --loss-target 1.9 -o $T/o.json -q || exit 1
/usr/bin/python3 - "$T/o.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["replicates"] == 4 and j["replicates_not_converged"] == 1
c, l = j["rows"]
assert (c["replicates_unreachable"], c["replicates_failed"]) == (0, 1), c
assert (l["replicates_unreachable"], l["replicates_failed"]) == (1, 1), l
assert l["compute_ci95"][1] is None and l["compute_ci95_unbounded"] == "upper"
# Replicate 2 has alpha > beta: its tokens per parameter grow without bound too.
assert l["tokens_per_param_ci95"][1] is None and l["tokens_per_param_ci95_unbounded"] == "upper"
assert None not in c["N_ci95"] and "N_ci95_unbounded" not in c
print("ok")
PY

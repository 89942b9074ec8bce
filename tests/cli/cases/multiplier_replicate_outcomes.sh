# Reached (0, 1), never reaching quality 1.9 (2: E = 2, unbounded), failed (3: a negative
# exponent) and not converged (4) replicates are each counted.
P="E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28"
$EFFCOMP multiplier --form chinchilla --params "$P" --replicates $FIX/replicate_outcomes.csv --point 'C=1e23,L=1.9' || exit 1
$EFFCOMP multiplier --form chinchilla --params "$P" --replicates $FIX/replicate_outcomes.csv --point 'C=1e23,L=1.9' -o $T/m.json -q || exit 1
/usr/bin/python3 - "$T/m.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert (j["replicates"], j["replicates_not_converged"]) == (4, 1), j
assert (j["replicates_unreachable"], j["replicates_failed"]) == (1, 1), j
assert j["ci95"][1] is None and j["ci95_unbounded"] == "upper"
print("ok")
PY

# A bootstrap replicate that converges where B overflows (b past log DBL_MAX on the valley
# beta -> 0, while B/D^beta stays finite) counts as failed: before, the whole bootstrap stopped
# with "parameter B = inf is not a finite number", exit 2. 400 points of
# `bench/synthetic_chinchilla.py 11 OUT 400` (Training FLOP = 6ND); replicate 67 is such a one
# (beta = 133, its B empty in the replicates file). beta's value on that valley differs in its third digit
# between the evaluator's vector paths (133.05 with AVX2, 132.46 with AVX-512), so only beta > 100 is shown.
cd "$T"
$EFFCOMP fit --data "$FIX/synthetic_seed11_400.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
    --starts single --bootstrap 70 -o f.json --replicates-out r.csv -q; echo "exit $?"
/usr/bin/python3 -c "
import json, math
b = json.load(open('f.json'))['bootstrap']
print(b['replicates'], b['failed'], all(math.isfinite(v) for v in b['mean'].values() if v is not None))"
grep '^67,' r.csv | awk -F, '{ print "B [" $4 "] beta > 100:", ($6 > 100 ? "yes" : "no"), "converged:", $8 }'
grep -v '^#' r.csv | awk -F, 'NR > 1 && $NF == 0 { n++ } END { print n, "failed of", NR - 1 }'

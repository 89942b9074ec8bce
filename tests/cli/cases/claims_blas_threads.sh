# The same ledger gives the same bits whatever threads OpenBLAS or OpenMP are given: CHOLMOD's dense blocks go
# through OpenBLAS, whose threaded routines split their sums by the thread count (before the program pinned it to
# one thread, 300 models x 1,500 claims on a random graph differed in the last places between 1 and 2 threads).
# OpenBLAS uses no more threads than the machine has cores, so on one core this passes whatever the program does.
/usr/bin/python3 bench/claims_gen.py 300 1500 1 uniform >$T/ledger.csv || exit 1
for t in 1 2 4; do
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t $EFFCOMP claims --claims $T/ledger.csv --reference M0000000 \
        -o $T/c$t.json -q || exit 1
done
$EFFCOMP claims --claims $T/ledger.csv --reference M0000000 -o $T/c.json -q || exit 1
cmp $T/c1.json $T/c2.json && cmp $T/c1.json $T/c4.json && cmp $T/c1.json $T/c.json && echo "same bits for 1, 2 and 4 threads"
/usr/bin/python3 - $T/c.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(j["n_models"], "models,", j["n_claims"], "claims; reference factor", j["models"]["M0000000"]["factor"])
PY

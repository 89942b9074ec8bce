# Two runs writing the same outputs at once (different seeds): afterwards the JSON and the
# replicates file are complete and from the same run (the JSON's bootstrap seed is the
# replicates file's), five times over.
. faults/lib.inc
mkdir -p "$T/out"
for round in 1 2 3 4 5; do
    fit --bootstrap 300 --seed 11 --replicates-out "$T/out/J.csv" -o "$T/out/J.json" -q 2>"$T/err1" &
    p1=$!
    fit --bootstrap 300 --seed 22 --replicates-out "$T/out/J.csv" -o "$T/out/J.json" -q 2>"$T/err2" &
    p2=$!
    wait $p1 || fail "round $round: run 1 failed: $(cat "$T/err1")"
    wait $p2 || fail "round $round: run 2 failed: $(cat "$T/err2")"
    python3 - "$T/out/J.json" "$T/out/J.csv" <<'PY' || exit 1
import json, sys
j = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
seed = j["bootstrap"]["seed"]
head = lines[0]
assert f"seed {seed}" in head, f"the JSON is of seed {seed}, the replicates of: {head}"
assert len(lines) == 2 + j["bootstrap"]["replicates"], f"{len(lines) - 2} replicate rows, expected {j['bootstrap']['replicates']}"
PY
    left=$(cd "$T/out" && ls -A | grep -v '^J\.json$' | grep -v '^J\.csv$' | tr '\n' ' ')
    [ -z "$left" ] || fail "round $round: left $left"
done
echo "two runs at once, 5 rounds: JSON and replicates from one run each time, nothing else left"

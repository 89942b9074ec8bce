# Two runs writing the same outputs at once (different seeds), five times over: afterwards both
# files are complete, nothing else is left, and the pair is either from one run (the JSON's
# bootstrap seed is the replicates file's) or, when the two renames interleaved, refused by the
# reader (issue 15: the JSON names its replicates file's SHA-256; exit 2, the mismatch named).
. faults/lib.inc
mkdir -p "$T/out"
cat >"$T/pair.py" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
seed = j["bootstrap"]["seed"]
assert len(lines) == 2 + j["bootstrap"]["replicates"], f"{len(lines) - 2} replicate rows, expected {j['bootstrap']['replicates']}"
print("yes" if f"seed {seed}" in lines[0] else "no")
PY
for round in 1 2 3 4 5; do
    fit --bootstrap 300 --seed 11 --replicates-out "$T/out/J.csv" -o "$T/out/J.json" -q 2>"$T/err1" &
    p1=$!
    fit --bootstrap 300 --seed 22 --replicates-out "$T/out/J.csv" -o "$T/out/J.json" -q 2>"$T/err2" &
    p2=$!
    wait $p1 || fail "round $round: run 1 failed: $(cat "$T/err1")"
    wait $p2 || fail "round $round: run 2 failed: $(cat "$T/err2")"
    same=$(python3 "$T/pair.py" "$T/out/J.json" "$T/out/J.csv") || exit 1
    if [ "$same" = no ]; then # a mismatched pair must be refused when read
        "$EFFCOMP" predict --fit "$T/out/J.json" --at 'N=1e9,D=2e10' >/dev/null 2>"$T/err3"
        rc=$?
        [ $rc -eq 2 ] && grep -q -e 'not written by the same run' -e 'belongs to another run' "$T/err3" ||
            fail "round $round: a mismatched pair was read (predict exit $rc: $(cat "$T/err3"))"
        mismatched=$((${mismatched:-0} + 1))
    fi
    left=$(cd "$T/out" && ls -A | grep -v '^J\.json$' | grep -v '^J\.csv$' | tr '\n' ' ')
    [ -z "$left" ] || fail "round $round: left $left"
done
echo "two runs at once, 5 rounds: complete files, nothing else left; a mismatched pair (${mismatched:-0} of 5 here) refused on reading"

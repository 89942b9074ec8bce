# A scenario whose steps pass results in memory (@fit): the fit writes no file and the
# optimal step still runs on it (the fit, without an output, prints its report); the manifest
# names every step, and a second run of the
# same scenario and inputs writes the same manifest, byte for byte.
cd "$T" || exit 1
cat > s.ini <<INI
[fit]
data = $DATA/epoch_chinchilla_svg_extracted_data.csv
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
starts = single
bootstrap = 40

[optimal]
fit = @fit
compute = 1e24
output = opt.json
INI
$EFFCOMP run s.ini -o one -q > report.txt || exit 1
cp one/results.json first.json
$EFFCOMP run s.ini -o one -q > /dev/null || exit 1
ls one
cmp first.json one/results.json && echo "manifests identical"
head -1 report.txt
/usr/bin/python3 - one/results.json one/opt.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); o = json.load(open(sys.argv[2]))
print([s["id"] for s in m["steps"]], m["seed"], [len(i["sha256"]) for i in m["inputs"]])
assert m["steps"][1]["result"] == o, "the manifest holds the step's result"
assert o["fit"] == "@fit" and o["replicates"] == 40 - o.get("replicates_not_converged", 0)
fit = m["steps"][0]["result"]
assert fit["bootstrap"]["replicates"] == 40 and m["steps"][0]["outputs"] == []
print("ok")
PY

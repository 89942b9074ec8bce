# With --tie, the bootstrap's recorded start gives the tied parameter its target's value;
# a fixed value is written to the replicates file as given (1.69, not 1.6899999999999999),
# and every other value reads back exactly.
cd "$T"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --tie beta=alpha --fix E=1.69 --bootstrap 5 -o tb.json --replicates-out tb.csv -q || exit 1
/usr/bin/python3 - <<'PY'
import json
j = json.load(open("tb.json"))
st = j["bootstrap"]["start"]
assert st["beta"] == st["alpha"] == j["params"]["alpha"], st
rows = [l for l in open("tb.csv") if not l.startswith("#")]
head = rows[0].strip().split(",")
assert all(r.split(",")[head.index("E")] == "1.69" for r in rows[1:])
print("tied start and fixed value recorded as given")
PY

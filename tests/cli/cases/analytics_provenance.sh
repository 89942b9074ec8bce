# optimal and multiplier record what they read: the fit's seed, the SHA-256 of the fit JSON
# (input_sha256) and of the replicates file; a fit from a starts file records that file's hash.
cd "$T" && printf 'E,A,alpha\n1.7,2,0.2\n' > st.csv
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 20 --seed 7 -o fit.json --replicates-out reps.csv -q || exit 1
$EFFCOMP optimal --fit fit.json --compute 1e24 -o o.json -q || exit 1
$EFFCOMP multiplier --fit fit.json --model 'N=70e9,D=1.4e12' -o m.json -q || exit 1
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --starts file:st.csv -o s.json -q || exit 1
/usr/bin/python3 - <<'PY'
import hashlib, json
h = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
for name in ("o.json", "m.json"):
    j = json.load(open(name))
    assert j["seed"] == 7 and j["version"], j.get("seed")
    assert j["input_sha256"] == h("fit.json") == j["input"]["fit_sha256"]
    assert j["input"]["replicates_sha256"] == h("reps.csv")
assert json.load(open("s.json"))["options"]["starts_sha256"] == h("st.csv")
print("provenance recorded")
PY

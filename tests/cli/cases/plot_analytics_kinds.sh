# isoflop, multipliers and trend figures from their commands' JSON, and --plot on the commands.
$EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv \
  --columns 'C=compute_budget,D=training_tokens,L=validation_loss' -o $T/iso.json -q || exit 1
$EFFCOMP plot $T/iso.json -o $T/iso.png -q || exit 1
$EFFCOMP claims --claims $DATA/claims_example.csv --reference 'Llama 3.1-405B' -o $T/claims.json -q || exit 1
$EFFCOMP plot $T/claims.json --format svg -o $T/claims.svg -q || exit 1
$EFFCOMP trend --data tests/data/trend_doubling.csv --x date --y compute --plot $T/trend.pdf -o $T/trend.json -q || exit 1
$EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv \
  --columns 'C=compute_budget,D=training_tokens,L=validation_loss' --plot $T/iso2.png -q > /dev/null || exit 1
/usr/bin/python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
for f in ("iso.png", "iso2.png"):
    assert open(f"{t}/{f}", "rb").read()[:8] == b"\x89PNG\r\n\x1a\n", f
assert b"<svg" in open(f"{t}/claims.svg", "rb").read()
assert open(f"{t}/trend.pdf", "rb").read()[:5] == b"%PDF-"
print("ok")
PY

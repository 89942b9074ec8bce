# Every kind drawn from a fit result, in png, svg and pdf: files exist and are well-formed.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single \
  --bootstrap 100 --seed 1 --replicates-out $T/reps.csv -o $T/fit.json -q || exit 1
for kind in fit residuals bootstrap contour frontier; do
  for fmt in png svg pdf; do
    $EFFCOMP plot $T/fit.json --kind $kind --format $fmt -o $T/$kind.$fmt -q || exit 1
  done
done
/usr/bin/python3 - "$T" <<'PY'
import sys, struct, os
t = sys.argv[1]
for kind in ("fit", "residuals", "bootstrap", "contour", "frontier"):
    png = open(f"{t}/{kind}.png", "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", kind
    w, h = struct.unpack(">II", png[16:24])
    assert (w, h) == (1000, 700), (kind, w, h)
    assert b"<svg" in open(f"{t}/{kind}.svg", "rb").read(), kind
    assert open(f"{t}/{kind}.pdf", "rb").read()[:5] == b"%PDF-", kind
assert not [f for f in os.listdir(t) if ".tmp" in f], os.listdir(t)
print("ok")
PY

# Without bootstrap replicates a fit's covariance gives predict a 95% band by the delta
# method, and the CSV says which; an inline law has neither, and no band columns.
cd "$T" || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single -o fit.json -q || exit 1
$EFFCOMP predict --fit fit.json --at 'N=70e9,D=1.4e12' > p.csv || exit 1
sed -n 2,3p p.csv
/usr/bin/python3 - p.csv <<'PY'
import csv, sys
r = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))[0]
lo, y, hi = float(r["lo95"]), float(r["L_hat"]), float(r["hi95"])
assert lo < y < hi and (hi - y) / y < 0.05, r
print("band ok")
PY
$EFFCOMP predict --form chinchilla --params 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28' --at 'N=70e9,D=1.4e12' | sed 1d

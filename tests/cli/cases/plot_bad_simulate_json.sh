# A simulate result whose years are not finite and increasing, or whose rows do not match the
# percentiles: refused with the file named, exit 2, no image; the good file still draws.
$EFFCOMP simulate -q --start-year 2025 --start-compute 1e26 --end-year 2028 --compute-growth 4 \
  --thresholds 1e27 --draws 1000 -o $T/s.json
/usr/bin/python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
r = json.load(open(t + '/s.json'))
a = dict(r); a['years'] = [r['years'][0], None] + r['years'][2:]
json.dump(a, open(t + '/years.json', 'w'))
b = json.loads(json.dumps(r)); b['effective_compute']['log10'][1] = b['effective_compute']['log10'][1][:3]
json.dump(b, open(t + '/rows.json', 'w'))
PY
for f in years rows; do
  { $EFFCOMP plot $T/$f.json -o $T/$f.png 2>&1; echo "exit $?"; } | sed "s|$T|T|"
done
$EFFCOMP plot -q $T/s.json -o $T/ok.png; echo "exit $?"
ls $T

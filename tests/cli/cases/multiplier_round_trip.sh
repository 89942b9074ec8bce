# A point lying on the reference curve has multiplier 1; a compute-optimal model
# has allocation efficiency 1.
P="E=1.8172,A=477.8,B=2143,alpha=0.34731,beta=0.36717"
$EFFCOMP optimal --form chinchilla --params "$P" --compute 1e23 -o $T/opt.json -q || exit 1
L=$(/usr/bin/python3 -c "import json,sys; print(repr(json.load(open(sys.argv[1]))['rows'][0]['loss']))" $T/opt.json)
N=$(/usr/bin/python3 -c "import json,sys; print(repr(json.load(open(sys.argv[1]))['rows'][0]['N']))" $T/opt.json)
D=$(/usr/bin/python3 -c "import json,sys; print(repr(json.load(open(sys.argv[1]))['rows'][0]['D']))" $T/opt.json)
$EFFCOMP multiplier --form chinchilla --params "$P" --point "C=1e23,L=$L" -o $T/m.json -q || exit 1
$EFFCOMP multiplier --form chinchilla --params "$P" --model "N=$N,D=$D" -o $T/a.json -q || exit 1
/usr/bin/python3 - "$T/m.json" "$T/a.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); a = json.load(open(sys.argv[2]))
assert abs(m["multiplier"] - 1) < 1e-8, m
assert abs(m["reference_compute"] - 1e23) < 1e-8 * 1e23
assert abs(a["allocation_efficiency"] - 1) < 1e-8, a
print("ok")
PY

#!/bin/sh
# approach.sh EFFCOMP [COUNT]: fits COUNT (default 30) random synthetic data sets
# (bench/synthetic_chinchilla.py, seeds 1..COUNT) with the Chinchilla grid, once with the
# default approach phase and once with --approach none, and prints both objectives, the starts
# converged and at the best, and which setting found the lower optimum. Not a timing.
set -u
EFFCOMP=${1:?usage: approach.sh PATH/TO/effcomp [COUNT]}
COUNT=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# fit OUT.json APPROACH: one grid fit of $tmp/d.csv. Exit status 3 (some start did not
# converge) still writes the result; anything else stops the script.
fit() {
    "$EFFCOMP" fit --data "$tmp/d.csv" --columns 'N=N,D=D,L=L,weight=w' --approach "$2" -o "$1" -q
    st=$?
    [ $st = 0 ] || [ $st = 3 ] || { echo "seed $s: effcomp fit --approach $2 failed (exit $st)" >&2; exit 1; }
}
better=0 worse=0 same=0
printf '%4s %5s  %-34s  %-34s\n' seed n 'approach=subsample: F, conv, best' 'approach=none: F, conv, best'
for s in $(seq 1 "$COUNT"); do
    "$PY" "$here/synthetic_chinchilla.py" "$s" "$tmp/d.csv" >/dev/null || exit 1
    rm -f "$tmp/a.json" "$tmp/n.json"
    fit "$tmp/a.json" subsample
    fit "$tmp/n.json" none
    verdict=$("$PY" - "$s" "$tmp/a.json" "$tmp/n.json" <<'PY'
import json, sys
s, a, n = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
d = a["objective"] / n["objective"] - 1
v = "worse" if d > 1e-7 else "better" if d < -1e-7 else "same"
row = lambda j: f"{j['objective']:.8g}, {j['starts']['converged']}, {j['starts']['at_best']}"
print(f"{s:>4} {a['n_points']:>5}  {row(a):<34}  {row(n):<34}  {v} ({d:+.1e})")
PY
) || exit 1
    [ -n "$verdict" ] || exit 1
    echo "$verdict"
    case "$verdict" in *worse*) worse=$((worse + 1)) ;; *better*) better=$((better + 1)) ;; *) same=$((same + 1)) ;; esac
done
echo "approach=subsample reached a lower optimum on $better, a higher one on $worse, the same on $same of $COUNT"

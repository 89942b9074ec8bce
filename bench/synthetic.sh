#!/bin/sh
# bench/synthetic.sh EFFCOMP [N ...]: the Chinchilla grid fit on large synthetic sets against scipy's grid
# (issue 13's floor: at least 50x faster, the same optimum).
#
# For each N (default 2400): bench/synthetic_chinchilla.py SEED (default 11: 1% noise, no outliers, 5 model
# sizes, unweighted) writes N points, which are rewritten with the peer's columns (Model Size, Training FLOP =
# 6ND, loss). Both drop the 5 highest losses. effcomp: `effcomp fit --columns 'N=Model Size,C=Training FLOP,L=loss'
# --drop-highest 5` (the grid, Huber), whole process, best of 3 (wall and CPU, all threads). The peer:
# ../shared/bench/chinchilla_scipy.py FILE grid (L-BFGS-B with the analytic gradient from the 4500 grid starts,
# in process, one core), once. PEER=0 skips the peer (at N = 24,000 it takes some 10 minutes).
# Exit status: 0 when every effcomp fit succeeded and its objective is at most the peer's (relative 1e-6);
# 1 otherwise; 2 for bad arguments.
set -eu
[ $# -ge 1 ] || { echo "usage: sh bench/synthetic.sh PATH/TO/effcomp [N ...]" >&2; exit 2; }
EFFCOMP=$(realpath -e "$1" 2>/dev/null) && [ -x "$EFFCOMP" ] || { echo "bench: '$1' is not an executable" >&2; exit 2; }
shift
SIZES=${*:-2400}
SEED=${SEED:-11} PEER=${PEER:-1}
here=$(realpath "$(dirname "$0")")
SCIPY_PEER="$here/../../shared/bench/chinchilla_scipy.py"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
have_peer=0
if [ "$PEER" = 1 ] && [ -f "$SCIPY_PEER" ] && "$PY" -c 'import numpy, scipy' >/dev/null 2>&1; then have_peer=1; fi
[ "$have_peer" = 1 ] || [ "$PEER" != 1 ] || echo "bench: the scipy peer ($SCIPY_PEER, python3-scipy) is missing: effcomp alone" >&2
jget() { "$PY" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

echo "effcomp $("$EFFCOMP" --version | sed 's/^effcomp //') Chinchilla grid on synthetic data (seed $SEED), $(date -u +%Y-%m-%d), nproc $(nproc)"
printf '%-7s %-6s %8s %8s %9s %9s %-22s %9s %-20s %7s %s\n' N points wall cpu conv at_best objective scipy objective ratio same
status=0
for n in $SIZES; do
    "$PY" "$here/synthetic_chinchilla.py" "$SEED" "$tmp/raw.csv" "$n" >/dev/null
    "$PY" - "$tmp/raw.csv" "$tmp/s.csv" <<'PY'
import csv, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as g:
    g.write("Model Size,Training FLOP,loss\n")
    for r in csv.DictReader(f):
        g.write("%s,%.17g,%s\n" % (r["N"], 6 * float(r["N"]) * float(r["D"]), r["L"]))
PY
    t=$("$PY" "$here/general_scipy.py" time "$EFFCOMP" fit --data "$tmp/s.csv" \
        --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 -o "$tmp/fit.json" -q) || { status=1; continue; }
    wall=${t% *} cpu=${t#* }
    obj=$(jget "$tmp/fit.json" 'repr(j["objective"])')
    conv=$(jget "$tmp/fit.json" 'j["starts"]["converged"]')
    best=$(jget "$tmp/fit.json" 'j["starts"]["at_best"]')
    pts=$(jget "$tmp/fit.json" 'j["n_points"]')
    ps="-" pobj="-" ratio="-" same="-"
    if [ "$have_peer" = 1 ]; then
        "$PY" "$SCIPY_PEER" "$tmp/s.csv" grid >"$tmp/peer.json"
        ps=$(jget "$tmp/peer.json" '"%.2f" % j["seconds"]')
        pobj=$(jget "$tmp/peer.json" 'repr(j["objective"])')
        ratio=$(awk -v p="$ps" -v w="$wall" 'BEGIN { printf "%.1fx", p / w }')
        same=$(awk -v a="$obj" -v b="$pobj" 'BEGIN { print (a <= b * (1 + 1e-6)) ? ((a >= b * (1 - 1e-6)) ? "yes" : "lower") : "NO" }')
        [ "$same" != NO ] || status=1
    fi
    printf '%-7s %-6s %8.3f %8.3f %4s/4500 %9s %-22s %9s %-20s %7s %s\n' "$n" "$pts" "$wall" "$cpu" "$conv" "$best" \
        "$obj" "$ps" "$pobj" "$ratio" "$same"
done
echo "wall, cpu: effcomp whole process (start-up, CSV, 4500 starts, JSON), best of 3; scipy: in process, once, one core."
echo "ratio: scipy's seconds / effcomp's wall (floor 50x). same: yes within 1e-6, lower when effcomp's objective is"
echo "lower (L-BFGS-B stops early), NO when scipy's is lower (exit 1)."
exit $status

#!/bin/sh
# bench/sobol.sh EFFCOMP — issue 12's Sobol' speed floor: Sobol' indices of the Ishigami function
# (a = 7, b = 0.1, inputs uniform on [-pi, pi]) at N = 2^14, faster than Debian's python3-openturns
# on the same design and N, with indices that agree within their intervals. In one run, first and
# total order, then with second order (N (D + 2) = 81,920 and N (2D + 2) = 131,072 rows):
#   effcomp     bench_sobol: ec_saltelli_design, Ishigami in C, ec_sobol_analyze with RESAMPLES
#               (default 100) bootstrap resamples, in process, each part best of ROUNDS (default 5);
#   OpenTURNS   bench/sobol_openturns.py on effcomp's very points (reordered into its layout A, B,
#               E^1..E^3, [C^1..C^3], checked against its SobolIndicesExperiment on a tiny case), its
#               SymbolicFunction, SaltelliSensitivityAlgorithm with setBootstrapSize(RESAMPLES), 95%
#               intervals, in process (Samples built beforehand: that favours it), best of ROUNDS, on
#               1 and 2 TBB threads; and its own path (SobolIndicesExperiment, QMC) for reference;
#   CLI         `effcomp analyze sobol` on the same design written as a sweep CSV (whole process:
#               reading 82k rows, the indices, and the N/2 convergence check), best of 3.
# Exit status: 0 when every index agrees (each estimate in the other's interval, the certified
# S = (0.313905, 0.442411, 0), ST = (0.557589, 0.442411, 0.243684) in both), 1 when one does not or a
# part fails, 2 when bench_sobol or OpenTURNS is missing. Set-up: installs python3-openturns with
# apt-get when it is missing (as root). The machine is shared: read the ratios of one run.
#   sh bench/sobol.sh build/effcomp
set -eu
[ $# -eq 1 ] || { echo "usage: sh bench/sobol.sh PATH/TO/effcomp" >&2; exit 2; }
EFFCOMP=$(realpath -e "$1" 2>/dev/null) && [ -x "$EFFCOMP" ] || { echo "bench: '$1' is not an executable" >&2; exit 2; }
here=$(realpath "$(dirname "$0")") BENCH=$(dirname "$EFFCOMP")/bench/bench_sobol
N=${N:-16384} ROUNDS=${ROUNDS:-5} RESAMPLES=${RESAMPLES:-100}
[ -x "$BENCH" ] || { echo "bench: $BENCH not built (cmake --build $(dirname "$EFFCOMP"))" >&2; exit 2; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# ---------- set-up: the peer's Debian package ----------
if ! "$PY" -c 'import openturns, numpy' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing python3-openturns ..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-openturns python3-numpy \
            >"$T/apt.log" 2>&1 || { tail -5 "$T/apt.log" >&2; }
    fi
    "$PY" -c 'import openturns, numpy' >/dev/null 2>&1 ||
        { echo "bench: python3-openturns is missing (apt-get install python3-openturns, as root)" >&2; exit 2; }
fi

now() { date +%s.%N; }
status=0
for so in 0 1; do
    "$BENCH" "$N" "$ROUNDS" "$RESAMPLES" $so "$T/d$so" >"$T/e$so.json"
    "$PY" "$here/sobol_openturns.py" peer "$T/e$so.json" "$T/d$so" "$ROUNDS" 1,2 >"$T/p$so.txt" || status=1
    grep -v '^{' "$T/p$so.txt" # the table; its last line, a JSON record, is for the CLI line below
    # the CLI path on the same design and outputs
    "$PY" "$here/sobol_openturns.py" csv "$T/e$so.json" "$T/d$so" "$T/sweep$so.csv"
    b=""
    for _ in 1 2 3; do
        t0=$(now)
        "$EFFCOMP" analyze sobol "$T/sweep$so.csv" --output ishigami --resamples "$RESAMPLES" >"$T/cli$so.txt" || status=1
        t1=$(now)
        b=$(echo "$t0 $t1 $b" | awk '{d = $2 - $1; print ($3 == "" || d < $3) ? d : $3}')
    done
    "$PY" "$here/sobol_openturns.py" cli "$T/e$so.json" "$T/p$so.txt" "$T/cli$so.txt" "$b" || status=1
    echo
done
slow=$(cat "$T/p0.txt" "$T/p1.txt" | grep '^{' | grep -c '"ratio_indices": 0\.' || true)
echo "floor (issue 12): effcomp's indices faster than OpenTURNS' on the same design and N: $([ "$slow" = 0 ] && echo yes || echo NO);" \
    "agreeing within their intervals (and the CLI's the library's): $([ $status = 0 ] && echo yes || echo NO)"
exit $status

#!/bin/sh
# bench/claims.sh — `effcomp claims` against scipy's sparse least squares on synthetic
# claims ledgers, in the same run, on the same files.
#
#     sh bench/claims.sh build/effcomp
#
# For each size (models x claims: 1,000 x 5,000, 1,000 x 20,000, 10,000 x 50,000) and each
# kind of graph (recent: claims against the 20 models released before the subject, the shape
# of real ledgers; uniform: any pair, a random expander, the worst case for a sparse
# factorisation) it writes a ledger with bench/claims_gen.py (seed 1, log_sd from 0.03 to
# 0.5), then runs
#   - effcomp claims --reference M0000000 -o JSON   (whole process: read, solve, se_log, write)
#   - bench/claims_scipy.py ... lsqr                (scipy.sparse.linalg.lsqr on W^1/2 X)
#   - bench/claims_scipy.py ... spsolve             (SuperLU on the normal equations)
#   - bench/claims_solve.c (compiled here against the build's libeffcomp.a): the in-process
#     time of ec_ledger_solve() alone, after reading the file, as the peers report theirs
# timing each with /usr/bin/time -v when it is there (wall time and peak memory), and checks
# that the peers' factors equal effcomp's to a relative 1e-9. The peers give the factors
# only; effcomp also gives every standard error (the diagonal of (X'WX)^-1). Two ratios, peer
# time over effcomp's (above 1, effcomp is faster): in-process solve against in-process solve,
# and whole process against whole process (Python's start and imports, about 0.2 s, against
# effcomp reading the CSV and writing the JSON). Exit status 1 when a check fails.
#
# Environment: CLAIMS_SIZES (default "1000:5000 1000:20000 10000:50000"), CLAIMS_GRAPHS
# (default "recent uniform"). Needs Debian's python3 with python3-scipy.
set -eu
EFFCOMP=${1:?usage: sh bench/claims.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
[ -x "$EFFCOMP" ] || { echo "claims.sh: $EFFCOMP is not an executable (build it first)" >&2; exit 2; }
PY=/usr/bin/python3
"$PY" -c 'import scipy' 2>/dev/null || {
    echo "claims.sh: $PY cannot import scipy; install python3-scipy (apt-get install python3-scipy)" >&2
    exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
SIZES=${CLAIMS_SIZES:-"1000:5000 1000:20000 10000:50000"}
GRAPHS=${CLAIMS_GRAPHS:-"recent uniform"}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

# measure NAME CMD...: runs CMD with stdout to $dir/NAME.out; "seconds peak_kB" to $dir/NAME.m.
measure() {
    name=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$dir/$name.tv" "$@" >"$dir/$name.out"
        awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                                                for (i = 1; i <= n; i++) s = s * 60 + t[i] }
                    /Maximum resident set size/ { kb = $2 }
                    END { print s, kb }' "$dir/$name.tv" >"$dir/$name.m"
    else
        t0=$(date +%s.%N)
        "$@" >"$dir/$name.out"
        t1=$(date +%s.%N)
        echo "$t0 $t1" | awk '{ print $2 - $1, "-" }' >"$dir/$name.m"
    fi
}

# The in-process harness (bench/claims_solve.c, built by CMake as bench/bench_claims next to effcomp).
build=$(dirname "$EFFCOMP")
solve=""
[ -x "$build/bench/bench_claims" ] && solve="$build/bench/bench_claims"
[ -n "$solve" ] || echo "claims.sh: $build/bench/bench_claims not built (cmake --build build); no in-process times for effcomp" >&2

rows=""
for size in $SIZES; do
    models=${size%%:*}
    claims=${size##*:}
    for graph in $GRAPHS; do
        tag=${models}_${claims}_$graph
        echo "claims.sh: $models models x $claims claims, $graph graph" >&2
        "$PY" "$here/claims_gen.py" "$models" "$claims" 1 "$graph" >"$dir/$tag.csv"
        measure "$tag.effcomp" "$EFFCOMP" claims --claims "$dir/$tag.csv" --reference M0000000 \
            -o "$dir/$tag.json"
        if [ -n "$solve" ]; then
            "$solve" "$dir/$tag.csv" M0000000 "$dir/$tag.solve.csv" >"$dir/$tag.solve.out"
        else
            echo '{"seconds": null, "solve_peak_kb": null}' >"$dir/$tag.solve.out"
        fi
        for method in lsqr spsolve; do
            measure "$tag.$method" "$PY" "$here/claims_scipy.py" "$dir/$tag.csv" M0000000 "$method" \
                "$dir/$tag.$method.csv"
        done
        rows="$rows $tag"
    done
done

"$PY" - "$dir" $rows <<'PY'
import csv, json, math, os, sys

d, tags = sys.argv[1], sys.argv[2:]

def measured(name):
    with open(os.path.join(d, name + ".m")) as f:
        s, kb = f.read().split()
    return float(s), (float(kb) / 1024 if kb != "-" else float("nan"))

def num(x, fmt):
    return fmt % x if x is not None and x == x else " " * len(fmt % 0.0)

print("effcomp claims against scipy's sparse least squares (same files, same run; seconds, MB = peak resident)")
print("ratio = peer time / effcomp time (above 1: effcomp faster); solve = in-process, after reading the file;")
print("effcomp also computes every standard error, the peers only the factors")
print()
print("%-22s %8s %5s %8s %5s  %-7s %8s %8s %5s %7s %7s %6s"
      % ("models x claims,graph", "effcomp", "MB", "solve", "+MB", "peer", "solve", "whole", "MB",
         "x solve", "x whole", "dmax"))
bad = []
for tag in tags:
    models, claims, graph = tag.split("_")
    es, emb = measured(tag + ".effcomp")
    inproc = json.loads(open(os.path.join(d, tag + ".solve.out")).read())
    isec = inproc["seconds"]
    imb = inproc["solve_peak_kb"] / 1024 if inproc["solve_peak_kb"] is not None else None
    j = json.load(open(os.path.join(d, tag + ".json")))
    ours = {name: v["log_factor"] for name, v in j["models"].items()}
    if not all(v["se_log"] >= 0 for v in j["models"].values()):
        bad.append("%s: effcomp gave a negative or missing se_log" % tag)
    for n, method in enumerate(("lsqr", "spsolve")):
        ws, wmb = measured(tag + "." + method)
        info = json.loads(open(os.path.join(d, tag + "." + method + ".out")).read())
        with open(os.path.join(d, tag + "." + method + ".csv")) as f:
            theirs = {r["name"]: float(r["log_factor"]) for r in csv.DictReader(f)}
        if set(theirs) != set(ours):
            bad.append("%s %s: not the same models" % (tag, method))
            dmax = float("inf")
        else:
            # Relative difference of the factors phi = exp(log_factor).
            dmax = max(abs(math.expm1(ours[k] - theirs[k])) for k in ours)
        if not dmax <= 1e-9:
            bad.append("%s %s: factors differ by %.3g (relative)" % (tag, method, dmax))
        left = ("%-22s %8.2f %s %s %s" % ("%s x %s,%s" % (models, claims, graph), es, num(emb, "%5.0f"),
                                         num(isec, "%8.3f"), num(imb, "%5.0f"))) if n == 0 else " " * 51
        xs = info["seconds"] / isec if isec else None
        print("%s  %-7s %8.3f %8.2f %s %s %7.2f %6.0e"
              % (left, method, info["seconds"], ws, num(wmb, "%5.0f"), num(xs, "%7.2f"), ws / es, dmax))
print()
print("+MB: growth of effcomp's peak resident set during the solve; dmax: largest relative difference")
print("of a peer's factor from effcomp's (required: <= 1e-9)")
for b in bad:
    print("FAILED: " + b)
sys.exit(1 if bad else 0)
PY

#!/bin/sh
# bench/csv.sh EFFCOMP [MEGABYTES] — how fast effcomp reads a numeric CSV, against Python
# peers in the same run on the same file:
#
#   file:     bench/csv_gen.py writes MEGABYTES (default 200) of Chinchilla-like numeric CSV
#             (Model Size, Training Tokens, Training FLOP, loss; 17-digit values);
#   effcomp:  build/bench/bench_csv times each stage (read, SHA-256, records, table,
#             dataset = ec_dataset_load_csv with N, D, C, L mapped), best of 3, in process;
#   peers:    Python's csv module with float(), numpy.loadtxt (python3-numpy) and
#             pandas.read_csv (python3-pandas, C engine; its default float parser, which is not
#             correctly rounded, and float_precision='round_trip', which is), each once, in
#             process, load time only (no interpreter start-up or imports), with Debian's
#             /usr/bin/python3. A peer whose package is missing is skipped with a note.
#
# Every peer must sum the loss column to what effcomp read (relative 1e-12). MB/s are 10^6
# bytes per second. effcomp's figure includes the SHA-256 of the file, which no peer computes.
# Exits non-zero when a run fails or a sum differs.
set -eu

EFFCOMP=${1:?usage: sh bench/csv.sh PATH/TO/effcomp [MEGABYTES]}
MB=${2:-200}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
BENCH_CSV="$(dirname "$EFFCOMP")/bench/bench_csv"
[ -x "$BENCH_CSV" ] || { echo "bench: '$BENCH_CSV' not found (build the project first)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
CSV="$tmp/numeric.csv"

echo "generating $MB MB of numeric CSV ..."
"$PY" "$here/csv_gen.py" "$CSV" "$MB"
cat "$CSV" >/dev/null # page cache warm for every reader

echo "effcomp (bench_csv, best of 3) ..."
"$BENCH_CSV" "$CSV" 3 >"$tmp/effcomp.json"

echo "peers ..."
"$PY" - "$CSV" "$tmp/effcomp.json" <<'PYEOF'
import csv, json, os, sys, time

path, ours = sys.argv[1], json.load(open(sys.argv[2]))
size = os.path.getsize(path)
mb = size / 1e6

def timed(fn):
    t = time.perf_counter()
    s = fn()
    return time.perf_counter() - t, s

rows = []
def stage(name, what):
    rows.append(("effcomp " + name, what, ours[name + "_s"], None))

def csv_module():
    loss = []
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for rec in r:
            float(rec[0]); float(rec[1]); float(rec[2])
            loss.append(float(rec[3]))
    return loss

peers = [("Python csv module + float()", csv_module)]
try:
    import numpy
    peers.append(("numpy.loadtxt " + numpy.__version__,
                  lambda: numpy.loadtxt(path, delimiter=",", skiprows=1)[:, 3].tolist()))
except ImportError:
    print("note: numpy is not installed (Debian package python3-numpy); numpy.loadtxt skipped")
try:
    import pandas
    peers.append(("pandas.read_csv " + pandas.__version__ + " (default)",
                  lambda: pandas.read_csv(path)["loss"].tolist()))
    peers.append(("pandas.read_csv " + pandas.__version__ + " (round_trip)",
                  lambda: pandas.read_csv(path, float_precision="round_trip")["loss"].tolist()))
except ImportError:
    print("note: pandas is not installed (Debian package python3-pandas); pandas.read_csv skipped")

bad = 0
results = []
exact = None
for label, fn in peers:
    sec, loss = timed(fn)
    if exact is None:
        exact = loss  # Python's float(): correctly rounded, the reference
    s = sum(loss)
    same = abs(s - ours["sum_loss"]) <= 1e-12 * abs(ours["sum_loss"])
    bad += not same
    off = sum(1 for a, b in zip(loss, exact) if a != b)
    results.append((label, sec, same, off))
    del loss

print()
print("file: %.1f MB, %d rows, 4 numeric columns" % (mb, ours["rows"]))
print("%-44s %9s %9s %10s  %s" % ("reader", "seconds", "MB/s", "effcomp x", "loss cells not as float()"))
for name, what in (("read", "fread only (I/O floor)"), ("sha256", "SHA-256 of the bytes"),
                   ("records", "ec_csv_read, empty callback"),
                   ("table", "ec_table_load_csv"), ("dataset", "ec_dataset_load_csv (N, D, C, L)")):
    sec = ours[name + "_s"]
    print("%-44s %9.3f %9.1f" % ("effcomp: " + what, sec, mb / sec))
for label, sec, same, off in results:
    print("%-44s %9.3f %9.1f %9.2fx  %d%s" % (label, sec, mb / sec, sec / ours["dataset_s"], off,
                                            "" if same else "  SUM DIFFERS"))
print("effcomp x: the peer's time over ec_dataset_load_csv's. Sums of the loss column agree with")
print("effcomp's: %s. Last column: loss cells whose double differs from Python's correctly rounded"
      % ("yes" if not bad else "NO"))
print("float() (effcomp's conversion is strtod's, bit for bit: tests/test_csv.c).")
sys.exit(1 if bad else 0)
PYEOF

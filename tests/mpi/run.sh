#!/bin/sh
# tests/mpi/run.sh EFFCOMP_MPI [EFFCOMP] — issue 12's Open MPI floor: `mpirun -np K effcomp sweep` spreads the
# cells over K ranks and rank 0 writes the CSV a single process writes, byte for byte (a grid with a failing
# cell and --baseline, a shard of a split, a Sobol' design), for K = 1, 2, 3; a bad input is said once (exit 2,
# nothing written); --resume is refused under mpirun. EFFCOMP_MPI is effcomp built with Open MPI
# (-DEFFCOMP_MPI=ON, or build/effcomp-mpi); the serial CSVs come from EFFCOMP (default: EFFCOMP_MPI run without
# mpirun, one process). Exit 0 when everything matches, 1 otherwise, 77 (skipped) without mpirun.
set -u
M=$1
S=${2:-$1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v mpirun >/dev/null 2>&1; then
    echo "mpi: skipped: no mpirun (Debian's openmpi-bin; scripts/install-deps.sh installs it)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/ec_mpi.XXXXXX")
trap 'rm -rf "$T"' EXIT
# in a container the tests may run as root, which Open MPI refuses unless told
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
# Under AddressSanitizer (make test-asan) Open MPI's own allocations at MPI_Finalize (its dlopen'ed
# components) are reported as leaks: leak checks stay on for every other test, off for the ranks.
MPIRUN="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 $MPIRUN"
export OMP_NUM_THREADS=1
fails=0
check() { # what, expected, actual
    if cmp -s "$2" "$3"; then echo "ok   $1"; else echo "FAIL $1"; diff "$2" "$3" | head -5; fails=$((fails + 1)); fi
}
cat >$T/s.ini <<INI
[fit]
data = $ROOT/data/epoch_chinchilla_svg_extracted_data.csv
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
starts = single
bootstrap = 40
[project]
fit = @fit
sizes = 1T
policies = tokens-per-param=20
INI
# a grid of 3 x 5 cells, one of them failing (a loss the law cannot reach), paired against cell 0
G="--vary project.sizes=1T,10T,100T --vary project.policies=compute-optimal;tokens-per-param=20;loss=1.7;tokens-per-param=40;loss=1.9 --record project.loss,project.loss_lo95,project.compute --baseline 0"
$S sweep -q $T/s.ini $G -o $T/serial.csv || { echo "FAIL serial sweep"; exit 1; }
for k in 1 2 3; do
    $MPIRUN -np $k $M sweep -q $T/s.ini $G -o $T/np$k.csv >$T/np$k.log 2>&1 || { echo "FAIL mpirun -np $k: exit $?"; cat $T/np$k.log; fails=$((fails + 1)); }
    check "grid with a failing cell and --baseline: mpirun -np $k = one process" $T/serial.csv $T/np$k.csv
done
grep -q 'error: ' $T/serial.csv && echo "ok   the grid has a failing cell" || { echo "FAIL no failing cell"; fails=$((fails + 1)); }
# a shard of a split, spread over ranks
$S sweep -q $T/s.ini $G --shard 1/2 -o $T/sh1.csv
$MPIRUN -np 2 $M sweep -q $T/s.ini $G --shard 1/2 -o $T/sh1-np2.csv
check "shard 1 of 2: mpirun -np 2 = one process" $T/sh1.csv $T/sh1-np2.csv
# a Sobol' design (zip axes)
D="--design sobol --samples 8 --param project.sizes=loguniform(1e11,1e13) --param project.efficiency=uniform(1,4) --record project.loss"
$S sweep -q $T/s.ini $D -o $T/sobol.csv
$MPIRUN -np 3 $M sweep -q $T/s.ini $D -o $T/sobol-np3.csv
check "Sobol' design (32 cells): mpirun -np 3 = one process" $T/sobol.csv $T/sobol-np3.csv
# a bad input: said once by rank 0, exit 2, nothing written
$MPIRUN -np 2 $M sweep $T/s.ini --vary project.sizes=1T,2T --record project.nosuch -o $T/bad.csv >$T/bad.log 2>&1
rc=$?
n=$(grep -c 'no output .nosuch.' $T/bad.log)
if [ "$rc" -eq 2 ] && [ "$n" -eq 1 ] && [ ! -e $T/bad.csv ]; then echo "ok   bad record: exit 2, said once, nothing written"
else echo "FAIL bad record: exit $rc, said $n times, output $(ls $T/bad.csv 2>/dev/null)"; cat $T/bad.log; fails=$((fails + 1)); fi
$MPIRUN -np 2 $M sweep $T/s.ini --vary project.sizes=1T,2T --record project.loss -o $T/r.csv --resume >$T/res.log 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'resume is not for mpirun' $T/res.log; then echo "ok   --resume under mpirun: refused, exit 2"
else echo "FAIL --resume under mpirun: exit $rc"; cat $T/res.log; fails=$((fails + 1)); fi
[ "$fails" -eq 0 ] && echo "mpi: all ok" || echo "mpi: $fails failed"
[ "$fails" -eq 0 ]

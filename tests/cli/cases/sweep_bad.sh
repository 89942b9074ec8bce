# Bad sweeps: each refused before any cell runs, with the offending text or key named,
# exit 2, and no output file (an existing one left as it was).
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
echo keep >$T/out.csv
for args in "--vary project.sizes --record project.loss" "--vary sizes=1T --record project.loss" \
            "--vary project.sizes=1T,,2T --record project.loss" "--vary project.max_tokens=1e13:1e15:1 --record project.loss" \
            "--vary project.max_tokens=0:1e15:3:log --record project.loss" "--vary project.bogus=1,2 --record project.loss" \
            "--vary project.sizes=1T,10Z --record project.loss" "--vary project.sizes=1T --record fit.loss" \
            "--vary project.sizes=1T --record project.nosuch" "--vary project.sizes=1T --record project.loss --shard 4/4" \
            "--record project.loss" "--vary project.sizes=1T"; do
  { $EFFCOMP sweep $T/s.ini $args -o $T/out.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
done
# the first refused value in axis order is the one named, whichever thread checks it first (the values are
# checked in chunks of 64 on the sweep's threads)
many=$(seq 1 150 | awk '{printf "%dB,", $1}')
{ $EFFCOMP sweep $T/s.ini --vary "project.sizes=${many}10Z,20Q" --vary project.k=6,7,-1 --record project.loss --threads 2 -o $T/out.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ $EFFCOMP sweep $T/s.ini --vary "project.sizes=${many}2T" --vary project.k=6,-1,-2 --record project.loss --threads 2 -o $T/out.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ $EFFCOMP sweep $T/nosuch.ini --vary project.sizes=1T --record project.loss 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=2 $EFFCOMP sweep $T/s.ini --vary project.sizes=1T --record project.loss 2>&1; echo "exit $?"; } | sed "s|$T|T|"
cat $T/out.csv
ls $T

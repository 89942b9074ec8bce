# effcomp sweep: a grid of sizes x token policies over a projection scenario, one CSV row of
# named outputs per cell (10T at 20 tokens per parameter: 1.2e28 FLOP, loss 1.8436 as the
# closed form gives); the same bytes for 1 and 2 threads and for shards concatenated; a
# failing cell recorded in its status while the others go on; -o written atomically.
cp $FIX/sweep_projection.ini $T/s.ini # Epoch's Chinchilla fit, one projection row
V1='project.sizes=1T,10T'
V2='project.policies=compute-optimal;tokens-per-param=20;loss=1.7'
{ $EFFCOMP sweep $T/s.ini --vary "$V1" --vary "$V2" --record project.loss,project.compute,project.N 2>&1; echo "exit $?"; } | sed "s|$T|T|"
$EFFCOMP sweep -q $T/s.ini --vary "$V1" --vary "$V2" --record project.loss --threads 1 -o $T/a.csv
$EFFCOMP sweep -q $T/s.ini --vary "$V1" --vary "$V2" --record project.loss --threads 2 -o $T/b.csv
cmp $T/a.csv $T/b.csv && echo "1 and 2 threads: identical"
for i in 0 1 2 3; do $EFFCOMP sweep -q $T/s.ini --vary "$V1" --vary "$V2" --record project.loss --shard $i/4 -o $T/sh$i.csv; tail -n +4 $T/sh$i.csv; done >$T/shards.csv
tail -n +4 $T/a.csv | cmp - $T/shards.csv && echo "4 shards concatenated: identical"
# in a SLURM job array the shard comes from its variables and the file is shard-I-of-N.csv
(cd $T && SLURM_ARRAY_TASK_ID=11 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=3 $EFFCOMP sweep s.ini --vary "$V1" --vary "$V2" \
  --record project.loss 2>&1)
sed -n '1p;3,$p' $T/shard-1-of-3.csv
ls $T

# docs/scale-out.md's GNU parallel line: the shards of a sweep run as separate processes packed
# into one allocation (--joblog, --resume), merged: byte-identical to the single-process sweep.
# A second run with --resume runs nothing (every job in the joblog succeeded).
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
cd $T
V1='project.sizes=1T,2T,10T'
V2='project.policies=compute-optimal;tokens-per-param=20;tokens=30T'
$EFFCOMP sweep -q s.ini --vary "$V1" --vary "$V2" --record project.loss,project.compute -o full.csv
export EFFCOMP V1 V2
parallel --will-cite -j 2 --joblog jobs.log --resume \
  '$EFFCOMP sweep -q s.ini --vary "$V1" --vary "$V2" --record project.loss,project.compute --shard {}/5' ::: 0 1 2 3 4
echo "parallel exit $?"
$EFFCOMP merge -q shard-*-of-5.csv -o all.csv && cmp full.csv all.csv && echo "merged = single process"
tail -n +2 jobs.log | awk -F'\t' '{print $7}' | sort | uniq -c | sed 's/^ *//'
parallel --will-cite -j 2 --joblog jobs.log --resume 'echo ran {}' ::: 0 1 2 3 4
echo "resumed: nothing left to run"

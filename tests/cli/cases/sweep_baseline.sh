# --baseline CELL: each record minus the baseline cell's (columns d.RECORD); a shard that does not
# hold the baseline runs it too, so the shards still merge into the single-process CSV; a
# baseline outside the sweep is refused (exit 2).
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
policies = tokens-per-param=20
INI
cd $T
$EFFCOMP sweep -q s.ini --vary 'project.sizes=1T,2T,10T' --record project.loss,project.compute --baseline 0 -o full.csv
tail -n +2 full.csv
for i in 0 1 2; do $EFFCOMP sweep -q s.ini --vary 'project.sizes=1T,2T,10T' --record project.loss,project.compute --baseline 0 --shard $i/3; done
$EFFCOMP merge -q shard-*-of-3.csv | cmp - full.csv && echo "shards merged = single process"
$EFFCOMP sweep s.ini --vary 'project.sizes=1T,2T' --record project.loss --baseline 2
echo "exit $?"

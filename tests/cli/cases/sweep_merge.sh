# effcomp merge: the shards of a sweep (shard-I-of-N.csv by default), given in any order, merge
# into the CSV a single process writes, byte for byte (a grid, and a Sobol' design whose rows
# analyze then reads); a missing shard, a shard given twice, a foreign shard and a file that is
# not a shard are refused, exit 2, nothing written.
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
cd $T
V1='project.sizes=1T,2T,10T'
V2='project.policies=compute-optimal;tokens-per-param=20;tokens=30T'
$EFFCOMP sweep -q s.ini --vary "$V1" --vary "$V2" --record project.loss -o full.csv
for i in 0 1 2 3; do $EFFCOMP sweep -q s.ini --vary "$V1" --vary "$V2" --record project.loss --shard $i/4; done
ls shard-*
$EFFCOMP merge shard-3-of-4.csv shard-1-of-4.csv shard-0-of-4.csv shard-2-of-4.csv -o all.csv
cmp full.csv all.csv && echo "merged = single process"
P='--design sobol --samples 8 --param project.efficiency=loguniform(1,10) --param project.k=uniform(5,7)'
$EFFCOMP sweep -q s.ini $P --record project.loss -o dfull.csv
for i in 0 1; do $EFFCOMP sweep -q s.ini $P --record project.loss --shard $i/2 -o d$i.csv; done
$EFFCOMP merge -q d1.csv d0.csv -o dall.csv && cmp dfull.csv dall.csv && echo "design merged = single process"
$EFFCOMP analyze sobol dall.csv --output project.loss | tail -n 3
$EFFCOMP sweep -q s.ini --vary "$V1" --record project.loss --shard 0/4 -o other.csv
for files in "shard-0-of-4.csv shard-1-of-4.csv shard-3-of-4.csv" "shard-0-of-4.csv shard-0-of-4.csv" \
             "shard-0-of-4.csv other.csv" "shard-0-of-4.csv s.ini" "d0.csv shard-1-of-4.csv"; do
  $EFFCOMP merge $files -o bad.csv
  echo "exit $?"
done
ls bad.csv 2>/dev/null || echo "no bad.csv"

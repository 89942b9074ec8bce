# effcomp plot SWEEP.csv: the figure of a sweep drawn later from its CSV is byte for byte the one
# 'sweep --plot' draws: a line with its band and paired panel, a heatmap, and a sweep run as
# shards and merged. Refused (exit 2, no image): a shard alone, a design's CSV, a row off the
# grid, a row cut short, a cell twice, a CSV that is not a sweep's, --record not recorded,
# --kind, --format dumb.
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 10T
policies = tokens-per-param=20
INI
cd $T
$EFFCOMP sweep -q s.ini --vary 'project.efficiency=1:10:6:log' --record project.loss,project.compute --baseline 0 \
  -o l.csv --plot line.svg
sed -n 2p l.csv
{ $EFFCOMP plot l.csv -o line2.svg 2>&1; echo "exit $?"; }
cmp line.svg line2.svg && echo "line from the CSV = line of the sweep"
$EFFCOMP sweep -q s.ini --vary 'project.efficiency=1,2,4' --vary 'project.policies=tokens-per-param=20;loss=1.9' \
  --record project.loss -o h.csv --plot heat.svg
sed -n 2p h.csv
$EFFCOMP plot -q h.csv -o heat2.svg && cmp heat.svg heat2.svg && echo "heatmap from the CSV = heatmap of the sweep"
$EFFCOMP sweep -q s.ini --vary 'project.efficiency=1,2,4' --vary 'project.policies=tokens-per-param=20;loss=1.9' \
  --record project.loss,project.compute --plot-record project.compute -o c.csv --plot c.svg
$EFFCOMP plot -q c.csv --record project.compute -o c2.svg && cmp c.svg c2.svg && echo "the second record: the same"
for i in 0 1 2; do $EFFCOMP sweep -q s.ini --vary 'project.efficiency=1,2,4' \
  --vary 'project.policies=tokens-per-param=20;loss=1.9' --record project.loss --shard $i/3; done
$EFFCOMP merge -q shard-*-of-3.csv -o m.csv && $EFFCOMP plot -q m.csv -o heat3.svg && cmp heat.svg heat3.svg &&
  echo "merged shards: the same heatmap"
$EFFCOMP plot -q l.csv && ls l.sweep.png
# bad inputs: each refused, no image
$EFFCOMP sweep -q s.ini --design sobol --samples 4 --param 'project.k=uniform(5,7)' --record project.loss -o d.csv
sed '6s/^2,2,/2,3,/' h.csv >off.csv
head -n 5 h.csv >short.csv && echo '3,2,tokens-per-param=20' >>short.csv
{ cat h.csv; tail -n 1 h.csv; } >twice.csv
for a in "shard-1-of-3.csv" "d.csv" "off.csv" "short.csv" "twice.csv" "s.ini" "h.csv --record project.nope" \
         "h.csv --kind fit" "h.csv --format dumb" "l.csv --replicates l.csv"; do
  { $EFFCOMP plot $a -o bad.svg 2>&1; echo "exit $?"; }
done
ls bad.svg 2>/dev/null || echo "no bad.svg"

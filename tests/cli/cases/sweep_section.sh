# A [sweep] section in the scenario: its keys are sweep's options without their dashes; the sweep it describes
# writes the rows the same options on the command line write; the command line overrides it (--vary replaces
# what varies, --record what is recorded, --set adds); a design file named there is relative to the scenario;
# 'effcomp run' runs the steps once. Each bad entry is refused with the file and line, exit 2, and no output.
cp $FIX/sweep_projection.ini $T/plain.ini # Epoch's Chinchilla fit, one projection row
cp $T/plain.ini $T/s.ini
cat >>$T/s.ini <<INI

[sweep]
vary = project.sizes=1T,10T
vary = project.policies=compute-optimal;tokens-per-param=20
record = project.loss,project.compute
set = project.efficiency=1
INI
$EFFCOMP sweep $T/s.ini -o $T/a.csv 2>&1 | sed "s|$T|T|"
sed "s|$T|T|" $T/a.csv
$EFFCOMP sweep -q $T/plain.ini --vary project.sizes=1T,10T --vary 'project.policies=compute-optimal;tokens-per-param=20' \
  --record project.loss,project.compute --set project.efficiency=1 -o $T/b.csv
tail -n +2 $T/b.csv >$T/b.rows; tail -n +2 $T/a.csv | cmp - $T/b.rows && echo "section and command line: the same rows"
echo "-- the command line overrides:"
$EFFCOMP sweep -q $T/s.ini --vary project.sizes=2T,3T --record project.N --set project.efficiency=2 | tail -n +3
echo "-- a design file beside the scenario, run from elsewhere:"
printf 'cell,project.sizes\n0,2T\n1,1T\n' >$T/d.csv
cp $T/plain.ini $T/ds.ini
printf '[sweep]\ndesign = d.csv\nrecord = project.N\n' >>$T/ds.ini
(cd / && $EFFCOMP sweep -q $T/ds.ini | tail -n +3)
echo "-- a single option on the command line replaces the section's:"
cp $T/plain.ini $T/rs.ini
printf '[sweep]\ndesign = random\nsamples = 4\nparam = project.efficiency=uniform(1, 3)\nrecord = project.loss\n' >>$T/rs.ini
$EFFCOMP sweep -q $T/rs.ini --samples 3 | sed -n '2p;$p' | sed "s|$T|T|"
$EFFCOMP run $T/s.ini -o $T/run >/dev/null 2>&1; echo "run: exit $?"
echo "-- many long step labels: the seeds list is cut short, with '...':"
cp $T/plain.ini $T/long.ini
L=$(printf 'x%.0s' $(seq 1 170))
for i in 1 2 3 4 5 6 7 8; do printf '[project %s%d]\nform = chinchilla\nparams = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854\nsizes = 1T\n' $L $i >>$T/long.ini; done
$EFFCOMP sweep -q $T/long.ini --vary project.sizes=1T,2T --record project.loss | head -1 | sed -e "s|$T|T|" -e "s|$L|L|g"
echo "-- a label that reads like the counts: shards still merge"
cp $T/plain.ini $T/lab.ini
printf '[project x 9 cells, shard 0 of 1]\nform = chinchilla\nparams = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854\nsizes = 1T\n' >>$T/lab.ini
(cd $T && for i in 0 1; do $EFFCOMP sweep -q lab.ini --vary project.sizes=1T,2T,3T --record project.loss --shard $i/2; done &&
  $EFFCOMP merge -q shard-0-of-2.csv shard-1-of-2.csv -o lm.csv && $EFFCOMP sweep -q lab.ini --vary project.sizes=1T,2T,3T \
  --record project.loss -o lw.csv && cmp lm.csv lw.csv && echo "merged: identical"; rm -f shard-*.csv lm.csv lw.csv lab.ini)
echo "-- bad entries:"
bad() { cp $T/plain.ini $T/bad.ini; printf "$1" >>$T/bad.ini; { $EFFCOMP sweep $T/bad.ini -o $T/out.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|g"; }
bad '[sweep]\nvary = project.sizes\nrecord = project.loss\n'
bad '[sweep]\nvarry = project.sizes=1T\n'
bad '[sweep]\nsamples = 4\nsamples = 8\n'
bad '[sweep]\nsame_seed = maybe\n'
bad '[sweep]\nvary = project.k=1:2:1\nrecord = project.loss\n'
bad '[sweep]\ndesign = nosuch.csv\nrecord = project.loss\n'
bad '[sweep]\nvary = project.k=6,7\nbaseline = -1\nrecord = project.loss\n'
bad '[sweep]\nvary = project.k=6,7\n'
bad '[sweep]\nvary = project.k=6,7\n[sweep]\nrecord = project.loss\n'
ls $T

# effcomp sweep --design FILE.csv: a design written by hand (rows in any order, quoted and padded values kept as
# written), each row a cell with its values set as --set sets them; the losses are the closed form's (10T at 20
# tokens per parameter 1.8436, as sweep_grid); the same bytes for 1 and 2 threads and for merged shards; analyze
# refuses it; every malformed file is refused with its line, exit 2, and an existing output is left as it was.
cp $FIX/sweep_projection.ini $T/s.ini # Epoch's Chinchilla fit, one projection row
cat >$T/d.csv <<CSV
# cells by hand
cell,project.sizes,project.policies
2, 10T ,tokens-per-param=20
0,1T,compute-optimal
1,"1T",tokens-per-param=20
CSV
(cd $T && $EFFCOMP sweep s.ini --design d.csv --record project.loss,project.tokens_per_param -o a.csv 2>&1; echo "exit $?"; cat a.csv)
(cd $T && $EFFCOMP sweep -q s.ini --design d.csv --record project.loss,project.tokens_per_param --threads 2 -o b.csv && cmp a.csv b.csv && echo "1 and 2 threads: identical")
(cd $T && for i in 0 1; do $EFFCOMP sweep -q s.ini --design d.csv --record project.loss,project.tokens_per_param --shard $i/2; done &&
  $EFFCOMP merge -q shard-0-of-2.csv shard-1-of-2.csv -o m.csv && cmp a.csv m.csv && echo "2 shards merged: identical")
(cd $T && $EFFCOMP sweep -q s.ini --design d.csv --record project.loss,project.tokens_per_param --shard 0/2 -o p0.csv &&
  $EFFCOMP sweep -q $T/s.ini --design $T/d.csv --record project.loss,project.tokens_per_param --shard 1/2 -o p1.csv &&
  $EFFCOMP merge -q p0.csv p1.csv -o pm.csv && cmp a.csv pm.csv && echo "shards with the paths spelt differently merged: identical")
(cd $T && $EFFCOMP analyze sobol a.csv --output project.loss 2>&1; echo "exit $?")
# an interrupted design sweep (its CSV could not be written: a folder in the way) resumes only as the same sweep
(cd $T && mkdir P.csv && $EFFCOMP sweep -q s.ini --design d.csv --record project.loss --baseline 0 -o P.csv 2>&1 | sed 's/: [A-Z][a-z ]*$/: (reason)/'; rmdir P.csv
  $EFFCOMP sweep -q s.ini --design d.csv --record project.loss --baseline 2 -o P.csv --resume 2>&1; echo "exit $?"
  $EFFCOMP sweep -q s.ini --design d.csv --record project.loss --baseline 0 -o P.csv --resume; echo "exit $?"; tail -n +3 P.csv)
echo keep >$T/out.csv
bad() { printf "$1" >$T/bad.csv; (cd $T && $EFFCOMP sweep s.ini --design bad.csv --record project.loss -o out.csv 2>&1; echo "exit $?"); }
bad 'id,project.sizes\n0,1T\n'
bad 'cell\n0\n'
bad 'cell,sizes\n0,1T\n'
bad 'cell,project.sizes,project.sizes\n0,1T,2T\n'
bad 'cell,project.sizes\n0,1T,2\n'
bad 'cell,project.sizes\nx,1T\n'
bad 'cell,project.sizes\n0,1T\n0,2T\n'
bad 'cell,project.sizes\n0,1T\n2,2T\n'
bad 'cell,project.sizes\n0,\n'
bad 'cell,project.sizes\n'
bad ''
bad 'cell,project.bogus\n0,1\n'
bad 'cell,project.sizes\n0,10Z\n'
(cd $T && $EFFCOMP sweep s.ini --design sobl --record project.loss 2>&1; echo "exit $?")
(cd $T && $EFFCOMP sweep s.ini --design d.csv --samples 4 --record project.loss 2>&1; echo "exit $?")
(cd $T && $EFFCOMP sweep s.ini --design d.csv --vary project.k=6,7 --record project.loss 2>&1; echo "exit $?")
cat $T/out.csv
ls $T

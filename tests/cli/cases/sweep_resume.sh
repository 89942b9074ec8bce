# effcomp sweep --resume: a sweep killed half way (SIGTERM, then SIGKILL) leaves FILE.partial,
# the journal of its finished cells; --resume runs only the cells not in it and writes the CSV
# an uninterrupted sweep writes, byte for byte. A journal cut mid-line is read up to its last
# whole line; without --resume, or from another sweep, or with a bad line, it is refused (exit 2)
# and left as it is; a sweep refused before any cell runs leaves no journal.
D=$(cd "$(dirname "$0")/../../.." && pwd)
cat >$T/f.ini <<INI
[fit]
data = $D/data/epoch_chinchilla_svg_extracted_data.csv
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
starts = single
[project]
fit = @fit
sizes = 10T
policies = tokens-per-param=20
INI
V='fit.delta=1e-4:1e-2:2000:log'
R='project.loss,fit.p.E'
$EFFCOMP sweep -q $T/f.ini --vary "$V" --record $R --threads 2 -o $T/ref.csv
# interrupted twice: by SIGTERM, then (resumed) by SIGKILL, each once a few cells are saved
for sig in TERM KILL; do
  before=${saved:-0}
  $EFFCOMP sweep -q $T/f.ini --vary "$V" --record $R --threads 1 -o $T/out.csv --resume 2>/dev/null &
  pid=$!
  n=0
  while [ "$n" -lt 400 ] && [ "$(cat $T/out.csv.partial 2>/dev/null | grep -c '	ok$')" -lt $((before + 20)) ]; do sleep 0.02; n=$((n + 1)); done
  kill -$sig $pid; wait $pid 2>/dev/null
  saved=$(cat $T/out.csv.partial 2>/dev/null | grep -c '	ok$')
  [ -e $T/out.csv ] && echo "out.csv written after SIG$sig (the sweep finished before the signal)"
  [ "$saved" -ge $((before + 20)) ] && [ "$saved" -lt 2000 ] && echo "after SIG$sig: more cells saved, not all"
done
# a line cut short by the kill (as SIGKILL can leave one) is not read
printf '1999\t1.84' >>$T/out.csv.partial
cp $T/out.csv.partial $T/journal.copy
{ $EFFCOMP sweep $T/f.ini --vary "$V" --record $R -o $T/out.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
cmp $T/out.csv.partial $T/journal.copy && echo "journal untouched"
{ $EFFCOMP sweep $T/f.ini --vary "$V" --record project.loss -o $T/out.csv --resume 2>&1; echo "exit $?"; } | sed "s|$T|T|"
$EFFCOMP sweep $T/f.ini --vary "$V" --record $R --threads 2 -o $T/out.csv --resume 2>&1 | sed "s|$T|T|; s|: [0-9]* of 2000 cells saved|: N of 2000 cells saved|"
cmp $T/ref.csv $T/out.csv && echo "resumed CSV: identical to the uninterrupted sweep's"
ls $T | grep -c partial
# a bad line in a journal is named
head -1 $T/journal.copy >$T/bad.csv.partial
printf '3\tnot-a-number\t1.8\tok\n' >>$T/bad.csv.partial
{ $EFFCOMP sweep $T/f.ini --vary "$V" --record $R -o $T/bad.csv --resume 2>&1; echo "exit $?"; } | sed "s|$T|T|"
# refused before any cell: no journal
{ $EFFCOMP sweep $T/f.ini --vary "$V" --record fit.nosuch -o $T/none.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls $T/none.csv.partial 2>&1 | sed "s|$T|T|"
{ $EFFCOMP sweep $T/f.ini --vary "$V" --record $R --resume 2>&1; echo "exit $?"; } | sed "s|$T|T|"

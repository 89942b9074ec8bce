# sweep --baseline with a bootstrapped fit: the paired difference of the loss between two cells is
# taken replicate by replicate over the same (shared) fit's replicates, d.project.loss.lo95/hi95,
# and equals, to the last bit, the paired interval that one project step gives for the same two
# efficiency factors as rows against its baseline row (dloss_ci95); it is far narrower than the
# marginal band. A record without replicate values (loss_lo95) gets the difference only.
D=$(cd "$(dirname "$0")/../../.." && pwd)
cat >$T/p.ini <<INI
[fit]
data = $D/data/epoch_chinchilla_svg_extracted_data.csv
columns = N=Model Size,C=Training FLOP,L=loss
drop_highest = 5
bootstrap = 200
[project]
fit = @fit
sizes = 10T
policies = tokens-per-param=20
INI
$EFFCOMP sweep -q $T/p.ini --vary 'project.efficiency=1,1.1,3' --record project.loss,project.loss_lo95,project.loss_hi95 \
  --baseline 0 -o $T/sw.csv
sed -n 3p $T/sw.csv
# (to 8 significant digits: libmvec's exp differs in the last bit between its AVX2 and AVX-512 code)
cut -d, -f1,2,6,7,8 $T/sw.csv | tail -n +4 | awk -F, -v OFS=, '{ for (i = 3; i <= NF; i++) $i = sprintf("%.8g", $i); print }'
# the same two factors as rows of one project step, row 2 against row 1
sed 's/^policies = .*/&\nefficiency = 1,1.1\nbaseline = 1/' $T/p.ini >$T/rows.ini
$EFFCOMP run -q $T/rows.ini -o $T/rows >/dev/null
ci=$(tr -d '\n\t ' <$T/rows/results.json | grep -o '"dloss_ci95":\[[^]]*\]' | tail -1 | sed 's/.*\[\(.*\)\]/\1/' | tr , ' ')
echo "$ci" | awk -v l="$(sed -n 5p $T/sw.csv | cut -d, -f7)" -v h="$(sed -n 5p $T/sw.csv | cut -d, -f8)" \
  '{ print (l != "" && $1 == l && $2 == h) ? "cell 1 against cell 0 = project row 2 against row 1, paired: identical" : "DIFFERENT: " $0 " vs " l " " h }'
# narrower than the marginal band by far
sed -n 5p $T/sw.csv | awk -F, '{ w = $8 - $7; m = $5 - $4; print (w > 0 && w < m / 100) ? "paired interval under 1/100 of the marginal band" : "not narrower: " w " " m }'
# the paired intervals are saved in the journal too: a sweep whose CSV cannot be written (a folder
# in its place: exit 1) keeps every cell in sw.csv.partial; cut to two cells, resumed, it gives
# the uninterrupted CSV
mkdir -p $T/blk/sw.csv
{ $EFFCOMP sweep -q $T/p.ini --vary 'project.efficiency=1,1.1,3' --record project.loss --baseline 1 -o $T/blk/sw.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|"
rmdir $T/blk/sw.csv
head -3 $T/blk/sw.csv.partial >$T/j && mv $T/j $T/blk/sw.csv.partial
$EFFCOMP sweep $T/p.ini --vary 'project.efficiency=1,1.1,3' --record project.loss --baseline 1 -o $T/blk/sw.csv --resume 2>&1 | sed "s|$T|T|"
$EFFCOMP sweep -q $T/p.ini --vary 'project.efficiency=1,1.1,3' --record project.loss --baseline 1 -o $T/ref.csv
cmp $T/ref.csv $T/blk/sw.csv && echo "resumed with paired intervals: identical"

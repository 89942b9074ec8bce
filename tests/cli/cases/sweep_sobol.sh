# Sensitivity: a sweep over Saltelli's design (3 inputs, 256 base points: 1280 cells) and the
# Sobol' indices of a recorded output. Rows are read by cell id (the same report from the rows
# reversed); project.k does not move the loss (S1 = ST = 0). Errors: a missing cell, an unknown
# column, a bad --param, a design without its parts or with --vary: exit 2, the file named.
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
P1='project.efficiency=loguniform(1, 10)'
P2='project.max_tokens=loguniform(1e13, 1e15)'
P3='project.k=uniform(5.5,6.5)'
$EFFCOMP sweep -q $T/s.ini --design sobol --samples 256 --param "$P1" --param "$P2" --param "$P3" --record project.loss,project.D -o $T/sw.csv
echo "exit $?"
sed -n '2,5p' $T/sw.csv | sed "s|$T|T|"
grep -c ',ok$' $T/sw.csv
$EFFCOMP analyze sobol $T/sw.csv --output project.loss 2>&1 | sed "s|$T|T|"
{ head -3 $T/sw.csv; tail -n +4 $T/sw.csv | sort -t, -k1,1nr; } >$T/rev.csv
$EFFCOMP analyze sobol $T/rev.csv --output project.loss | tail -n +2 >$T/rev.txt
$EFFCOMP analyze sobol $T/sw.csv --output project.loss | tail -n +2 | cmp - $T/rev.txt && echo "rows reversed: the same indices"
head -n 100 $T/sw.csv >$T/cut.csv
for c in "$T/cut.csv --output project.loss" "$T/sw.csv --output project.nosuch" "$T/sw.csv --output project.k" \
         "$T/s.ini --output project.loss"; do
  { $EFFCOMP analyze sobol $c 2>&1; echo "exit $?"; } | sed "s|$T|T|"
done
for a in "--design sobol --samples 8 --param project.k=gamma(2)" "--design sobol --samples 8" \
         "--design sobol --samples 8 --param $P3 --vary project.sizes=1T" "--design latin --samples 8 --param $P3"; do
  { $EFFCOMP sweep $T/s.ini $a --record project.loss 2>&1; echo "exit $?"; } | sed "s|$T|T|"
done

# Morris screening: a sweep over Morris's trajectories (20 of D+1 = 4 cells, 4 levels) and the
# elementary effects of the loss: a larger efficiency factor or token cap lowers it (mu < 0,
# mu = -mu_star), k does not move it (mu = mu_star = sigma = 0). Refused: an unbounded input, an
# odd number of levels, analyze with the other method; exit 2.
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
P='--param project.efficiency=loguniform(1,10) --param project.max_tokens=loguniform(1e13,1e15) --param project.k=uniform(5.5,6.5)'
$EFFCOMP sweep -q $T/s.ini --design morris --samples 20 $P --record project.loss -o $T/m.csv
echo "exit $?"
sed -n '2,3p' $T/m.csv | sed "s|$T|T|"
grep -c ',ok$' $T/m.csv
$EFFCOMP analyze morris $T/m.csv --output project.loss | sed "s|$T|T|"
for a in "--design morris --samples 20 --param project.k=normal(6,1)" "--design morris --levels 3 --samples 20 --param project.k=uniform(5,7)"; do
  { $EFFCOMP sweep $T/s.ini $a --record project.loss 2>&1; echo "exit $?"; } | sed "s|$T|T|"
done
{ $EFFCOMP analyze sobol $T/m.csv --output project.loss 2>&1; echo "exit $?"; } | sed "s|$T|T|"

# In a scenario, efficiency = @claims:MODEL takes the factor from the claims step in
# memory (no file between them); a bad size is reported at its key's line, nothing run.
cat >$T/s.ini <<INI
[scenario]
seed = 7
[claims]
claims = $DATA/claims_example.csv
reference = Llama 4 Maverick
[project]
form = chinchilla
params = E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243
replicates = $FIX/epoch_reps_400.csv
sizes = 1T
policies = tokens=20T
efficiency = 1; @claims:NewModel
baseline = 1
INI
$EFFCOMP run $T/s.ini -o $T/out 2>&1 | sed "s|$T|T|"
ls $T/out
sed 's/^sizes = 1T$/sizes = 1T, 10Z/' $T/s.ini >$T/bad.ini
$EFFCOMP run $T/bad.ini -o $T/out2 2>&1 | sed "s|$T|T|"
[ -e $T/out2 ] || echo "no out2: nothing was written"

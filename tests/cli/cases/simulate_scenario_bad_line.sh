# A scenario whose [simulate] has a distribution without its interval level: the message
# names FILE:LINE (line 7) and the key (compute_growth), exit 2, nothing is run and the
# output folder gets nothing. The wording is not compared here, only what it must name.
cat >$T/bad.ini <<INI
[scenario]
seed = 7
[simulate]
start_data = $DATA/frontier_models.csv
end_year = 2030
draws = 1000
compute_growth = lognormal(median=4, ci=[3, 6])
thresholds = 1e28
output = sim.json
INI
$EFFCOMP run $T/bad.ini -o $T/out 2>$T/err
echo "exit $?"
if grep -q "$T/bad.ini:7:" $T/err; then echo "names bad.ini:7"; else echo "does not name bad.ini:7"; fi
if grep -q "compute_growth" $T/err; then echo "names compute_growth"; else echo "does not name compute_growth"; fi
if grep -q "ci=" $T/err; then echo "quotes the value"; else echo "does not quote the value"; fi
if [ -e $T/out ]; then echo "out:"; ls $T/out; else echo "no out: nothing was written"; fi

# A failed run leaves no output file and does not touch an existing one.
echo OLD > $T/old.json
$EFFCOMP fit --data tests/data/cli_bad_number.csv --columns "N=params,C=flop,L=loss" -o $T/old.json
echo "exit $?"
$EFFCOMP fit --data tests/data/cli_bad_number.csv --columns "N=params,C=flop,L=loss" -o $T/new.json
echo "exit $?"
cat $T/old.json
ls $T

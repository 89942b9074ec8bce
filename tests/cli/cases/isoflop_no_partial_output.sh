# A failed analysis leaves no output file behind.
$EFFCOMP isoflop --data tests/data/isoflop_concave.csv --columns 'C=flop,D=tokens,L=loss' -o $T/iso.json
echo "exit $?"
ls $T

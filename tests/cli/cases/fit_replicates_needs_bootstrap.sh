$EFFCOMP fit --data tests/data/cli_five_points.csv --replicates-out $T/r.csv

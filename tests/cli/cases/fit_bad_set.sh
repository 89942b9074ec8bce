$EFFCOMP fit --data tests/data/cli_five_points.csv --set max_iter

$EFFCOMP fit --data tests/data/cli_five_points.csv --columns "Q=params"

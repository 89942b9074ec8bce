$EFFCOMP fit --data tests/data/cli_five_points.csv --set bogus=3

$EFFCOMP plot tests/data/cli_five_points.csv --kind fit

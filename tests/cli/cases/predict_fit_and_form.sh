$EFFCOMP predict --fit tests/data/cli_five_points.csv --form power --at "x=1"

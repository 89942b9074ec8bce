$EFFCOMP trend --data tests/data/trend_doubling.csv --y compute

$EFFCOMP claims --claims tests/data/claims_missing_column.csv --reference ModelB

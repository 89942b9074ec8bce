$EFFCOMP claims --claims tests/data/claims_nonpositive.csv --reference ModelB

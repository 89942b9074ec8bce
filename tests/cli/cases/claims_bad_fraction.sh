$EFFCOMP claims --claims tests/data/claims_bad_fraction.csv --reference ModelB

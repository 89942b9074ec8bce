$EFFCOMP claims --claims data/claims_example.csv

$EFFCOMP claims --claims tests/data/claims_disconnected.csv --reference Ref

$EFFCOMP claims --claims tests/data/no_such_claims.csv --reference Ref

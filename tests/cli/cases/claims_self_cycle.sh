$EFFCOMP claims --claims tests/data/claims_self_cycle.csv --reference ModelB

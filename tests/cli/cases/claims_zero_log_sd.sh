$EFFCOMP claims --claims tests/data/claims_zero_log_sd.csv --reference ModelB

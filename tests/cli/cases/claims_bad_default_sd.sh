$EFFCOMP claims --claims data/claims_example.csv --reference NewModel --set default_log_sd=0

$EFFCOMP claims --claims data/claims_example.csv --reference "Llama 3.1 405B"

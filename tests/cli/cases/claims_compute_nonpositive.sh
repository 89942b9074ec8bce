$EFFCOMP claims --claims data/claims_example.csv --reference NewModel \
  --compute-file tests/data/claims_compute_nonpositive.csv

# The example ledger: the claims plus illustrative ones, with physical compute.
$EFFCOMP claims --claims data/claims_example.csv --reference "Llama 3.1-405B" \
  --compute-file data/claims_example_compute.csv

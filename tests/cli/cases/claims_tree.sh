# No redundant claims: fitted exactly, consistency cannot be tested.
$EFFCOMP claims --claims tests/data/claims_tree.csv --reference Ref

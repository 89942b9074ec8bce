# A cycle that does not close: chi2 = (log 1.6)^2 / (3 * 0.1^2) = 7.36 on 1 dof.
$EFFCOMP claims --claims tests/data/claims_inconsistent.csv --reference Ref

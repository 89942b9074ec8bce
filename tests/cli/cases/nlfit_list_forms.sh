# --list-forms prints the catalogue: names, formulas, parameters, data roles.
$EFFCOMP fit --list-forms

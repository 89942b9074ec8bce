# --dry-run checks option values with the command's own bounds.
$EFFCOMP run tests/data/run_bad_value.ini --dry-run

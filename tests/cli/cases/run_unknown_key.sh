# --dry-run checks option names: an unknown key fails at its line.
$EFFCOMP run tests/data/run_unknown_key.ini --dry-run

# An indented key would become part of the previous key's value: refused.
$EFFCOMP run tests/data/run_indented_key.ini --dry-run

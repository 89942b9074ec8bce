# An indented line would continue the previous value (inih multi-line values,
# '--delta 0.1 --delta 0.5'): refused with its line.
$EFFCOMP run tests/data/run_indented_value.ini --dry-run

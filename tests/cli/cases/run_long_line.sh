# inih would cut a line longer than its buffer in two: refused instead.
$EFFCOMP run tests/data/run_long_line.ini --dry-run

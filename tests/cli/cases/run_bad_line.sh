$EFFCOMP run tests/data/run_bad_line.ini

$EFFCOMP run tests/data/run_unknown.ini

$EFFCOMP run tests/data/no_such.ini

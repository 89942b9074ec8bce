$EFFCOMP run tests/data/run_no_section.ini

# Each bad step is reported at its line: a bad choice, an option of another
# command, a plot without its result, an unknown command.
$EFFCOMP run tests/data/run_bad_steps.ini

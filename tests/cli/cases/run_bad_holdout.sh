# A value checked by the option's own rule (holdout_above must be a number) is checked before
# any step runs: step 1's output is not written.
$EFFCOMP run tests/data/run_bad_holdout.ini
echo "exit $?"
if test -e step1.json; then echo "step 1 ran"; rm -f step1.json; else echo "nothing was run"; fi

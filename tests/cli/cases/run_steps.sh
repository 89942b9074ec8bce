# Steps run in order; a list option given twice appends; the first failing step stops the run.
sed -e "s|OUT|$T|" -e "s|DATA|$DATA|" tests/data/run_steps.ini > $T/s.ini
$EFFCOMP run $T/s.ini 2> $T/err.txt
echo "exit $?"
sed "s|$T|T|g" $T/err.txt
/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['input']['where'])" $T/fit.json

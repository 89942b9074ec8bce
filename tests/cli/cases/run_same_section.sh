# Two [fit] sections in a row are two steps (not one merged step): the dry run
# shows two command lines and the run writes both outputs.
sed -e "s|OUT|$T|" -e "s|DATA|$DATA|" tests/data/run_same_section.ini > $T/s.ini
$EFFCOMP run $T/s.ini --dry-run | sed -e "s|$T|T|g" -e "s|$DATA|DATA|g"
$EFFCOMP run $T/s.ini 2> $T/err.txt
echo "exit $?"
sed "s|$T|T|g" $T/err.txt
/usr/bin/python3 -c "import json,sys; print([json.load(open(f))['input']['where'] for f in sys.argv[1:]])" $T/first.json $T/second.json

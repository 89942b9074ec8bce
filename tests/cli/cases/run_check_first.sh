# A bad value in step 3 is found before step 1 runs: nothing runs, nothing is written.
sed -e "s|OUT|$T|" -e "s|DATA|$DATA|" tests/data/run_check_first.ini > $T/s.ini
$EFFCOMP run $T/s.ini 2> $T/err.txt
echo "exit $?"
sed "s|$T|T|g" $T/err.txt
ls $T

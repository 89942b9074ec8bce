# Empty list items and parameters given twice are refused, not silently skipped or overwritten.
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --at 'x=1,,2'
echo "exit $?"
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --at 'x=1,2,'
echo "exit $?"
$EFFCOMP predict --form power --params 'A=2,alpha=0.5,A=3' --at 'x=2'
echo "exit $?"
$EFFCOMP predict --form power --params 'A=inf,alpha=0.5' --at 'x=2'
echo "exit $?"
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --at 'x=1' --at 'x=4'
echo "exit $?"
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --at 'x=1' --replicates-out r.csv
echo "exit $?"

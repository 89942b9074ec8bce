# A single-valued option given twice on the command line is refused, naming both; a list
# option (--where, --at) takes one item each time.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --delta 1e-3 --set delta=1e-2
echo "exit $?"
$EFFCOMP optimal --form chinchilla -o a.json --output b.json --compute 1
echo "exit $?"
$EFFCOMP predict --form power --params 'A=2,alpha=0.1' --at 'x=1' --at 'x=10' | sed 1d

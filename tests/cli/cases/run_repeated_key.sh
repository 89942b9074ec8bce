# A single-valued key given twice is refused with both lines (a list option takes one
# item per line); a plot of an earlier step in memory needs an output file name.
cd "$T" || exit 1
printf '[fit]\ndata = x.csv\noutput = a.json\nwhere = loss<4\nwhere = loss>1\noutput = b.json\n' > twice.ini
$EFFCOMP run twice.ini
echo "exit $?"
printf '[fit]\ndata = %s\ncolumns = N=Model Size,C=Training FLOP,L=loss\n[plot]\nresult = @fit\n' "$DATA/epoch_chinchilla_svg_extracted_data.csv" > plot.ini
$EFFCOMP run plot.ini
echo "exit $?"
ls

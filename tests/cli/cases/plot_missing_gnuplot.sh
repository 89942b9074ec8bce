# Without gnuplot on PATH: a clear message, exit 1, the numeric output still written, no image.
PATH=/nonexistent $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single \
  -o $T/fit.json --plot $T/fit.png -q 2> $T/err.txt
echo "fit exit $?"
PATH=/nonexistent $EFFCOMP plot $T/fit.json --kind contour -o $T/c.png -q 2>> $T/err.txt
echo "plot exit $?"
sed 's/: error: .*not found on PATH.*/: error: gnuplot not found on PATH .../' $T/err.txt
test -s $T/fit.json && echo "json written"
echo "png files: $(ls $T | grep -c png)"

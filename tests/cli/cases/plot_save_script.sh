# --save-script keeps a .gp and its .dat files that regenerate the figure.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single -o $T/fit.json -q || exit 1
$EFFCOMP plot $T/fit.json --kind contour -o $T/contour.png --save-script 1 -q || exit 1
ls $T | grep -E '^contour\.(gp|.*\.dat|png)$' | sed 's/\..*\.dat$/.NAME.dat/' | sort -u
rm $T/contour.png && (cd $T && LC_ALL=C.UTF-8 gnuplot contour.gp 2>&1) && test -s $T/contour.png && echo regenerated
# Written into a folder given relative to where effcomp runs, the script still redraws from
# its own folder (the image and the data are named without the folder).
cd $T && mkdir sub && $EFFCOMP plot fit.json --kind residuals -o sub/r.png --save-script 1 -q || exit 1
rm sub/r.png && (cd sub && LC_ALL=C.UTF-8 gnuplot r.gp 2>&1) && test -s sub/r.png && echo "regenerated in its folder"
# A quote in the name is escaped in the script (gnuplot doubles it inside '...').
cd $T && $EFFCOMP plot fit.json --kind residuals -o "it's.png" --save-script 1 -q || exit 1
rm "it's.png" && LC_ALL=C.UTF-8 gnuplot "it's.gp" 2>&1 && test -s "it's.png" && echo "regenerated with a quote in its name"

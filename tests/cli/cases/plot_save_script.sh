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
# The script and its data are written like every output: when the script cannot be written (its
# path a folder), the run fails (exit 1), the old image and data stay as they were, no temporary left.
cd $T && $EFFCOMP plot fit.json --kind residuals -o k.png --save-script 1 -q || exit 1
cat k.png k.*.dat | cksum >before && rm k.gp && mkdir k.gp
{ $EFFCOMP plot fit.json --kind contour -o k.png --save-script 1 -q 2>&1; echo "exit $?"; } | sed "s|$T|T|"
cat k.png k.*.dat | cksum | cmp - before && echo "old image and data kept"
echo "temporaries left: $(ls -a $T | grep -c tmp)"

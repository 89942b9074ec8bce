# An output that is the input data file (directly or through a symbolic link) is
# refused before any work, with exit 2, and the data file is left as it was.
cd "$T" && cp "$DATA/epoch_chinchilla_svg_extracted_data.csv" pts.csv && ln -s pts.csv link.json
sum=$(cksum < pts.csv)
$EFFCOMP fit --data pts.csv --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o pts.csv
echo "exit $?"
$EFFCOMP fit --data pts.csv --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o link.json
echo "exit $?"
mkdir sub && ln pts.csv sub/hard.csv
$EFFCOMP isoflop --data ./pts.csv --columns 'N=Model Size,C=Training FLOP,L=loss' --plot sub/../sub/hard.csv
echo "exit $?"
[ "$(cksum < pts.csv)" = "$sum" ] && echo "data unchanged"
ls

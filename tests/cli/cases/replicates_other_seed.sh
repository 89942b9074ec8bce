# Replicates drawn with another seed (same form, same count) belong to another run: refused by
# every command that reads them, naming both seeds; a file without effcomp's header line and
# the fit's own file are accepted.
cd $T || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 20 --seed 1 --replicates-out a.csv -o a.json -q || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 20 --seed 2 --replicates-out b.csv -o b.json -q || exit 1
$EFFCOMP predict --fit a.json --replicates b.csv --at 'N=70e9,D=1.4e12' > /dev/null; echo "predict: $?"
$EFFCOMP optimal --fit a.json --replicates b.csv --compute 1e24 -o opt.json; echo "optimal: $?"
test -e opt.json && echo "opt.json written"
$EFFCOMP multiplier --fit a.json --replicates b.csv --model 'N=70e9,D=1.4e12' > /dev/null; echo "multiplier: $?"
$EFFCOMP predict --fit a.json --replicates a.csv --at 'N=70e9,D=1.4e12' > /dev/null; echo "own file: $?"
grep -v '^#' b.csv > plain.csv
$EFFCOMP predict --fit a.json --replicates plain.csv --at 'N=70e9,D=1.4e12' > /dev/null; echo "no header: $?"

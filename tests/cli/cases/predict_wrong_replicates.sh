# A replicates file that does not belong to the fit (wrong number of rows) is refused.
cd $T || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 20 --seed 1 --replicates-out a.csv -o a.json -q || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 30 --seed 1 --replicates-out b.csv -o b.json -q || exit 1
$EFFCOMP predict --fit a.json --replicates b.csv --at 'N=70e9,D=1.4e12'

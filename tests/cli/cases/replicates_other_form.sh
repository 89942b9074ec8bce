# Replicates of another form are refused with both forms named.
cd $T || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --drop-highest 5 --starts single --bootstrap 20 --seed 1 --replicates-out a.csv -o a.json -q || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'x=Training FLOP,y=loss' \
  --drop-highest 5 --form saturating-power --bootstrap 20 --seed 1 --replicates-out s.csv -o s.json -q || exit 1
$EFFCOMP optimal --fit a.json --replicates s.csv --compute 1e24

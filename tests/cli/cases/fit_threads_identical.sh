# The same seed gives byte-identical JSON and replicates whatever the thread count
# (both runs write the same paths, moved aside in between, so the JSON can be compared whole).
cd $T || exit 1
for t in 1 2; do
  $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --bootstrap 300 --seed 7 --threads $t --replicates-out reps.csv -o fit.json -q || exit 1
  mv fit.json fit$t.json && mv reps.csv reps$t.csv
done
cmp fit1.json fit2.json && cmp reps1.csv reps2.csv && echo identical

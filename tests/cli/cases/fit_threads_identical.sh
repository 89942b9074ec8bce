# The same seed gives byte-identical JSON and replicates whatever the thread count.
for t in 1 2; do
  mkdir -p $T/t$t && cd $T/t$t || exit 1
  $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \
    --bootstrap 300 --seed 7 --threads $t --replicates-out reps.csv -o fit.json -q || exit 1
done
cmp $T/t1/fit.json $T/t2/fit.json && cmp $T/t1/reps.csv $T/t2/reps.csv && echo identical

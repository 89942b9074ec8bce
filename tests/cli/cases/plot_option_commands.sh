# --plot on claims and optimal draws their figures; commands without a figure refuse it.
$EFFCOMP claims --claims $DATA/claims_example.csv --reference 'Llama 3.1-405B' --plot $T/claims.png -q > /dev/null || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single -o $T/fit.json -q || exit 1
$EFFCOMP optimal --fit $T/fit.json --compute 1e24 --plot $T/frontier.pdf -q > /dev/null || exit 1
head -c 8 $T/claims.png | od -An -tx1 | tr -d ' \n'; echo
head -c 5 $T/frontier.pdf; echo
$EFFCOMP backtest --data $DATA/epoch_chinchilla_svg_extracted_data.csv --holdout-fraction 0.2 --plot $T/x.png
echo "backtest exit $?"

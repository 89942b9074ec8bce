# Without -o a readable report goes to stdout: parameters with standard errors.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 > $T/report.txt || exit 1
grep -E '^(points|derived|loss|status):|each first fitted' $T/report.txt
grep -E '^(E|A|B|alpha|beta) +=' $T/report.txt | awk '{printf "%s %.4g\n", $1, $3}'

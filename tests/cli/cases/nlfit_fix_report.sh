# A fixed parameter is held at its value and marked "(fixed)" in the report;
# the others keep standard errors.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --loss ls-log --fix alpha=0.2 -q > $T/report.txt || exit 1
grep -E '^alpha +=' $T/report.txt
grep -E '^(E|A) +=' $T/report.txt | awk '{print $1, ($4 == "+/-" && $5 > 0) ? "has se" : "NO SE"}'
grep -E '^ +n = ' $T/report.txt | sed 's/, AIC.*//'

# Two outputs naming the same file are refused before the work (exit 2, nothing written);
# so is a prediction written over the fit it reads, and a starts file used as the output.
cd "$T" && printf 'a,b,e,alpha,beta\n6,7,0.5,0.3,0.3\n' > starts.csv
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 10 -o r.json --replicates-out ./r.json
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --starts file:starts.csv -o starts.csv
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o fit.json -q
echo "exit $?"
$EFFCOMP predict --fit fit.json --at 'N=1e9,D=1e10' -o fit.json
echo "exit $?"
grep -c '"form"' fit.json
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o /dev/null --replicates-out /dev/null --bootstrap 2 -q
echo "exit $?"
ls

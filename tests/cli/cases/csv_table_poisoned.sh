# Replicates and starts tables with nan, inf or an overflowing number are refused with
# file:line:column and what to do (issue 14: they were read and used, exit 0); an empty cell
# is still a missing value.
cd "$T"
P='E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28'
for bad in nan 1e400 -inf; do
    printf '# effcomp bootstrap replicates\nreplicate,E,A,B,alpha,beta,objective,converged\n0,1.7,400,400,0.3,0.3,0.001,1\n1,%s,400,400,0.3,0.3,0.001,1\n' "$bad" > reps.csv
    $EFFCOMP predict --form chinchilla --params "$P" --replicates reps.csv --at 'N=1e9,D=2e10'
    echo "exit $?"
done
printf 'A,alpha\n100,0.1\n200,inf\n' > starts.csv
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --loss ls-log --starts file:starts.csv -o f.json
echo "exit $?"
[ -e f.json ] && echo "f.json was written"
exit 0

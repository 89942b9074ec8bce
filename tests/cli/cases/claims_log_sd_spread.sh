# A log_sd so small next to the others that the weighted least squares is singular is bad
# input (exit 2), with what to change.
cd "$T" && printf 'subject,baseline,compute_fraction,log_sd\nA,B,0.5,0.1\nC,B,0.25,1e-300\nC,A,0.5,0.2\n' > c.csv
$EFFCOMP claims --claims c.csv --reference B
echo "exit $?"
printf 'subject,baseline,compute_fraction,log_sd\nA,B,0.5,0.1\nC,B,0.25,1e-140\nC,A,0.5,0.2\n' > d.csv
$EFFCOMP claims --claims d.csv --reference B
echo "exit $?"

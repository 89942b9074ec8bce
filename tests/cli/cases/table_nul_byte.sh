# A machine-read table (here a starts file) with a NUL byte in a number cell is refused.
cd "$T" && printf 'E,A,alpha\n1.7,2,0.2\0\n' > st.csv
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --starts file:st.csv
echo "exit $?"
printf 'subject,baseline,compute_fraction\nA,B,0.5\0\n' > c.csv
$EFFCOMP claims --claims c.csv --reference B

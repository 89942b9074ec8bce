# A start outside a parameter's bounds (given with --start or in a starts file) is bad
# input, not silently moved onto the bound.
cd "$T" && printf 'E,A,alpha\n1.7,2,0.2\n1.7,-5,0.2\n' > st.csv
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --starts single --start alpha=50
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --starts file:st.csv
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --starts single --bound alpha=0:0.1 --start alpha=0.2
echo "exit $?"

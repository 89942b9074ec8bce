# A report that cannot be written to the standard output is a failed run (exit 1), not exit 0.
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single > /dev/full
echo "exit $?" >&2
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --at 'x=1,2' > /dev/full
echo "exit $?" >&2

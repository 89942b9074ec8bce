# A form that cannot be fitted (chinchilla without an N column) is listed as
# failed, named on stderr, and the exit status is 3; the other forms are kept.
cd "$DATA" && $EFFCOMP compare --data epoch_chinchilla_svg_extracted_data.csv \
  --columns 'C=Training FLOP,L=loss' --forms power,chinchilla --loss ls-log

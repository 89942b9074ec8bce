# quiet is an option like the others: by name, with --set, with a value; out of range refused.
cd "$T"
F="--data $DATA/epoch_chinchilla_svg_extracted_data.csv --starts single -o f.json"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --set quiet=1; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet=1; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' -q --quiet 0 2>&1 | sed "s|$T/||"; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet=2; echo "exit $?"

# A backtest's or optimal's JSON is not a fit: refused (exit 2) by the commands that read a
# fit; a fit that did not converge is used with a warning.
cd "$T"
F="--data $DATA/epoch_chinchilla_svg_extracted_data.csv --starts single"
$EFFCOMP backtest $F --columns 'N=Model Size,C=Training FLOP,L=loss' --holdout-fraction 0.2 -o bt.json -q || exit 1
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' -o fit.json -q || exit 1
$EFFCOMP optimal --fit fit.json --compute 1e24 -o opt.json -q || exit 1
$EFFCOMP optimal --fit bt.json --compute 1e24; echo "exit $?"
$EFFCOMP predict --fit bt.json --at 'N=1e9,D=2e10'; echo "exit $?"
$EFFCOMP multiplier --fit opt.json --model 'N=1e9,D=2e10'; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --max-iter 1 -o nc.json -q 2>/dev/null
$EFFCOMP optimal --fit nc.json --compute 1e24 > /dev/null; echo "exit $?"

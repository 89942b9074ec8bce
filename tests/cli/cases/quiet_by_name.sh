# quiet is an option like the others: by name, with --set, with a value; out of range refused.
cd "$T"
F="--data $DATA/epoch_chinchilla_svg_extracted_data.csv --starts single -o f.json"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --set quiet=1; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet=1; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' -q --quiet 0 2>&1 | sed "s|$T/||"; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet=2; echo "exit $?"
# A 0/1 switch also takes yes/no, true/false, on/off (any case), here and in scenario files.
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet yes; echo "exit $?"
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --set quiet=Off 2>&1 | sed "s|$T/||"; echo "exit $?"
printf '[fit]\ndata = %s\ncolumns = N=Model Size,C=Training FLOP,L=loss\nstarts = single\noutput = g.json\nquiet = true\n' \
  "$DATA/epoch_chinchilla_svg_extracted_data.csv" > s.ini
$EFFCOMP run s.ini > out.txt 2>&1; echo "exit $?"; sed "s|$T/||" out.txt
rm -f g.json; sed "s/quiet = true/quiet = maybe/" s.ini > bad.ini
$EFFCOMP run bad.ini > out.txt 2>&1; echo "exit $?"; sed "s|$T/||" out.txt
test ! -e g.json || echo "g.json written"
# A bad word after --quiet is refused as a value of quiet, not as a stray argument.
$EFFCOMP fit $F --columns 'N=Model Size,C=Training FLOP,L=loss' --quiet 2; echo "exit $?"
# plot takes -q before its result file, run takes -q and --quiet=VALUE.
$EFFCOMP plot -q f.json -o f.png; echo "exit $?"
test -s f.png && echo "f.png written"
rm -f g.json; $EFFCOMP run -q s.ini; echo "exit $?"
test -s g.json && echo "g.json written"
$EFFCOMP run --quiet=maybe s.ini; echo "exit $?"

# Poisoned numbers in a fit JSON and in --params are refused, exit 2, naming the file:line:column
# (or the key, or the option) and what to do (issue 14: E = 1e400 was plotted with exit 0, and
# --params E=nan said neither what was wrong nor what to do); a recorded replicate count of -5
# was cast to size_t (undefined; printed as 18446744073709551611) and a fractional one or a
# negative seed taken as 'unknown' (issue 15): refused too.
cd "$T" || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --bootstrap 20 --seed 1 -o a.json --replicates-out a.csv -q || exit 1
run() { name=$1; shift; { "$@" 2>&1 >/dev/null; echo "$name: exit $?"; } | sed "s|$T|T|g"; }
sed '0,/"E":\t[0-9.e+-]*/s//"E":\t1e400/' a.json > big.json
sed '0,/"A":\t[0-9.e+-]*/s//"A":\t-1e999/' a.json > neg_big.json
run predict $EFFCOMP predict --fit big.json --at 'N=70e9,D=1.4e12'
run optimal $EFFCOMP optimal --fit big.json --compute 1e24 -o o.json
run multiplier $EFFCOMP multiplier --fit neg_big.json --model 'N=70e9,D=1.4e12'
run plot $EFFCOMP plot big.json --kind frontier -o f.png
run project $EFFCOMP project --fit big.json --sizes 1T -o p.json
run report $EFFCOMP report neg_big.json
sed 's/"replicates":\t20,/"replicates":\t-5,/' a.json > minus5.json
sed 's/"replicates":\t20,/"replicates":\t2.5,/' a.json > half.json
sed '0,/"seed":\t1,/s//"seed":\t-3,/' a.json > seed.json
run "replicates -5" $EFFCOMP predict --fit minus5.json --at 'N=70e9,D=1.4e12'
run "replicates 2.5" $EFFCOMP optimal --fit half.json --compute 1e24
run "seed -3" $EFFCOMP multiplier --fit seed.json --model 'N=70e9,D=1.4e12'
# a replicates file with more rows than the fit recorded
{ cat a.csv; tail -1 a.csv; } > more.csv
run "21 rows for 20" $EFFCOMP predict --fit a.json --replicates more.csv --at 'N=70e9,D=1.4e12'
for p in E=nan E=1e400 E=-inf E= E=abc Q=1; do
  run "--params $p" $EFFCOMP predict --form chinchilla --params "$p,A=406.4,B=410.7,alpha=0.34,beta=0.28" --at 'N=1e9,D=2e10'
done
printf 'A,alpha\n100,0.1\n200,nan\n' > starts.csv
run "starts nan" $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --loss ls-log --starts file:starts.csv -o s.json
ls *.png o.json p.json s.json 2>/dev/null
exit 0

# Empty list items and keys given twice are refused, not skipped or overwritten.
P="E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28"
$EFFCOMP optimal --form chinchilla --params "$P" --compute '1e24,,1e25'
echo "exit $?"
$EFFCOMP multiplier --form chinchilla --params "$P" --model 'N=1e9,D=2e10,D=3e10'
echo "exit $?"
$EFFCOMP multiplier --form chinchilla --params "$P" --point 'C=1e23,L=2.2,'
echo "exit $?"

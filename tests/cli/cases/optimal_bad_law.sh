# A chinchilla law that cannot give an allocation (a negative or zero coefficient or exponent)
# is bad input naming the parameter, for optimal and multiplier alike.
$EFFCOMP optimal --form chinchilla --params 'E=1.8,A=-400,B=400,alpha=0.3,beta=0.3' --compute 1e24
echo "exit $?"
$EFFCOMP optimal --form chinchilla --params 'E=1.8,A=400,B=400,alpha=0.3,beta=0' --compute 1e24
echo "exit $?"
$EFFCOMP multiplier --form chinchilla --params 'E=1.8,A=-400,B=400,alpha=0.3,beta=0.3' --model 'N=1e9,D=2e10'
echo "exit $?"

# A machine-read table with a column named twice or a truncated row is refused, naming the line.
cd "$T"
printf 'replicate,E,E,A,B,alpha,beta,objective,converged\n0,1.7,1.7,400,400,0.3,0.3,0.001,1\n' > dup.csv
$EFFCOMP predict --form chinchilla --params 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28' --replicates dup.csv --at 'N=1e9,D=2e10'
echo "exit $?"
printf 'replicate,E,A,B,alpha,beta,objective,converged\n0,1.7,400,400,0.3,0.3,0.001,1\n1,1.8\n' > short.csv
$EFFCOMP predict --form chinchilla --params 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28' --replicates short.csv --at 'N=1e9,D=2e10'
echo "exit $?"
printf 'replicate,E,A,B,alpha,beta,objective,converged\n0,1.7,400,400,0.3,0.3,0.001,7\n' > conv.csv
$EFFCOMP predict --form chinchilla --params 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28' --replicates conv.csv --at 'N=1e9,D=2e10'
echo "exit $?"

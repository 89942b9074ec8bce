# A --plot that cannot be drawn is refused before the work (nothing written), and a fit of a
# two-variable form other than chinchilla draws its residuals.
cd "$T"
$EFFCOMP optimal --form chinchilla --params 'E=1.8,A=400,B=2000,alpha=0.34,beta=0.36' --compute 1e24 -o op.json --plot op.png
echo "exit $?"
printf 'C,date,L\n1e20,2019.5,2.9\n1e21,2020.0,2.7\n3e21,2021.0,2.5\n1e22,2022.0,2.3\n5e22,2023.0,2.1\n' > alg.csv
$EFFCOMP trend --algorithmic 1 --data alg.csv --columns 'C=C,date=date,L=L' -o alg.json --plot alg.png
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --form kaplan-nd \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 -o kap.json --plot kap.png -q
echo "exit $?"
ls
$EFFCOMP plot kap.json --format dumb | grep -o 'Residuals of the kaplan-nd fit'

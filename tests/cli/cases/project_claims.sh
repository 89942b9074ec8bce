# Efficiency factors from a claims ledger JSON, their intervals carried into the rows'
# bands; a model that is not in the ledger is refused with the ledger's models.
$EFFCOMP claims --claims data/claims_example.csv --reference 'Llama 4 Maverick' -o $T/c.json 2>/dev/null
$EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --replicates $FIX/epoch_reps_400.csv --sizes 1T --policies tokens=20T \
  --claims $T/c.json --efficiency '1;claims:NewModel' --baseline 1 | sed "s|$T|T|"
{ $EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' --sizes 1T --claims $T/c.json \
  --efficiency 'claims:Muse Spark'; echo "exit $?"; } 2>&1 | sed "s|$T|T|"

# Bands from 400 bootstrap replicates of Epoch's refit; paired differences against row 1
# are far narrower than the marginal bands; inference=0 is the compute-optimal row.
$EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --replicates $FIX/epoch_reps_400.csv --sizes 1T \
  --policies 'tokens=20T;tokens=21T;compute-optimal;inference=0;inference=1e15' --baseline 1

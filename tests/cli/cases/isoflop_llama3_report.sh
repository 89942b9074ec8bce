# isoFLOP analysis of the Llama 3 points (Dubey et al. 2024, Fig. 2): per-budget
# optima, the frontier D*(C) = k*C^e (the paper: 0.29*C^0.53) and tokens per
# parameter, with stratified bootstrap intervals. The version is masked.
$EFFCOMP isoflop --data $DATA/llama3_isoflops_points.csv \
  --columns 'C=compute_budget,D=training_tokens,L=validation_loss' --bootstrap 1000 --seed 42 --threads 2 \
  | sed 's/^effcomp [^:]*: isoFLOP analysis of .*llama3/effcomp VERSION: isoFLOP analysis of DATA\/llama3/'

# Issue 11's visible check with Epoch's MLE fit: compute-optimal at 1e27 and 1e28 FLOP,
# 10T parameters at 20 tokens per parameter (1.2e28 FLOP, loss 1.8436).
$EFFCOMP project --form chinchilla --params 'E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854' \
  --sizes 'compute=1e27;compute=1e28;10T' --policies 'compute-optimal;tokens-per-param=20'

# Llama 4 Maverick's accounting: 17B active of 400B parameters on 22T tokens is
# 6 x 17e9 x 22e12 = 2.244e24 FLOP; the law at the active parameters, then at the total.
$EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --sizes 'active=17B,total=400B;total=2T,active_fraction=0.1' --policies tokens=22T -o $T/a.json 2>/dev/null &&
$EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' \
  --sizes 'active=17B,total=400B' --policies tokens=22T --law-at total -o $T/t.json 2>/dev/null &&
$EFFCOMP report $T/a.json && $EFFCOMP report $T/t.json | grep -E 'law takes|^  1'

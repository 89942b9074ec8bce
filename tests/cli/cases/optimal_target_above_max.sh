# A loss target above the law's loss at 1 FLOP (the smallest compute considered) is not a
# target "below E": the error says what is wrong and which targets work.
$EFFCOMP optimal --form chinchilla --params "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28" --loss-target 1e6

$EFFCOMP optimal --form chinchilla --params "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28" --loss-target 1.5

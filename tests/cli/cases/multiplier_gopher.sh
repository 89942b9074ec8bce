$EFFCOMP multiplier --form chinchilla --params "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28" --model "N=280e9,D=300e9"

$EFFCOMP optimal --form chinchilla --params "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28" --sizes 400e6,1e9,10e9,67e9,175e9,280e9,520e9,1e12,10e12

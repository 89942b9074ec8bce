$EFFCOMP multiplier --form kaplan-nd --params "Nc=8.8e13,Dc=5.4e13,alphaN=0.076,alphaD=0.095" --point "C=1e23,L=2"

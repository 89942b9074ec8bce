$EFFCOMP fit --columns "N=params,C=flop,L=loss"

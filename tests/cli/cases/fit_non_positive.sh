$EFFCOMP fit --data tests/data/cli_negative.csv --columns "N=params,C=flop,L=loss"

$EFFCOMP fit --data tests/data/no_such_file.csv --columns "N=params,C=flop,L=loss"

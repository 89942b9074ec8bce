$EFFCOMP fit --data tests/data/cli_bad_number.csv --columns "N=params,C=flop,L=loss"

$EFFCOMP fit --data tests/data/cli_five_points.csv --columns "N=params,C=flop,L=loss" --delta -1

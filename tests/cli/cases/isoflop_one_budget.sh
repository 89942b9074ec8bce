$EFFCOMP isoflop --data tests/data/isoflop_one_budget.csv --columns 'C=flop,D=tokens,L=loss'

$EFFCOMP isoflop --data tests/data/isoflop_concave.csv --columns 'C=flop,D=tokens,L=loss'

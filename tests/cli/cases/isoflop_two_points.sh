$EFFCOMP isoflop --data tests/data/isoflop_two_points.csv --columns 'C=flop,D=tokens,L=loss'

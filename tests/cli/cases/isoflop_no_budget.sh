$EFFCOMP isoflop --data tests/data/isoflop_params.csv --columns 'N=params,D=compute,L=loss'

$EFFCOMP isoflop --data tests/data/isoflop_params.csv --columns 'C=compute,N=params,D=params,L=loss'

$EFFCOMP isoflop --data tests/data/isoflop_params.csv --columns 'C=compute,N=params,L=loss' --bootstrap 1

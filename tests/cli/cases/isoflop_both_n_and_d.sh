$EFFCOMP isoflop --data tests/data/isoflop_params_tokens.csv --columns 'C=compute,N=params,D=tokens,L=loss'

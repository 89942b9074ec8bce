$EFFCOMP fit --data tests/data/nlfit_points.csv --columns 'x=x,y=y' --form saturating-power --starts random:0

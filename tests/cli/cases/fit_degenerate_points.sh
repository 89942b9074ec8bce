$EFFCOMP fit --data tests/data/same_points.csv
$EFFCOMP fit --data tests/data/same_points.csv --form power --columns x=N,y=L

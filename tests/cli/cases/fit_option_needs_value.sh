$EFFCOMP fit --data

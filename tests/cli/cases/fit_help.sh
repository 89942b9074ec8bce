$EFFCOMP fit --help

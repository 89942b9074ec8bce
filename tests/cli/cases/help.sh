$EFFCOMP --help

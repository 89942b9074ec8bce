$EFFCOMP claims --help

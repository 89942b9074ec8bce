$EFFCOMP isoflop --help

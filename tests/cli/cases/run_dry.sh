$EFFCOMP run params/examples/chinchilla.ini --dry-run

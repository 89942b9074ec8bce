$EFFCOMP run params/examples/chinchilla.ini -o out --dry-run

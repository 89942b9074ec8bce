$EFFCOMP --version

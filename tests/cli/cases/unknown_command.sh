$EFFCOMP frobnicate

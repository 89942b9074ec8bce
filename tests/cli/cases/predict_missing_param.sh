$EFFCOMP predict --form power --params "A=2" --at "x=1e20"

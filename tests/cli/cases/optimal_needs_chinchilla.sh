$EFFCOMP optimal --form power --params "A=2,alpha=0.1" --compute 1e24

$EFFCOMP predict --form power --params 'A=2,alpha=0.1' --at 'x=1e20' --at 'x=-1'

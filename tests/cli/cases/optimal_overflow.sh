# A size whose compute-optimal run is beyond a double printed nan (null in JSON) with exit 0;
# now it is refused, naming the value, and nothing is written.
cd "$T"
{ $EFFCOMP optimal --form chinchilla --params 'E=1.8,A=400,B=410,alpha=0.34,beta=0.28' --sizes 1e9,1e200 -o o.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls

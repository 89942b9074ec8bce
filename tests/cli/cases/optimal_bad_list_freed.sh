# A list item refused by optimal's check (not by the option's syntax check) is an error, exit 2,
# nothing written; the check freed the parsed list twice (fuzz_scenario, ASan: double free; make
# test-asan fails on it), from the command line and from a scenario alike.
P="E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854"
{ $EFFCOMP optimal --form chinchilla --params "$P" --sizes 'law_at = 2,10e12' -o $T/o.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
{ $EFFCOMP optimal --form chinchilla --params "$P" --compute 1e24 --loss-target '2,x' -o $T/o.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
printf '[optimal]\nform = chinchilla\nparams = %s\nsizes = law_at = 2,10e12\noutput = o.json\n' "$P" >$T/s.ini
{ $EFFCOMP run $T/s.ini -o $T 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls $T/o.json 2>/dev/null || echo "no o.json"

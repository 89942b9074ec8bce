# Messages that locate (issue 14): a CR-only replicates table names the line of its bad cell
# (line 5, not 1; the dataset loader's case is csv_line_ends); 'run' on a folder says it is a
# folder (it said "read error"), also for a folder named like a scenario; a role left out of
# --at is named (it said "give each of the form's variables the same number of values").
cd "$T" || exit 1
run() { name=$1; shift; { "$@" 2>&1 >/dev/null; echo "$name: exit $?"; } | sed "s|$T|T|g"; }
printf '# hand-made\nreplicate,E,A,B,alpha,beta\n0,1.7,400,400,0.3,0.3\n1,1.7,400,400,0.3,0.3\n2,1.7,400,x,0.3,0.3\n' | tr '\n' '\r' > cr.csv
run "CR-only table" $EFFCOMP predict --form chinchilla --params 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28' \
  --replicates cr.csv --at 'N=1e9,D=2e10'
mkdir folder scenario.ini
run "run folder" $EFFCOMP run folder
run "run scenario.ini (a folder)" $EFFCOMP run scenario.ini
run "run ." $EFFCOMP run .
P='E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28'
run "--at N only" $EFFCOMP predict --form chinchilla --params "$P" --at 'N=1e9'
run "--at D only" $EFFCOMP predict --form chinchilla --params "$P" --at 'D=2e10,4e10'
run "--at 2 N, 1 D" $EFFCOMP predict --form chinchilla --params "$P" --at 'N=1e9,2e9,D=2e10'
run "--at 2nd point without D" $EFFCOMP predict --form chinchilla --params "$P" --at 'N=1e9,D=2e10;N=2e9'

# An effective compute beyond a double (compute 1e300 x factor 1e300) printed nan and null with
# exit 0; now it is refused naming the compute file's line, and nothing is written.
cd "$T"
printf 'subject,baseline,compute_fraction,log_sd,source\nBig,Ref,1e-300,,x\n' > cl.csv
printf 'name,compute\nRef,1e300\nBig,1e300\n' > cc.csv
{ $EFFCOMP claims --claims cl.csv --reference Ref --compute-file cc.csv -o c.json 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls

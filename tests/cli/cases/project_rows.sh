# Rows from a CSV (size, policy, efficiency); a bad cell names the file and line.
printf 'size,policy,efficiency\n# the issue rows\n10T,tokens-per-param=20,\ncompute=1e27,compute-optimal,1\n1T,tokens=20T,2\n' >$T/rows.csv
$EFFCOMP project --form chinchilla --params 'E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854' --rows $T/rows.csv
printf 'size,policy\n1T,compute-optimal\n10Q,compute-optimal\n' >$T/bad.csv
$EFFCOMP project --form chinchilla --params 'E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854' --rows $T/bad.csv 2>&1 | sed "s|$T|T|"
$EFFCOMP project --form chinchilla --params 'E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854' --rows $T/rows.csv --sizes 1T
echo "exit $?"

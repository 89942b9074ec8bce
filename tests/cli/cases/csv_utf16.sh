# A UTF-16 (or binary) data file is named as such, not reported as missing columns.
cd "$T" && printf '\377\376N\000,\000L\000\n\000' > u16.csv
$EFFCOMP fit --data u16.csv --columns 'N=N,D=D,L=L' --starts single
echo "exit $?"

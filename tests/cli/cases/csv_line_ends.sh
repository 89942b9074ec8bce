# A bad cell is named at its own line with LF, CRLF and CR-only line ends (issue 14: a CR-only
# file reported line 1 for a bad cell on line 5); no output is written.
cd "$T"
printf 'model,params,flop,loss\nm1,1e8,1e19,3.2\nm2,2e8,2e19,3.0\n\nm3,4e8,abc,2.9\nm4,8e8,8e19,2.8\n' > lf.csv
tr -d '\r' < lf.csv | sed 's/$/\r/' > crlf.csv
tr '\n' '\r' < lf.csv > cr.csv
for f in lf crlf cr; do
    $EFFCOMP fit --data $f.csv --columns 'N=params,C=flop,L=loss' -o $f.json
    echo "$f: exit $?"
    [ -e $f.json ] && echo "$f.json was written"
done
exit 0

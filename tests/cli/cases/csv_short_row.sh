# A row with fewer fields than the header, missing a mapped column, is refused naming the line
# and the column (issue 14: it was skipped silently); one missing only an unmapped column is read.
cd "$T"
printf 'model,params,flop,loss\nm1,1e8,1e19,3.2\nm2,2e8,2e19,3.0\nm3,4e8\nm4,8e8,8e19,2.8\nm5,1.6e9,1.6e20,2.7\n' > short.csv
$EFFCOMP fit --data short.csv --form power --columns 'x=flop,y=loss' -o f.json
echo "exit $?"
[ -e f.json ] && echo "f.json was written"
printf 'params,flop,loss,note\n1e8,1e19,3.2\n2e8,2e19,3.0,x\n4e8,4e19,2.9\n8e8,8e19,2.8,y\n' > unmapped.csv
$EFFCOMP fit --data unmapped.csv --form power --columns 'x=flop,y=loss' | grep '^points:'
echo "exit $?"
# With --skip-short-rows 1 the short row is skipped and counted.
$EFFCOMP fit --data short.csv --form power --columns 'x=flop,y=loss' --skip-short-rows 1 | grep '^points:'
$EFFCOMP fit --data short.csv --form power --columns 'x=flop,y=loss' --skip-short-rows 1 -o f2.json 2>/dev/null
grep -E '"rows_(short|skipped_short)"' f2.json

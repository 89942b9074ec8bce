# The image format comes from -o's extension; a --format given must agree with it (png too);
# dumb draws in the terminal and refuses -o.
cd "$T" && printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,2e21\nc,2021.0,4e21\nd,2021.5,9e21\n' > t.csv
$EFFCOMP trend --data t.csv --x date --y flop -o t.json -q || exit 1
$EFFCOMP plot t.json --format png -o c.pdf
echo "exit $?"
$EFFCOMP plot t.json -o c.pdf -q && head -c 4 c.pdf && echo
$EFFCOMP plot t.json --format dumb -o x.txt
echo "exit $?"
ls

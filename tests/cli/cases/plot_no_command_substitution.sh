# Backquotes (gnuplot's command substitution) and @ (its macros) in a title or a model name
# are drawn as text, never run: no file is created, the figure is drawn.
cd "$T" && printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,2e21\nc,2021.0,4e21\nd,2021.5,9e21\n' > t.csv
$EFFCOMP trend --data t.csv --x date --y flop -o t.json -q || exit 1
$EFFCOMP plot t.json --title 'x`touch pwned1`y @x' -o a.png -q; echo "exit $?"
$EFFCOMP plot t.json --title 'a"b`c$d\' -o b.png -q; echo "exit $?"
printf 'subject,baseline,compute_fraction\nEvil`touch pwned2`,B,0.5\n' > cl.csv
$EFFCOMP claims --claims cl.csv --reference B -o c.json --plot c.png -q; echo "exit $?"
$EFFCOMP plot c.json --kind multipliers --format dumb | grep -o 'Evil`touch pwned2`'
ls pwned* 2>/dev/null || echo "no command ran"

cd $T && echo "{}" > r.json
$EFFCOMP plot r.json -o fig.gif
echo "exit $?"
ls

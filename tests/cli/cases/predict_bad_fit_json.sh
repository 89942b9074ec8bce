cd $T && echo "{}" > bad.json
$EFFCOMP predict --fit bad.json --at "x=1"

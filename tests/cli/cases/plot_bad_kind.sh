cd $T && echo "{\"form\": \"chinchilla\"}" > r.json
$EFFCOMP plot r.json --kind pie

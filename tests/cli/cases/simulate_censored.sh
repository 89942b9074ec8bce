# Crossing years censored at the horizon: 1e30 is crossed by fewer than half the draws by
# 2028 (a note; its upper percentiles print '>2028'), 1e34 by none (every percentile '>2028',
# 'never' 100%). In the JSON a censored percentile is null with censored true, never a
# made-up year, and p_never matches the table.
$EFFCOMP simulate --start-data $DATA/frontier_models.csv --end-year 2028 \
  --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \
  --thresholds 1e28,1e30,1e34 --draws 20000 --seed 42 || exit 1
$EFFCOMP simulate --start-data $DATA/frontier_models.csv --end-year 2028 \
  --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \
  --thresholds 1e28,1e30,1e34 --draws 20000 --seed 42 -o $T/c.json -q || exit 1
/usr/bin/python3 - $T/c.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for t in j["thresholds"]:
    nulls = [y is None for y in t["crossing_year"]]
    assert nulls == t["censored"], "null exactly where censored"
    assert all((s is None) == n for s, n in zip(t["crossing_year_se"], nulls)), "no se for a censored percentile"
    print("%g: %d of %d percentiles null, p_never %g" % (t["value"], sum(nulls), len(nulls), t["p_never"]))
PY

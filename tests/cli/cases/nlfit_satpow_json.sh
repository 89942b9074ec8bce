# A saturating power law fitted to loss against compute with the general
# engine: the JSON keys scripts rely on, and the statistics' internal consistency.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --form saturating-power \
  --columns 'x=Training FLOP,y=loss' --loss ls-log -o $T/f.json -q || exit 1
/usr/bin/python3 - "$T/f.json" <<'PY'
import json, math, sys
j = json.load(open(sys.argv[1]))
for k in ["form", "formula", "params", "se", "se_method", "covariance", "correlation", "r2", "rmse",
          "aic", "bic", "dof", "fixed", "tied", "starts", "engine", "fit_space"]:
    assert k in j, k
assert j["form"] == "saturating-power" and j["formula"] == "y = E + A*x^(-alpha)", (j["form"], j["formula"])
names = ["E", "A", "alpha"]
p, se, cov, cor = j["params"], j["se"], j["covariance"], j["correlation"]
assert sorted(p) == sorted(names) and sorted(se) == sorted(names), (p, se)
assert 1.0 < p["E"] < 3.0 and p["A"] > 0 and 0.05 < p["alpha"] < 0.5, p
for a in names:
    assert se[a] > 0 and math.isfinite(se[a]), (a, se[a])
    assert abs(cov[a][a] - se[a] ** 2) <= 1e-9 * se[a] ** 2, a
    assert abs(cor[a][a] - 1) < 1e-12, a
    for b in names:
        assert cov[a][b] == cov[b][a], (a, b)
        assert abs(cor[a][b] - cov[a][b] / (se[a] * se[b])) < 1e-9, (a, b)
        assert -1 - 1e-12 <= cor[a][b] <= 1 + 1e-12, (a, b)
assert j["se_method"] == "asymptotic" and j["fit_space"] == "log" and j["engine"] == "general-lm"
assert j["fixed"] == [] and j["tied"] == {}, (j["fixed"], j["tied"])
n, k = j["n_points"], 3
assert n == 245 and j["dof"] == n - k, (n, j["dof"])
assert 0.5 < j["r2"] < 1 and 0 < j["rmse"] < 1 and 0 < j["rmse_log"] < 0.2, (j["r2"], j["rmse"])
rss = 2 * j["objective"]                      # ls-log: objective = RSS/2 in log space
assert abs(j["aic"] - (n * math.log(rss / n) + 2 * k)) < 1e-9 * abs(j["aic"]), j["aic"]
assert abs(j["bic"] - (n * math.log(rss / n) + k * math.log(n))) < 1e-9 * abs(j["bic"]), j["bic"]
s = j["starts"]
assert s["total"] == 75 and 0 < s["at_best"] <= s["converged"] <= 75, s
assert j["converged"] is True and j["status"].startswith("converged"), j["status"]
print("ok")
PY

#!/usr/bin/python3
"""claims_scipy.py — the scipy peer of `effcomp claims` for bench/claims.sh.

    /usr/bin/python3 bench/claims_scipy.py CLAIMS.csv REFERENCE lsqr|spsolve OUT.csv

Solves the same weighted least squares as the claims ledger (solvers/ec_claims.c):
theta_S - theta_B = -log(compute_fraction) with weight 1/log_sd^2 and theta = 0 for the
reference, with scipy's sparse solvers, the way a user of scipy would:

  lsqr     scipy.sparse.linalg.lsqr on the weighted design matrix W^1/2 X (n claims x
           n_models - 1, two entries a row), atol = btol = 1e-14 so that the factors agree
           to 1e-9;
  spsolve  scipy.sparse.linalg.spsolve (SuperLU, minimum degree on A'+A) on the normal
           equations X'WX theta = X'Wy.

Neither computes standard errors (effcomp does: the diagonal of (X'WX)^-1). The file is
read with the csv module ('#' lines skipped, cells trimmed; the columns subject,
baseline, compute_fraction, log_sd, as bench/claims_gen.py writes them). Writes
OUT.csv (name,log_factor with 17 significant digits) and prints one JSON line:
seconds (building the matrix and solving, after reading the file), read_seconds,
iterations (lsqr) and n_models, n_claims.
"""
import csv
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def read_claims(path):
    with open(path, newline="") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        header = [h.strip() for h in next(rows)]
        col = {h: header.index(h) for h in ("subject", "baseline", "compute_fraction", "log_sd")}
        return [(r[col["subject"]].strip(), r[col["baseline"]].strip(),
                 float(r[col["compute_fraction"]]), float(r[col["log_sd"]])) for r in rows if r]


def main(argv):
    if len(argv) != 5 or argv[3] not in ("lsqr", "spsolve"):
        sys.exit("usage: claims_scipy.py CLAIMS.csv REFERENCE lsqr|spsolve OUT.csv")
    path, reference, method, out = argv[1:]
    t0 = time.perf_counter()
    claims = read_claims(path)
    t1 = time.perf_counter()
    index = {reference: 0}
    for s, b, _, _ in claims:
        index.setdefault(s, len(index))
        index.setdefault(b, len(index))
    n, p = len(claims), len(index) - 1
    s_idx = np.array([index[c[0]] for c in claims])
    b_idx = np.array([index[c[1]] for c in claims])
    y = -np.log(np.array([c[2] for c in claims]))
    sw = 1.0 / np.array([c[3] for c in claims])  # sqrt of the weight
    rows = np.concatenate([np.arange(n), np.arange(n)])
    cols = np.concatenate([s_idx, b_idx]) - 1
    vals = np.concatenate([sw, -sw])
    keep = cols >= 0  # the reference has no column
    X = sp.csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(n, p))
    iterations = None
    if method == "lsqr":
        res = spla.lsqr(X, sw * y, atol=1e-14, btol=1e-14, conlim=0, iter_lim=1000000)
        theta, iterations = res[0], int(res[2])
    else:
        A = (X.T @ X).tocsc()
        theta = spla.spsolve(A, X.T @ (sw * y), permc_spec="MMD_AT_PLUS_A")
    t2 = time.perf_counter()
    names = sorted(index, key=index.get)
    with open(out, "w") as f:
        f.write("name,log_factor\n")
        for k, name in enumerate(names):
            f.write("%s,%.17g\n" % (name, theta[k - 1] if k else 0.0))
    print(json.dumps({"method": method, "seconds": t2 - t1, "read_seconds": t1 - t0,
                      "iterations": iterations, "n_models": p + 1, "n_claims": n}))


if __name__ == "__main__":
    main(sys.argv)

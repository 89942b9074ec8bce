#!/usr/bin/env python3
"""bench/simulate_numpy.py — the numpy peer of `effcomp simulate` (bench/simulate.sh).

The same model, vectorised over draws as an analyst would write it: physical
compute from a start, one growth rate per draw (lognormal in x/year),
algorithmic efficiency likewise, effective compute = physical x efficiency,
the compute-optimal loss of a chinchilla law with each draw taking one of the
law's bootstrap replicates; per year the percentiles of log10 physical and
effective compute and loss; per threshold the crossing year (linear in log10
within a year), its percentiles and P(crossed by 1 January of each year).

    python3 bench/simulate_numpy.py REPLICATES.csv DRAWS START_YEAR END_YEAR

Prints one line: the compute time in seconds (after reading the replicates)
and the median effective compute at the end (a check against effcomp's)."""
import sys
import time

import numpy as np
from scipy.stats import norm


def main():
    reps_path, draws, t0, t_end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    reps = np.genfromtxt(reps_path, delimiter=",", skip_header=1, names=True)
    reps = reps[reps["converged"] == 1]
    start = time.perf_counter()
    E, A, B, al, be = (reps[k] for k in ("E", "A", "B", "alpha", "beta"))
    G = (al * A / (be * B)) ** (1 / (al + be))
    gamma = al * be / (al + be)
    K = A * G ** (-al) + B * G ** be
    rng = np.random.default_rng(42)
    n = draws
    z90 = norm.ppf(0.95)
    # growth lognormal(median=4.2, ci90=[3, 5.88]) x/year; algo lognormal(median=3, ci90=[1.5, 6]) x/year
    g = np.log10(np.exp(np.log(4.2) + np.log(5.88 / 3) / (2 * z90) * rng.standard_normal(n)))
    a = np.log10(np.exp(np.log(3.0) + np.log(6 / 1.5) / (2 * z90) * rng.standard_normal(n)))
    r = rng.integers(0, len(E), n)
    Er, Kr, gr = E[r], K[r], gamma[r]
    lc0 = np.log10(5e26)
    times = [t0] + list(np.arange(np.floor(t0) + 1, np.floor(t_end) + 1))
    q = np.array([5, 10, 25, 50, 75, 90, 95])
    thresholds = np.log10([1e27, 1e28, 1e29])
    cross = np.full((len(thresholds), n), np.inf)
    prev = None
    out = []
    for k, t in enumerate(times):
        dt = t - t0
        lc = lc0 + g * dt
        le = lc + a * dt
        loss = Er + Kr * np.exp(-gr * (le * np.log(10) - np.log(6)))
        out.append((np.percentile(lc, q), np.percentile(le, q), np.percentile(loss, q)))
        for j, T in enumerate(thresholds):
            if k == 0:
                cross[j][le >= T] = t0
            else:
                new = np.isinf(cross[j]) & (le >= T)
                cross[j][new] = times[k - 1] + (t - times[k - 1]) * (T - prev[new]) / (le[new] - prev[new])
        prev = le
    for j in range(len(thresholds)):
        np.percentile(cross[j], q)
        [np.mean(cross[j] <= y) for y in times[1:]]
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.4f} {10 ** out[-1][1][3]:.6g}")


if __name__ == "__main__":
    main()

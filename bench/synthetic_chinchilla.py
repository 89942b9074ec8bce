#!/usr/bin/python3
"""synthetic_chinchilla.py SEED OUT.csv [N]: one random Chinchilla-like data set (columns N, D, L, w).

The law L = E + A/N^alpha + B/D^beta with random coefficients, 6 to 300 points, log-normal
noise (0.1% to 20%), up to 30% outliers (loss times e^U(-1,1)), in 40% of the sets weights
0.1, 1, 5 or 100, and either 3, 5 or many distinct model sizes. Used by bench/approach.sh to
compare the fitter's approach settings on data unlike the bundled set. Prints a summary line.
"""
import math
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(seed)
n = rng.choice([6, 8, 12, 20, 33, 50, 64, 65, 90, 150, 300])
n = int(sys.argv[3]) if len(sys.argv) > 3 else n  # N points instead (the same law and noise for the seed)
A = 10 ** rng.uniform(1, 4)
B = 10 ** rng.uniform(1, 4)
E = rng.uniform(0.01, 3)
alpha = rng.uniform(0.05, 0.8)
beta = rng.uniform(0.05, 0.8)
noise = rng.choice([0.001, 0.01, 0.05, 0.2])
outliers = rng.choice([0, 0.1, 0.3])
weighted = rng.random() < 0.4
sizes = [10 ** rng.uniform(6, 11) for _ in range(rng.choice([3, 5, 1000]))]
with open(out, "w") as f:
    f.write("N,D,L,w\n")
    for _ in range(n):
        N = rng.choice(sizes)
        D = 10 ** rng.uniform(8, 13)
        L = (E + A / N ** alpha + B / D ** beta) * math.exp(rng.gauss(0, noise))
        if rng.random() < outliers:
            L *= math.exp(rng.uniform(-1, 1))
        w = rng.choice([0.1, 1, 5, 100]) if weighted else 1
        f.write(f"{N:.8g},{D:.8g},{L:.10g},{w}\n")
print(f"seed {seed}: {n} points, noise {noise}, outliers {outliers}, weighted {weighted}, {len(sizes)} sizes")

#!/usr/bin/python3
"""claims_gen.py — synthetic claims ledgers for bench/claims.sh.

    /usr/bin/python3 bench/claims_gen.py MODELS CLAIMS SEED recent|uniform > claims.csv

Writes a claims CSV (subject,baseline,compute_fraction,log_sd) over MODELS models named
M0000000, M0000001, ... (M0000000 is the reference the benchmark uses) with CLAIMS claims.
The claims graph is connected by construction: the first MODELS - 1 claims form a spanning
tree (model k against an earlier model), the rest join random pairs. The baseline of a claim
is drawn

  recent   among the 20 models released just before the subject (new models are compared
           with the models of their time; the graph is a band in release order);
  uniform  among all models (every pair equally likely: a random expander graph, the worst
           case for a sparse factorisation).

Each model has a true log factor theta ~ N(0, 1.5^2); each claim a log_sd drawn log-uniformly
from [0.03, 0.5] and compute_fraction = exp(-(theta_S - theta_B) + log_sd * N(0, 1)), written
with 17 significant digits so that every reader sees the same numbers. The claims are
shuffled, so models first appear in random order. Standard library only; the same arguments
give the same file.
"""
import math
import random
import sys

WINDOW = 20


def baseline(rng, s, models, graph, earlier_only):
    """A baseline for subject s, different from s."""
    if graph == "recent":
        if earlier_only or s >= WINDOW:
            lo = max(0, s - WINDOW)
            return rng.randrange(lo, s)
        # Early models: the window reaches past the start, so take one released after.
        return s + 1 + rng.randrange(WINDOW)
    b = rng.randrange(s) if earlier_only else rng.randrange(models - 1)
    return b if earlier_only or b < s else b + 1


def main(argv):
    if len(argv) != 5 or argv[4] not in ("recent", "uniform"):
        sys.exit("usage: claims_gen.py MODELS CLAIMS SEED recent|uniform")
    models, claims, seed, graph = int(argv[1]), int(argv[2]), int(argv[3]), argv[4]
    if models < 2 or claims < models - 1 or (graph == "recent" and models <= WINDOW):
        sys.exit("claims_gen.py: need MODELS >= 2 (more than %d for recent) and CLAIMS >= MODELS - 1"
                 % WINDOW)
    rng = random.Random(seed)
    theta = [rng.gauss(0.0, 1.5) for _ in range(models)]
    pairs = [(k, baseline(rng, k, models, graph, True)) for k in range(1, models)]
    while len(pairs) < claims:
        s = rng.randrange(models)
        pairs.append((s, baseline(rng, s, models, graph, False)))
    rng.shuffle(pairs)
    out = ["# claims_gen.py %d %d %d %s" % (models, claims, seed, graph),
           "subject,baseline,compute_fraction,log_sd"]
    for s, b in pairs:
        sd = math.exp(rng.uniform(math.log(0.03), math.log(0.5)))
        f = math.exp(-(theta[s] - theta[b]) + sd * rng.gauss(0.0, 1.0))
        out.append("M%07d,M%07d,%.17g,%.6g" % (s, b, f, sd))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
"""bench/sobol_openturns.py — the OpenTURNS peer of bench/sobol.sh (issue 12).

    sobol_openturns.py peer EFFCOMP_JSON PREFIX ROUNDS [THREADS,...]   (prints a JSON line last)
    sobol_openturns.py csv EFFCOMP_JSON PREFIX OUT.csv
    sobol_openturns.py cli EFFCOMP_JSON PEER_JSON ANALYZE_STDOUT SECONDS

EFFCOMP_JSON is bench_sobol's JSON line (N, second_order, resamples, times,
indices); PREFIX.x / PREFIX.y its design points (in [-pi, pi]^3, effcomp's
row order: per base point A, AB^(1..3), [BA^(1..3)], B) and outputs.

1. Layout check on a tiny case: OpenTURNS' own SobolIndicesExperiment design
   must be the blocks A, B, E^1..E^D (A with column i from B), [C^1..C^D]
   (B with column i from A), N rows each; effcomp's rows are reordered into it.
2. The same design: OpenTURNS evaluates Ishigami on effcomp's points
   (SymbolicFunction; its outputs must equal effcomp's), then
   SaltelliSensitivityAlgorithm(inputDesign, outputDesign, N) with bootstrap
   intervals (setBootstrapSize(resamples), 95%), timed in process, best of
   ROUNDS: first and total indices, their intervals, second order if asked.
3. OpenTURNS' own path for reference: SobolIndicesExperiment (QMC: its Sobol'
   sequence) + evaluation + the same algorithm.

`peer` prints the comparison and exits 1 when an index disagrees: effcomp's
and OpenTURNS' estimates must each lie in the other's interval, and the
certified values in both. THREADS: OpenTURNS' TBB thread counts to time the
indices with (default: its own); the indices are checked with the first.
`csv` writes the design and outputs as the CSV `effcomp analyze sobol` reads
(a sweep's design line, cell, x1..x3, ishigami, status); `cli` checks what
`effcomp analyze sobol` printed against the library's indices (to its 6
decimals) and prints its time against OpenTURNS' indices.
"""
import json
import math
import sys
import time

import numpy as np
import openturns as ot

S_CERT = (0.313905, 0.442411, 0.0)
ST_CERT = (0.557589, 0.442411, 0.243684)
FORMULA = "sin(X1)+7*sin(X2)^2+0.1*X3^4*sin(X1)"


def ot_layout(X, N, D, so):
    """effcomp's rows (per base point A, AB^(j), [BA^(j)], B) as OpenTURNS' blocks A, B, E^j, [C^j]; X has one row
    per design point (its D inputs, or its output)."""
    per = 2 * D + 2 if so else D + 2
    Z = X.reshape(N, per, -1)
    blocks = [Z[:, 0], Z[:, per - 1]] + [Z[:, 1 + j] for j in range(D)]
    if so:
        blocks += [Z[:, 1 + D + j] for j in range(D)]
    return np.ascontiguousarray(np.concatenate(blocks))


def check_layout():
    """OpenTURNS' SobolIndicesExperiment on a tiny case: A, B, then A with column j from B, then B with column j from A."""
    N, D = 8, 3
    dist = ot.ComposedDistribution([ot.Uniform(-math.pi, math.pi)] * D)
    X = np.array(ot.SobolIndicesExperiment(dist, N, True).generate())
    assert X.shape == (N * (2 * D + 2), D), X.shape
    A, B = X[:N], X[N:2 * N]
    for j in range(D):
        E = A.copy()
        E[:, j] = B[:, j]
        C = B.copy()
        C[:, j] = A[:, j]
        assert np.array_equal(X[(2 + j) * N:(3 + j) * N], E), "E^%d is not A with column %d from B" % (j + 1, j + 1)
        assert np.array_equal(X[(2 + D + j) * N:(3 + D + j) * N], C), "C^%d is not B with column %d from A" % (j + 1, j + 1)
    # and ot_layout maps a design built in effcomp's order back onto these blocks
    rows = []
    for i in range(N):
        rows.append(A[i])
        for j in range(D):
            r = A[i].copy()
            r[j] = B[i, j]
            rows.append(r)
        for j in range(D):
            r = B[i].copy()
            r[j] = A[i, j]
            rows.append(r)
        rows.append(B[i])
    assert np.array_equal(ot_layout(np.array(rows), N, D, True), X), "reordering effcomp's rows does not give OpenTURNS' design"


def analyze(X, Y, N, so, resamples):
    """SaltelliSensitivityAlgorithm on an input and output design: indices, 95% bootstrap intervals."""
    alg = ot.SaltelliSensitivityAlgorithm(X, Y, N)
    alg.setBootstrapSize(resamples)
    alg.setConfidenceLevel(0.95)
    alg.setUseAsymptoticDistribution(False)
    s1, st = alg.getFirstOrderIndices(), alg.getTotalOrderIndices()
    i1, it = alg.getFirstOrderIndicesInterval(), alg.getTotalOrderIndicesInterval()
    s2 = alg.getSecondOrderIndices() if so else None
    return {"S1": list(s1), "ST": list(st), "S1_lo": list(i1.getLowerBound()), "S1_hi": list(i1.getUpperBound()),
            "ST_lo": list(it.getLowerBound()), "ST_hi": list(it.getUpperBound()),
            "S2": None if s2 is None else np.array(s2).tolist()}


def best(rounds, f):
    t, out = math.inf, None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = f()
        t = min(t, time.perf_counter() - t0)
    return t, out


def write_csv(e, prefix, out):
    """effcomp's design and outputs as a sweep over a Saltelli design, the CSV `effcomp analyze sobol` reads."""
    D = e["D"]
    X = np.fromfile(prefix + ".x").reshape(-1, D)
    Y = np.fromfile(prefix + ".y")
    with open(out, "w") as f:
        f.write("# bench/sobol.sh: Ishigami (a = 7, b = 0.1) on effcomp's Saltelli design\n")
        f.write("# design sobol D=%d N=%d second_order=%d (Saltelli; rows A, AB, %sB per base point): "
                "x1=uniform(-pi,pi) x2=uniform(-pi,pi) x3=uniform(-pi,pi)\n" % (D, e["N"], e["second_order"],
                                                                                "BA, " if e["second_order"] else ""))
        f.write("cell,x1,x2,x3,ishigami,status\n")
        for c in range(len(Y)):
            f.write("%d,%s,%s,%s,%s,ok\n" % (c, repr(X[c, 0]), repr(X[c, 1]), repr(X[c, 2]), repr(Y[c])))
    return 0


def check_cli(e, peer, out, seconds):
    """The indices `effcomp analyze sobol` printed (6 decimals) against the library's, and its time."""
    got = {}
    for line in open(out):
        w = line.split()
        if len(w) == 5 and w[0] in ("x1", "x2", "x3"):
            got[w[0]] = [float(v) for v in w[1:]]
    bad = []
    for j in range(e["D"]):
        want = [e["S1"][j], e["S1_conf"][j], e["ST"][j], e["ST_conf"][j]]
        g = got.get("x%d" % (j + 1))
        if g is None or any(abs(a - b) > 1e-6 for a, b in zip(g, want)):
            bad.append("x%d" % (j + 1))
    p = json.loads(peer)
    print("  CLI: effcomp analyze sobol on the CSV (%d rows, best of 3 processes): %.4f s; OpenTURNS' indices alone "
          "%.4f s: %.1fx; its indices %s the library's" % (e["rows"], seconds, p["t_openturns"],
                                                          p["t_openturns"] / seconds, "differ from" if bad else "are"))
    if bad:
        print("bench: effcomp analyze sobol printed other indices than ec_sobol_analyze for " + ", ".join(bad),
              file=sys.stderr)
        return 1
    return 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "csv" and len(sys.argv) == 5:
        return write_csv(json.loads(open(sys.argv[2]).read()), sys.argv[3], sys.argv[4])
    if cmd == "cli" and len(sys.argv) == 6:
        return check_cli(json.loads(open(sys.argv[2]).read()), open(sys.argv[3]).read().strip().splitlines()[-1],
                         sys.argv[4], float(sys.argv[5]))
    if cmd != "peer" or len(sys.argv) < 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    e = json.loads(open(sys.argv[2]).read())
    prefix, rounds = sys.argv[3], int(sys.argv[4])
    threads = [int(t) for t in sys.argv[5].split(",")] if len(sys.argv) > 5 and sys.argv[5] else [ot.TBB.GetThreadsNumber()]
    ot.TBB.SetThreadsNumber(threads[0])
    N, D, so, R = e["N"], e["D"], e["second_order"], e["resamples"]
    ot.RandomGenerator.SetSeed(42)
    ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", "QMC")
    check_layout()

    Xe = np.fromfile(prefix + ".x").reshape(-1, D)
    Ye = np.fromfile(prefix + ".y")
    assert Xe.shape[0] == e["rows"] and Ye.shape[0] == e["rows"], "design file size"
    X = ot.Sample(ot_layout(Xe, N, D, so))
    model = ot.SymbolicFunction(["X1", "X2", "X3"], [FORMULA])
    t_eval, Y = best(rounds, lambda: model(X))
    y_ref = ot_layout(Ye.reshape(-1, 1), N, D, so).ravel()
    dy = float(np.max(np.abs(np.array(Y).ravel() - y_ref)) / np.max(np.abs(y_ref)))
    t_an, o = best(rounds, lambda: analyze(X, Y, N, so, R))
    t_threads = {threads[0]: t_an}
    for th in threads[1:]:
        ot.TBB.SetThreadsNumber(th)
        t_threads[th] = best(rounds, lambda: analyze(X, Y, N, so, R))[0]
    ot.TBB.SetThreadsNumber(threads[0])

    # OpenTURNS' own path: its design (QMC, its Sobol' sequence), its evaluation, the same algorithm
    dist = ot.ComposedDistribution([ot.Uniform(-math.pi, math.pi)] * D)
    t_odes, Xo = best(rounds, lambda: ot.SobolIndicesExperiment(dist, N, bool(so)).generate())
    t_oeval, Yo = best(rounds, lambda: model(Xo))
    t_oan, oo = best(rounds, lambda: analyze(Xo, Yo, N, so, R))

    bad = []
    if dy > 1e-12:
        bad.append("OpenTURNS' Ishigami differs from effcomp's by %.3g relative" % dy)
    print("design: Saltelli, D = %d, N = %d (%d rows%s), Ishigami a = 7, b = 0.1 on [-pi, pi]^3; %d bootstrap resamples, "
          "95%% intervals; OpenTURNS %s, best of %d"
          % (D, N, e["rows"], ", second order" if so else "", R, ot.__version__, rounds))
    print("%-6s %-10s %-10s %-22s %-10s %-22s %s" % ("index", "certified", "effcomp", "  effcomp interval", "OpenTURNS",
                                                     "  OpenTURNS interval", "agree"))
    for name, cert in (("S1", S_CERT), ("ST", ST_CERT)):
        for j in range(D):
            v, c = e[name][j], e[name + "_conf"][j]
            w, lo, hi = o[name][j], o[name + "_lo"][j], o[name + "_hi"][j]
            ok = (abs(w - v) <= c and lo <= v <= hi and abs(cert[j] - v) <= c and lo <= cert[j] <= hi)
            if not ok:
                bad.append("%s%d" % (name, j + 1))
            print("%-6s %10.6f %10.6f [%9.6f, %9.6f] %10.6f [%9.6f, %9.6f] %s"
                  % ("%s%d" % (name, j + 1), cert[j], v, v - c, v + c, w, lo, hi, "yes" if ok else "NO"))
    if so:  # OpenTURNS gives no interval for S2: its estimate must lie in effcomp's
        for j, k, cert in ((0, 1, 0.0), (0, 2, ST_CERT[0] - S_CERT[0]), (1, 2, 0.0)):
            v, c, w = e["S2"][j * D + k], e["S2_conf"][j * D + k], o["S2"][j][k]
            ok = abs(w - v) <= c and abs(cert - v) <= c
            if not ok:
                bad.append("S2%d%d" % (j + 1, k + 1))
            print("%-6s %10.6f %10.6f [%9.6f, %9.6f] %10.6f %22s %s" % ("S%d%d" % (j + 1, k + 1), cert, v, v - c, v + c, w,
                                                                       "(none)", "yes" if ok else "NO"))
    print("OpenTURNS' own design (QMC) for reference: S1 = (%s), ST = (%s)"
          % (", ".join("%.6f" % x for x in oo["S1"]), ", ".join("%.6f" % x for x in oo["ST"])))
    ta = e["t_analyze"]
    print("times (s)               effcomp   OpenTURNS  ratio (OpenTURNS / effcomp)")
    print("  design              %9.5f   %9.5f  %6.1fx  (OpenTURNS: SobolIndicesExperiment, its own points)"
          % (e["t_design"], t_odes, t_odes / e["t_design"]))
    print("  evaluate Ishigami   %9.5f   %9.5f  %6.1fx  (effcomp: C loop; OpenTURNS: SymbolicFunction)"
          % (e["t_eval"], t_eval, t_eval / e["t_eval"]))
    for th in threads:
        print("  indices+intervals   %9.5f   %9.5f  %6.1fx  (the same design and outputs; effcomp 1 thread, OpenTURNS %d)"
              % (ta, t_threads[th], t_threads[th] / ta, th))
    te = e["t_design"] + e["t_eval"] + ta
    print("  whole path          %9.5f   %9.5f  %6.1fx  (design, evaluation, indices; OpenTURNS on its own design)"
          % (te, t_odes + t_oeval + t_oan, (t_odes + t_oeval + t_oan) / te))
    print(json.dumps({"second_order": so, "ratio_indices": t_an / ta, "t_effcomp": ta, "t_openturns": t_an,
                      "t_openturns_threads": {str(k): v for k, v in t_threads.items()},
                      "t_openturns_own_path": t_odes + t_oeval + t_oan, "agree": not bad}))
    if bad:
        print("bench: disagreement: " + ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

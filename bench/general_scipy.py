#!/usr/bin/python3
"""general_scipy.py DATA FORM LOSS METHOD BOOT [REF]: the scipy peer of bench/general.sh.
general_scipy.py time CMD...: runs CMD 3 times (exit status 0 or 3 accepted) and prints the best
wall-clock and the best CPU seconds (user + system, children) of the runs, for effcomp's side.

Fits FORM (power, saturating-power, kaplan-nd or bnsl) to Epoch's Chinchilla points (the 5
highest losses dropped, as effcomp's --drop-highest 5; x = C for one-variable forms, N and
D = C/(6N) for kaplan-nd), or exp-error to Gadre et al.'s 104 models (DATA their CSV; x = the C4
validation loss loss_c4_val, y = the 17-task average error err_avg_subset, every row), or
sigmoid-logc to Epoch's open-model benchmarks (x = training compute, y = MMLU, the rows with both), or
loglinear-time to the bundled frontier models (x = publication date as effcomp's decimal year, y = training
compute; y0 fixed at 2020, as the form's default), or effective-compute-time to Epoch's language-model
perplexity sheet (C = training compute, date = publication date, L = WikiText-103 perplexity, the rows with
all three; E fixed at 0 and y0 at 2020, as bench/general.sh's --fix E=0) with LOSS (ls, ls-log or huber: Huber delta 1e-3 on log residuals)
from every start of effcomp's default grid for the form (the Cartesian product of the values in
model/ec_form.c, last parameter fastest), keeping the lowest objective, then refits BOOT case
resamples from that optimum. METHOD:
  lm   scipy.optimize.least_squares(method='lm') (MINPACK) in effcomp's unbounded
       coordinates q (p = lo + e^q, p = lo + (hi - lo)/(1 + e^-q)): ls and ls-log only;
  trf  least_squares(method='trf') on the natural parameters with the form's bounds; for huber
       loss='huber' with f_scale=delta, which is the same objective as effcomp's;
  trf-q  the same in effcomp's unbounded coordinates q (no bounds needed), which is what the
       natural parameters lack on forms whose scales span decades (kaplan-nd's Nc, Dc ~ 1e13).
REF (effcomp's best objective, optional) adds "at_ref": the converged starts that end within
1e-9 relative of it or below it (the starts that found the optimum, not only a stopping test).
Analytic Jacobians, scipy's default tolerances. The objective printed is effcomp's:
sum rho(r) (r^2/2 or Huber's rho_delta), i.e. least_squares' `cost`. Prints one JSON line;
seconds are in-process times after loading the data.
"""
import csv
import itertools
import json
import math
import sys
import time

import numpy as np
from scipy.optimize import least_squares

DELTA = 1e-3
INF = math.inf

# name: (parameter names, lower, upper, grid), as in model/ec_form.c.
FORMS = {
    "power": (["A", "alpha"], [0.0, -10.0], [INF, 10.0],
              [[1e-2, 1.0, 1e2, 1e4], [-1.0, -0.5, 0.05, 0.2, 0.5]]),
    "saturating-power": (["E", "A", "alpha"], [0.0, 0.0, 0.0], [INF, INF, 10.0],
                         [[0.0, 1.0, 2.0], [1.0, 10.0, 1e3, 1e6, 1e10], [0.05, 0.1, 0.2, 0.3, 0.5]]),
    "kaplan-nd": (["Nc", "Dc", "alphaN", "alphaD"], [0.0] * 4, [INF, INF, 5.0, 5.0],
                  [[1e10, 1e12, 1e14, 1e16], [1e10, 1e12, 1e14], [0.05, 0.1, 0.3], [0.05, 0.1, 0.3]]),
    "bnsl": (["a", "b", "c0", "c1", "d1", "f1"], [0.0, 0.0, -5.0, -5.0, 0.0, 1e-3], [INF, INF, 5.0, 5.0, INF, 10.0],
             [[0.0], [0.1, 1.0, 10.0], [0.0, 0.2, 0.5], [0.2, 0.5, 1.0], [1e2, 1e3, 1e4, 1e5], [0.3, 1.0, 3.0]]),
    "sigmoid-logc": (["lo", "hi", "k", "x0"], [-INF, -INF, 0.0, 0.0], [INF, INF, 100.0, 40.0],
                     [[0.0, 0.25], [0.8, 1.0], [0.5, 1.0, 2.0, 4.0], [20.0, 22.0, 24.0, 26.0]]),
    "loglinear-time": (["c", "g"], [-INF, -INF], [INF, INF], [[-10.0, 0.0, 10.0, 20.0, 25.0], [-1.0, -0.3, 0.3, 1.0]]),
    "exp-error": (["eps", "k", "gamma"], [0.0, 0.0, 0.0], [1.5, INF, INF],
                  [[0.6, 0.9, 1.2], [0.1, 1.0, 10.0, 100.0], [0.3, 1.0, 3.0]]),
    # E fixed at 0 (its lower bound, where the fit puts it on these data) and y0 at 2020
    "effective-compute-time": (["A", "alpha", "g"], [0.0, 0.0, -5.0], [INF, 3.0, 5.0],
                               [[10.0, 1e3, 1e5], [0.05, 0.15, 0.3], [0.0, 0.3, 1.0]]),
}


def predict(form, p, X):
    """Prediction and its gradient (n x k) with respect to the natural parameters."""
    if form == "power":
        A, al = p
        x = X[0]
        t = x ** -al
        y = A * t
        return y, np.stack([t, -y * np.log(x)], 1)
    if form == "saturating-power":
        E, A, al = p
        x = X[0]
        t = x ** -al
        return E + A * t, np.stack([np.ones_like(x), t, -A * t * np.log(x)], 1)
    if form == "kaplan-nd":
        Nc, Dc, aN, aD = p
        N, D = X
        r = math.log(Nc) - np.log(N)
        u = (aN / aD) * r
        v = math.log(Dc) - np.log(D)
        s = np.logaddexp(u, v)
        pu = np.exp(u - s)  # e^u / (e^u + e^v)
        L = np.exp(aD * s)
        g = np.stack([L * aN * pu / Nc, L * aD * (1 - pu) / Dc, L * pu * r, L * (s - pu * u)], 1)
        return L, g
    if form == "bnsl":
        a, b, c0, c1, d1, f1 = p
        lx = np.log(X[0])
        z = (lx - math.log(d1)) / f1
        sp = np.logaddexp(0.0, z)
        sig = np.exp(z - sp)
        gg = np.exp(-c0 * lx - c1 * f1 * sp)
        bg = b * gg
        g = np.stack([np.ones_like(lx), gg, -bg * lx, -bg * f1 * sp, bg * c1 * sig / d1,
                      -bg * c1 * (sp - z * sig)], 1)
        return a + bg, g
    if form == "sigmoid-logc":
        lo, hi, k, x0 = p
        u = np.log10(X[0]) - x0
        sg = 1.0 / (1.0 + np.exp(-k * u))
        d = (hi - lo) * sg * (1.0 - sg)
        return lo + (hi - lo) * sg, np.stack([1.0 - sg, sg, d * u, -d * k], 1)
    if form == "loglinear-time":  # y0 = 2020 fixed
        c, g = p
        t = X[0] - 2020.0
        y = 10.0 ** (c + g * t)
        return y, np.stack([y * math.log(10.0), y * math.log(10.0) * t], 1)
    if form == "effective-compute-time":  # E = 0, y0 = 2020 fixed: y = A z^-alpha, ln z = ln C + g (t - 2020) ln 10
        A, alpha, g = p
        t = X[1] - 2020.0
        lnz = np.log(X[0]) + g * t * math.log(10.0)
        zp = np.exp(-alpha * lnz)
        u = A * zp
        return u, np.stack([zp, -u * lnz, -alpha * u * t * math.log(10.0)], 1)
    if form == "exp-error":
        eps, k, gam = p
        x = X[0]
        e = np.exp(-gam * x)
        return eps - k * e, np.stack([np.ones_like(x), -e, k * x * e], 1)
    raise SystemExit(f"unknown form {form}")


# effcomp's coordinates (solvers/ec_nlfit.c: to_p, to_q).
def to_q(p, lo, hi):
    span = hi - lo if math.isfinite(lo) and math.isfinite(hi) else max(1.0, abs(p))
    eps = 1e-6 * span
    if math.isfinite(lo) and p < lo + eps:
        p = lo + eps
    if math.isfinite(hi) and p > hi - eps:
        p = hi - eps
    if not math.isfinite(lo) and not math.isfinite(hi):
        return p
    if not math.isfinite(hi):
        return math.log(p - lo)
    if not math.isfinite(lo):
        return math.log(hi - p)
    u = (p - lo) / (hi - lo)
    return math.log(u / (1 - u))


def to_p(q, lo, hi):
    """p and dp/dq (arrays over the parameters)."""
    p, d = np.empty_like(q), np.empty_like(q)
    for j, (qj, l, h) in enumerate(zip(q, lo, hi)):
        if not math.isfinite(l) and not math.isfinite(h):
            p[j], d[j] = qj, 1.0
        elif not math.isfinite(h):
            e = math.exp(min(qj, 700.0))
            p[j], d[j] = l + e, e
        elif not math.isfinite(l):
            e = math.exp(min(qj, 700.0))
            p[j], d[j] = h - e, -e
        else:
            s = 1.0 / (1.0 + math.exp(-max(min(qj, 700.0), -700.0)))
            p[j], d[j] = l + (h - l) * s, (h - l) * s * (1 - s)
    return p, d


def decimal_year(text):
    """effcomp's date to decimal year (model/ec_dataset.c): YYYY-MM-DD is year + (day of year - 1) / days."""
    y, m, d = (int(v) for v in text.split("-"))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return y + (sum(days[:m - 1]) + d - 1) / (366.0 if leap else 365.0)


# Forms on their own data sets: the x columns with their conversions, the y column (rows with every cell).
SOURCES = {
    "sigmoid-logc": ([("Training compute (FLOP)", float)], "MMLU"),
    "loglinear-time": ([("Publication date", decimal_year)], "Training compute (FLOP)"),
    "exp-error": ([("loss_c4_val", float)], "err_avg_subset"),
    "effective-compute-time": ([("Training Compute", float), ("Publication date", decimal_year)], "Perplexity (WT103)"),
}


def load(path, form):
    if form in SOURCES:
        xs, ycol = SOURCES[form]
        x, y = [[] for _ in xs], []
        with open(path, encoding="utf-8-sig") as f:
            for r in csv.DictReader(line for line in f if not line.startswith("#")):
                if r[ycol].strip() and all(r[c].strip() for c, _ in xs):
                    for v, (c, conv) in zip(x, xs):
                        v.append(conv(r[c].strip()))
                    y.append(float(r[ycol]))
        return [np.array(v) for v in x], np.array(y)
    N, C, L = [], [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            N.append(float(row["Model Size"]))
            C.append(float(row["Training FLOP"]))
            L.append(float(row["loss"]))
    N, C, L = map(np.array, (N, C, L))
    keep = L < np.sort(L)[-5]
    N, C, L = N[keep], C[keep], L[keep]
    X = [N, C / (6.0 * N)] if form == "kaplan-nd" else [C]
    return X, L


class Problem:
    def __init__(self, form, loss, X, y):
        self.form, self.loss = form, loss
        self.names, self.lo, self.hi, self.grid = FORMS[form]
        self.X, self.y = X, y
        self.logspace = loss != "ls"
        self.ty = np.log(y) if self.logspace else y

    def resample(self, idx):
        q = Problem.__new__(Problem)
        q.__dict__.update(self.__dict__)
        q.X = [x[idx] for x in self.X]
        q.y, q.ty = self.y[idx], self.ty[idx]
        return q

    # residuals and Jacobian in natural parameters
    def res_p(self, p):
        with np.errstate(all="ignore"):
            yh, _ = predict(self.form, p, self.X)
            r = (np.log(yh) if self.logspace else yh) - self.ty
        return np.where(np.isfinite(r), r, 1e10)

    def jac_p(self, p):
        with np.errstate(all="ignore"):
            yh, g = predict(self.form, p, self.X)
            if self.logspace:
                g = g / yh[:, None]
        return np.where(np.isfinite(g), g, 0.0)

    def res_q(self, q):
        return self.res_p(to_p(q, self.lo, self.hi)[0])

    def jac_q(self, q):
        p, d = to_p(q, self.lo, self.hi)
        return self.jac_p(p) * d[None, :]

    def objective(self, p):
        # the true residuals: an undefined one (res_p's 1e10 stand-in, for the solver's sake) makes it infinite
        with np.errstate(all="ignore"):
            yh, _ = predict(self.form, p, self.X)
            r = (np.log(yh) if self.logspace else yh) - self.ty
        if not np.all(np.isfinite(r)):
            return math.inf
        if self.loss == "huber":
            a = np.abs(r)
            return float(np.where(a <= DELTA, 0.5 * r * r, DELTA * (a - 0.5 * DELTA)).sum())
        return float(0.5 * (r * r).sum())

    def fit(self, method, p0):
        """One local fit from natural parameters p0: (p, objective, nfev, success)."""
        q0 = np.array([to_q(v, l, h) for v, l, h in zip(p0, self.lo, self.hi)])
        kw = {"loss": "huber", "f_scale": DELTA} if self.loss == "huber" else {}  # trf's robust loss
        try:
            if method == "lm":
                r = least_squares(self.res_q, q0, jac=self.jac_q, method="lm")
                p = to_p(r.x, self.lo, self.hi)[0]
            elif method == "trf-q":
                r = least_squares(self.res_q, q0, jac=self.jac_q, method="trf", **kw)
                p = to_p(r.x, self.lo, self.hi)[0]
            else:
                ps = to_p(q0, self.lo, self.hi)[0]  # the start moved inside the bounds, as effcomp does
                r = least_squares(self.res_p, ps, jac=self.jac_p, method="trf",
                                  bounds=(self.lo, self.hi), **kw)
                p = r.x
        except (ValueError, np.linalg.LinAlgError, OverflowError, FloatingPointError):
            return None, math.inf, 0, False
        f = self.objective(p)
        return p, f, int(r.nfev), bool(r.status > 0 and math.isfinite(f))


def time_command(cmd):
    import resource
    import subprocess
    wall = cpu = math.inf
    for _ in range(3):
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        if rc not in (0, 3):
            raise SystemExit(f"bench: command failed ({rc}): {' '.join(cmd)}")
        wall = min(wall, t1 - t0)
        cpu = min(cpu, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    print(f"{wall:.4f} {cpu:.4f}")


def main():
    if sys.argv[1] == "time":
        time_command(sys.argv[2:])
        return
    path, form, loss, method, nboot = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    ref = float(sys.argv[6]) if len(sys.argv) > 6 else None
    X, y = load(path, form)
    pb = Problem(form, loss, X, y)
    if method == "lm" and loss == "huber":
        print(json.dumps({"form": form, "loss": loss, "method": method, "skipped": "lm has no robust loss"}))
        return
    t0 = time.perf_counter()
    best, nfev, conv, nstarts, at_ref = (math.inf, None), 0, 0, 0, 0
    for start in itertools.product(*pb.grid):
        p, f, ne, ok = pb.fit(method, np.array(start, dtype=float))
        nfev += ne
        conv += ok
        nstarts += 1
        at_ref += bool(ok and ref is not None and f - ref <= 1e-9 * abs(ref))
        if ok and f < best[0]:
            best = (f, p)
    t1 = time.perf_counter()
    out = {"form": form, "loss": loss, "method": method, "points": int(y.size), "starts": nstarts,
           "converged": conv, "evaluations": nfev, "objective": best[0], "seconds": t1 - t0,
           "params": dict(zip(pb.names, map(float, best[1]))) if best[1] is not None else None}
    if ref is not None:
        out["at_ref"] = at_ref
    if nboot > 0 and best[1] is not None:
        rng = np.random.default_rng(42)
        failed = 0
        t2 = time.perf_counter()
        for _ in range(nboot):
            idx = rng.integers(0, y.size, y.size)
            _, _, _, ok = pb.resample(idx).fit(method, best[1])
            failed += not ok
        out["boot_seconds"] = time.perf_counter() - t2
        out["boot_failed"] = failed
        out["boot_replicates"] = nboot
    print(json.dumps(out))


if __name__ == "__main__":
    main()

"""python/effcomp.py as installed (tests/install/install.sh), run by Debian's python3:
    PYTHONPATH=PREFIX/lib/python3/dist-packages python3 test_python.py PREFIX DATA.csv
(tests/install/python.sh runs it so, for ctest's python_module.)

The module must load the library of the prefix it is installed in (no
EFFCOMP_LIBRARY), run Epoch AI's refit of Chinchilla and return the published
numbers (Besiroglu et al. 2024: E = 1.8172, A = 477.8, B = 2143, alpha =
0.34731, beta = 0.36717, objective 1.018274e-3), a projection on that fit in
memory equal to the closed form of the compute-optimal allocation (Hoffmann
et al. 2022), projections of Epoch's maximum-likelihood law equal to those
docs/project.md and tests/test_project.c quote, and errors as effcomp.Error
with the library's message. Tolerances: half a unit of the last published
digit, relative."""

import gc
import math
import os
import sys
import unittest

PREFIX, DATA = sys.argv[1], sys.argv[2]
del sys.argv[1:]
import effcomp  # noqa: E402


def close(tc, got, want, rtol, what):
    tc.assertTrue(abs(got - want) <= rtol * abs(want), "%s = %.10g, expected %.10g (rel. tol. %g)" % (what, got, want, rtol))


class TestEffcomp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fit = effcomp.fit(data=DATA, columns="N=Model Size,C=Training FLOP,L=loss", drop_highest=5,
                              loss="huber", delta=1e-3, bootstrap=200, seed=42)

    def test_library_of_the_prefix(self):
        self.assertNotIn("EFFCOMP_LIBRARY", os.environ)
        self.assertEqual(os.path.realpath(effcomp.library()._name),
                         os.path.realpath(os.path.join(PREFIX, "lib", effcomp.SONAME)))

    def test_fit_published(self):
        f = self.fit
        self.assertIsInstance(f, dict)
        self.assertEqual(f["result"], "fit")
        self.assertTrue(f["converged"])
        self.assertEqual(f.problems, [])
        self.assertIsInstance(f.notes, list)
        p = f["params"]
        for name, want, rtol in [("E", 1.8172, 3e-5), ("A", 477.8, 1.1e-4), ("B", 2143, 2.4e-4),
                                 ("alpha", 0.34731, 1.5e-5), ("beta", 0.36717, 1.4e-5)]:
            close(self, p[name], want, rtol, name)
            self.assertEqual(p[name], self.fit.value("p." + name))   # the dict and the named output agree
        close(self, f["objective"], 1.018274e-3, 5e-7, "objective")
        self.assertEqual(f["bootstrap"]["replicates"], 200)

    def test_project_on_the_fit_in_memory(self):
        pr = effcomp.project(fit=self.fit, sizes="compute=1e27;10T", policies="compute-optimal")
        self.assertEqual(len(pr["rows"]), 2)
        p = self.fit["params"]
        E, A, B, a, b, C = p["E"], p["A"], p["B"], p["alpha"], p["beta"], 1e27
        N = (a * A / (b * B)) ** (1 / (a + b)) * (C / 6) ** (b / (a + b))
        D = C / (6 * N)
        row = pr["rows"][0]
        close(self, row["N_law"], N, 1e-9, "N*")
        close(self, row["D"], D, 1e-9, "D*")
        close(self, row["loss"], E + A / N ** a + B / D ** b, 1e-12, "loss")
        lo, hi = row["loss_ci95"]
        self.assertTrue(lo < row["loss"] < hi)
        self.assertEqual(pr.value("row.1.N"), 1e13)
        self.assertEqual(pr.value("loss"), row["loss"])

    def test_bound_result_outlives_its_name(self):
        f = effcomp.fit(data=DATA, columns="N=Model Size,C=Training FLOP,L=loss", drop_highest=5)
        step = effcomp.Step("project", fit=f, sizes=["compute=1e27"])   # a list: one set per item
        del f
        gc.collect()
        first = step.run()
        second = step.run()   # a step runs any number of times
        self.assertEqual(first["rows"][0]["loss"], second["rows"][0]["loss"])
        close(self, first["rows"][0]["loss"], 1.858603187, 1e-9, "loss (as fit_project prints it)")

    def test_problems(self):
        # One iteration from Hoffmann's start cannot converge: the run finishes with a problem (exit 3 in the CLI).
        f = effcomp.fit(data=DATA, columns="N=Model Size,C=Training FLOP,L=loss", drop_highest=5,
                        starts="single", max_iter=1)
        self.assertFalse(f["converged"])
        self.assertEqual(len(f.problems), 1)
        self.assertIn("converge", f.problems[0])

    def test_project_mle_published(self):
        pr = effcomp.project(form="chinchilla", params="E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854",
                             sizes="compute=1e27;compute=1e28;10T", policies="compute-optimal;tokens-per-param=20")
        rows = pr["rows"]
        self.assertEqual(len(rows), 6)
        for i, n, d, loss in [(0, 3.313e12, 5.031e13, 1.8584), (2, 1.079e13, 1.545e14, 1.8444)]:
            close(self, rows[i]["N_law"], n, 5e-4, "row %d N" % i)
            close(self, rows[i]["D"], d, 3.3e-4, "row %d D" % i)
            close(self, rows[i]["loss"], loss, 2.8e-5, "row %d loss" % i)
        close(self, rows[5]["compute"], 1.2e28, 1e-12, "10T compute")
        close(self, rows[5]["loss"], 1.8436, 2.8e-5, "10T loss")

    def test_errors(self):
        with self.assertRaises(effcomp.Error) as cm:
            effcomp.fit(data=DATA, delta="nan")
        self.assertEqual(cm.exception.code, -1)
        self.assertEqual(cm.exception.status, effcomp.library().ec_status_name(-1).decode())
        self.assertIn("delta", cm.exception.message)
        with self.assertRaises(effcomp.Error) as cm:
            effcomp.fit(data=DATA, no_such_option=1)
        self.assertIn("no_such_option", cm.exception.message)
        with self.assertRaises(effcomp.Error) as cm:
            effcomp.run("no-such-step")
        self.assertIn("no-such-step", cm.exception.message)
        with self.assertRaises(effcomp.Error) as cm:
            effcomp.fit(data=os.path.join(PREFIX, "missing.csv"), columns="N=Model Size,C=Training FLOP,L=loss")
        self.assertIn("missing.csv", cm.exception.message)


if __name__ == "__main__":
    unittest.main(verbosity=1)

/*
 * test_chinchilla.c — unit tests for the Chinchilla objective (ec_chinchilla.h):
 * the Huber function, the exact gradient and Hessian against central finite
 * differences, the fast (unshifted, libmvec) path against a plain scalar sum,
 * block-size edges, weights, and the per-point residuals and Jacobian.
 *
 * Synthetic data: N in [1e7, 1e10], D in [1e8, 1e11] (low-discrepancy
 * sequences), L from the law with θ_true = (log 400, log 1000, log 1.7,
 * 0.34, 0.30) times exp(deterministic pseudo-noise of up to ±4%).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"
#include "ec_test_simd.h"

#include <float.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_error.h"

#define P EC_CHIN_NPARAM
#define MAXN 256

/* ------------------------------------------------------------- helpers */


static double frac(double x) { return x - floor(x); }

static const double theta_true[P] = {5.991464547107982 /* log 400 */, 6.907755278982137 /* log 1000 */,
                                     0.5306282510621704 /* log 1.7 */, 0.34, 0.30};
static const double hoffmann[P] = {6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083};

/* Synthetic points in log space (arrays of length MAXN). */
typedef struct synth {
    size_t n;
    double lN[MAXN], lD[MAXN], lL[MAXN];
} synth;

static void make_synth(synth *s, size_t n, double noise)
{
    assert_true(n <= MAXN);
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        double k = (double)i + 1.0;
        s->lN[i] = log(1e7) + log(1e3) * frac(k * 0.6180339887498949);
        s->lD[i] = log(1e8) + log(1e3) * frac(k * 0.4142135623730951);
        double eps = noise * 2.0 * (frac(k * 0.7320508075688772 + 0.1) - 0.5);
        s->lL[i] = ec_chin_logpred(theta_true, s->lN[i], s->lD[i]) + eps;
    }
}

static void data_of(ec_chin_data *d, const synth *s, const double *w)
{
    ec_chin_data_init(d, s->n, s->lN, s->lD, s->lL, w);
}

/*
 * Straightforward scalar reference: F with ec_chin_logpred and ec_huber,
 * gradient and Hessian from ec_chin_residuals, summed in index order.
 *
 * It also returns the magnitudes against which rounding must be judged.
 * Several entries of g and H are sums that cancel (e.g. with p1 ≈ 1 the
 * curvature p1 − p1² of log-sum-exp), so the achievable accuracy of an entry
 * is a few ulps of the sum of the absolute values of its terms, not of the
 * entry itself:
 *   sG[i]    = Σ w |ψ J_i|,   sH[i][j] = Σ w (|ψ′ J_i J_j| + |ψ| (|∇²log s|_ij + |J_i J_j|));
 * and the sensitivity of F and g to an absolute error of eps·|log L̂| in the
 * prediction (what limits central differences, divided by the step):
 *   rF = Σ w (ρ + |ψ| (|log L̂| + |log L|)),
 *   rG[i] = Σ w (|ψ| + |ψ′| (|log L̂| + |log L|)) |J_i|.
 * Finally the fast path clamps exponents below −700 when the largest is
 * above −600 (documented in ec_chinchilla.c), so a softmax weight p_k can be
 * off by up to e^−100 in absolute terms; zG and zH bound the effect of that
 * on g and H (e^−99 times the terms with every p_k replaced by 1).
 */
#define CLAMP_FLOOR 1.0112214926104486e-43 /* e^-99 */
typedef struct ref_t {
    double f, g[P], H[P * P];
    double sG[P], sH[P * P];
    double rF, rG[P];
    double zG[P], zH[P * P];
} ref_t;

static void reference_eval(const ec_chin_data *d, const double th[P], double delta, ref_t *o)
{
    double r[1], J[P];
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < d->n; i++) {
        double w = d->w ? d->w[i] : 1.0;
        double lp = ec_chin_logpred(th, d->lN[i], d->lD[i]);
        double ri = lp - d->lL[i];
        double rho = ec_huber(ri, delta);
        o->f += w * rho;
        ec_chin_data one;
        ec_chin_data_init(&one, 1, d->lN + i, d->lD + i, d->lL + i, NULL);
        ec_chin_residuals(&one, th, r, J);
        int quad = fabs(r[0]) <= delta;
        double psi = quad ? r[0] : copysign(delta, r[0]), dpsi = quad ? 1.0 : 0.0;
        /* Hessian of log s: Σ_k p_k v_k v_kᵀ − J Jᵀ. */
        double hs[P * P] = {0};
        double p1 = J[EC_CHIN_A], p2 = J[EC_CHIN_B], p3 = J[EC_CHIN_E];
        double lN = d->lN[i], lD = d->lD[i];
        hs[EC_CHIN_A * P + EC_CHIN_A] = p1;
        hs[EC_CHIN_A * P + EC_CHIN_ALPHA] = hs[EC_CHIN_ALPHA * P + EC_CHIN_A] = -p1 * lN;
        hs[EC_CHIN_ALPHA * P + EC_CHIN_ALPHA] = p1 * lN * lN;
        hs[EC_CHIN_B * P + EC_CHIN_B] = p2;
        hs[EC_CHIN_B * P + EC_CHIN_BETA] = hs[EC_CHIN_BETA * P + EC_CHIN_B] = -p2 * lD;
        hs[EC_CHIN_BETA * P + EC_CHIN_BETA] = p2 * lD * lD;
        hs[EC_CHIN_E * P + EC_CHIN_E] = p3;
        double mag = fabs(lp) + fabs(d->lL[i]);
        const double v[P] = {1, 1, 1, fabs(lN), fabs(lD)};
        o->rF += w * (rho + fabs(psi) * mag);
        for (int a = 0; a < P; a++) {
            o->g[a] += w * psi * J[a];
            o->sG[a] += w * fabs(psi * J[a]);
            o->rG[a] += w * (fabs(psi) + dpsi * mag) * fabs(J[a]);
            o->zG[a] += CLAMP_FLOOR * w * fabs(psi) * v[a];
            for (int b = 0; b < P; b++) {
                double jj = J[a] * J[b];
                o->H[a * P + b] += w * (dpsi * jj + psi * (hs[a * P + b] - jj));
                o->sH[a * P + b] += w * (dpsi * fabs(jj) + fabs(psi) * (fabs(hs[a * P + b]) + fabs(jj)));
                o->zH[a * P + b] += CLAMP_FLOOR * w * (dpsi + 2 * fabs(psi)) * v[a] * v[b];
            }
        }
    }
}

/* Evaluates or fails the test. */
/* An evaluator under test: ec_chin_eval or ec_chin_eval_single. */
typedef int (*eval_fn)(const ec_chin_data *, const double *, double, double *, double *, double *);

static void eval_with(eval_fn ev, const ec_chin_data *d, const double th[P], double delta, double *f,
                      double *g, double *H, int line)
{
    int rc = ev(d, th, delta, f, g, H);
    if (rc != EC_OK)
        fail_msg("line %d: %s at (%g, %g, %g, %g, %g) delta %g returned %d", line,
                 ev == ec_chin_eval ? "ec_chin_eval" : "ec_chin_eval_single", th[0], th[1], th[2], th[3], th[4],
                 delta, rc);
}
#define eval_ok(d, th, delta, f, g, H, line) eval_with(ec_chin_eval, (d), (th), (delta), (f), (g), (H), (line))
#define EVAL_OK(d, th, delta, f, g, H) eval_ok((d), (th), (delta), (f), (g), (H), __LINE__)

/* |got − want| ≤ tol · scale + floor, entry by entry (scale: the term magnitudes). */
static void assert_scaled(const double *got, const double *want, const double *scale,
                          const double *floor_, size_t n, double tol, const char *what, int line)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(got[i])) fail_msg("line %d: %s[%zu] = %g is not finite", line, what, i, got[i]);
        if (!(fabs(got[i] - want[i]) <= tol * scale[i] + floor_[i]))
            fail_msg("line %d: %s[%zu]: got %.17g, want %.17g; off by %.3g of the term magnitude %.3g "
                     "(tolerance %g)",
                     line, what, i, got[i], want[i], fabs(got[i] - want[i]) / scale[i], scale[i], tol);
    }
}

/* Compares an evaluator with the scalar reference: f relatively (its terms
 * are all ≥ 0), g and H relative to the magnitude of their terms, with the
 * reference's clamping floors, or, when max_floor > 0, a floor of max_floor
 * times the largest term magnitude of g or H (single precision, whose range
 * ends near 1e-38). And f without derivatives is the same number. */
static void check_eval(eval_fn ev, const ec_chin_data *d, const double th[P], double delta, double tol,
                       double max_floor, int line)
{
    double f, g[P], H[P * P];
    ref_t ref;
    eval_with(ev, d, th, delta, &f, g, H, line);
    reference_eval(d, th, delta, &ref);
    if (!(fabs(f - ref.f) <= tol * fabs(ref.f)))
        fail_msg("line %d: n=%zu delta=%g: f %.17g, scalar sum %.17g (rel %.3g)", line, d->n, delta, f,
                 ref.f, fabs(f - ref.f) / fabs(ref.f));
    double zg[P], zh[P * P], mg = 0, mh = 0;
    for (int j = 0; j < P; j++) mg = fmax(mg, ref.sG[j]);
    for (int j = 0; j < P * P; j++) mh = fmax(mh, ref.sH[j]);
    for (int j = 0; j < P; j++) zg[j] = max_floor > 0 ? max_floor * mg : ref.zG[j];
    for (int j = 0; j < P * P; j++) zh[j] = max_floor > 0 ? max_floor * mh : ref.zH[j];
    assert_scaled(g, ref.g, ref.sG, zg, P, tol, "gradient vs scalar", line);
    assert_scaled(H, ref.H, ref.sH, zh, P * P, tol, "Hessian vs scalar", line);
    double f_only;
    eval_with(ev, d, th, delta, &f_only, NULL, NULL, line);
    if (memcmp(&f_only, &f, sizeof f) != 0)
        fail_msg("line %d: f without derivatives %.17g differs from f with them %.17g", line, f_only, f);
}
#define CHECK_VS_REFERENCE(d, th, delta, tol) check_eval(ec_chin_eval, (d), (th), (delta), (tol), 0.0, __LINE__)
/* ec_chin_eval_single: f within 1e-5 relative, each entry of g and H within 1e-5 of its term
 * magnitude plus 1e-6 of the largest term magnitude of g or H. */
#define CHECK_SINGLE(d, th, delta) check_eval(ec_chin_eval_single, (d), (th), (delta), 1e-5, 1e-6, __LINE__)

/* Finite-difference step for parameter j: 1e-7 relative (absolute at 0). */
static double fd_step(const double th[P], int j) { return 1e-7 * fmax(fabs(th[j]), 1.0); }

/* Smallest distance of any |r_i| from delta, in units of the largest change
 * of r_i a finite-difference step can make; must be > 1 for the central
 * differences not to straddle the Huber kink. */
static double kink_margin(const ec_chin_data *d, const double th[P], double delta)
{
    if (!isfinite(delta)) return INFINITY;
    double m = INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        double r = ec_chin_logpred(th, d->lN[i], d->lD[i]) - d->lL[i];
        double reach = 1e-300;
        ec_chin_data one;
        double ri, J[P];
        ec_chin_data_init(&one, 1, d->lN + i, d->lD + i, d->lL + i, NULL);
        ec_chin_residuals(&one, th, &ri, J);
        for (int j = 0; j < P; j++) reach = fmax(reach, fabs(J[j]) * fd_step(th, j));
        m = fmin(m, fabs(fabs(r) - delta) / (P * reach));
    }
    return m;
}

static size_t count_quadratic(const ec_chin_data *d, const double th[P], double delta)
{
    size_t q = 0;
    for (size_t i = 0; i < d->n; i++)
        q += fabs(ec_chin_logpred(th, d->lN[i], d->lD[i]) - d->lL[i]) <= delta;
    return q;
}

/* A δ in the middle of the widest gap between consecutive |r_i| within the
 * middle half of the sorted |r|, so that both Huber zones hold points and no
 * point is close to the kink. */
static double split_delta(const ec_chin_data *d, const double th[P])
{
    double ar[MAXN] = {0};
    size_t n = d->n;
    for (size_t i = 0; i < n; i++) ar[i] = fabs(ec_chin_logpred(th, d->lN[i], d->lD[i]) - d->lL[i]);
    for (size_t i = 1; i < n; i++) /* insertion sort */
        for (size_t k = i; k > 0 && ar[k - 1] > ar[k]; k--) {
            double t = ar[k];
            ar[k] = ar[k - 1];
            ar[k - 1] = t;
        }
    size_t best = n / 4;
    for (size_t i = n / 4; i < 3 * n / 4; i++)
        if (ar[i + 1] - ar[i] > ar[best + 1] - ar[best]) best = i;
    return 0.5 * (ar[best] + ar[best + 1]);
}

static void fd_compare(double got, double want, double allowed, const char *what, int i, int j,
                       const char *label, int line)
{
    if (!(fabs(got - want) <= allowed))
        fail_msg("line %d: %s: %s[%d][%d] analytic %.12g, finite difference %.12g (allowed %.3g)", line,
                 label, what, i, j, got, want, allowed);
}

/*
 * Gradient vs central differences of F and Hessian vs central differences
 * of the gradient, with steps h_j = 1e-7·max(|θ_j|, 1). Allowed error per
 * entry: 1e-5 relative, plus what rounding alone can produce: the
 * prediction's absolute error eps·|log L̂| propagated into F (or g) and
 * divided by the step, and a few ulps of the magnitude of the summed terms
 * (entries that cancel to almost nothing cannot be checked more finely).
 * Truncation error (h²/6 times a third derivative) is far below all of this.
 */
static void check_derivatives(const ec_chin_data *d, const double th[P], double delta,
                              const char *label, int line)
{
    double m = kink_margin(d, th, delta);
    if (!(m > 10.0))
        fail_msg("line %d: %s: a residual is within %.3g finite-difference reaches of delta %g; "
                 "choose another delta",
                 line, label, m, delta);
    double f, g[P], H[P * P];
    eval_ok(d, th, delta, &f, g, H, line);
    ref_t ref;
    reference_eval(d, th, delta, &ref);
    double gfd[P], Hfd[P * P], hj[P];
    for (int j = 0; j < P; j++) {
        double h = fd_step(th, j), tp[P], tm[P], fp, fm, gp[P], gm[P];
        memcpy(tp, th, sizeof tp);
        memcpy(tm, th, sizeof tm);
        tp[j] += h;
        tm[j] -= h;
        hj[j] = h = 0.5 * (tp[j] - tm[j]); /* the step actually taken */
        eval_ok(d, tp, delta, &fp, gp, NULL, line);
        eval_ok(d, tm, delta, &fm, gm, NULL, line);
        gfd[j] = (fp - fm) / (2 * h);
        for (int i = 0; i < P; i++) Hfd[i * P + j] = (gp[i] - gm[i]) / (2 * h);
    }
    const double ulps = 16 * DBL_EPSILON;
    for (int j = 0; j < P; j++)
        fd_compare(g[j], gfd[j], 1e-5 * fabs(gfd[j]) + ulps * (ref.rF / hj[j] + ref.sG[j]) + ref.zG[j], "g", j, 0,
                   label, line);
    for (int i = 0; i < P; i++)
        for (int j = 0; j < P; j++) {
            if (H[i * P + j] != H[j * P + i]) fail_msg("line %d: %s: H not symmetric", line, label);
            fd_compare(H[i * P + j], Hfd[i * P + j],
                       1e-5 * fabs(Hfd[i * P + j]) + ulps * (ref.rG[i] / hj[j] + ref.sH[i * P + j]) + ref.zH[i * P + j], "H", i,
                       j, label, line);
        }
}
#define CHECK_DERIVATIVES(d, th, delta, label) check_derivatives((d), (th), (delta), (label), __LINE__)

/* --------------------------------------------------------------- tests */

static void test_huber(void **state)
{
    (void)state;
    const double deltas[] = {1e-3, 0.05, 1.0, 7.5};
    for (size_t k = 0; k < sizeof deltas / sizeof deltas[0]; k++) {
        double dl = deltas[k];
        /* Quadratic inside, including the ends. */
        const double in[] = {0.0, 0.25, -0.5, 0.999, -1.0, 1.0};
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
            double r = in[i] * dl;
            ASSERT_REL(ec_huber(r, dl), 0.5 * r * r, 1e-15);
        }
        /* Linear outside. */
        const double out[] = {1.0001, -1.5, 2.0, -10.0, 1e6};
        for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
            double r = out[i] * dl;
            ASSERT_REL(ec_huber(r, dl), dl * (fabs(r) - 0.5 * dl), 1e-15);
        }
        /* Continuity at ±δ: value δ²/2 and slope ±δ on both sides. */
        double h = 1e-9 * dl;
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            double at = ec_huber(sgn * dl, dl);
            ASSERT_REL(at, 0.5 * dl * dl, 1e-15);
            double below = ec_huber(sgn * (dl - h), dl), above = ec_huber(sgn * (dl + h), dl);
            assert_true(below < at && at < above);
            ASSERT_REL((above - at) / h, dl, 1e-6);
            ASSERT_REL((at - below) / h, dl, 1e-6);
        }
        /* Even, and increasing in |r|. */
        assert_true(ec_huber(-3 * dl, dl) == ec_huber(3 * dl, dl));
        assert_true(ec_huber(0.5 * dl, dl) < ec_huber(0.75 * dl, dl));
        assert_true(ec_huber(2 * dl, dl) < ec_huber(3 * dl, dl));
    }
    /* δ = ∞: least squares. */
    const double rs[] = {0.0, 1e-8, -0.3, 2.5, -1e3, 1e100};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        ASSERT_REL(ec_huber(rs[i], INFINITY), 0.5 * rs[i] * rs[i], 1e-15);
    /* The linear arm grows like δ|r|, not r². */
    ASSERT_REL(ec_huber(1e3, 1e-3), 1.0 - 0.5e-6, 1e-15);
}

static void test_logpred(void **state)
{
    (void)state;
    /* log(e^a/N^α + e^b/D^β + e^e) computed directly where that is safe. */
    const double lN = log(7e8), lD = log(3e10);
    double want = log(exp(hoffmann[0]) / pow(7e8, hoffmann[3]) + exp(hoffmann[1]) / pow(3e10, hoffmann[4]) +
                      exp(hoffmann[2]));
    ASSERT_REL(ec_chin_logpred(hoffmann, lN, lD), want, 1e-14);
    /* Far outside the range of exp: log-sum-exp must still be exact. */
    const double big[P] = {900, 0, -1000, 0, 0};
    ASSERT_REL(ec_chin_logpred(big, lN, lD), 900 + log1p(exp(-900.0)), 1e-15);
    const double tiny[P] = {-900, -901, -1000, 0, 0};
    ASSERT_REL(ec_chin_logpred(tiny, lN, lD), -900 + log1p(exp(-1.0)), 1e-15);
}

static void test_data_init(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 37, 0.04);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    assert_int_equal(d.n, 37);
    assert_ptr_equal(d.lN, s.lN);
    assert_null(d.w);
    double mn = INFINITY, mx = -INFINITY, dn = INFINITY, dx = -INFINITY;
    for (size_t i = 0; i < s.n; i++) {
        mn = fmin(mn, s.lN[i]);
        mx = fmax(mx, s.lN[i]);
        dn = fmin(dn, s.lD[i]);
        dx = fmax(dx, s.lD[i]);
    }
    assert_true(d.lN_min == mn && d.lN_max == mx && d.lD_min == dn && d.lD_max == dx);
    assert_true(mn >= log(1e7) && mx <= log(1e10) && dn >= log(1e8) && dx <= log(1e11));
    const char *path = ec_chin_simd_path();
    assert_true(strcmp(path, "avx512-libmvec") == 0 || strcmp(path, "avx2-libmvec") == 0 || strcmp(path, "scalar") == 0);
    printf("# SIMD path: %s\n", path);
}

/* The θ at which derivatives are checked. */
static const double th_grid_corner[P] = {25, 0, -1, 0, 2};
static const double th_emin[P] = {6.0, 6.5, -800, 0.34, 0.28};        /* fast path, e clamped */
static const double th_slow_low[P] = {-650, -660, -800, 0.01, 0.02};  /* every exponent < -600: shifted path */
static const double th_slow_high[P] = {800, 6.0, 0.5, 0.34, 0.28};    /* a − α log N > 700: shifted path */
static const double th_mixed[P] = {5.5, 7.5, 0.6, 0.30, 0.33};        /* near the data, both zones */

static void test_derivatives_unweighted(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 37, 0.04);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    const double *points[] = {hoffmann, theta_true, th_grid_corner, th_emin, th_slow_low, th_slow_high,
                              th_mixed};
    const char *names[] = {"hoffmann", "theta_true", "grid corner", "e=-800", "slow (underflow)",
                           "slow (overflow)", "mixed"};
    for (size_t k = 0; k < sizeof points / sizeof points[0]; k++) {
        char label[96];
        /* Least squares. */
        snprintf(label, sizeof label, "%s, delta=inf", names[k]);
        CHECK_DERIVATIVES(&d, points[k], INFINITY, label);
        /* Huber with both zones populated. */
        double dl = split_delta(&d, points[k]);
        size_t q = count_quadratic(&d, points[k], dl);
        assert_true(q >= d.n / 4 && q <= 3 * d.n / 4 + 1);
        snprintf(label, sizeof label, "%s, delta=%g (%zu of %zu quadratic)", names[k], dl, q, d.n);
        CHECK_DERIVATIVES(&d, points[k], dl, label);
        /* Huber with everything (or nearly everything) on the linear arms. */
        snprintf(label, sizeof label, "%s, delta=1e-4", names[k]);
        CHECK_DERIVATIVES(&d, points[k], 1e-4, label);
    }
    /* δ = 0.05 at points where it splits the residuals cleanly. */
    const double *at05[] = {hoffmann, th_mixed};
    for (size_t k = 0; k < 2; k++) {
        size_t q = count_quadratic(&d, at05[k], 0.05);
        assert_true(q > 0 && q < d.n);
        CHECK_DERIVATIVES(&d, at05[k], 0.05, "delta=0.05");
    }
}

static void test_derivatives_weighted(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 37, 0.04);
    double w[MAXN];
    for (size_t i = 0; i < s.n; i++) w[i] = 0.25 + (double)(i % 5) * 0.75; /* 0.25 .. 3.25 */
    ec_chin_data d;
    data_of(&d, &s, w);
    const double *points[] = {hoffmann, th_grid_corner, th_slow_low, th_mixed};
    for (size_t k = 0; k < sizeof points / sizeof points[0]; k++) {
        CHECK_DERIVATIVES(&d, points[k], INFINITY, "weighted, delta=inf");
        CHECK_DERIVATIVES(&d, points[k], split_delta(&d, points[k]), "weighted, split delta");
        CHECK_VS_REFERENCE(&d, points[k], split_delta(&d, points[k]), 1e-12);
    }
}

/* Integer weights are the same as repeated points; weight 0 drops a point;
 * unit weights are the same as no weights, to the bit. */
static void test_weights_equal_duplicates(void **state)
{
    (void)state;
    synth s, dup;
    make_synth(&s, 37, 0.04);
    double w[MAXN], ones[MAXN];
    dup.n = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned c = (unsigned)((i * 7) % 4); /* 0, 3, 2, 1, 0, ... */
        w[i] = c;
        ones[i] = 1.0;
        for (unsigned r = 0; r < c; r++) {
            dup.lN[dup.n] = s.lN[i];
            dup.lD[dup.n] = s.lD[i];
            dup.lL[dup.n] = s.lL[i];
            dup.n++;
        }
    }
    assert_true(dup.n > s.n); /* 0+3+2+1 per four points */
    ec_chin_data dw, dd, du, dn;
    data_of(&dw, &s, w);
    data_of(&dd, &dup, NULL);
    data_of(&du, &s, ones);
    data_of(&dn, &s, NULL);
    const double *points[] = {hoffmann, th_grid_corner, th_emin, th_slow_low, th_mixed};
    const double deltas[] = {INFINITY, 0.05, 1e-3};
    for (size_t k = 0; k < sizeof points / sizeof points[0]; k++)
        for (size_t m = 0; m < sizeof deltas / sizeof deltas[0]; m++) {
            double fw, gw[P], Hw[P * P], fd, gd[P], Hd[P * P];
            EVAL_OK(&dw, points[k], deltas[m], &fw, gw, Hw);
            EVAL_OK(&dd, points[k], deltas[m], &fd, gd, Hd);
            ref_t ref;
            reference_eval(&dd, points[k], deltas[m], &ref);
            ASSERT_REL(fw, fd, 1e-12);
            assert_scaled(gw, gd, ref.sG, ref.zG, P, 1e-12, "weighted g vs duplicated", __LINE__);
            assert_scaled(Hw, Hd, ref.sH, ref.zH, P * P, 1e-12, "weighted H vs duplicated", __LINE__);
            double fu, gu[P], Hu[P * P], fn, gn[P], Hn[P * P];
            EVAL_OK(&du, points[k], deltas[m], &fu, gu, Hu);
            EVAL_OK(&dn, points[k], deltas[m], &fn, gn, Hn);
            assert_memory_equal(&fu, &fn, sizeof fu);
            assert_memory_equal(gu, gn, sizeof gu);
            assert_memory_equal(Hu, Hn, sizeof Hu);
            /* Doubling every weight doubles everything exactly. */
            double w2[MAXN], f2, g2[P], H2[P * P];
            for (size_t i = 0; i < s.n; i++) w2[i] = 2 * w[i];
            ec_chin_data d2;
            data_of(&d2, &s, w2);
            EVAL_OK(&d2, points[k], deltas[m], &f2, g2, H2);
            assert_true(f2 == 2 * fw);
            for (int j = 0; j < P; j++) assert_true(g2[j] == 2 * gw[j]);
            for (int j = 0; j < P * P; j++) assert_true(H2[j] == 2 * Hw[j]);
        }
}

/* The fast path (no max-shift, libmvec exp/log) against the scalar sum. */
static void test_fast_path_vs_scalar(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 130, 0.04);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    const double *fast[] = {hoffmann, theta_true, th_grid_corner, th_emin, th_mixed};
    const double deltas[] = {INFINITY, 0.05, 1e-3};
    for (size_t k = 0; k < sizeof fast / sizeof fast[0]; k++)
        for (size_t m = 0; m < sizeof deltas / sizeof deltas[0]; m++)
            CHECK_VS_REFERENCE(&d, fast[k], deltas[m], 1e-12);
    /* Shifted paths too. */
    CHECK_VS_REFERENCE(&d, th_slow_low, 1e-3, 1e-12);
    CHECK_VS_REFERENCE(&d, th_slow_high, 1e-3, 1e-12);
    /* Same (data, θ), same bits. */
    double f1, g1[P], H1[P * P], f2, g2[P], H2[P * P];
    EVAL_OK(&d, hoffmann, 1e-3, &f1, g1, H1);
    EVAL_OK(&d, hoffmann, 1e-3, &f2, g2, H2);
    assert_memory_equal(&f1, &f2, sizeof f1);
    assert_memory_equal(g1, g2, sizeof g1);
    assert_memory_equal(H1, H2, sizeof H1);
}

/* Blocks of 64 points where the first block takes the fast path and the
 * later ones the shifted path (a − α log N crosses −600 inside the data). */
static void test_mixed_blocks(void **state)
{
    (void)state;
    synth s;
    s.n = 130;
    for (size_t i = 0; i < s.n; i++) {
        s.lN[i] = 16.2 + 6.6 * (double)i / 129.0; /* increasing: the low points come last */
        s.lD[i] = log(1e8) + log(1e3) * frac((double)(i + 1) * 0.4142135623730951);
        s.lL[i] = 0.5 + 0.3 * frac((double)(i + 1) * 0.6180339887498949);
    }
    const double th[P] = {-500, -700, -750, 5.0, 0.01};
    assert_true(th[0] - th[3] * s.lN[63] > -600);  /* first block: fast */
    assert_true(th[0] - th[3] * s.lN[127] < -600); /* second block: shifted */
    ec_chin_data d;
    data_of(&d, &s, NULL);
    CHECK_VS_REFERENCE(&d, th, INFINITY, 1e-12);
    CHECK_VS_REFERENCE(&d, th, 1e-3, 1e-12);
    CHECK_VS_REFERENCE(&d, th, 600.0, 1e-12); /* splits |r| in [581, 615] */
    CHECK_DERIVATIVES(&d, th, INFINITY, "mixed blocks");
    /* F is continuous as the first block switches path: move a across the
     * point where its lowest exponent reaches −600. */
    double a_switch = -600 + th[3] * s.lN[63];
    double f_lo, f_hi, tl[P], tu[P];
    memcpy(tl, th, sizeof tl);
    memcpy(tu, th, sizeof tu);
    tl[0] = a_switch - 1e-12;
    tu[0] = a_switch + 1e-12;
    assert_true(tl[0] < a_switch && a_switch < tu[0]);
    EVAL_OK(&d, tl, INFINITY, &f_lo, NULL, NULL);
    EVAL_OK(&d, tu, INFINITY, &f_hi, NULL, NULL);
    ASSERT_REL(f_hi, f_lo, 1e-12);
}

/* Block edges: 1, 3, 4, 64, 65 and 130 points. */
static void test_block_sizes(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 130, 0.04);
    const size_t sizes[] = {1, 2, 3, 4, 5, 63, 64, 65, 127, 128, 129, 130};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        ec_chin_data d;
        ec_chin_data_init(&d, sizes[k], s.lN, s.lD, s.lL, NULL);
        const double deltas[] = {INFINITY, 0.05, 1e-3};
        for (size_t m = 0; m < sizeof deltas / sizeof deltas[0]; m++) {
            CHECK_VS_REFERENCE(&d, hoffmann, deltas[m], 1e-12);
            CHECK_VS_REFERENCE(&d, th_grid_corner, deltas[m], 1e-12);
            CHECK_VS_REFERENCE(&d, th_slow_low, deltas[m], 1e-12);
        }
    }
    /* No points: F = 0. */
    ec_chin_data d0;
    ec_chin_data_init(&d0, 0, s.lN, s.lD, s.lL, NULL);
    double f = -1, g[P], H[P * P];
    EVAL_OK(&d0, hoffmann, 1e-3, &f, g, H);
    assert_true(f == 0);
    for (int j = 0; j < P; j++) assert_true(g[j] == 0);
}

/*
 * The unused lanes of a partial block must not affect the result. Here
 * a − α log N stays below 700 at every data point (so the unshifted path is
 * taken) but a itself is above log(DBL_MAX) ≈ 709.78, the value of the first
 * exponent at a padding lane (where log N = 0).
 */
static void test_padding_lanes(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 37, 0.04);
    const double th[P] = {720, 6.0, 0.5, 1.5, 0.3};
    assert_true(th[0] - th[3] * log(1e7) < 700);
    for (size_t n = 36; n <= 37; n++) { /* 36: full lanes; 37: three padding lanes */
        ec_chin_data d;
        ec_chin_data_init(&d, n, s.lN, s.lD, s.lL, NULL);
        double f;
        ref_t ref;
        reference_eval(&d, th, 1e-3, &ref);
        double fr = ref.f;
        assert_true(isfinite(fr));
        int rc = ec_chin_eval(&d, th, 1e-3, &f, NULL, NULL);
        if (rc != EC_OK)
            fail_msg("n=%zu: ec_chin_eval returned %d (f=%g) although every term is finite "
                     "(scalar sum %.17g)",
                     n, rc, f, fr);
        ASSERT_REL(f, fr, 1e-12);
    }
}

/* The evaluators on `plain` and on `lev` (the same points with their sizes' table) at theta, with and without the
 * least-squares loss: the same bits where `exact`, else F within 1e-15 and g within 1e-13. */
static void same_by_level(const ec_chin_data *plain, const ec_chin_data *lev, const double *theta, int exact,
                          const char *what)
{
    for (int linear = 0; linear < 2; linear++) {
        double f0, g0[P], H0[P * P], f1, g1[P], H1[P * P];
        int rc0 = linear ? ec_chin_eval_linear(plain, theta, &f0, g0, H0) : ec_chin_eval(plain, theta, 1e-3, &f0, g0, H0);
        int rc1 = linear ? ec_chin_eval_linear(lev, theta, &f1, g1, H1) : ec_chin_eval(lev, theta, 1e-3, &f1, g1, H1);
        assert_int_equal(rc0, rc1);
        if (rc0 != EC_OK) continue;
        if (exact) {
            if (f0 != f1 || memcmp(g0, g1, sizeof g0) || memcmp(H0, H1, sizeof H0))
                fail_msg("%s linear=%d: not the same bits (F %.17g vs %.17g)", what, linear, f0, f1);
        } else {
            ASSERT_REL(f1, f0, 1e-15);
            for (int j = 0; j < P; j++) ASSERT_REL(g1[j], g0[j], 1e-13);
        }
    }
}

/*
 * Few distinct model sizes (ec_chin_data_levels): e^(a − α log N) taken once per size gives
 * the same F, g and H as per point: the same bits on the AVX2 and scalar paths (every value
 * through the same exp), within 1e-15 on AVX-512 (whose exp is 8 or 4 wide by position). On
 * full and ragged blocks, weighted, with the least-squares evaluator too, and at a θ that
 * takes the shifted path; then with 12 and 20 sizes (AVX-512 puts up to 8 sizes at their points by
 * permuting one register, up to 16 by permuting two, more by a gather).
 */
static void test_levels(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 203, 0.04);
    static const double sizes[5] = {7e7, 4e8, 1e9, 6.3e9, 2.1e10};
    double w[MAXN];
    for (size_t i = 0; i < s.n; i++) {
        s.lN[i] = log(sizes[(i * 7) % 5]);
        s.lL[i] = ec_chin_logpred(theta_true, s.lN[i], s.lD[i]) + 0.03 * (frac((double)i * 0.377) - 0.5);
        w[i] = 0.5 + frac((double)i * 0.61);
    }
    const int exact = strcmp(ec_chin_simd_path(), "avx512-libmvec") != 0;
    const double th_shift[P] = {760.0, 6.0, 0.5, 0.5, 0.3}; /* a − α log N > 700: no level table */
    const double *thetas[] = {hoffmann, th_grid_corner, th_slow_low, th_shift};
    const size_t ns[] = {20, 64, 67, 203};
    uint16_t level[MAXN];
    double lN_level[EC_CHIN_LEVELS_MAX];
    char what[96];
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
        for (int weighted = 0; weighted < 2; weighted++) {
            ec_chin_data plain, lev;
            ec_chin_data_init(&plain, ns[k], s.lN, s.lD, s.lL, weighted ? w : NULL);
            lev = plain;
            assert_int_equal(ec_chin_data_levels(&lev, level, lN_level), 5);
            for (size_t i = 0; i < ns[k]; i++) assert_true(lN_level[level[i]] == s.lN[i]);
            for (size_t t = 0; t < sizeof thetas / sizeof thetas[0]; t++) {
                snprintf(what, sizeof what, "n=%zu weighted=%d theta %zu", ns[k], weighted, t);
                same_by_level(&plain, &lev, thetas[t], exact, what);
            }
        }
    for (size_t nsz = 12; nsz <= 20; nsz += 8) {
        for (size_t i = 0; i < s.n; i++) s.lN[i] = log(5e7 * pow(1.4, (double)((i * 7) % nsz)));
        ec_chin_data plain, lev;
        ec_chin_data_init(&plain, 203, s.lN, s.lD, s.lL, w);
        lev = plain;
        assert_int_equal(ec_chin_data_levels(&lev, level, lN_level), nsz);
        for (size_t t = 0; t < 3; t++) {
            snprintf(what, sizeof what, "%zu sizes, theta %zu", nsz, t);
            same_by_level(&plain, &lev, thetas[t], exact, what);
        }
    }
    /* Too many sizes (more than a quarter of the points, or than EC_CHIN_LEVELS_MAX): not kept. */
    make_synth(&s, 203, 0.04);
    ec_chin_data d;
    ec_chin_data_init(&d, 203, s.lN, s.lD, s.lL, NULL);
    assert_int_equal(ec_chin_data_levels(&d, level, lN_level), 0);
    assert_true(d.n_level == 0 && d.level == NULL && d.lN_level == NULL);
    for (size_t i = 0; i < 203; i++) s.lN[i] = log(sizes[i % 2]);
    ec_chin_data_init(&d, 7, s.lN, s.lD, s.lL, NULL); /* 2 sizes of 7 points: more than 7/4 */
    assert_int_equal(ec_chin_data_levels(&d, level, lN_level), 0);
    ec_chin_data_init(&d, 8, s.lN, s.lD, s.lL, NULL);
    assert_int_equal(ec_chin_data_levels(&d, level, lN_level), 2);
}

/* A NaN or infinite θ is reported as EC_ENUMERIC by the evaluator `ev`. */
static void check_non_finite(eval_fn ev)
{
    synth s;
    make_synth(&s, 37, 0.04);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    double th[P], f, g[P], H[P * P];
    memcpy(th, hoffmann, sizeof th);
    th[EC_CHIN_ALPHA] = NAN;
    assert_int_equal(ev(&d, th, 1e-3, &f, g, H), EC_ENUMERIC);
    memcpy(th, hoffmann, sizeof th);
    th[EC_CHIN_E] = INFINITY;
    assert_int_equal(ev(&d, th, 1e-3, &f, g, H), EC_ENUMERIC);
}

static void test_non_finite(void **state)
{
    (void)state;
    check_non_finite(ec_chin_eval);
}

/* ec_chin_residuals: r_i = log L̂_i − log L_i and J rows vs central
 * differences of ec_chin_logpred. */
static void test_residuals_jacobian(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 37, 0.04);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    const double *points[] = {hoffmann, th_grid_corner, th_emin, th_slow_low, th_slow_high, th_mixed};
    double r[MAXN], J[MAXN * P], r2[MAXN];
    for (size_t k = 0; k < sizeof points / sizeof points[0]; k++) {
        const double *th = points[k];
        ec_chin_residuals(&d, th, r, J);
        ec_chin_residuals(&d, th, r2, NULL); /* J may be NULL */
        assert_memory_equal(r, r2, sizeof(double) * d.n);
        for (size_t i = 0; i < d.n; i++) {
            double lp = ec_chin_logpred(th, d.lN[i], d.lD[i]);
            ASSERT_REL(r[i], lp - d.lL[i], 1e-13);
            const double *row = J + i * P;
            /* p1 + p2 + p3 = 1 and the α, β entries are −p log N, −p log D. */
            ASSERT_REL(row[0] + row[1] + row[2], 1.0, 1e-14);
            ASSERT_REL(row[EC_CHIN_ALPHA], -row[EC_CHIN_A] * d.lN[i], 1e-14);
            ASSERT_REL(row[EC_CHIN_BETA], -row[EC_CHIN_B] * d.lD[i], 1e-14);
            double jmax = 0;
            for (int j = 0; j < P; j++) jmax = fmax(jmax, fabs(row[j]));
            for (int j = 0; j < P; j++) {
                double h = fd_step(th, j), tp[P], tm[P];
                memcpy(tp, th, sizeof tp);
                memcpy(tm, th, sizeof tm);
                tp[j] += h;
                tm[j] -= h;
                double fd = (ec_chin_logpred(tp, d.lN[i], d.lD[i]) - ec_chin_logpred(tm, d.lN[i], d.lD[i])) /
                            (tp[j] - tm[j]);
                /* Rounding of log L̂ (|log L̂| up to 800 here) over 2h sets the floor. */
                double tol = 1e-5 * (fabs(fd) + 1e-2 * jmax) + 4 * DBL_EPSILON * fabs(lp) / h;
                if (!(fabs(row[j] - fd) <= tol))
                    fail_msg("point %zu, theta %zu: J[%d] = %.12g, finite difference %.12g", i, k, j,
                             row[j], fd);
            }
        }
    }
}

/* The single-precision evaluator (the approach phase of fits) on every
 * block size, with and without weights, on the fast and the shifted
 * paths; non-finite θ still reported. On machines without AVX-512 it is
 * ec_chin_eval itself, and the same checks hold. */
static void test_single_precision(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 130, 0.04);
    double w[MAXN];
    for (size_t i = 0; i < s.n; i++) w[i] = (double)(i % 4);
    const size_t sizes[] = {1, 7, 15, 16, 17, 63, 64, 65, 79, 80, 81, 130};
    const double deltas[] = {INFINITY, 0.05, 1e-3};
    const double *points[] = {hoffmann, theta_true, th_grid_corner, th_emin, th_slow_low, th_slow_high, th_mixed};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (size_t m = 0; m < sizeof deltas / sizeof deltas[0]; m++)
            for (size_t q = 0; q < sizeof points / sizeof points[0]; q++) {
                ec_chin_data d;
                ec_chin_data_init(&d, sizes[k], s.lN, s.lD, s.lL, NULL);
                CHECK_SINGLE(&d, points[q], deltas[m]);
                ec_chin_data_init(&d, sizes[k], s.lN, s.lD, s.lL, w);
                if (sizes[k] > 1) CHECK_SINGLE(&d, points[q], deltas[m]);
            }
    check_non_finite(ec_chin_eval_single);
    ec_chin_data d;
    data_of(&d, &s, NULL);
    /* On AVX-512 it really is another computation (else the above proves nothing about it). */
    double fd, fs;
    EVAL_OK(&d, hoffmann, 1e-3, &fd, NULL, NULL);
    assert_int_equal(ec_chin_eval_single(&d, hoffmann, 1e-3, &fs, NULL, NULL), EC_OK);
    if (strcmp(ec_chin_simd_path(), "avx512-libmvec") == 0) assert_true(fs != fd);
}

/* Infinite parameters: a term that vanishes (a = −∞, α = +∞, ...) is a
 * finite limit, one that swamps everything is not. Whatever the answer, the
 * single-precision evaluator must give the same status as the double one,
 * whatever the size of the last, padded group (n % 16). */
static void test_single_infinite_theta(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 130, 0.04);
    const size_t sizes[] = {16, 17, 37, 130};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        ec_chin_data d;
        ec_chin_data_init(&d, sizes[k], s.lN, s.lD, s.lL, NULL);
        for (int j = 0; j < P; j++)
            for (int sg = -1; sg <= 1; sg += 2) {
                double th[P], fd, fs, g[P], H[P * P];
                memcpy(th, hoffmann, sizeof th);
                th[j] = sg * INFINITY;
                int rd = ec_chin_eval(&d, th, 1e-3, &fd, g, H);
                int rs = ec_chin_eval_single(&d, th, 1e-3, &fs, g, H);
                if (rd != rs)
                    fail_msg("n=%zu, theta[%d] = %g: double returns %d, single %d", sizes[k], j, th[j], rd, rs);
                if (rd == EC_OK) ASSERT_REL(fs, fd, 1e-5);
            }
    }
}

/* Weights of any positive size: the single evaluator divides them by the
 * largest before rounding to float (1e39 would overflow float, 1e-40 would
 * underflow it), so its objective is the double one to 1e-5. */
static void test_single_weight_scale(void **state)
{
    (void)state;
    synth s;
    make_synth(&s, 130, 0.04);
    const double scales[] = {1e39, 1e-40, 1e300, 1e-300};
    double w[MAXN];
    for (size_t m = 0; m < sizeof scales / sizeof scales[0]; m++) {
        for (size_t i = 0; i < s.n; i++) w[i] = scales[m] * (double)(1 + i % 3);
        ec_chin_data d;
        data_of(&d, &s, w);
        assert_true(d.w_max == 3.0 * scales[m]);
        double fd, fs, gd[P], gs[P], Hd[P * P], Hs[P * P];
        EVAL_OK(&d, hoffmann, 1e-3, &fd, gd, Hd);
        assert_int_equal(ec_chin_eval_single(&d, hoffmann, 1e-3, &fs, gs, Hs), EC_OK);
        ASSERT_REL(fs, fd, 1e-5);
        for (int j = 0; j < P; j++) assert_true(fabs(gs[j] - gd[j]) <= 1e-4 * fabs(gd[j]) + 1e-6 * fabs(fd));
    }
}

/* Many points: the float sums go into double every 64 points, so the
 * single objective and gradient stay within 2e-7 of the double ones however
 * many points there are (measured 4e-8 at 2e5 and 2e6 points; summed in
 * float over the whole set they were off by 1e-6 at 2e5 points). */
static void test_single_many_points(void **state)
{
    (void)state;
    const size_t n = 200000;
    double *lN = malloc(n * sizeof *lN), *lD = malloc(n * sizeof *lD), *lL = malloc(n * sizeof *lL);
    assert_true(lN && lD && lL);
    for (size_t i = 0; i < n; i++) {
        double k = (double)i + 1.0;
        lN[i] = log(1e7) + log(1e3) * frac(k * 0.6180339887498949);
        lD[i] = log(1e8) + log(1e3) * frac(k * 0.7548776662466927);
        lL[i] = ec_chin_logpred(theta_true, lN[i], lD[i]) + 0.04 * (frac(k * 0.5698402909980532) - 0.5);
    }
    ec_chin_data d;
    ec_chin_data_init(&d, n, lN, lD, lL, NULL);
    double fd, fs, gd[P], gs[P];
    EVAL_OK(&d, hoffmann, 1e-3, &fd, gd, NULL);
    assert_int_equal(ec_chin_eval_single(&d, hoffmann, 1e-3, &fs, gs, NULL), EC_OK);
    ASSERT_REL(fs, fd, 2e-7);
    for (int j = 0; j < P; j++) ASSERT_REL(gs[j], gd[j], 2e-7);
    free(lN);
    free(lD);
    free(lL);
}

/* The checks against the scalar reference, repeated on every SIMD path this
 * machine has (AVX-512, AVX2, scalar libm), since the widest one is what
 * the other tests exercise. */
static void checks_on_this_path(void **state)
{
    test_derivatives_weighted(state);
    test_fast_path_vs_scalar(state);
    test_mixed_blocks(state);
    test_block_sizes(state);
    test_padding_lanes(state);
    test_non_finite(state);
    test_levels(state);
}

static void test_every_simd_path(void **state)
{
    ec_test_each_simd_path(checks_on_this_path, state);
    assert_int_equal(ec_chin_simd_limit("sse9"), EC_EINVAL);
}

/* ulps between a and b (finite, same sign), or 0 when both are the same infinity or both NaN, 1e9 otherwise. */
static double ulps(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b) ? 0 : 1e9;
    if (isinf(a) || isinf(b)) return a == b ? 0 : 1e9;
    if (a == b) return 0;
    return fabs(a - b) / (nextafter(fabs(b), INFINITY) - fabs(b));
}

/*
 * ec_vexp_each, ec_vlog_each and ec_vlog1p_each on this path: within 4 ulps of libm's exp, log and log1p over 61
 * values (a count that leaves a tail for every lane width), the special values (0, negatives, infinities, NaN) as
 * libm gives them, and each value's bits its own: the same computed alone, at another offset, and in place.
 */
static void vector_each_on_this_path(void **state)
{
    (void)state;
    enum { N = 61 };
    typedef void (*each_fn)(double *, const double *, size_t);
    static const struct {
        const char *name;
        each_fn f;
        double (*ref)(double);
        double lo, hi;
    } fn[] = {{"exp", ec_vexp_each, exp, -700, 700}, {"log", ec_vlog_each, log, 1e-300, 1e300},
              {"log1p", ec_vlog1p_each, log1p, -0.999, 1e10}};
    for (size_t k = 0; k < sizeof fn / sizeof fn[0]; k++) {
        double x[N + 1], y[N], y1[N + 1], yin[N], worst = 0;
        for (int i = 0; i < N; i++) {
            const double t = (double)i / (N - 1);
            x[i] = k == 1 ? exp(log(fn[k].lo) + t * (log(fn[k].hi) - log(fn[k].lo)))
                          : k == 2 && i % 2 ? 1e-12 * t : fn[k].lo + t * (fn[k].hi - fn[k].lo);
        }
        x[0] = k == 0 ? -INFINITY : k == 1 ? 0.0 : -1.0; /* 0, -inf and -inf as libm's */
        x[1] = NAN;
        x[2] = k == 0 ? INFINITY : -2.0;           /* inf; NaN */
        x[3] = k == 0 ? 1000.0 : INFINITY;         /* overflow to inf; inf */
        fn[k].f(y, x, N);
        memcpy(yin, x, sizeof yin);
        fn[k].f(yin, yin, N);
        y1[0] = 0;
        double xs[N + 1];
        xs[0] = 0.5;
        memcpy(xs + 1, x, sizeof(double) * N);
        fn[k].f(y1, xs, N + 1); /* every value one place further */
        for (int i = 0; i < N; i++) {
            double alone;
            fn[k].f(&alone, &x[i], 1);
            const double u = ulps(y[i], fn[k].ref(x[i]));
            worst = fmax(worst, u);
            if (u > 4) fail_msg("%s(%.17g) = %.17g, libm %.17g (%g ulps)", fn[k].name, x[i], y[i], fn[k].ref(x[i]), u);
            if (memcmp(&y[i], &alone, sizeof alone) || memcmp(&y[i], &y1[i + 1], sizeof alone) ||
                memcmp(&y[i], &yin[i], sizeof alone))
                fail_msg("%s(%.17g): the bits depend on the place in the array", fn[k].name, x[i]);
        }
        printf("# %s: within %.2g ulps of libm\n", fn[k].name, worst);
    }
    /* exp where it underflows or overflows (the vector routines set the lanes below -746 and above 710
     * themselves): libm's +0 and +inf there, within 4 ulps of libm just inside, at every lane of a block */
    static const double edge[] = {-1e300, -1e10, -800.0, -746.0000000001, -746.0, -745.9999999999, -745.2,
                                  -745.1332191019412, -745.13, -745.0, -740.0, -720.0, -708.5, -708.3, -1.0,
                                  0.0, 1.0, 709.0, 709.78, 709.79, 709.9, 709.9999999999, 710.0, 710.0000000001,
                                  800.0, 1e10, 1e300, -INFINITY, INFINITY, NAN, 3.0, -2.0};
    enum { NE = sizeof edge / sizeof edge[0] };
    if (strcmp(ec_chin_simd_path(), "scalar") != 0) { /* the vector routines set those lanes themselves: no lane */
        double xu[8], yu[8];                           /* goes to libm, whose underflow sets ERANGE */
        for (int i = 0; i < 8; i++) xu[i] = i % 2 ? -1e10 : 710.5 + i;
        errno = 0;
        ec_vexp_each(yu, xu, 8);
        if (errno != 0)
            fail_msg("exp of -1e10 and 711 on the %s path went to libm (errno %d)", ec_chin_simd_path(), errno);
        for (int i = 0; i < 8; i++) assert_true(i % 2 ? yu[i] == 0.0 && !signbit(yu[i]) : yu[i] == INFINITY);
    }
    for (size_t off = 0; off < 8; off++) {
        double xe[NE + 8], ye[NE + 8];
        for (size_t i = 0; i < NE + 8; i++) xe[i] = i < off ? 0.25 : edge[(i - off) % NE];
        ec_vexp_each(ye, xe, NE + 8);
        for (size_t i = 0; i < NE + 8; i++) {
            const double r = exp(xe[i]);
            const int exact = !(xe[i] >= -746.0 && xe[i] <= 710.0);
            if (exact ? (isnan(r) ? !isnan(ye[i]) : memcmp(&r, &ye[i], sizeof r)) : ulps(ye[i], r) > 4)
                fail_msg("exp(%.17g) = %.17g at %zu, libm %.17g", xe[i], ye[i], i, r);
        }
    }
}

static void test_vector_each(void **state) { ec_test_each_simd_path(vector_each_on_this_path, state); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_huber),
        cmocka_unit_test(test_logpred),
        cmocka_unit_test(test_data_init),
        cmocka_unit_test(test_derivatives_unweighted),
        cmocka_unit_test(test_derivatives_weighted),
        cmocka_unit_test(test_weights_equal_duplicates),
        cmocka_unit_test(test_fast_path_vs_scalar),
        cmocka_unit_test(test_mixed_blocks),
        cmocka_unit_test(test_block_sizes),
        cmocka_unit_test(test_padding_lanes),
        cmocka_unit_test(test_non_finite),
        cmocka_unit_test(test_residuals_jacobian),
        cmocka_unit_test(test_every_simd_path),
        cmocka_unit_test(test_vector_each),
        cmocka_unit_test(test_single_precision),
        cmocka_unit_test(test_single_infinite_theta),
        cmocka_unit_test(test_single_weight_scale),
        cmocka_unit_test(test_single_many_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

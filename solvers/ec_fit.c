/*
 * ec_fit.c — robust multi-start fitting of the Chinchilla law.
 *
 * The estimator
 * -------------
 * Besiroglu, Erdil, Barnett & You (2024, arXiv:2404.10102) refit Hoffmann
 * et al.'s "Approach 3" by minimising Σ_i Huber_δ(log L̂_i − log L_i) with
 * δ = 10⁻³ over θ = (a, b, e, α, β), L̂ = e^a/N^α + e^b/D^β + e^e, from each
 * point of a 4500-point grid of starts, keeping the best. With δ = 10⁻³ the
 * loss is nearly L1: most residuals sit on the linear arms, where the
 * objective has no curvature of its own, and only a handful lie in the
 * quadratic zone |r| ≤ δ. Quasi-Newton methods (scipy's L-BFGS-B, GSL's
 * BFGS2) build their curvature from gradient differences, which jump each
 * time a residual crosses ±δ; they crawl, and a GSL port stops in a worse
 * basin. IRLS (reweighted Gauss–Newton) reaches the optimum but converges
 * only linearly (a median of ~155 evaluations per start).
 *
 * The algorithm
 * -------------
 * We minimise F(θ) with Newton's method on the *exact* Hessian of the
 * piecewise objective, globalised with Levenberg–Marquardt damping, i.e. a
 * trust region in the metric diag(D):
 *
 *     (H + μ D) s = −g,   ρ = (F(θ) − F(θ+s)) / (−gᵀs − ½ sᵀHs),
 *
 * accepting the step when ρ > 10⁻⁴ and updating μ by Nielsen's rule
 * (μ ← μ·max(1/3, 1 − (2ρ−1)³) on success, μ ← μν, ν ← 2ν on failure;
 * H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05).
 * The exact Hessian (see ec_chinchilla.c) contains the curvature of the
 * log-sum-exp prediction weighted by ψ(r) for *every* point, not just the
 * quadratic-zone ones, so Newton's model is right on both arms of the
 * Huber function. Once the set of points inside the quadratic zone stops
 * changing, F is smooth near the iterate and convergence is quadratic; the
 * damping handles the steps where points cross ±δ. H may be indefinite far
 * from a minimum: then the LDLᵀ factorisation of H + μD fails and μ is
 * raised fourfold until it succeeds, which turns the step towards steepest
 * descent (raising it like a rejected step, ν doubling each time, sent μ
 * to 1e17 after a few failures).
 * D is the running maximum of |diag H| (Moré's scaling in MINPACK), so the
 * method is invariant to the very different scales of (a, b, e) and (α, β).
 * Since (H + μD) is positive definite, the predicted decrease
 * ½ sᵀ(H + μD)s + ½ μ sᵀDs is positive, so ρ is well defined.
 *
 * Convergence, always judged in double precision: a nearly undamped
 * (μ < 10⁻²) accepted step with relative decrease ≤ ftol and relative size
 * ≤ √xtol; a nearly undamped step of relative size ≤ xtol, or one whose
 * predicted decrease is below ftol·F/100; a step of relative size ≤ xtol
 * (or any step once μ > 1e30) that fails to lower F at a point where the
 * undamped model promises nothing either (H + 1e-10·max|diag H|·I positive definite
 * and Newton decrement ≤ 1e-12·F: F is at its rounding level); or a zero
 * gradient. Under heavy damping every step is small and gains little
 * wherever θ is, so no test trusts a damped step alone; when a tiny damped
 * step fails away from a minimum the damping restarts (μ = 1e-3, at most
 * MAX_RESTARTS times). A start that exhausts max_iter or its restarts is
 * reported as not converged.
 *
 * Approach (option "approach", default subsample; several starts only):
 * Hoffmann's grid puts most starts far from any minimum (a and b up to 25,
 * i.e. predicted losses of e^25), and half of a start's Newton steps went
 * into getting near one; on the near-L1 objective each of those steps
 * crosses kinks and costs a full pass over the data. So each start first
 * minimises log least squares (δ = ∞: smooth, no kinks) on 32 points (n/16 from n = 1024 on, at most 512)
 * spread over the compute range (one per 32nd of the points in order of
 * N·D, see ec_chin_approach_subsample; all of them below 64), to loose
 * tolerances (ftol 1e-8, xtol 1e-5), and the chosen loss on all points
 * then starts from there and runs to convergence with the same tests, for
 * at most APPROACH_AFTER_ITER iterations; a start that does not converge
 * within them is run again from its grid point without the approach. Every
 * start is still a full local minimisation of the target objective; only
 * its path differs. On the bundled data the full-data evaluations fall from
 * 106 to 15 per start (the subsample's ~75 evaluations on 32 points cost
 * about a sixth as much each), and a smooth approach lands in the best
 * basin far more often: 4473 of the 4500 starts end at the best objective
 * instead of 3382. On other data a different path can end in another
 * basin, better or worse (docs/methods.md gives a comparison on synthetic
 * data). A non-finite approach leaves the grid point as the start.
 * From n = APPROACH_LARGE_N points on, the starts also fit the chosen loss on the
 * subsample and share full-data polishes between equal rounded ends (shared_starts).
 *
 * Mixed precision (option "precision", default mixed): a step is evaluated
 * in single precision (ec_chin_eval_single, relative errors ~1e-6, about
 * 1.7x cheaper per evaluation on AVX-512) when its predicted decrease is at
 * least 1e-4·F, so that ρ, a difference of objectives over the prediction,
 * still means something at that precision; otherwise in double. The
 * iterate's F, g and H are re-evaluated in the other precision when the
 * choice changes (back to single only above 1e-3·F, so that it does not
 * flip at every step), and every convergence test is made in double: a test
 * that would end the start in single precision switches to double first.
 * A single-precision evaluation that fails (float's range is narrower) is
 * repeated in double. About three quarters of the grid's evaluations are
 * in single precision; the returned objective is always a double one.
 * Mixed precision applies only where ec_chin_single_is_native() (AVX-512);
 * elsewhere it would re-evaluate the same numbers at each "change".
 *
 * Multi-start: the starts are independent and run in parallel (OpenMP,
 * dynamic schedule); the best is the lowest objective, ties broken by the
 * lowest start index, so the answer does not depend on the thread count.
 *
 * Standard errors: for an M-estimator with Huber's ψ, Huber (1981, Robust
 * Statistics, §7.6) gives Cov(θ̂) ≈ K² [Σψ²/(n−p)] / (Σψ′/n)² (JᵀJ)⁻¹ with
 * the small-sample factor K = 1 + (p/n)·Var(ψ′)/mean(ψ′)². With δ = 10⁻³
 * only a few points have ψ′ = 1, which makes this estimate rough: the
 * bootstrap (ec_bootstrap.c) is the estimate to report, as Epoch does.
 * With loss ls-log, ψ = r and ψ′ = 1 and the formula reduces to the usual
 * s²(JᵀJ)⁻¹.
 */
#define _GNU_SOURCE /* qsort_r */
#include "ec_fit.h"
#include "ec_form.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P EC_CHIN_NPARAM

const char *const ec_chin_param_names[P] = {"A", "B", "E", "alpha", "beta"};
const double ec_chin_hoffmann_start[P] = {6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083};

static const char *const loss_choices[] = {"huber", "ls-log", "ls", "huber-mle", NULL};
static const char *const precision_choices[] = {"mixed", "double", NULL};
static const char *const approach_choices[] = {"subsample", "none", NULL};

static int check_form(const char *value, ec_error *err)
{
    if (ec_form_find(value)) return EC_OK;
    char list[400];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < ec_form_count() && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", ec_form_at(i)->name);
    return ec_error_set(err, EC_EINVAL, "unknown form '%s' (forms: %s; see --list-forms)", value, list);
}

static int check_starts(const char *value, ec_error *err)
{
    int kind;
    size_t count;
    return ec_starts_parse(value, &kind, &count, err);
}

int ec_starts_parse(const char *text, int *kind, size_t *count, ec_error *err)
{
    *count = 0;
    if (strcmp(text, "grid") == 0) {
        *kind = EC_STARTS_GRID;
        return EC_OK;
    }
    if (strcmp(text, "single") == 0) {
        *kind = EC_STARTS_SINGLE;
        return EC_OK;
    }
    if (strncmp(text, "file:", 5) == 0 && text[5]) {
        *kind = EC_STARTS_FILE;
        return EC_OK;
    }
    if (strncmp(text, "random:", 7) == 0) {
        char *end;
        long v = strtol(text + 7, &end, 10);
        if (end != text + 7 && *end == '\0' && v >= 1 && v <= 10000000) {
            *kind = EC_STARTS_RANDOM;
            *count = (size_t)v;
            return EC_OK;
        }
    }
    return ec_error_set(err, EC_EINVAL, "option 'starts': '%s' is not grid, single, random:N (N >= 1) or file:PATH", text);
}

#define OFF(field) offsetof(ec_fit_options, field)
#define SZ(field) sizeof(((ec_fit_options *)0)->field)
static const ec_option_desc fit_rows[] = {
    {"form", EC_OPT_STRING, OFF(form), SZ(form), 0, 0, NULL, "chinchilla",
     "scaling-law form to fit (see --list-forms)", check_form, 0},
    {"loss", EC_OPT_CHOICE, OFF(loss), 0, 0, 0, loss_choices, "huber",
     "huber: Huber(delta) on log residuals; ls-log: least squares on log residuals; ls: least squares; huber-mle: maximum likelihood of a Huber density with a fitted scale (started from the huber fit)", NULL, 0},
    {"delta", EC_OPT_DOUBLE, OFF(delta), 0, 1e-12, 1e3, NULL, "1e-3", "Huber threshold (log space)", NULL, 0},
    {"starts", EC_OPT_STRING, OFF(starts), SZ(starts), 0, 0, NULL, "grid",
     "grid: the form's start grid (Hoffmann's 4500 points for chinchilla); single: only 'start'; random:N: N quasi-random starts within the bounds; file:PATH: starts from a CSV with parameter-named columns", check_starts, EC_OPT_PATH_IN | EC_OPT_PATH_FILE},
    {"start", EC_OPT_STRING, OFF(start), SZ(start), 0, 0, NULL, "the form's",
     "start point 'name=value,...' for single starts and bootstrap refits (chinchilla: Hoffmann's estimate)", NULL, 0},
    {"fix", EC_OPT_LIST, OFF(fix), SZ(fix), 0, 0, NULL, "",
     "hold parameters fixed: 'name=value' (repeatable)", NULL, 0},
    {"bound", EC_OPT_LIST, OFF(bound), SZ(bound), 0, 0, NULL, "the form's",
     "bounds 'name=lo:hi' (repeatable; lo or hi may be empty for none)", NULL, 0},
    {"tie", EC_OPT_LIST, OFF(tie), SZ(tie), 0, 0, NULL, "",
     "share parameters: 'beta=alpha' fits one value for both (repeatable)", NULL, 0},
    {"max_iter", EC_OPT_INT, OFF(max_iter), 0, 1, 1e6, NULL, "500", "iterations per start", NULL, 0},
    {"xtol", EC_OPT_DOUBLE, OFF(xtol), 0, 0, 1e-2, NULL, "1e-10", "relative step tolerance", NULL, 0},
    {"ftol", EC_OPT_DOUBLE, OFF(ftol), 0, 0, 1e-2, NULL, "1e-13", "relative objective-decrease tolerance", NULL, 0},
    {"best_rtol", EC_OPT_DOUBLE, OFF(best_rtol), 0, 0, 1, NULL, "1e-6",
     "a start counts as reaching the best when within this relative objective", NULL, 0},
    {"precision", EC_OPT_CHOICE, OFF(precision), 0, 0, 0, precision_choices, "mixed",
     "chinchilla form: mixed evaluates a step in single precision when it promises to lower the objective by more than 1e-4 of it, in double otherwise, and tests convergence in double (faster on AVX-512 machines; the same optimum); double evaluates in double throughout", NULL, 0},
    {"approach", EC_OPT_CHOICE, OFF(approach), 0, 0, 0, approach_choices, "subsample",
     "chinchilla form, several starts: subsample first fits least squares in log space to 32 points spread over the compute range (all points below 64; n/16 from 1024 points, at most 512) from each start, then the chosen loss on all points from there to convergence; none fits the chosen loss on all points from the start", NULL, 0},
    {"threads", EC_OPT_INT, OFF(threads), 0, 0, 4096, NULL, "0", "threads (0 = OpenMP default)", NULL, 0},
    {"bootstrap", EC_OPT_INT, OFF(bootstrap), 0, 0, 1e7, NULL, "0", "bootstrap replicates (0 = none)", NULL, 0},
    {"boot_stall", EC_OPT_DOUBLE, OFF(boot_stall), 0, 0, 1e-2, NULL, "1e-7",
     "general engine's bootstrap refits end, converged, once the objective fell by less than this (relative) over 20 accepted steps (a refit crawling along a direction its resample leaves undetermined, as bnsl's f1 towards 0); 0 = off; not with huber-mle", NULL, 0},
    {"seed", EC_OPT_U64, OFF(seed), 0, 0, 1.8446744073709552e19, NULL, "42", "random seed", NULL, 0},
};
#undef OFF
#undef SZ

static const ec_option_table fit_table = {"fit", fit_rows, sizeof fit_rows / sizeof fit_rows[0]};

const ec_option_table *ec_fit_option_table(void) { return &fit_table; }

ec_fit_options ec_fit_default_options(void)
{
    ec_fit_options o;
    memset(&o, 0, sizeof o);
    strcpy(o.form, "chinchilla");
    o.loss = EC_LOSS_HUBER;
    o.delta = 1e-3;
    strcpy(o.starts, "grid");
    o.max_iter = 500;
    o.boot_stall = 1e-7;
    o.xtol = 1e-10;
    o.ftol = 1e-13;
    o.best_rtol = 1e-6;
    o.precision = EC_PRECISION_MIXED;
    o.approach = EC_APPROACH_SUBSAMPLE;
    o.threads = 0;
    o.bootstrap = 0;
    o.seed = 42;
    return o;
}

int ec_chin_parse_start(const char *spec, double theta[P], ec_error *err)
{
    static const char *const keys[] = {"a", "b", "e", "alpha", "beta", "A", "B", "E", NULL};
    int seen[P] = {0};
    char buf[256];
    if (!spec || !*spec) {
        memcpy(theta, ec_chin_hoffmann_start, sizeof(double) * P);
        return EC_OK;
    }
    if (strlen(spec) >= sizeof buf)
        return ec_error_set(err, EC_EINVAL, "start: specification too long");
    strcpy(buf, spec);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        char *eq = strchr(tok, '=');
        if (!eq)
            return ec_error_set(err, EC_EINVAL, "start: '%s' is not key=value (e.g. 'a=6,b=6,e=0.5,alpha=0.3,beta=0.3')", tok);
        *eq = '\0';
        char *key = tok, *end;
        for (char *t = eq - 1; t >= key && *t == ' '; t--) *t = '\0';
        int k = ec_choice_index(keys, key);
        double v = strtod(eq + 1, &end);
        while (*end == ' ') end++;
        if (k < 0)
            return ec_error_set(err, EC_EINVAL, "start: unknown parameter '%s' (use a, b, e, alpha, beta or A, B, E)", key);
        if (end == eq + 1 || *end || !isfinite(v))
            return ec_error_set(err, EC_EINVAL, "start: value of '%s' is not a number", key);
        if (k >= P) {
            if (v <= 0) return ec_error_set(err, EC_EINVAL, "start: %s must be positive", key);
            v = log(v);
            k -= P;
        }
        if (seen[k]) return ec_error_set(err, EC_EINVAL, "start: parameter '%s' given twice", key);
        seen[k] = 1;
        theta[k] = v;
    }
    for (int k = 0; k < P; k++)
        if (!seen[k])
            return ec_error_set(err, EC_EINVAL, "start: parameter '%s' missing (give all of a, b, e, alpha, beta)", keys[k]);
    return EC_OK;
}

/* ---------- the local minimiser ---------- */

/*
 * Solves (H + mu D) s = -g by an LDLᵀ (square-root-free Cholesky) factorisation; returns 0 when
 * H + mu D is positive definite, -1 otherwise.
 *
 * This 5×5 factorisation runs once per iteration, hundreds of thousands of
 * times per grid fit, from several threads. Through GSL it goes to OpenBLAS
 * (dgemv, dtrsv), whose per-call buffer lock serialises the threads:
 * measured here, 0.44 µs per solve on one thread and 0.86 µs on two, more
 * than a third of an iteration. The fixed-size loop below takes ~0.05 µs.
 * GSL (with OpenBLAS) does every other piece of linear algebra (covariance).
 */
static inline __attribute__((always_inline)) int damped_step(const double H[P * P], const double D[P], double mu,
                                                             const double g[P], double s[P])
{
    /* LDLᵀ (unit lower L): no square roots, and one division per column,
     * which keeps the dependency chain of this tiny factorisation short. */
    double L[P][P], d[P], dinv[P], y[P];
    for (int j = 0; j < P; j++) {
        double v = H[j * P + j] + mu * D[j];
        for (int k = 0; k < j; k++) v -= L[j][k] * L[j][k] * d[k];
        if (!(v > 0.0)) return -1;
        d[j] = v;
        dinv[j] = 1.0 / v;
        for (int i = j + 1; i < P; i++) {
            double w = H[i * P + j];
            for (int k = 0; k < j; k++) w -= L[i][k] * L[j][k] * d[k];
            L[i][j] = w * dinv[j];
        }
    }
    for (int i = 0; i < P; i++) { /* L y = -g */
        double v = -g[i];
        for (int k = 0; k < i; k++) v -= L[i][k] * y[k];
        y[i] = v;
    }
    for (int i = P - 1; i >= 0; i--) { /* D Lᵀ s = y */
        double v = y[i] * dinv[i];
        for (int k = i + 1; k < P; k++) v -= L[k][i] * s[k];
        s[i] = v;
    }
    for (int j = 0; j < P; j++)
        if (!isfinite(s[j])) return -1;
    return 0;
}

static double norm_inf(const double *x, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        if (fabs(x[i]) > m) m = fabs(x[i]);
    return m;
}

/* Relative predicted decrease below which a step is evaluated in double
 * (single precision's objective carries relative errors of about 1e-6, so
 * the gain ratio ρ of a step promising less would be mostly rounding), and
 * above which (with hysteresis, x SINGLE_AGAIN) it goes back to single. */
#define SINGLE_UNTIL 1e-4
#define SINGLE_AGAIN 10.0

/*
 * True when θ is a minimum to rounding: H positive definite up to 1e-10 of
 * its largest scale, and the Newton decrement ½ gᵀH⁻¹g (the decrease the
 * undamped model promises) below
 * 1e-12·F, about what F's rounding over a few hundred terms can hide.
 * A step that failed only because heavy damping made it tiny proves
 * nothing; this test does not depend on the damping.
 */
static int at_rounding_level(const double H[P * P], const double g[P], double f)
{
    double s[P], dmax = 0, Dm[P];
    /* 1e-10 of H's largest diagonal entry absorbs the negligible (−1e-20-size) curvature
     * left by a vanished term, whose parameters no longer matter, but not real negative
     * curvature. */
    for (int j = 0; j < P; j++) dmax = fmax(dmax, fabs(H[j * P + j]));
    for (int j = 0; j < P; j++) Dm[j] = dmax;
    if (damped_step(H, Dm, 1e-10, g, s) != 0) return 0;
    double dec = 0;
    for (int j = 0; j < P; j++) dec -= 0.5 * g[j] * s[j];
    return dec <= 1e-12 * fabs(f);
}

/* Damping restarts allowed per start (see the rejected-step branch below). */
#define MAX_RESTARTS 5

/*
 * The reduced gradient Pᵀg and Hessian PᵀHP of a plan's linear map θ = P u
 * (ec_fit.h), written back in θ's 5×5 layout: a tied coordinate's row and
 * column are added onto its target's and then cleared with a fixed
 * coordinate's, so the damped step is zero there (tied steps are copied
 * from their targets afterwards). Targets are never tied themselves
 * (ec_nlfit.c refuses chains), so the order of the ties does not matter.
 */
static void plan_project(const ec_chin_plan *pl, double g[P], double H[P * P])
{
    for (int j = 0; j < P; j++) {
        int t = pl->tie[j];
        if (t < 0) continue;
        g[t] += g[j];
        for (int c = 0; c < P; c++) H[t * P + c] += H[j * P + c];
    }
    for (int j = 0; j < P; j++) {
        int t = pl->tie[j];
        if (t < 0) continue;
        for (int r = 0; r < P; r++) H[r * P + t] += H[r * P + j];
    }
    for (int j = 0; j < P; j++)
        if (pl->fixed[j] || pl->tie[j] >= 0) {
            g[j] = 0.0;
            for (int c = 0; c < P; c++) H[j * P + c] = H[c * P + j] = 0.0;
        }
}

int ec_chin_minimise(const ec_chin_data *data, const ec_fit_options *opt, double th[P], double *fout,
                     size_t *nfev, const char **status)
{
    return ec_chin_minimise_plan(data, opt, NULL, th, fout, nfev, status);
}

/* The cut of a run that cannot reach a known best objective (minimise_to; shared_starts' phase 5): from
 * CUT_FROM iterations on, at every CUT_EVERY-th iteration that is in double precision, a run above the best by
 * more than CUT_RTOL of it stops when its decrease since the last such checkpoint (CUT_EVERY iterations or more
 * ago), CUT_MARGIN times over and repeated for every CUT_EVERY iterations left, would not close the gap. */
#define CUT_FROM 100
#define CUT_EVERY 50
#define CUT_MARGIN 1000.0
#define CUT_RTOL 1e-6

static const char CUT_STATUS[] = "stopped above the best objective (its decrease could not reach it within max_iter)";

static int minimise_to(const ec_chin_data *data, const ec_fit_options *opt, const ec_chin_plan *plan,
                       double f_best, double th[P], double *fout, size_t *nfev, const char **status);

int ec_chin_minimise_plan(const ec_chin_data *data, const ec_fit_options *opt, const ec_chin_plan *plan,
                          double th[P], double *fout, size_t *nfev, const char **status)
{
    return minimise_to(data, opt, plan, NAN, th, fout, nfev, status);
}

/* ec_chin_minimise_plan, with the cut above when f_best is finite (NAN: none). */
static int minimise_to(const ec_chin_data *data, const ec_fit_options *opt, const ec_chin_plan *plan,
                       double f_best, double th[P], double *fout, size_t *nfev, const char **status)
{
    const int linked = plan && (memchr(plan->fixed, 1, P) || plan->tie[0] >= 0 || plan->tie[1] >= 0 ||
                                plan->tie[2] >= 0 || plan->tie[3] >= 0 || plan->tie[4] >= 0);
#define PROJECT()                                                                         \
    do {                                                                                  \
        if (linked) plan_project(plan, g, H);                                             \
    } while (0)
    const double delta = opt->loss == EC_LOSS_LS_LOG || opt->loss == EC_LOSS_LS ? INFINITY : opt->delta;
    /* Loss ls: least squares on L̂ − L, in double (ec_chin_eval_linear); the others in log space. */
    const int lin = opt->loss == EC_LOSS_LS;
#define EVAL_D(t_, f_, g_, H_) (lin ? ec_chin_eval_linear(data, t_, f_, g_, H_) : ec_chin_eval(data, t_, delta, f_, g_, H_))
#define EVAL_AT(single_, t_, f_, g_, H_) ((single_) ? ec_chin_eval_single(data, t_, delta, f_, g_, H_) : EVAL_D(t_, f_, g_, H_))
    double f, g[P], H[P * P], D[P];
    size_t evals = 1;
    const char *why = "maximum iterations reached";
    int ok = 0, restarts = 0;
    /* Mixed precision: single-precision evaluations for steps that promise
     * more than SINGLE_UNTIL of F, double for the others; every convergence
     * decision and the returned objective are in double. Only where the
     * single evaluator really is single precision (AVX-512). */
    /* `mixed` is cleared for the rest of the start once a single-precision evaluation fails
     * (float's range is narrower): switching back would fail again. */
    int mixed = opt->precision == EC_PRECISION_MIXED && ec_chin_single_is_native() && !lin;
    int single = mixed;

    ec_gsl_quiet();

    int rc0 = EVAL_AT(single, th, &f, g, H);
    if (rc0 != EC_OK && single) { /* single precision's range is narrower: try double */
        single = mixed = 0;
        evals++;
        rc0 = EVAL_D(th, &f, g, H);
    }
    if (rc0 == EC_OK) PROJECT();
    if (rc0 != EC_OK) {
        *fout = NAN;
        if (nfev) *nfev += evals;
        if (status) *status = "objective not finite at the start";
        return 0;
    }
    double dmax = 0;
    for (int j = 0; j < P; j++) {
        D[j] = fmax(fabs(H[j * P + j]), 1e-300);
        if (D[j] > dmax) dmax = D[j];
    }
    for (int j = 0; j < P; j++) D[j] = fmax(D[j], 1e-12 * dmax);
    double mu = 1e-3, nu = 2.0;
    double f_cut = INFINITY; /* F, in double, at the last checkpoint of minimise_to's cut */
    const double gap_min = isfinite(f_best) ? f_best + CUT_RTOL * fabs(f_best) : INFINITY;

/* Changes the precision of the iterate's F, g and H: θ is evaluated again in
 * the other precision and the iteration repeated. If single precision fails
 * where double did not (its range is narrower), double stays. */
#define SET_SINGLE(to)                                                                   \
    do {                                                                                 \
        single = (to);                                                                   \
        evals++;                                                                         \
        if (single && ec_chin_eval_single(data, th, delta, &f, g, H) != EC_OK) {         \
            single = mixed = 0;                                                          \
            evals++;                                                                     \
        }                                                                                \
        if (!single && EVAL_D(th, &f, g, H) != EC_OK) {                                  \
            why = "objective not finite in double precision";                            \
            goto out;                                                                    \
        }                                                                                \
        PROJECT();                                                                       \
        for (int j_ = 0; j_ < P; j_++) D[j_] = fmax(D[j_], fabs(H[j_ * P + j_]));         \
    } while (0)
#define TO_DOUBLE() SET_SINGLE(0)

    for (int it = 0; it < opt->max_iter; it++) {
        if (it % CUT_EVERY == 0 && !single && f > gap_min) {
            if (it >= CUT_FROM && f - f_best > CUT_MARGIN * (f_cut - f) * (double)(opt->max_iter - it) / CUT_EVERY) {
                why = CUT_STATUS;
                break;
            }
            f_cut = f;
        }
        if (norm_inf(g, P) == 0.0) {
            if (single) {
                TO_DOUBLE();
                continue;
            }
            ok = 1;
            why = "gradient is zero";
            break;
        }
        double s[P];
        if (damped_step(H, D, mu, g, s) != 0) {
            /* H + μD not positive definite: raise μ fourfold. (Doubling ν here too, as after
             * a rejected step, sent μ to 1e17 after a few failures, and the tiny steps that
             * followed looked like convergence.) */
            mu *= 4.0;
            if (mu > 1e30) {
                if (single) {
                    TO_DOUBLE();
                    mu = 1e-3;
                    nu = 2.0;
                    continue;
                }
                why = "cannot make H + mu D positive definite";
                break;
            }
            continue;
        }
        if (linked)
            for (int j = 0; j < P; j++)
                if (plan->tie[j] >= 0) s[j] = s[plan->tie[j]];
        double thn[P], fn, gn[P], Hn[P * P];
        for (int j = 0; j < P; j++) thn[j] = th[j] + s[j];
        double step_rel = norm_inf(s, P) / (norm_inf(th, P) + opt->xtol);
        double Hs = 0, gs = 0;
        for (int i = 0; i < P; i++) {
            gs += g[i] * s[i];
            for (int j = 0; j < P; j++) Hs += s[i] * H[i * P + j] * s[j];
        }
        double pred = -(gs + 0.5 * Hs);
        if (single && (pred < SINGLE_UNTIL * f || step_rel <= sqrt(opt->xtol))) {
            TO_DOUBLE();
            continue;
        }
        if (mixed && !single && pred > SINGLE_AGAIN * SINGLE_UNTIL * f && step_rel > sqrt(opt->xtol)) {
            SET_SINGLE(1);
            continue;
        }
        if (step_rel <= opt->xtol && mu < 1e-2) {
            /* Only a nearly undamped step this small means convergence. */
            ok = 1;
            why = "step below xtol";
            break;
        }
        if (mu < 1e-2 && pred <= 1e-2 * opt->ftol * f) {
            /* The (nearly undamped) Newton model promises no decrease worth having. */
            ok = 1;
            why = "predicted decrease below ftol";
            break;
        }
        int rc = EVAL_AT(single, thn, &fn, gn, Hn);
        evals++;
        if (linked && rc == EC_OK) plan_project(plan, gn, Hn);
        if (rc != EC_OK && single) {
            /* Perhaps only single precision's range: go on in double, for the rest of the
             * start (whether or not double fails at that trial point too; switching back
             * would only try it again). */
            mixed = 0;
            TO_DOUBLE();
            continue;
        }
        double rho = (rc == EC_OK && pred > 0) ? (f - fn) / pred : -1.0;
        if (rho > 1e-4) {
            double df = f - fn;
            memcpy(th, thn, sizeof thn);
            memcpy(g, gn, sizeof gn);
            memcpy(H, Hn, sizeof Hn);
            f = fn;
            for (int j = 0; j < P; j++) D[j] = fmax(D[j], fabs(H[j * P + j]));
            double t = 2.0 * rho - 1.0;
            mu *= fmax(1.0 / 3.0, 1.0 - t * t * t);
            nu = 2.0;
            if (!single && mu < 1e-2 && df <= opt->ftol * f && step_rel <= sqrt(opt->xtol)) {
                /* (Under heavy damping every step is small and gains little: that proves
                 * nothing, so only a nearly undamped step counts.) */
                ok = 1;
                why = "objective decrease below ftol";
                break;
            }
        } else {
            if (step_rel <= opt->xtol || mu > 1e30) {
                if (single) { /* decide in double */
                    TO_DOUBLE();
                    mu = 1e-3;
                    nu = 2.0;
                    continue;
                }
                if (at_rounding_level(H, g, f)) {
                    /* A tiny step that does not lower F, at a point where even the undamped
                     * model promises nothing: F is at its rounding level here. */
                    ok = 1;
                    why = "no decrease possible (rounding level)";
                    break;
                }
                /* The step is tiny only because μ is huge: start the damping again. */
                if (restarts++ < MAX_RESTARTS) {
                    mu = 1e-3;
                    nu = 2.0;
                    continue;
                }
                why = "stalled: no decrease along the damped step";
                break;
            }
            mu *= nu;
            nu *= 2.0;
        }
    }
    if (single) {
        /* max_iter ran out in single precision: report a double objective. */
        evals++;
        if (EVAL_D(th, &f, NULL, NULL) != EC_OK) why = "objective not finite in double precision";
    }
#undef TO_DOUBLE
#undef SET_SINGLE
#undef PROJECT
#undef EVAL_AT
#undef EVAL_D
out:
    *fout = f;
    if (nfev) *nfev += evals;
    if (status) *status = why;
    return ok;
}

/* ---------- data preparation ---------- */

typedef struct logdata {
    double *lN, *lD, *lL;
    size_t n;
    /* The distinct model sizes of the data (level[0..n)) and of the approach subsample
     * (level[n..2n)), for ec_chin_data_levels. */
    uint16_t *level;
    double lN_level[EC_CHIN_LEVELS_MAX], sub_lN_level[EC_CHIN_LEVELS_MAX];
} logdata;

static int make_logdata(const ec_dataset *ds, logdata *ld, ec_error *err)
{
    memset(ld, 0, sizeof *ld);
    if (!ds->col[EC_ROLE_N] || !ds->col[EC_ROLE_D] || !ds->col[EC_ROLE_L])
        return ec_error_set(err, EC_EINVAL,
                            "the chinchilla form needs N (parameters), D or C (tokens or compute) and L (loss) "
                            "columns: map them with --columns 'N=...,C=...,L=...'");
    if (ds->n < P + 1)
        return ec_error_set(err, EC_EDATA,
                            "%s: only %zu usable points; the chinchilla form has %d parameters and needs at least %d",
                            ds->path ? ds->path : "data", ds->n, P, P + 1);
    static const ec_role vars[2] = {EC_ROLE_N, EC_ROLE_D};
    for (int v = 0; v < 2; v++) {
        const double *c = ds->col[vars[v]];
        size_t i = 1;
        while (i < ds->n && c[i] == c[0]) i++;
        if (i == ds->n)
            return ec_error_set(err, EC_EDATA,
                                "%s: every point has the same %s (%g), so the chinchilla form's parameters cannot be "
                                "identified; fit points that vary in %s",
                                ds->path ? ds->path : "data", vars[v] == EC_ROLE_N ? "N" : "D", c[0],
                                vars[v] == EC_ROLE_N ? "N" : "D");
    }
    ld->n = ds->n;
    ld->lN = malloc(sizeof(double) * ds->n);
    ld->lD = malloc(sizeof(double) * ds->n);
    ld->lL = malloc(sizeof(double) * ds->n);
    ld->level = malloc(sizeof *ld->level * 2 * ds->n);
    if (!ld->lN || !ld->lD || !ld->lL || !ld->level) {
        free(ld->lN);
        free(ld->lD);
        free(ld->lL);
        free(ld->level);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ds->n; i++) {
        ld->lN[i] = log(ds->col[EC_ROLE_N][i]);
        ld->lD[i] = log(ds->col[EC_ROLE_D][i]);
        ld->lL[i] = log(ds->col[EC_ROLE_L][i]);
    }
    return EC_OK;
}

static void free_logdata(logdata *ld)
{
    free(ld->lN);
    free(ld->lD);
    free(ld->lL);
    free(ld->level);
}

static int check_options(const ec_fit_options *opt, const ec_chin_plan *plan, ec_error *err)
{
    if (!(opt->delta > 0) && opt->loss == EC_LOSS_HUBER)
        return ec_error_set(err, EC_EINVAL, "delta must be positive");
    if (opt->max_iter < 1) return ec_error_set(err, EC_EINVAL, "max_iter must be at least 1");
    if (strcmp(opt->form, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL, "the fast fitter is for the chinchilla form only (got '%s')", opt->form);
    if (opt->loss != EC_LOSS_HUBER && opt->loss != EC_LOSS_LS_LOG && (opt->loss != EC_LOSS_LS || !plan))
        return ec_error_set(err, EC_EINVAL, "the fast chinchilla fitter takes loss huber or ls-log (ls with a plan)");
    if (opt->bound[0] || (!plan && (opt->fix[0] || opt->tie[0])))
        return ec_error_set(err, EC_EINVAL, "the fast chinchilla fitter takes no fixed, tied or bounded parameters");
    if (plan) {
        for (int j = 0; j < P; j++) {
            int t = plan->tie[j];
            if (t >= P || (t >= 0 && (t == j || plan->tie[t] >= 0 || plan->fixed[t] || plan->fixed[j])))
                return ec_error_set(err, EC_EINVAL, "fast chinchilla fitter: coordinate %d tied to %d, which is not free", j, t);
        }
        if (plan->starts && plan->n_starts == 0) return ec_error_set(err, EC_EINVAL, "fast chinchilla fitter: no starts");
    }
    return EC_OK;
}

/* ---------- the grid ---------- */

#define GRID_AL 5
#define GRID_BE 5
#define GRID_E 5
#define GRID_A 6
#define GRID_B 6
#define GRID_SIZE (GRID_AL * GRID_BE * GRID_E * GRID_A * GRID_B)

/* Start k of Hoffmann's grid, in the order of itertools.product(alpha, beta, e, a, b). */
void ec_chin_grid_start(size_t k, double th[P])
{
    size_t ib = k % GRID_B; k /= GRID_B;
    size_t ia = k % GRID_A; k /= GRID_A;
    size_t ie = k % GRID_E; k /= GRID_E;
    size_t ibe = k % GRID_BE; k /= GRID_BE;
    size_t ial = k;
    th[EC_CHIN_A] = 5.0 * (double)ia;
    th[EC_CHIN_B] = 5.0 * (double)ib;
    th[EC_CHIN_E] = -1.0 + 0.5 * (double)ie;
    th[EC_CHIN_ALPHA] = 0.5 * (double)ial;
    th[EC_CHIN_BETA] = 0.5 * (double)ibe;
}

/* ---------- covariance ---------- */

static void covariance(const ec_chin_data *cd, const ec_fit_options *opt, const ec_chin_plan *plan,
                       ec_fit_result *res)
{
    const size_t n = cd->n;
    const double delta = opt->loss == EC_LOSS_LS_LOG ? INFINITY : opt->delta;
    double *r = malloc(sizeof(double) * n), *J = malloc(sizeof(double) * n * P);
    res->se_available = 0;
    snprintf(res->se_method, sizeof res->se_method, "%s",
             opt->loss == EC_LOSS_LS_LOG ? "asymptotic" : "huber-asymptotic");
    if (!r || !J) goto done;
    ec_chin_residuals(cd, res->theta, r, J);
    double JtJ[P * P] = {0}, sum_psi2 = 0, sum_dpsi = 0, ss = 0;
    size_t nq = 0;
    double sw = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = cd->w ? cd->w[i] : 1.0;
        double psi = fabs(r[i]) <= delta ? r[i] : copysign(delta, r[i]);
        int q = fabs(r[i]) <= delta;
        nq += (size_t)q;
        sw += wi;
        sum_psi2 += wi * psi * psi;
        sum_dpsi += wi * q;
        ss += wi * r[i] * r[i];
        for (int a = 0; a < P; a++)
            for (int b = 0; b < P; b++) JtJ[a * P + b] += wi * J[i * P + a] * J[i * P + b];
    }
    res->n_quadratic = nq;
    res->rmse_log = sw > 0 ? sqrt(ss / sw) : NAN;
    if (nq == 0 || n <= P || !(sum_dpsi > 0)) goto done;
    if (opt->loss == EC_LOSS_LS) goto done; /* residuals in linear space: the caller's estimate */
    if (plan)
        for (int j = 0; j < P; j++)
            if (plan->fixed[j] || plan->tie[j] >= 0) goto done; /* fewer free parameters: the caller's estimate */
    double m = sum_dpsi / sw;
    double K = 1.0 + (double)P / (double)n * (m * (1.0 - m)) / (m * m);
    double scale = K * K * (sum_psi2 / (double)(n - P)) / (m * m);
    gsl_matrix_view Jv = gsl_matrix_view_array(JtJ, P, P);
    if (gsl_linalg_cholesky_decomp1(&Jv.matrix) != GSL_SUCCESS) goto done;
    if (gsl_linalg_cholesky_invert(&Jv.matrix) != GSL_SUCCESS) goto done;
    for (int k = 0; k < P * P; k++) res->cov_theta[k] = scale * JtJ[k];
    for (int j = 0; j < P; j++) {
        double sd = sqrt(res->cov_theta[j * P + j]);
        res->se[j] = j < 3 ? res->params[j] * sd : sd; /* delta method for A = e^a etc. */
    }
    res->se_available = 1;
done:
    free(r);
    free(J);
}

/* ---------- the driver ---------- */

typedef struct start_out {
    double th[P];
    double f;
    size_t nfev, nfev_approach;
    int ok, retried;
    const char *why;
} start_out;

/* Points of the approach subsample (a multiple of 16, so that no evaluator pads a ragged
 * group), spread over the compute range; and the approach's tolerances (it only has to bring
 * the start near a minimum). */
#define APPROACH_POINTS 32
#define APPROACH_FTOL 1e-8
#define APPROACH_XTOL 1e-5
/* Iterations the full fit gets after the approach before the start is run again without it
 * (after the approach it needs 15 evaluations on average on the bundled data). */
#define APPROACH_AFTER_ITER 200

/* Points of the approach subsample for n points: all below 64, 32 up to 1023, then n/16 (a
 * multiple of 16) up to APPROACH_POINTS_MAX. On 2395 synthetic points (bench/README.md) 32
 * points left most starts where the full fit did not converge within APPROACH_AFTER_ITER
 * iterations (3837 of 4500 run again without the approach, 265 full-data evaluations per
 * start, 22.5 s CPU); 144 points: 777 and 77 per start, 6.9 s, the same optimum. */
#define APPROACH_POINTS_MAX 512
static size_t approach_size(size_t n)
{
    if (n < 2 * APPROACH_POINTS) return n;
    if (n < 1024) return APPROACH_POINTS;
    size_t m = n / 16 / 16 * 16;
    return m < APPROACH_POINTS ? APPROACH_POINTS : m > APPROACH_POINTS_MAX ? APPROACH_POINTS_MAX : m;
}

/* The approach subsample (documented in ec_fit.h). */
/* Order of the points by log N + log D, ties by index (so the order is total and stable). */
static int by_compute(const void *a, const void *b, void *ctx)
{
    const ec_chin_data *cd = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double ci = cd->lN[i] + cd->lD[i], cj = cd->lN[j] + cd->lD[j];
    if (ci != cj) return ci < cj ? -1 : 1;
    return i < j ? -1 : i > j;
}

size_t ec_chin_approach_subsample(const ec_chin_data *cd, double *buf, size_t *order, ec_chin_data *sub)
{
    size_t n = cd->n;
    for (size_t i = 0; i < n; i++) order[i] = i;
    union { const ec_chin_data *c; void *v; } ctx = {cd}; /* qsort_r passes a non-const pointer */
    qsort_r(order, n, sizeof *order, by_compute, ctx.v);
    size_t m = approach_size(n);
    double *lN = buf, *lD = buf + m, *lL = buf + 2 * m, *w = buf + 3 * m;
    for (size_t j = 0; j < m; j++) {
        size_t i = m == n ? j : (2 * j + 1) * n / (2 * m); /* the middle of the j-th of m equal slices */
        lN[j] = cd->lN[order[i]];
        lD[j] = cd->lD[order[i]];
        lL[j] = cd->lL[order[i]];
        w[j] = cd->w ? cd->w[order[i]] : 1.0;
    }
    ec_chin_data_init(sub, m, lN, lD, lL, w);
    return m;
}

/* ---------- several starts on large data: the polish shared between starts ---------- */

/* From this many points on (where the approach subsample is n/16 points), each start also
 * fits the chosen loss on the subsample, and the full-data polish is shared between the
 * starts that end there alike (shared_starts). */
#define APPROACH_LARGE_N 1024
/* Iterations of the chosen loss on the subsample from the approach's end; a start that does
 * not converge within them (one heading along a flat valley, such as β → 0 where B/D^β
 * becomes a constant next to E) is run again on the subsample from its grid point, with
 * APPROACH_AFTER_ITER. */
#define APPROACH_SUB_ITER 100
/* Mantissa bits kept when the subsample's end is rounded into the key of its polish
 * (2^-21 relative: far below the distance from the subsample's minimum to the full data's). */
#define KEY_BITS 20
/* Iterations of the polish from the approach's end for a start that converged nowhere on the subsample. */
#define APPROACH_SHORT_ITER 50

static double round_bits(double x)
{
    if (x == 0.0 || !isfinite(x)) return x;
    int e;
    double m = frexp(x, &e);
    return ldexp(nearbyint(ldexp(m, KEY_BITS)), e - KEY_BITS);
}

typedef struct polish_key {
    double th[P];
} polish_key;

typedef struct polish {
    double th[P];
    double f;
    size_t nfev;
    int ok;
    const char *why;
} polish;

static int key_cmp(const void *a, const void *b)
{
    const double *x = ((const polish_key *)a)->th, *y = ((const polish_key *)b)->th;
    for (int j = 0; j < P; j++)
        if (x[j] != y[j]) return x[j] < y[j] ? -1 : 1;
    return 0;
}

/* Sorts keys[0..n) and removes repeats; returns the number left. */
static size_t keys_unique(polish_key *keys, size_t n)
{
    if (!n) return 0;
    qsort(keys, n, sizeof *keys, key_cmp);
    size_t u = 1;
    for (size_t i = 1; i < n; i++)
        if (key_cmp(&keys[i], &keys[u - 1])) keys[u++] = keys[i];
    return u;
}

/* Index of `key` among the first n sorted keys, or n. */
static size_t key_find(const polish_key *keys, size_t n, const polish_key *key)
{
    const polish_key *f = bsearch(key, keys, n, sizeof *keys, key_cmp);
    return f ? (size_t)(f - keys) : n;
}

static void start_point(size_t k, const double *rows, size_t nstarts, const double *start, double th[P])
{
    if (rows) memcpy(th, rows + k * P, sizeof(double) * P);
    else if (nstarts == 1) memcpy(th, start, sizeof(double) * P);
    else ec_chin_grid_start(k, th);
}

/*
 * Several starts on n >= APPROACH_LARGE_N points (see the essay at the top of this file).
 * Each start approaches as on smaller data (log least squares on the subsample), then fits
 * the chosen loss on the subsample to convergence (at most APPROACH_SUB_ITER iterations; if
 * that does not converge, again from its grid point, at most APPROACH_AFTER_ITER). Its end,
 * rounded to KEY_BITS, is the start of the polish on all points; the starts whose ends round
 * alike share one polish (the same point and options give the same result), so a basin that
 * most starts reach on the subsample costs one full-data fit instead of thousands. A start
 * whose polish does not converge runs the grid-point fit on the subsample (if it had not) and
 * is polished from there. A start that converges nowhere on the subsample is polished from
 * its approach's end, as on smaller data; a start still not converged is run from its grid
 * point on all points without the approach, and keeps the lower end if that fails too. Phases run one
 * after another, each in parallel; every result depends only on the start and the data.
 */
static int shared_starts(const ec_chin_data *cd, const ec_chin_data *sub, const ec_fit_options *opt,
                         const ec_fit_options *approach_opt, const ec_fit_options *after_opt,
                         const ec_chin_plan *plan, const double *rows, size_t nstarts, const double *start,
                         int threads, start_out *out, size_t *full_evals, size_t *stopped, ec_error *err)
{
    ec_fit_options sub1 = *opt, sub2 = *opt;
    if (sub1.max_iter > APPROACH_SUB_ITER) sub1.max_iter = APPROACH_SUB_ITER;
    if (sub2.max_iter > APPROACH_AFTER_ITER) sub2.max_iter = APPROACH_AFTER_ITER;
    polish_key *key1 = malloc(sizeof *key1 * nstarts), *key2 = malloc(sizeof *key2 * nstarts);
    polish_key *keys = malloc(sizeof *keys * 2 * nstarts), *more = malloc(sizeof *more * nstarts);
    polish *pol = malloc(sizeof *pol * 2 * nstarts);
    unsigned char *ok1 = calloc(nstarts, 1), *ok2 = calloc(nstarts, 1);
    if (!key1 || !key2 || !keys || !more || !pol || !ok1 || !ok2) {
        free(key1), free(key2), free(keys), free(more), free(pol), free(ok1), free(ok2);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    const unsigned char *fixed = plan ? plan->fixed : NULL;
#define ROUND_KEY(key_, th_)                                                              \
    do {                                                                                  \
        for (int j_ = 0; j_ < P; j_++)                                                    \
            (key_).th[j_] = fixed && fixed[j_] ? (th_)[j_] : round_bits((th_)[j_]);       \
    } while (0)
    size_t done = 0;
    /* Phase 1: the subsample fits of every start. */
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
    for (size_t k = 0; k < nstarts; k++) {
        start_out *o = &out[k];
        double th0[P], th[P], f;
        start_point(k, rows, nstarts, start, th0);
        memcpy(th, th0, sizeof th);
        ec_chin_minimise_plan(sub, approach_opt, plan, th, &f, &o->nfev_approach, NULL);
        int finite = isfinite(f);
        for (int j = 0; j < P; j++) finite &= isfinite(th[j]);
        if (!finite) memcpy(th, th0, sizeof th);
        memcpy(o->th, th, sizeof th); /* the approach's end, kept for a start without a polish */
        ok1[k] = (unsigned char)ec_chin_minimise_plan(sub, &sub1, plan, th, &f, &o->nfev_approach, NULL);
        ROUND_KEY(key1[k], th);
        if (!ok1[k]) {
            memcpy(th, th0, sizeof th);
            ok2[k] = (unsigned char)ec_chin_minimise_plan(sub, &sub2, plan, th, &f, &o->nfev_approach, NULL);
            ROUND_KEY(key2[k], th);
            o->retried = 1;
        }
        if (opt->progress) {
#pragma omp critical(ec_fit_progress)
            opt->progress(++done, nstarts, opt->progress_user);
        }
    }
    /* Phase 2: one polish per distinct end. */
    size_t nk = 0;
    for (size_t k = 0; k < nstarts; k++)
        if (ok1[k]) keys[nk++] = key1[k];
        else if (ok2[k]) keys[nk++] = key2[k];
    size_t n1 = keys_unique(keys, nk), n2 = 0;
    for (int again = 0; again < 2; again++) {
        size_t lo = again ? n1 : 0, hi = again ? n1 + n2 : n1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (size_t i = lo; i < hi; i++) {
            polish *p = &pol[i];
            memcpy(p->th, keys[i].th, sizeof p->th);
            p->nfev = 0;
            p->ok = ec_chin_minimise_plan(cd, after_opt, plan, p->th, &p->f, &p->nfev, &p->why);
        }
        if (again) break;
        /* Phase 3: a start whose polish failed fits the subsample from its grid point. */
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
        for (size_t k = 0; k < nstarts; k++) {
            if (!ok1[k] || pol[key_find(keys, n1, &key1[k])].ok) continue;
            double th[P], f;
            start_point(k, rows, nstarts, start, th);
            ok2[k] = (unsigned char)ec_chin_minimise_plan(sub, &sub2, plan, th, &f, &out[k].nfev_approach, NULL);
            ROUND_KEY(key2[k], th);
            out[k].retried = 1;
        }
        for (size_t k = 0; k < nstarts; k++)
            if (ok1[k] && out[k].retried && ok2[k] && key_find(keys, n1, &key2[k]) == n1) more[n2++] = key2[k];
        n2 = keys_unique(more, n2);
        memcpy(keys + n1, more, sizeof *more * n2);
    }
#undef ROUND_KEY
    size_t evals = 0;
    for (size_t i = 0; i < n1 + n2; i++) evals += pol[i].nfev;
    /* Each start's result: its converged polish, else the lowest end of its polishes. */
    for (size_t k = 0; k < nstarts; k++) {
        start_out *o = &out[k];
        const polish *cand[2] = {NULL, NULL};
        if (ok1[k]) cand[0] = &pol[key_find(keys, n1, &key1[k])];
        if (o->retried && ok2[k]) {
            size_t i = key_find(keys, n1, &key2[k]);
            cand[1] = &pol[i < n1 ? i : n1 + key_find(keys + n1, n2, &key2[k])];
        }
        const polish *use = NULL; /* the first converged candidate, else the lowest finite end */
        for (int c = 0; c < 2 && !(use && use->ok); c++)
            if (cand[c] && (cand[c]->ok || (isfinite(cand[c]->f) && (!use || cand[c]->f < use->f)))) use = cand[c];
        if (use) {
            memcpy(o->th, use->th, sizeof o->th);
            o->f = use->f;
            o->ok = use->ok;
            o->why = use->why;
        } else {
            o->f = NAN; /* polished below from its approach end */
            o->ok = -1;
        }
    }
    /* Phase 4: a start that converged nowhere on the subsample is polished from the end of its
     * approach, as on smaller data (these ends seldom coincide, so each has its own). */
    size_t extra = 0;
    ec_fit_options short_opt = *after_opt;
    if (short_opt.max_iter > APPROACH_SHORT_ITER) short_opt.max_iter = APPROACH_SHORT_ITER;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(+ : extra)
    for (size_t k = 0; k < nstarts; k++) {
        start_out *o = &out[k];
        if (o->ok != -1) continue;
        size_t ne = 0;
        o->ok = ec_chin_minimise_plan(cd, &short_opt, plan, o->th, &o->f, &ne, &o->why);
        extra += ne;
    }
    /* Phase 5: a start still not converged is run from its grid point on all points, without
     * the approach, as on smaller data; the lower of the two ends is kept if neither converges.
     * A run that stays above the best converged end so far and closes on it too slowly to reach it
     * within max_iter is stopped (minimise_to): on 2395 synthetic points (seed 11, AVX-512) 94 of the
     * 198 runs crawled along a flat valley (β -> 0) for all 500 iterations at 0.2% above the best,
     * 45,882 of the fit's 74,220 full-data evaluations (bench/README.md). */
    double f_best = INFINITY;
    for (size_t k = 0; k < nstarts; k++)
        if (out[k].ok == 1 && out[k].f < f_best) f_best = out[k].f;
    if (!isfinite(f_best)) f_best = NAN;
    size_t cut = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(+ : extra, cut)
    for (size_t k = 0; k < nstarts; k++) {
        start_out *o = &out[k];
        if (o->ok) continue;
        double th[P], f;
        const char *why;
        size_t ne = 0;
        start_point(k, rows, nstarts, start, th);
        int ok = minimise_to(cd, opt, plan, f_best, th, &f, &ne, &why);
        extra += ne;
        cut += why == CUT_STATUS;
        o->retried = 1;
        if (ok || !isfinite(o->f) || f <= o->f) {
            memcpy(o->th, th, sizeof th);
            o->f = f;
            o->ok = ok;
            o->why = why;
        }
    }
    evals += extra;
    *full_evals = evals;
    *stopped = cut;
    free(key1), free(key2), free(keys), free(more), free(pol), free(ok1), free(ok2);
    return EC_OK;
}

int ec_fit_chinchilla(const ec_dataset *ds, const ec_fit_options *opt, ec_fit_result *res,
                      ec_error *err)
{
    return ec_fit_chinchilla_plan(ds, opt, NULL, res, err);
}

int ec_fit_chinchilla_plan(const ec_dataset *ds, const ec_fit_options *opt, const ec_chin_plan *plan,
                           ec_fit_result *res, ec_error *err)
{
    ec_gsl_quiet();
    memset(res, 0, sizeof *res);
    int rc = check_options(opt, plan, err);
    if (rc) return rc;
    double start[P];
    const double *rows = plan ? plan->starts : NULL;
    if (!rows && (rc = ec_chin_parse_start(opt->start, start, err))) return rc;
    logdata ld;
    if ((rc = make_logdata(ds, &ld, err))) return rc;
    ec_chin_data cd;
    ec_chin_data_init(&cd, ld.n, ld.lN, ld.lD, ld.lL, ds->col[EC_ROLE_WEIGHT]);
    ec_chin_data_levels(&cd, ld.level, ld.lN_level); /* few model sizes: one exp per size */

    int kind = EC_STARTS_FILE;
    size_t nrandom, nstarts = rows ? plan->n_starts : 0;
    if (!rows) {
        if ((rc = ec_starts_parse(opt->starts, &kind, &nrandom, err))) {
            free_logdata(&ld);
            return rc;
        }
        if (kind == EC_STARTS_RANDOM || kind == EC_STARTS_FILE) {
            free_logdata(&ld);
            return ec_error_set(err, EC_EINVAL, "the fast chinchilla fitter takes starts grid or single");
        }
        nstarts = kind == EC_STARTS_GRID ? GRID_SIZE : 1;
    }
    start_out *out = calloc(nstarts, sizeof *out);
    if (!out) {
        free_logdata(&ld);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    /* Several starts: each first approaches on a subsample with log least squares (see the
     * essay at the top of this file). */
    const int approach = nstarts > 1 && opt->approach == EC_APPROACH_SUBSAMPLE;
    double *sub_buf = NULL;
    size_t *order = NULL;
    ec_chin_data sub;
    ec_fit_options sub_opt = *opt, after_opt = *opt;
    if (approach) {
        sub_buf = malloc(sizeof(double) * 4 * approach_size(ld.n));
        order = malloc(sizeof(size_t) * ld.n);
        if (!sub_buf || !order) {
            free(sub_buf);
            free(order);
            free(out);
            free_logdata(&ld);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        res->approach_points = ec_chin_approach_subsample(&cd, sub_buf, order, &sub);
        ec_chin_data_levels(&sub, ld.level + ld.n, ld.sub_lN_level);
        sub_opt.loss = EC_LOSS_LS_LOG;
        sub_opt.ftol = APPROACH_FTOL;
        sub_opt.xtol = APPROACH_XTOL;
        if (after_opt.max_iter > APPROACH_AFTER_ITER) after_opt.max_iter = APPROACH_AFTER_ITER;
    }
    size_t nstarts_loop = nstarts;
    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    size_t done = 0, shared_evals = 0, stopped = 0;
    if (approach && ld.n >= APPROACH_LARGE_N) {
        rc = shared_starts(&cd, &sub, opt, &sub_opt, &after_opt, plan, rows, nstarts, start, threads, out,
                           &shared_evals, &stopped, err);
        if (rc) {
            free(out);
            free(sub_buf);
            free(order);
            free_logdata(&ld);
            return rc;
        }
        nstarts_loop = 0;
    }
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
    for (size_t k = 0; k < nstarts_loop; k++) {
        start_out *o = &out[k];
        if (rows) memcpy(o->th, rows + k * P, sizeof o->th);
        else if (nstarts == 1) memcpy(o->th, start, sizeof start);
        else ec_chin_grid_start(k, o->th);
        if (approach) {
            double th[P], f;
            memcpy(th, o->th, sizeof th);
            ec_chin_minimise_plan(&sub, &sub_opt, plan, th, &f, &o->nfev_approach, NULL);
            int finite = isfinite(f);
            for (int j = 0; j < P; j++) finite &= isfinite(th[j]);
            if (finite) memcpy(o->th, th, sizeof th); /* else the full fit starts from the grid point */
        }
        o->ok = ec_chin_minimise_plan(&cd, approach ? &after_opt : opt, plan, o->th, &o->f, &o->nfev, &o->why);
        if (approach && !o->ok) {
            /* The approach led this start where the full fit does not converge (within
             * APPROACH_AFTER_ITER iterations): the start is run again from its grid point,
             * without the approach. If that does not converge either, the lower of the two
             * ends is kept. */
            double th1[P], f1 = o->f;
            const char *why1 = o->why;
            memcpy(th1, o->th, sizeof th1);
            if (rows) memcpy(o->th, rows + k * P, sizeof o->th);
            else if (nstarts > 1) ec_chin_grid_start(k, o->th);
            o->ok = ec_chin_minimise_plan(&cd, opt, plan, o->th, &o->f, &o->nfev, &o->why);
            o->retried = 1;
            if (!o->ok && isfinite(f1) && !(o->f <= f1)) {
                memcpy(o->th, th1, sizeof th1);
                o->f = f1;
                o->why = why1;
            }
        }
        if (opt->progress) {
#pragma omp critical(ec_fit_progress)
            opt->progress(++done, nstarts, opt->progress_user);
        }
    }

    /* Best: lowest finite objective among converged starts (any start if none converged). */
    size_t best = nstarts;
    for (int pass = 0; pass < 2 && best == nstarts; pass++)
        for (size_t k = 0; k < nstarts; k++)
            if ((pass == 1 || out[k].ok) && isfinite(out[k].f) && (best == nstarts || out[k].f < out[best].f))
                best = k;
    res->n_points = ld.n;
    res->starts_total = nstarts;
    res->evaluations = shared_evals;
    res->starts_stopped = stopped;
    for (size_t k = 0; k < nstarts; k++) {
        res->evaluations += out[k].nfev;
        res->approach_evaluations += out[k].nfev_approach;
        res->approach_retried += (size_t)out[k].retried;
        res->starts_converged += (size_t)out[k].ok;
    }
    if (best == nstarts) {
        res->converged = 0;
        snprintf(res->status, sizeof res->status, "failed: the objective is not finite from any start");
        res->objective = NAN;
        for (int j = 0; j < P; j++) res->theta[j] = res->params[j] = NAN;
    } else {
        for (size_t k = 0; k < nstarts; k++)
            if (out[k].ok && out[k].f <= out[best].f * (1.0 + opt->best_rtol)) res->starts_at_best++;
        res->best_start = best;
        res->converged = out[best].ok;
        snprintf(res->status, sizeof res->status, "%s (%s)", out[best].ok ? "converged" : "not converged",
                 out[best].why);
        res->objective = out[best].f;
        memcpy(res->theta, out[best].th, sizeof res->theta);
        for (int j = 0; j < P; j++) res->params[j] = j < 3 ? exp(res->theta[j]) : res->theta[j];
        covariance(&cd, opt, plan, res);
    }
    free(out);
    free(sub_buf);
    free(order);
    free_logdata(&ld);
    return EC_OK;
}
